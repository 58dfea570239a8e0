import type { MeshBackend } from '../backend.js';

/** Per-request context handed to every resolver. */
export interface GraphQLContext {
  backend: MeshBackend;
}

/** Filters shared by list queries: absent means "all". */
export interface LocationArgs {
  cluster?: string | null;
  namespace?: string | null;
}

export function matchesLocation(e: { cluster: string; namespace?: string }, args: LocationArgs): boolean {
  return (!args.cluster || e.cluster === args.cluster) && (!args.namespace || e.namespace === args.namespace);
}
