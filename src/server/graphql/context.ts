import type { RequestIdentity } from '../auth/identity.js';
import type { MeshBackend } from '../backend.js';

/** Per-request context handed to every resolver. */
export interface GraphQLContext {
  backend: MeshBackend;
  /** Who is asking (src/server/auth): Istio-resource calls act as this identity. Absent: the server's own. */
  identity?: RequestIdentity;
}

/** Filters shared by list queries: absent means "all". */
export interface LocationArgs {
  cluster?: string | null;
  namespace?: string | null;
}

export function matchesLocation(e: { cluster: string; namespace?: string }, args: LocationArgs): boolean {
  return (!args.cluster || e.cluster === args.cluster) && (!args.namespace || e.namespace === args.namespace);
}
