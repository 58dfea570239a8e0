// The cluster port over a real API server: REST paths from the resource registry, JSON over
// the transport, watches as newline-delimited JSON streams, and every failure as a KubeError.

import type { IncomingMessage } from 'node:http';
import { AsyncQueue } from '../async-queue.js';
import { KubeError } from '../errors.js';
import type { KubeObject } from '../object.js';
import type {
  AccessAttributes, AccessReviewResult, ApplyOptions, ClusterPort, DeleteOptions, ListOptions,
  ObjectList, PodLogOptions, ServerVersion, TokenReviewResult, UserInfo, WatchEvent, WatchOptions, WriteOptions,
} from '../port.js';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from '../resources.js';
import { LineSplitter } from './lines.js';
import { AbortedError, statusError, type Headers, type RequestSpec, type Transport } from './transport.js';

/** What every port of one connection shares (impersonating ports reuse it). */
export interface ConnectionContext {
  transport: Transport;
  registry: ResourceRegistry;
  /** Namespace for namespaced objects and calls that name none (the context's, or `default`). */
  defaultNamespace: string;
  /** The kubeconfig user the connection authenticates as, for `description`. */
  userName: string;
}

const DEFAULT_FIELD_MANAGER = 'smm';
const WATCH_TIMEOUT_S = 300;

export class ClientNodeClusterPort implements ClusterPort {
  private readonly impersonationHeaders: Headers;

  constructor(private readonly ctx: ConnectionContext, private readonly actingAs?: UserInfo) {
    this.impersonationHeaders = actingAs
      ? { 'Impersonate-User': actingAs.username, ...(actingAs.groups?.length ? { 'Impersonate-Group': [...actingAs.groups] } : {}) }
      : {};
  }

  get description(): string {
    return `${this.ctx.transport.clusterName}/${this.actingAs?.username ?? this.ctx.userName}`;
  }

  get defaultNamespace(): string {
    return this.ctx.defaultNamespace;
  }

  /** The API server's URL. */
  get server(): string {
    return this.ctx.transport.server;
  }

  get registry(): ResourceRegistry {
    return this.ctx.registry;
  }

  /** Close idle keep-alive connections (open watches end through their AbortSignal). */
  close(): void {
    this.ctx.transport.close();
  }

  // --- reads ----------------------------------------------------------------------------------

  async get(type: ResourceType, name: string, namespace?: string): Promise<KubeObject> {
    const o = await this.request<KubeObject>({ method: 'GET', path: this.objectPath(type, name, namespace) });
    return withTypeMeta(o, type);
  }

  async list(type: ResourceType, options: ListOptions = {}): Promise<ObjectList> {
    const query = selectorQuery(options);
    const path = this.collectionPath(type, type.namespaced ? options.namespace : undefined);
    const body = await this.request<{ items?: KubeObject[] | null; metadata?: { resourceVersion?: string } }>({ method: 'GET', path, query });
    return {
      items: (body.items ?? []).map((o) => withTypeMeta(o, type)),
      resourceVersion: body.metadata?.resourceVersion ?? '',
    };
  }

  watch(type: ResourceType, options: WatchOptions): AsyncIterable<WatchEvent> {
    const cancel = new AbortController();
    const outer = options.signal;
    const onOuterAbort = (): void => queue.end();
    // Ending the iteration (consumer's return, server end, error, abort) cancels the request
    // and forgets the caller's signal, which outlives many watches (an informer's).
    const queue: AsyncQueue<WatchEvent> = new AsyncQueue<WatchEvent>(() => {
      outer?.removeEventListener('abort', onOuterAbort);
      cancel.abort();
    });
    if (outer) {
      if (outer.aborted) {
        queue.end();
        return queue;
      }
      outer.addEventListener('abort', onOuterAbort, { once: true });
    }
    const query = selectorQuery(options);
    query.set('watch', '1');
    query.set('allowWatchBookmarks', 'true');
    if (options.resourceVersion) query.set('resourceVersion', options.resourceVersion);
    // The server ends the stream after 5-10 minutes (as client-go's reflector asks), so a
    // connection that died silently cannot hold a watch forever; the caller re-watches.
    query.set('timeoutSeconds', String(WATCH_TIMEOUT_S + Math.floor(Math.random() * WATCH_TIMEOUT_S)));
    const spec: RequestSpec = {
      method: 'GET', path: this.collectionPath(type, type.namespaced ? options.namespace : undefined), query, headers: this.impersonationHeaders,
    };
    this.ctx.transport.stream(spec, cancel.signal).then(
      ({ response }) => this.pump(type, response, queue, cancel),
      (e: unknown) => queue.end(e instanceof AbortedError ? undefined : e),
    );
    return queue;
  }

  /** Turn a watch response into events until it ends, fails or is cancelled. */
  private pump(type: ResourceType, response: IncomingMessage, queue: AsyncQueue<WatchEvent>, cancel: AbortController): void {
    const lines = new LineSplitter();
    const server = this.ctx.transport.server;
    const fail = (e: KubeError): void => {
      queue.end(e);
      cancel.abort();
    };
    const handle = (line: string): void => {
      let ev: { type?: string; object?: unknown };
      try {
        ev = JSON.parse(line) as typeof ev;
      } catch {
        fail(new KubeError('InternalError', `malformed watch event from ${server}: ${line.slice(0, 200)}`));
        return;
      }
      const object = ev.object as KubeObject | undefined;
      switch (ev.type) {
        case 'ADDED':
        case 'MODIFIED':
        case 'DELETED':
          if (object?.metadata) queue.push({ type: ev.type, object: withTypeMeta(object, type) });
          return;
        case 'BOOKMARK':
          // Progress only: the informer keeps the version so a re-watch needs no relist.
          if (object?.metadata?.resourceVersion) queue.push({ type: 'BOOKMARK', object: withTypeMeta(object, type) });
          return;
        case 'ERROR': {
          const code = (object as { code?: number } | undefined)?.code ?? 500;
          fail(statusError(object, code));
          return;
        }
        default:
          return;
      }
    };
    response.on('data', (chunk: Buffer) => {
      if (queue.isEnded) return;
      for (const line of lines.push(chunk)) {
        handle(line);
        if (queue.isEnded) return;
      }
    });
    response.on('end', () => {
      const last = lines.end();
      if (last && !queue.isEnded) handle(last);
      queue.end();
    });
    response.on('error', () => undefined); // reported through 'close' below
    response.on('close', () => {
      if (queue.isEnded) return;
      if (cancel.signal.aborted || response.complete) queue.end();
      else queue.end(new KubeError('Unavailable', `the watch connection to the API server ${server} (cluster "${this.ctx.transport.clusterName}") was lost`));
    });
  }

  podLogs(namespace: string, pod: string, options: PodLogOptions = {}): AsyncIterable<string> {
    const ns = namespace || this.ctx.defaultNamespace;
    const spec: RequestSpec = {
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}/log`,
      query: logQuery(options),
      headers: this.impersonationHeaders,
    };
    return streamedLines(this.ctx.transport, spec, options.signal);
  }

  // --- writes ---------------------------------------------------------------------------------

  async create(object: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const type = await this.resolveType(object.apiVersion, object.kind);
    const namespace = type.namespaced ? object.metadata.namespace || this.ctx.defaultNamespace : undefined;
    const o = await this.request<KubeObject>({
      method: 'POST', path: this.collectionPath(type, namespace), query: writeQuery(options), body: object, idempotent: false,
    });
    return withTypeMeta(o, type);
  }

  async update(object: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const type = await this.resolveType(object.apiVersion, object.kind);
    const o = await this.request<KubeObject>({
      method: 'PUT', path: this.objectPath(type, object.metadata.name, object.metadata.namespace), query: writeQuery(options), body: object,
    });
    return withTypeMeta(o, type);
  }

  async updateStatus(object: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const type = await this.resolveType(object.apiVersion, object.kind);
    const o = await this.request<KubeObject>({
      method: 'PUT', path: `${this.objectPath(type, object.metadata.name, object.metadata.namespace)}/status`, query: writeQuery(options), body: object,
    });
    return withTypeMeta(o, type);
  }

  async apply(object: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    const type = await this.resolveType(object.apiVersion, object.kind);
    // An apply configuration never carries managedFields (the server refuses them), and a
    // cluster-scoped kind has no namespace.
    const { managedFields: _managed, ...metadata } = object.metadata;
    if (!type.namespaced) delete metadata.namespace;
    const query = writeQuery(options);
    if (options.force) query.set('force', 'true');
    const o = await this.request<KubeObject>({
      method: 'PATCH',
      path: this.objectPath(type, object.metadata.name, object.metadata.namespace),
      query,
      // JSON is YAML: the apply-patch+yaml content type accepts it as it is.
      body: JSON.stringify({ ...object, metadata }),
      contentType: 'application/apply-patch+yaml',
    });
    return withTypeMeta(o, type);
  }

  async delete(type: ResourceType, name: string, namespace?: string, options: DeleteOptions = {}): Promise<void> {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (options.propagationPolicy) body['propagationPolicy'] = options.propagationPolicy;
    if (options.resourceVersion) body['preconditions'] = { resourceVersion: options.resourceVersion };
    if (options.dryRun) body['dryRun'] = ['All'];
    await this.request<unknown>({ method: 'DELETE', path: this.objectPath(type, name, namespace), body });
  }

  // --- identity -------------------------------------------------------------------------------

  async canI(a: AccessAttributes): Promise<AccessReviewResult> {
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          verb: a.verb, group: a.group, resource: a.resource,
          ...(a.subresource ? { subresource: a.subresource } : {}),
          ...(a.namespace ? { namespace: a.namespace } : {}),
          ...(a.name ? { name: a.name } : {}),
        },
      },
    };
    const res = await this.request<{ status?: { allowed?: boolean; reason?: string; evaluationError?: string } }>({
      method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body: review,
    });
    const reason = res.status?.reason || res.status?.evaluationError;
    return { allowed: res.status?.allowed === true, ...(reason ? { reason } : {}) };
  }

  async tokenReview(token: string): Promise<TokenReviewResult> {
    const res = await this.request<{ status?: { authenticated?: boolean; error?: string; user?: { username?: string; uid?: string; groups?: string[] } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      // A review persists nothing: safe to retry on a stale keep-alive socket.
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
    });
    const st = res.status ?? {};
    if (st.authenticated !== true || !st.user?.username) return { authenticated: false, ...(st.error ? { error: st.error } : {}) };
    return {
      authenticated: true,
      user: { username: st.user.username, groups: st.user.groups ?? [], ...(st.user.uid ? { uid: st.user.uid } : {}) },
    };
  }

  impersonate(user: UserInfo): ClusterPort {
    if (this.actingAs) {
      // The API server takes one impersonated identity per request; it cannot be nested.
      throw new KubeError('Forbidden', `cannot impersonate "${user.username}": this connection already acts as "${this.actingAs.username}", and impersonation does not chain`);
    }
    return new ClientNodeClusterPort(this.ctx, { username: user.username, ...(user.groups ? { groups: [...user.groups] } : {}) });
  }

  // --- plumbing -------------------------------------------------------------------------------

  private request<T>(spec: RequestSpec): Promise<T> {
    return this.ctx.transport.json<T>({ ...spec, headers: { ...this.impersonationHeaders, ...spec.headers } });
  }

  async serverVersion(): Promise<ServerVersion> {
    const v = await this.request<{ major?: string; minor?: string; gitVersion?: string }>({ method: 'GET', path: '/version' });
    // Some distributions report minor as "27+".
    return { major: Number.parseInt(v.major ?? '0', 10), minor: Number.parseInt(v.minor ?? '0', 10), gitVersion: v.gitVersion ?? '' };
  }

  /** Catalogue first, then discovery (`/api/v1`, `/apis/<group>/<version>`), remembered in the registry. */
  async resolveType(apiVersion: string, kind: string): Promise<ResourceType> {
    const known = this.ctx.registry.lookup(apiVersion, kind);
    if (known) return known;
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    const discovery = await this.request<{ resources?: { name: string; kind: string; namespaced: boolean }[] }>({
      method: 'GET', path: group ? `/apis/${apiVersion}` : `/api/${apiVersion}`,
    }).catch((e: unknown) => {
      if (e instanceof KubeError && e.reason === 'NotFound') return { resources: [] };
      throw e;
    });
    const resources = discovery.resources ?? [];
    const r = resources.find((x) => x.kind === kind && !x.name.includes('/'));
    if (!r) {
      throw new KubeError('NotFound', `the server could not find the requested resource: no kind "${kind}" is served for version "${apiVersion}"`);
    }
    const type: ResourceType = { group, version, kind, plural: r.name, namespaced: r.namespaced, hasStatus: resources.some((x) => x.name === `${r.name}/status`) };
    this.ctx.registry.register(type);
    return type;
  }

  private collectionPath(type: ResourceType, namespace: string | undefined): string {
    const prefix = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
    const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${prefix}${ns}/${type.plural}`;
  }

  private objectPath(type: ResourceType, name: string | undefined, namespace: string | undefined): string {
    if (!name) throw new KubeError('Invalid', `${type.kind}: metadata.name: Required value: name is required`, { causes: [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value' }] });
    const ns = type.namespaced ? namespace || this.ctx.defaultNamespace : undefined;
    return `${this.collectionPath(type, ns)}/${encodeURIComponent(name)}`;
  }
}

function selectorQuery(options: ListOptions): URLSearchParams {
  const q = new URLSearchParams();
  if (options.labelSelector) q.set('labelSelector', options.labelSelector);
  if (options.fieldSelector) q.set('fieldSelector', options.fieldSelector);
  return q;
}

function logQuery(options: PodLogOptions): URLSearchParams {
  const q = new URLSearchParams();
  if (options.container) q.set('container', options.container);
  if (options.follow) q.set('follow', 'true');
  if (options.tailLines !== undefined) q.set('tailLines', String(options.tailLines));
  if (options.sinceSeconds !== undefined) q.set('sinceSeconds', String(options.sinceSeconds));
  return q;
}

/**
 * The lines of a streamed text response. Read as the consumer pulls (the socket's backpressure
 * holds a slow reader's data in the kernel, not in memory); `signal`, or the consumer stopping,
 * destroys the request. A cut connection is `Unavailable`.
 */
async function* streamedLines(transport: Transport, spec: RequestSpec, signal: AbortSignal | undefined): AsyncGenerator<string> {
  if (signal?.aborted) return;
  const cancel = new AbortController();
  const onAbort = (): void => cancel.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let response: IncomingMessage;
    try {
      ({ response } = await transport.stream(spec, cancel.signal));
    } catch (e) {
      if (e instanceof AbortedError) return;
      throw e;
    }
    const lines = new LineSplitter({ verbatim: true });
    try {
      for await (const chunk of response) {
        for (const line of lines.push(chunk as Buffer)) yield line;
      }
    } catch (e) {
      if (cancel.signal.aborted) return;
      throw new KubeError('Unavailable', `the log stream from the API server ${transport.server} (cluster "${transport.clusterName}") was lost`, { cause: e });
    }
    // Cancelled mid-line: what is pending is a fragment, not a line.
    if (cancel.signal.aborted) return;
    const last = lines.end();
    if (last !== undefined) yield last;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    cancel.abort();
  }
}

function writeQuery(options: WriteOptions): URLSearchParams {
  const q = new URLSearchParams();
  q.set('fieldManager', options.fieldManager ?? DEFAULT_FIELD_MANAGER);
  // Unknown or duplicate fields are errors, not silently dropped.
  q.set('fieldValidation', 'Strict');
  if (options.dryRun) q.set('dryRun', 'All');
  return q;
}

/** List items of built-in kinds come without apiVersion and kind: put them back. */
function withTypeMeta(o: KubeObject, type: ResourceType): KubeObject {
  if (o.apiVersion && o.kind) return o;
  return { ...o, apiVersion: o.apiVersion || apiVersionOf(type), kind: o.kind || type.kind };
}
