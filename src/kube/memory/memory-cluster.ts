// An in-memory Kubernetes API server with the semantics smm relies on: one global
// resourceVersion, watch history with 410 Gone after compaction, label/field selectors,
// optimistic concurrency, server-side apply with field ownership, RBAC for impersonated
// users, namespace lifecycle and owner-reference cascading deletes. It serves the demo and
// fast tests; the contract suite keeps it honest against a real API server.

import { randomUUID } from 'node:crypto';
import { AsyncQueue } from '../async-queue.js';
import { KubeError } from '../errors.js';
import type { KubeObject } from '../object.js';
import type {
  AccessAttributes, AccessReviewResult, ApplyOptions, ClusterPort, DeleteOptions, ListOptions,
  ObjectList, PodLogOptions, ServerVersion, TokenReviewResult, UserInfo, WatchEvent, WatchOptions, WriteOptions,
} from '../port.js';
import { apiVersionOf, resourceName, ResourceRegistry, Resources, type ResourceType } from '../resources.js';
import { buildObjectFilter, type ObjectFilter } from '../selectors.js';
import { deepEqual } from '../../core/util/deep-equal.js';
import { deleteAt, FieldOwnership, keyPath, renderPath, setAt, trackedLeaves } from './field-ownership.js';
import { EMPTY_LOGS, logContainer, nodeNameOf, podLogLines, validateLogOptions, type PodLogSource } from './pod-logs.js';
import { authorize, forbiddenMessage, SUPERUSER_GROUP, type RbacObjects } from './rbac.js';

interface Stored {
  object: KubeObject;
  ownership: FieldOwnership;
}

interface HistoryEntry {
  rv: number;
  type: WatchEvent['type'];
  typeKey: string;
  object: KubeObject;
  /** The object before a MODIFIED: lets a filtered watch turn "stopped matching" into DELETED. */
  previous?: KubeObject;
}

interface Watcher {
  typeKey: string;
  namespace?: string;
  filter: ObjectFilter;
  queue: AsyncQueue<WatchEvent>;
}

export interface MemoryClusterOptions {
  name?: string;
  /** How many change events are kept for watches to resume from. Older versions get 410 Gone. */
  historyLimit?: number;
  /** Clock for timestamps, so tests and the demo are deterministic. */
  now?: () => Date;
  /** Deterministic uids for the demo; random otherwise. */
  uid?: () => string;
  /** What `serverVersion()` reports (default v1.36.3, the lab's). */
  version?: string;
  /** Where containers' logs come from (default: every log is empty). */
  logSource?: PodLogSource;
  /**
   * Bearer tokens the cluster's authenticator knows (as kube-apiserver's --token-auth-file):
   * token → user. TokenReview answers from these; RBAC for the users is ordinary bindings.
   */
  tokens?: Record<string, UserInfo>;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ADMIN: UserInfo = { username: 'system:admin', groups: [SUPERUSER_GROUP, 'system:authenticated'] };

const typeKeyOf = (t: ResourceType): string => `${t.group}/${t.plural}`;
/** Where namespaced calls that name no namespace act (kubectl's default). */
const DEFAULT_NAMESPACE = 'default';
const objectKey = (t: ResourceType, namespace: string | undefined, name: string): string =>
  `${typeKeyOf(t)}/${t.namespaced ? namespace || DEFAULT_NAMESPACE : ''}/${name}`;

export class MemoryCluster {
  readonly name: string;
  readonly registry = new ResourceRegistry();
  private readonly store = new Map<string, Stored>();
  private history: HistoryEntry[] = [];
  private readonly historyLimit: number;
  private readonly watchers = new Set<Watcher>();
  private rv = 1000;
  /** Versions at or below this were compacted away: watching from them is 410 Gone. */
  private compactedThrough = 1000;
  private readonly clock: () => Date;
  private readonly makeUid: () => string;
  private readonly logSource: PodLogSource;
  private readonly tokens = new Map<string, UserInfo>();
  readonly version: string;

  constructor(options: MemoryClusterOptions = {}) {
    this.name = options.name ?? 'memory';
    this.historyLimit = options.historyLimit ?? 10_000;
    this.clock = options.now ?? (() => new Date());
    this.makeUid = options.uid ?? randomUUID;
    this.version = options.version ?? 'v1.36.3';
    this.logSource = options.logSource ?? EMPTY_LOGS;
    for (const [token, user] of Object.entries(options.tokens ?? {})) this.registerToken(token, user);
    this.bootstrap();
  }

  /** A port acting as the cluster admin (`system:masters`). */
  port(user: UserInfo = ADMIN): ClusterPort {
    return new MemoryClusterPort(this, user);
  }

  /** Load objects as they are (status included), as if an admin had created or replaced them. */
  load(objects: KubeObject[]): void {
    const ordered = [...objects].sort((a, b) => loadOrder(a) - loadOrder(b));
    for (const o of ordered) {
      const t = this.typeOf(o);
      const exists = this.store.has(objectKey(t, o.metadata.namespace, o.metadata.name ?? ''));
      const input = exists ? { ...o, metadata: { ...o.metadata, resourceVersion: undefined } } : o;
      this.write(exists ? 'update' : 'create', input, ADMIN, { fieldManager: 'smm-demo' }, { keepStatus: true });
    }
  }

  /** Let `token` authenticate as `user` (a static token, as the lab's users have). */
  registerToken(token: string, user: UserInfo): void {
    if (!token) throw new Error('a token must not be empty');
    this.tokens.set(token, { username: user.username, groups: [...(user.groups ?? [])] });
  }

  /** TokenReview as `caller`: needs `create tokenreviews`; authenticated users get `system:authenticated`. */
  tokenReview(caller: UserInfo, token: string): TokenReviewResult {
    const a: AccessAttributes = { verb: 'create', group: 'authentication.k8s.io', resource: 'tokenreviews' };
    if (!this.authorize(caller, a).allowed) {
      throw new KubeError('Forbidden', forbiddenMessage(caller, a, 'tokenreviews.authentication.k8s.io'));
    }
    const user = this.tokens.get(token);
    if (!user) return { authenticated: false, error: 'invalid bearer token' };
    return { authenticated: true, user: { username: user.username, groups: [...new Set([...(user.groups ?? []), 'system:authenticated'])] } };
  }

  /** Close every open watch stream, as an API server restart or a proxy timeout does. */
  disconnectWatches(): void {
    for (const w of this.watchers) w.queue.end();
    this.watchers.clear();
  }

  /** While set, new watches fail as if the server were unreachable (reads and writes work). */
  refuseWatches = false;

  /** Forget watch history (etcd compaction): clients must relist. */
  compactHistory(): void {
    this.compactedThrough = this.rv;
    this.history = [];
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  // --- requests -------------------------------------------------------------------------

  typeOf(object: KubeObject): ResourceType {
    const t = this.registry.lookup(object.apiVersion, object.kind);
    if (!t) throw new KubeError('NotFound', `the server could not find the requested resource: no kind "${object.kind}" is registered for version "${object.apiVersion}"`);
    return t;
  }

  authorizeOrThrow(user: UserInfo, a: AccessAttributes, t: ResourceType): void {
    if (!this.authorize(user, a).allowed) throw new KubeError('Forbidden', forbiddenMessage(user, a, resourceName(t)));
  }

  authorize(user: UserInfo, a: AccessAttributes): AccessReviewResult {
    return authorize(user, a, this.rbacObjects());
  }

  private rbacObjects(): RbacObjects {
    const all = (t: ResourceType): KubeObject[] => this.listRaw(t, undefined);
    return {
      roles: all(Resources.Role), clusterRoles: all(Resources.ClusterRole),
      roleBindings: all(Resources.RoleBinding), clusterRoleBindings: all(Resources.ClusterRoleBinding),
    };
  }

  private listRaw(t: ResourceType, namespace: string | undefined): KubeObject[] {
    const prefix = `${typeKeyOf(t)}/`;
    const out: KubeObject[] = [];
    for (const [k, s] of this.store) {
      if (!k.startsWith(prefix)) continue;
      if (t.namespaced && namespace && s.object.metadata.namespace !== namespace) continue;
      out.push(s.object);
    }
    return out;
  }

  get(t: ResourceType, name: string, namespace: string | undefined): KubeObject {
    const s = this.store.get(objectKey(t, namespace, name));
    if (!s) throw notFound(t, name);
    return this.render(s, t);
  }

  list(t: ResourceType, options: ListOptions): ObjectList {
    const filter = buildObjectFilter(t.kind, options);
    const items = this.listRaw(t, options.namespace)
      .filter(filter)
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
      .map((o) => this.render(this.store.get(objectKey(t, o.metadata.namespace, o.metadata.name!))!, t));
    return { items, resourceVersion: String(this.rv) };
  }

  watch(t: ResourceType, options: WatchOptions): AsyncIterable<WatchEvent> {
    const filter = buildObjectFilter(t.kind, options);
    const watcher: Watcher = { typeKey: typeKeyOf(t), namespace: t.namespaced ? options.namespace : undefined, filter, queue: new AsyncQueue() };
    if (this.refuseWatches) {
      watcher.queue.end(new KubeError('Unavailable', 'the server is currently unable to handle the request (watch refused)'));
      return watcher.queue;
    }
    const from = options.resourceVersion === '' || options.resourceVersion === '0' ? undefined : Number(options.resourceVersion);
    if (from !== undefined && (!Number.isInteger(from) || from < 0)) {
      watcher.queue.end(new KubeError('BadRequest', `invalid resourceVersion "${options.resourceVersion}"`));
      return watcher.queue;
    }
    if (from !== undefined && from < this.compactedThrough) {
      watcher.queue.end(new KubeError('Gone', `too old resource version: ${from} (${this.compactedThrough})`));
      return watcher.queue;
    }
    if (from === undefined) {
      // "Any version": synthetic ADDED for the current state, then changes.
      for (const o of this.list(t, options).items) watcher.queue.push({ type: 'ADDED', object: o });
    } else {
      for (const h of this.history) if (h.rv > from) this.deliver(watcher, h);
    }
    this.watchers.add(watcher);
    const remove = (): void => {
      this.watchers.delete(watcher);
      watcher.queue.end();
    };
    if (options.signal) {
      if (options.signal.aborted) remove();
      else options.signal.addEventListener('abort', remove, { once: true });
    }
    return watcher.queue;
  }

  /**
   * A container's log, checked as the API server checks it: `get pods/log` for the user, the
   * options, the pod, the container. Failures surface from the first `next()`.
   */
  async *podLogs(user: UserInfo, namespace: string, name: string, options: PodLogOptions): AsyncGenerator<string> {
    // A reader gone before the first read sends no request (as the client-node adapter).
    if (options.signal?.aborted) return;
    const ns = namespace || DEFAULT_NAMESPACE;
    this.authorizeOrThrow(user, { verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: ns, name }, Resources.Pod);
    validateLogOptions(name, options);
    const pod = this.get(Resources.Pod, name, ns);
    const container = logContainer(pod, options.container);
    if (!nodeNameOf(pod)) return;
    yield* podLogLines(this.logSource, { pod, container }, options);
  }

  private deliver(w: Watcher, h: HistoryEntry): void {
    if (h.typeKey !== w.typeKey) return;
    if (w.namespace && h.object.metadata.namespace !== w.namespace) return;
    const now = w.filter(h.object);
    const before = h.previous ? w.filter(h.previous) : false;
    if (h.type === 'MODIFIED') {
      if (now && before) w.queue.push({ type: 'MODIFIED', object: structuredClone(h.object) });
      else if (now) w.queue.push({ type: 'ADDED', object: structuredClone(h.object) });
      else if (before) w.queue.push({ type: 'DELETED', object: structuredClone(h.object) });
    } else if (now) w.queue.push({ type: h.type, object: structuredClone(h.object) });
  }

  private record(type: WatchEvent['type'], t: ResourceType, stored: Stored, previous?: KubeObject): void {
    const h: HistoryEntry = { rv: this.rv, type, typeKey: typeKeyOf(t), object: this.render(stored, t), previous };
    this.history.push(h);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedThrough = dropped[dropped.length - 1]!.rv;
    }
    for (const w of this.watchers) this.deliver(w, h);
  }

  private render(s: Stored, t: ResourceType): KubeObject {
    const o = structuredClone(s.object);
    const mf = s.ownership.render(apiVersionOf(t));
    if (mf.length > 0) o.metadata.managedFields = mf;
    return o;
  }

  /** create | update | updateStatus: validation, admission, concurrency, ownership, history. */
  write(
    op: 'create' | 'update' | 'updateStatus',
    input: KubeObject,
    user: UserInfo,
    options: WriteOptions = {},
    internal: { keepStatus?: boolean; applyManager?: string } = {},
  ): KubeObject {
    const t = this.typeOf(input);
    const obj = structuredClone(input);
    delete obj.metadata.managedFields;
    if (!t.namespaced) delete obj.metadata.namespace;
    else obj.metadata.namespace ||= DEFAULT_NAMESPACE;
    if (op === 'create' && !obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${this.makeUid().replace(/-/g, '').slice(0, 5)}`;
    }
    const name = obj.metadata.name;
    const namespace = obj.metadata.namespace;
    this.validate(t, obj);
    const verb = op === 'create' ? 'create' : 'update';
    this.authorizeOrThrow(user, { verb, group: t.group, resource: t.plural, subresource: op === 'updateStatus' ? 'status' : undefined, namespace, name }, t);
    const key = objectKey(t, namespace, name!);
    const existing = this.store.get(key);
    const time = this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const manager = options.fieldManager ?? 'smm';

    if (op === 'create') {
      if (existing) throw new KubeError('AlreadyExists', `${resourceName(t)} "${name}" already exists`);
      if (t.namespaced) this.requireActiveNamespace(namespace!, t);
      const ownership = new FieldOwnership();
      if (internal.applyManager) ownership.recordApply(internal.applyManager, trackedLeaves(obj), new Map(), time);
      else ownership.recordUpdate(manager, new Map(), trackedLeaves(obj), time);
      obj.metadata.uid = this.makeUid();
      obj.metadata.creationTimestamp = obj.metadata.creationTimestamp && internal.keepStatus ? obj.metadata.creationTimestamp : time;
      delete obj.metadata.deletionTimestamp;
      if ('spec' in obj) obj.metadata.generation = 1;
      else delete obj.metadata.generation;
      // Status belongs to controllers: a create cannot set it (loading the demo can).
      if (t.hasStatus && !internal.keepStatus) delete obj.status;
      if (t.kind === 'Namespace' && t.group === '' && !obj.status) obj.status = { phase: 'Active' };
      if (options.dryRun) return this.render({ object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } }, ownership }, t);
      obj.metadata.resourceVersion = String(++this.rv);
      if (t.kind === 'CustomResourceDefinition') this.serveCrd(obj);
      const stored: Stored = { object: obj, ownership };
      this.store.set(key, stored);
      this.record('ADDED', t, stored);
      return this.render(stored, t);
    }

    if (!existing) throw notFound(t, name!);
    const current = existing.object;
    const wanted = obj.metadata.resourceVersion;
    if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(t, name!);
    let next: KubeObject;
    if (op === 'updateStatus') {
      next = structuredClone(current);
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
    } else {
      next = obj;
      // Identity and bookkeeping are the server's.
      next.metadata.uid = current.metadata.uid;
      next.metadata.creationTimestamp = current.metadata.creationTimestamp;
      if (current.metadata.deletionTimestamp) next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
      if (t.hasStatus && !internal.keepStatus) {
        if (current.status === undefined) delete next.status;
        else next.status = current.status;
      }
    }
    return this.commit(t, key, existing, next, options, (ownership) => {
      if (op === 'updateStatus') ownership.recordUpdate(manager, trackedLeaves(current, true), trackedLeaves(next, true), time, 'status');
      else ownership.recordUpdate(manager, trackedLeaves(current), trackedLeaves(next), time);
    });
  }

  /** Persist a changed object: no-op writes keep their version, spec changes bump generation. */
  private commit(t: ResourceType, key: string, existing: Stored, next: KubeObject, options: WriteOptions, own: (o: FieldOwnership) => void): KubeObject {
    const current = existing.object;
    const ownership = existing.ownership.clone();
    own(ownership);
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (current.metadata.generation === undefined) delete next.metadata.generation;
    else next.metadata.generation = current.metadata.generation;
    if (deepEqual(stripVolatile(current), stripVolatile(next))) {
      if (!options.dryRun) existing.ownership = ownership;
      return this.render(options.dryRun ? { object: next, ownership } : existing, t);
    }
    if (current.metadata.generation !== undefined && !deepEqual(specPart(current), specPart(next))) {
      next.metadata.generation = current.metadata.generation + 1;
    }
    if (options.dryRun) return this.render({ object: next, ownership }, t);
    next.metadata.resourceVersion = String(++this.rv);
    const stored: Stored = { object: next, ownership };
    this.store.set(key, stored);
    // An object whose last finalizer is gone while it is being deleted goes away now.
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      this.store.delete(key);
      this.record('DELETED', t, stored);
      return this.render(stored, t);
    }
    this.record('MODIFIED', t, stored, current);
    return this.render(stored, t);
  }

  apply(input: KubeObject, user: UserInfo, options: ApplyOptions = {}): KubeObject {
    const t = this.typeOf(input);
    const manager = options.fieldManager ?? 'smm';
    const cfg = structuredClone(input);
    delete cfg.metadata.managedFields;
    if (!t.namespaced) delete cfg.metadata.namespace;
    else cfg.metadata.namespace ||= DEFAULT_NAMESPACE;
    if (!cfg.metadata.name) throw new KubeError('Invalid', `${cfg.kind}: metadata.name: Required value: name is required`, { causes: [{ field: 'metadata.name', message: 'Required value' }] });
    this.validate(t, cfg);
    const { name, namespace } = cfg.metadata;
    this.authorizeOrThrow(user, { verb: 'patch', group: t.group, resource: t.plural, namespace, name }, t);
    const key = objectKey(t, namespace, name);
    const existing = this.store.get(key);
    // Applying an absent object creates it, which also takes the create permission.
    if (!existing) return this.write('create', cfg, user, options, { applyManager: manager });
    if (cfg.metadata.resourceVersion && cfg.metadata.resourceVersion !== existing.object.metadata.resourceVersion) throw conflict(t, name);
    const applied = trackedLeaves(cfg);
    const currentLeaves = trackedLeaves(existing.object);
    const conflicts = existing.ownership.conflicts(manager, applied, currentLeaves);
    if (conflicts.length > 0 && !options.force) {
      const list = conflicts.map((c) => `conflict with "${c.manager}": ${renderPath(c.field)}`);
      throw new KubeError('Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${list.join(', ')}`, {
        causes: conflicts.map((c) => ({ field: renderPath(c.field), reason: 'FieldManagerConflict', message: `conflict with "${c.manager}"` })),
      });
    }
    const next = structuredClone(existing.object);
    const time = this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.commit(t, key, existing, next, options, (ownership) => {
      const dropped = ownership.recordApply(manager, applied, currentLeaves, time);
      for (const k of dropped) deleteAt(next as Record<string, unknown>, keyPath(k));
      for (const [k, v] of applied) setAt(next as Record<string, unknown>, keyPath(k), v);
    });
  }

  delete(t: ResourceType, name: string, namespace: string | undefined, user: UserInfo, options: DeleteOptions = {}): void {
    this.authorizeOrThrow(user, { verb: 'delete', group: t.group, resource: t.plural, namespace: t.namespaced ? namespace || DEFAULT_NAMESPACE : undefined, name }, t);
    const key = objectKey(t, namespace, name);
    const s = this.store.get(key);
    if (!s) throw notFound(t, name);
    if (options.resourceVersion && options.resourceVersion !== s.object.metadata.resourceVersion) {
      throw new KubeError('Conflict', `Operation cannot be fulfilled on ${resourceName(t)} "${name}": the ResourceVersion in the precondition (${options.resourceVersion}) does not match the ResourceVersion in record (${s.object.metadata.resourceVersion}). The object might have been modified`);
    }
    if (options.dryRun) return;
    this.remove(t, key, s, options.propagationPolicy ?? 'Background');
  }

  private remove(t: ResourceType, key: string, s: Stored, propagation: NonNullable<DeleteOptions['propagationPolicy']>): void {
    const obj = s.object;
    if ((obj.metadata.finalizers ?? []).length > 0) {
      if (obj.metadata.deletionTimestamp) return;
      const next = structuredClone(obj);
      next.metadata.deletionTimestamp = this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
      next.metadata.resourceVersion = String(++this.rv);
      const stored: Stored = { object: next, ownership: s.ownership };
      this.store.set(key, stored);
      this.record('MODIFIED', t, stored, obj);
      return;
    }
    this.store.delete(key);
    ++this.rv;
    this.record('DELETED', t, { object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } }, ownership: s.ownership });
    // Namespace lifecycle: its contents go with it. Dependents: garbage collection.
    if (t.kind === 'Namespace' && t.group === '') {
      for (const [k, d] of [...this.store]) {
        if (d.object.metadata.namespace === obj.metadata.name) this.remove(this.typeOf(d.object), k, d, 'Background');
      }
    }
    for (const [k, d] of [...this.store]) {
      const refs = d.object.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === obj.metadata.uid)) continue;
      if (propagation === 'Orphan') {
        const next = structuredClone(d.object);
        next.metadata.ownerReferences = refs.filter((r) => r.uid !== obj.metadata.uid);
        next.metadata.resourceVersion = String(++this.rv);
        const stored: Stored = { object: next, ownership: d.ownership };
        this.store.set(k, stored);
        this.record('MODIFIED', this.typeOf(d.object), stored, d.object);
      } else if (refs.every((r) => r.uid === obj.metadata.uid || !this.hasUid(r.uid))) {
        this.remove(this.typeOf(d.object), k, d, propagation);
      }
    }
  }

  private hasUid(uid: string): boolean {
    for (const s of this.store.values()) if (s.object.metadata.uid === uid) return true;
    return false;
  }

  /**
   * What the apiextensions server does for a new CRD: serve its kind (every served version)
   * and report it Established, so custom resources can be created right after.
   */
  private serveCrd(crd: KubeObject): void {
    const spec = crd.spec as { group?: string; scope?: string; names?: { kind?: string; plural?: string }; versions?: { name: string; served?: boolean; subresources?: { status?: unknown } }[] } | undefined;
    if (!spec?.group || !spec.names?.kind || !spec.names.plural) return;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      this.registry.register({ group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural, namespaced: spec.scope !== 'Cluster', hasStatus: v.subresources?.status !== undefined });
    }
    crd.status = {
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
      ],
      acceptedNames: { kind: spec.names.kind, plural: spec.names.plural },
    };
  }

  private requireActiveNamespace(namespace: string, t: ResourceType): void {
    const ns = this.store.get(objectKey(Resources.Namespace, undefined, namespace));
    if (!ns) throw new KubeError('NotFound', `namespaces "${namespace}" not found`);
    if (ns.object.metadata.deletionTimestamp) {
      throw new KubeError('Forbidden', `${resourceName(t)} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private validate(t: ResourceType, obj: KubeObject): void {
    const name = obj.metadata.name;
    if (!name) throw new KubeError('Invalid', `${t.kind} "": metadata.name: Required value: name or generateName is required`, { causes: [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }] });
    const nameOk = t.kind === 'ClusterRole' || t.kind === 'ClusterRoleBinding' || t.kind === 'Role' || t.kind === 'RoleBinding'
      ? !/[/%]/.test(name) && name !== '.' && name !== '..'
      : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
    if (!nameOk) {
      const msg = `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
      throw new KubeError('Invalid', `${t.kind} "${name}" is invalid: ${msg}`, { causes: [{ field: 'metadata.name', reason: 'FieldValueInvalid', message: msg }] });
    }
  }

  private bootstrap(): void {
    const cr = (name: string, rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
    for (const o of [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } },
      cr('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
    ] as KubeObject[]) this.write('create', o, ADMIN, { fieldManager: 'kube-apiserver' });
  }
}

function loadOrder(o: KubeObject): number {
  if (o.kind === 'Namespace') return 0;
  if (o.kind === 'CustomResourceDefinition') return 1;
  return 2;
}

function stripVolatile(o: KubeObject): unknown {
  const { resourceVersion: _rv, generation: _g, managedFields: _mf, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

function specPart(o: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

function notFound(t: ResourceType, name: string): KubeError {
  return new KubeError('NotFound', `${resourceName(t)} "${name}" not found`);
}

function conflict(t: ResourceType, name: string): KubeError {
  return new KubeError('Conflict', `Operation cannot be fulfilled on ${resourceName(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
}

/** The port over a MemoryCluster, acting as one user. */
export class MemoryClusterPort implements ClusterPort {
  constructor(private readonly cluster: MemoryCluster, private readonly user: UserInfo) {}

  get description(): string {
    return `${this.cluster.name}/${this.user.username}`;
  }

  readonly defaultNamespace = DEFAULT_NAMESPACE;

  private check(verb: string, t: ResourceType, namespace?: string, name?: string): void {
    // A named object without namespace lives in the default one; a list without one spans all.
    const ns = t.namespaced ? (name ? namespace || DEFAULT_NAMESPACE : namespace) : undefined;
    this.cluster.authorizeOrThrow(this.user, { verb, group: t.group, resource: t.plural, namespace: ns, name }, t);
  }

  async serverVersion(): Promise<ServerVersion> {
    const [major, minor] = this.cluster.version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10));
    return { major: major ?? 0, minor: minor ?? 0, gitVersion: this.cluster.version };
  }

  async resolveType(apiVersion: string, kind: string): Promise<ResourceType> {
    return this.cluster.typeOf({ apiVersion, kind, metadata: {} });
  }

  async get(t: ResourceType, name: string, namespace?: string): Promise<KubeObject> {
    this.check('get', t, namespace, name);
    return this.cluster.get(t, name, namespace);
  }

  async list(t: ResourceType, options: ListOptions = {}): Promise<ObjectList> {
    this.check('list', t, options.namespace);
    return this.cluster.list(t, options);
  }

  watch(t: ResourceType, options: WatchOptions): AsyncIterable<WatchEvent> {
    this.check('watch', t, options.namespace);
    return this.cluster.watch(t, options);
  }

  podLogs(namespace: string, pod: string, options: PodLogOptions = {}): AsyncIterable<string> {
    return this.cluster.podLogs(this.user, namespace, pod, options);
  }

  async create(o: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    return this.cluster.write('create', o, this.user, options);
  }

  async update(o: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    return this.cluster.write('update', o, this.user, options);
  }

  async updateStatus(o: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    return this.cluster.write('updateStatus', o, this.user, options);
  }

  async apply(o: KubeObject, options?: ApplyOptions): Promise<KubeObject> {
    return this.cluster.apply(o, this.user, options);
  }

  async delete(t: ResourceType, name: string, namespace?: string, options?: DeleteOptions): Promise<void> {
    this.cluster.delete(t, name, namespace, this.user, options);
  }

  async canI(a: AccessAttributes): Promise<AccessReviewResult> {
    return this.cluster.authorize(this.user, a);
  }

  async tokenReview(token: string): Promise<TokenReviewResult> {
    return this.cluster.tokenReview(this.user, token);
  }

  impersonate(user: UserInfo): ClusterPort {
    if (!this.cluster.authorize(this.user, { verb: 'impersonate', group: '', resource: 'users', name: user.username }).allowed) {
      throw new KubeError('Forbidden', `users "${user.username}" is forbidden: User "${this.user.username}" cannot impersonate resource "users" in API group "" at the cluster scope`);
    }
    const groups = [...new Set([...(user.groups ?? []), 'system:authenticated'])];
    return new MemoryClusterPort(this.cluster, { username: user.username, groups });
  }
}

