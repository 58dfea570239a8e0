// The cluster port: everything smm does with a Kubernetes API server goes through this
// interface. Two adapters implement it (in-memory, and @kubernetes/client-node); one
// contract suite (`src/kube/contract.ts`) holds both to the same behaviour.

import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';

export interface ListOptions {
  /** Namespace to list in; omit for all namespaces (or for cluster-scoped kinds). */
  namespace?: string;
  /** Kubernetes label selector syntax: `app=x,tier!=db,env in (a,b),!legacy`. */
  labelSelector?: string;
  /** Kubernetes field selector syntax: `metadata.name=x,status.phase!=Running`. */
  fieldSelector?: string;
}

export interface ObjectList {
  items: KubeObject[];
  /** The collection's resourceVersion: start a watch from here to miss nothing. */
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/**
 * A change, or a BOOKMARK: progress only, whose object carries just the collection's
 * `metadata.resourceVersion`, so a re-watch after a quiet period needs no relist.
 */
export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchOptions extends ListOptions {
  /** Deliver changes after this version. A version the server no longer has fails with `Gone`. */
  resourceVersion: string;
  signal?: AbortSignal;
}

export interface WriteOptions {
  /** Server-side dry run: validate and admit, persist nothing. */
  dryRun?: boolean;
  /** Field manager recorded in managedFields. Defaults to `smm`. */
  fieldManager?: string;
}

export interface ApplyOptions extends WriteOptions {
  /** Take ownership of fields other managers own instead of failing with `Conflict`. */
  force?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** Precondition: delete only if the object still has this resourceVersion. */
  resourceVersion?: string;
}

/** Who a request acts as. The server never acts with more rights than its user. */
export interface UserInfo {
  username: string;
  groups?: string[];
}

/** What the API server's TokenReview says about a bearer token. */
export interface TokenReviewResult {
  authenticated: boolean;
  /** The token's identity, when authenticated. */
  user?: UserInfo & { uid?: string };
  /** Why the token was refused, when the server says. */
  error?: string;
}

export interface AccessAttributes {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'impersonate' | string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface AccessReviewResult {
  allowed: boolean;
  reason?: string;
}

/**
 * A namespaced call (get, write, delete) that names no namespace acts in the adapter's
 * default namespace, as kubectl does: the kubeconfig context's, `default` in memory. A list
 * or watch without a namespace covers all namespaces.
 */
export interface ServerVersion {
  major: number;
  minor: number;
  /** e.g. `v1.36.3` */
  gitVersion: string;
}

export interface PodLogOptions {
  /** Which container; may be omitted only for a pod with one container (the API server's rule). */
  container?: string;
  /** Keep the stream open and deliver new lines as the container writes them. */
  follow?: boolean;
  /** Only the last this many lines of what was written so far. */
  tailLines?: number;
  /** Only lines written in the last this many seconds. */
  sinceSeconds?: number;
  /** Aborting ends the iteration normally and closes the request. */
  signal?: AbortSignal;
}

export interface ClusterPort {
  /** The API server's version (`GET /version`). */
  serverVersion(): Promise<ServerVersion>;
  get(type: ResourceType, name: string, namespace?: string): Promise<KubeObject>;
  list(type: ResourceType, options?: ListOptions): Promise<ObjectList>;
  /**
   * Stream changes after `options.resourceVersion`. The iterator ends when the server closes
   * the stream (the caller re-watches from the last version it saw) and throws a `KubeError`
   * with reason `Gone` when that version is too old (the caller relists).
   */
  watch(type: ResourceType, options: WatchOptions): AsyncIterable<WatchEvent>;
  /**
   * A container's log, one line per item (without the newline), from
   * `GET /api/v1/namespaces/NS/pods/NAME/log`. Failures (`NotFound` for a missing pod,
   * `BadRequest` for an unknown or unnamed container, `Forbidden` without `get pods/log`)
   * surface from the first `next()`. A pod without a node yet has an empty log.
   */
  podLogs(namespace: string, pod: string, options?: PodLogOptions): AsyncIterable<string>;
  create(object: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /** Replace; `metadata.resourceVersion`, when set, must be current or the write is a `Conflict`. */
  update(object: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  updateStatus(object: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /** Server-side apply of a (partial) desired state, owned by `fieldManager` (default `smm`). */
  apply(object: KubeObject, options?: ApplyOptions): Promise<KubeObject>;
  delete(type: ResourceType, name: string, namespace?: string, options?: DeleteOptions): Promise<void>;
  /** SelfSubjectAccessReview for the identity this port acts as. */
  canI(attributes: AccessAttributes): Promise<AccessReviewResult>;
  /**
   * TokenReview (`authentication.k8s.io/v1`): who a bearer token belongs to, as the API server's
   * authenticators see it. The identity this port acts as needs `create tokenreviews`.
   */
  tokenReview(token: string): Promise<TokenReviewResult>;
  /** The same cluster, acting as `user` (impersonation): the API server's RBAC decides. */
  impersonate(user: UserInfo): ClusterPort;
  /**
   * The REST resource of a kind: the built-in catalogue first, then the server's discovery
   * (cached), so kinds from CRDs applied at run time work like built-in ones.
   */
  resolveType(apiVersion: string, kind: string): Promise<ResourceType>;
  /** Human-readable identity of the connection, for messages: `cluster/user`. */
  readonly description: string;
  /** Where namespaced calls that name no namespace act (see above). */
  readonly defaultNamespace: string;
}
