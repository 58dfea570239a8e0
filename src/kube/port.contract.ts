// The cluster-port contract: behaviour every adapter must show, run unchanged against the
// in-memory adapter (unit stage) and a real API server (integration stage, the lab).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeError} from './errors.js';
import { isKubeError, type KubeErrorReason } from './errors.js';
import { Informer, type InformerEvent } from './informer.js';
import type { KubeObject } from './object.js';
import type { ClusterPort, WatchEvent } from './port.js';
import { Resources } from './resources.js';

export interface ContractTarget {
  /** A port with full rights (cluster-admin). */
  admin: ClusterPort;
  /** End every open watch stream on the server side (a restart, a proxy timeout). */
  disconnectWatches?: () => Promise<void>;
  /** Make the versions seen so far too old to watch from (etcd compaction). */
  compactHistory?: () => Promise<void>;
  /**
   * A watch outage long enough for history to be compacted: close watches, refuse new ones
   * while `whileDown` runs (reads and writes still work), compact, then serve watches again.
   */
  watchOutage?: (whileDown: () => Promise<void>) => Promise<void>;
  teardown?: () => Promise<void>;
  /** A bearer token the server's authenticator accepts, and whose it is (TokenReview cases). */
  knownToken?: { token: string; username: string };
}

const { ConfigMap, Namespace, Role, RoleBinding, VirtualService, ClusterRole } = Resources;

async function expectKubeError(p: Promise<unknown>, reason: KubeErrorReason): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    if (!isKubeError(e)) throw e;
    expect(e.reason, e.message).toBe(reason);
    return e;
  }
  throw new Error(`expected a ${reason} error, but the call succeeded`);
}

/** Read `n` events from a watch, or fail after `ms`. */
async function take(stream: AsyncIterable<WatchEvent>, n: number, ms = 10_000): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const it = stream[Symbol.asyncIterator]();
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const left = deadline - Date.now();
    const r = await Promise.race([it.next(), new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), Math.max(left, 0)))]);
    if (r === 'timeout') throw new Error(`watch delivered ${out.length} of ${n} events in ${ms} ms: ${JSON.stringify(out.map((e) => [e.type, e.object.metadata.name]))}`);
    if (r.done) break;
    if (r.value.type !== 'BOOKMARK') out.push(r.value);
  }
  await it.return?.();
  return out;
}

async function until(cond: () => boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every line of a log stream (rejects with the stream's failure). */
async function readLines(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of stream) out.push(line);
  return out;
}

/** Create, retrying while a new namespace's default ServiceAccount does not exist yet (real servers). */
async function createSoon(k: ClusterPort, o: KubeObject, ms = 15_000): Promise<KubeObject> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await k.create(o);
    } catch (e) {
      if (!/serviceaccount/i.test(e instanceof Error ? e.message : '') || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const cm = (ns: string, name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, data,
});

const vs = (ns: string, name: string, host: string): KubeObject => ({
  apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name, namespace: ns },
  spec: { hosts: [host], http: [{ route: [{ destination: { host } }] }] },
});

export function describeClusterPortContract(name: string, setup: () => Promise<ContractTarget>): void {
  describe(`cluster port contract: ${name}`, () => {
    let target: ContractTarget;
    let k: ClusterPort;
    const ns = `contract-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      target = await setup();
      k = target.admin;
      await k.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    });

    afterAll(async () => {
      await k?.delete(Namespace, ns).catch(() => undefined);
      await target?.teardown?.();
    });

    it('reports the server version', async () => {
      const v = await k.serverVersion();
      expect(v.major).toBe(1);
      expect(v.minor).toBeGreaterThanOrEqual(20);
      expect(v.gitVersion).toMatch(new RegExp(`^v1\\.${v.minor}\\.`));
    });

    it('creates and gets an object with server-set identity', async () => {
      const created = await k.create(cm(ns, 'one', { a: '1' }));
      expect(created.metadata.uid).toBeTruthy();
      expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(created.metadata.creationTimestamp).toBeTruthy();
      const got = await k.get(ConfigMap, 'one', ns);
      expect(got.data).toEqual({ a: '1' });
      expect(got.metadata.uid).toBe(created.metadata.uid);
    });

    it('refuses a duplicate create, a missing get and a bad name', async () => {
      await k.create(cm(ns, 'dup'));
      await expectKubeError(k.create(cm(ns, 'dup')), 'AlreadyExists');
      const nf = await expectKubeError(k.get(ConfigMap, 'nope', ns), 'NotFound');
      expect(nf.code).toBe(404);
      const bad = await expectKubeError(k.create(cm(ns, 'Bad_Name')), 'Invalid');
      expect(bad.causes.map((c) => c.field)).toContain('metadata.name');
    });

    it('acts in the default namespace when a namespaced call names none', async () => {
      const name = `${ns}-defaulted`;
      const created = await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} });
      expect(created.metadata.namespace).toBe(k.defaultNamespace);
      expect((await k.get(ConfigMap, name)).metadata.uid).toBe(created.metadata.uid);
      await k.delete(ConfigMap, name);
      await expectKubeError(k.get(ConfigMap, name, k.defaultNamespace), 'NotFound');
    });

    it('refuses objects in a namespace that does not exist', async () => {
      await expectKubeError(k.create(cm(`${ns}-missing`, 'x')), 'NotFound');
    });

    it('keeps cluster-scoped kinds out of namespaces', async () => {
      const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `${ns}-cr` }, rules: [] };
      const created = await k.create(role);
      expect(created.metadata.namespace ?? '').toBe('');
      const all = await k.list(ClusterRole);
      expect(all.items.some((r) => r.metadata.name === `${ns}-cr`)).toBe(true);
      await k.delete(ClusterRole, `${ns}-cr`);
    });

    it('updates with optimistic concurrency: a stale resourceVersion is a conflict', async () => {
      const v1 = await k.create(cm(ns, 'occ', { n: '1' }));
      const v2 = await k.update({ ...v1, data: { n: '2' } });
      expect(Number(v2.metadata.resourceVersion)).toBeGreaterThan(Number(v1.metadata.resourceVersion));
      const err = await expectKubeError(k.update({ ...v1, data: { n: 'stale' } }), 'Conflict');
      expect(err.code).toBe(409);
      expect((await k.get(ConfigMap, 'occ', ns)).data).toEqual({ n: '2' });
      await expectKubeError(k.update(cm(ns, 'never-created')), 'NotFound');
    });

    it('lists with label and field selectors, per namespace or across namespaces', async () => {
      await k.create(cm(ns, 'sel-a', {}, { app: 'movies', version: 'v1' }));
      await k.create(cm(ns, 'sel-b', {}, { app: 'movies', version: 'v2' }));
      await k.create(cm(ns, 'sel-c', {}, { app: 'catalog' }));
      const names = async (labelSelector?: string, fieldSelector?: string, namespace: string | undefined = ns): Promise<string[]> =>
        (await k.list(ConfigMap, { namespace, labelSelector, fieldSelector })).items.map((o) => o.metadata.name!).filter((n) => n.startsWith('sel-')).sort();
      expect(await names('app=movies')).toEqual(['sel-a', 'sel-b']);
      expect(await names('app=movies,version!=v1')).toEqual(['sel-b']);
      expect(await names('version in (v1,v3)')).toEqual(['sel-a']);
      expect(await names('app,!version')).toEqual(['sel-c']);
      expect(await names('app notin (movies)')).toEqual(['sel-c']);
      expect(await names(undefined, 'metadata.name=sel-b')).toEqual(['sel-b']);
      expect(await names('app=movies', undefined, undefined)).toEqual(['sel-a', 'sel-b']);
      await expectKubeError(k.list(ConfigMap, { namespace: ns, labelSelector: 'app in (' }), 'BadRequest');
      await expectKubeError(k.list(ConfigMap, { namespace: ns, fieldSelector: 'data.x=1' }), 'BadRequest');
    });

    it('watches from a version: ADDED, MODIFIED, DELETED in order, filtered by label', async () => {
      // Start exactly at a matching object's version: that change is not delivered again.
      const w0 = await k.create(cm(ns, 'w0', {}, { watched: 'yes' }));
      const stream = k.watch(ConfigMap, { namespace: ns, resourceVersion: w0.metadata.resourceVersion!, labelSelector: 'watched=yes' });
      const events = take(stream, 4);
      const a = await k.create(cm(ns, 'w1', {}, { watched: 'yes' }));
      await k.create(cm(ns, 'w-other', {}, { watched: 'no' }));
      await k.update({ ...a, data: { x: '1' } });
      const latest = await k.get(ConfigMap, 'w1', ns);
      // Dropping the label takes it out of the watch's view: the server says DELETED.
      await k.update({ ...latest, metadata: { ...latest.metadata, labels: { watched: 'no' } } });
      await k.create(cm(ns, 'w2', {}, { watched: 'yes' }));
      const got = await events;
      expect(got.map((e) => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'w1'], ['MODIFIED', 'w1'], ['DELETED', 'w1'], ['ADDED', 'w2'],
      ]);
      const versions = got.map((e) => Number(e.object.metadata.resourceVersion));
      expect([...versions].sort((x, y) => x - y)).toEqual(versions);
    });

    it('deletes, with a resourceVersion precondition', async () => {
      const o = await k.create(cm(ns, 'del'));
      await k.update({ ...o, data: { changed: 'yes' } });
      await expectKubeError(k.delete(ConfigMap, 'del', ns, { resourceVersion: o.metadata.resourceVersion }), 'Conflict');
      await k.delete(ConfigMap, 'del', ns);
      await expectKubeError(k.get(ConfigMap, 'del', ns), 'NotFound');
      await expectKubeError(k.delete(ConfigMap, 'del', ns), 'NotFound');
    });

    it('dry-run writes are validated but not persisted', async () => {
      const o = await k.create(cm(ns, 'dry'), { dryRun: true });
      expect(o.metadata.name).toBe('dry');
      await expectKubeError(k.get(ConfigMap, 'dry', ns), 'NotFound');
      await expectKubeError(k.create(cm(ns, 'Dry_Bad'), { dryRun: true }), 'Invalid');
    });

    it('server-side apply: creates, is idempotent, reports conflicts by field, force takes over', async () => {
      const first = await k.apply(cm(ns, 'ssa', { owner: 'a', shared: 'x' }), { fieldManager: 'alpha' });
      expect(first.data).toEqual({ owner: 'a', shared: 'x' });
      const again = await k.apply(cm(ns, 'ssa', { owner: 'a', shared: 'x' }), { fieldManager: 'alpha' });
      expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      // Same value: co-ownership, no conflict.
      await k.apply(cm(ns, 'ssa', { shared: 'x' }), { fieldManager: 'beta' });
      const err = await expectKubeError(k.apply(cm(ns, 'ssa', { owner: 'b' }), { fieldManager: 'beta' }), 'Conflict');
      expect(err.message).toContain('.data.owner');
      expect(err.message).toContain('alpha');
      const forced = await k.apply(cm(ns, 'ssa', { owner: 'b', shared: 'x' }), { fieldManager: 'beta', force: true });
      expect(forced.data).toEqual({ owner: 'b', shared: 'x' });
      const managers = (forced.metadata.managedFields ?? []).map((m) => m.manager).sort();
      expect(managers).toContain('beta');
    });

    it('server-side apply removes a field its manager stops applying', async () => {
      await k.apply(cm(ns, 'ssa-drop', { keep: '1', drop: '2' }), { fieldManager: 'alpha' });
      const after = await k.apply(cm(ns, 'ssa-drop', { keep: '1' }), { fieldManager: 'alpha' });
      expect(after.data).toEqual({ keep: '1' });
    });

    it('status is a subresource: update keeps it, updateStatus changes only it, spec changes bump generation', async () => {
      const created = await k.create(vs(ns, 'status-vs', 'a.example.com'));
      expect(created.metadata.generation).toBe(1);
      const withStatus = await k.updateStatus({ ...created, status: { observedGeneration: 1 } });
      expect(withStatus.status).toEqual({ observedGeneration: 1 });
      expect(withStatus.metadata.generation).toBe(1);
      const spec = await k.update({ ...withStatus, spec: { hosts: ['b.example.com'] }, status: { observedGeneration: 99 } });
      expect(spec.metadata.generation).toBe(2);
      expect(spec.status).toEqual({ observedGeneration: 1 });
      const labelled = await k.update({ ...spec, metadata: { ...spec.metadata, labels: { x: 'y' } } });
      expect(labelled.metadata.generation).toBe(2);
    });

    it('acts as another user: RBAC decides, refusals name the user, canI agrees', async () => {
      const user = `contract-viewer-${ns}`;
      await k.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader', namespace: ns },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] });
      await k.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cm-reader', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }] });
      const viewer = k.impersonate({ username: user });
      // RBAC caches may lag a moment behind the binding on a real server.
      await until(() => true);
      let listed = false;
      for (let i = 0; i < 50 && !listed; i++) {
        listed = await viewer.list(ConfigMap, { namespace: ns }).then(() => true, () => false);
        if (!listed) await new Promise((r) => setTimeout(r, 100));
      }
      expect(listed).toBe(true);
      const err = await expectKubeError(viewer.create(cm(ns, 'by-viewer')), 'Forbidden');
      expect(err.code).toBe(403);
      expect(err.message).toContain(user);
      await expectKubeError(viewer.list(ConfigMap, { namespace: 'default' }), 'Forbidden');
      await expectKubeError(k.get(ConfigMap, 'by-viewer', ns), 'NotFound');
      expect((await viewer.canI({ verb: 'list', group: '', resource: 'configmaps', namespace: ns })).allowed).toBe(true);
      expect((await viewer.canI({ verb: 'delete', group: '', resource: 'configmaps', namespace: ns })).allowed).toBe(false);
      expect((await k.canI({ verb: 'delete', group: '', resource: 'configmaps', namespace: ns })).allowed).toBe(true);
      await k.delete(RoleBinding, 'cm-reader', ns);
      await k.delete(Role, 'cm-reader', ns);
    });

    it('an informer resumes after the server closes its watch, losing and repeating nothing', async () => {
      if (!target.disconnectWatches) return;
      const informer = new Informer(k, ConfigMap, { namespace: ns, labelSelector: 'informer=yes', backoffMs: 50 });
      const events: InformerEvent[] = [];
      informer.subscribe((e) => events.push(e));
      await informer.start();
      try {
        await k.create(cm(ns, 'inf-1', {}, { informer: 'yes' }));
        await until(() => events.length === 1, 15_000, 'first event');
        await target.disconnectWatches();
        // Changes while the informer is reconnecting.
        const two = await k.create(cm(ns, 'inf-2', {}, { informer: 'yes' }));
        await k.update({ ...two, data: { v: '2' } });
        await k.delete(ConfigMap, 'inf-1', ns);
        // A real server may answer the reconnect with 410 and a relist, which folds inf-2's
        // ADDED and MODIFIED into one ADDED: assert the outcome, not the interleaving.
        const last = (name: string): InformerEvent | undefined => events.filter((e) => e.object.metadata.name === name).at(-1);
        await until(() => last('inf-1')?.type === 'DELETED' && last('inf-2')?.object.data !== undefined, 30_000, 'events after reconnect');
        await new Promise((r) => setTimeout(r, 300));
        expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'inf-1' } } });
        expect(last('inf-2')).toMatchObject({ object: { data: { v: '2' } } });
        expect(events.filter((e) => e.object.metadata.name === 'inf-2')[0]!.type).toBe('ADDED');
        const changes = events.map((e) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`);
        expect(new Set(changes).size, `repeated events: ${changes.join(', ')}`).toBe(changes.length);
        const server = (await k.list(ConfigMap, { namespace: ns, labelSelector: 'informer=yes' })).items;
        expect(informer.list().map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort())
          .toEqual(server.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort());
        expect(informer.stats.watches).toBeGreaterThanOrEqual(2);
      } finally {
        await informer.stop();
      }
    });

    it('an informer relists after 410 Gone and reports exactly what changed meanwhile', async () => {
      if (!target.watchOutage) return;
      const informer = new Informer(k, ConfigMap, { namespace: ns, labelSelector: 'gone=yes', backoffMs: 50 });
      const events: InformerEvent[] = [];
      informer.subscribe((e) => events.push(e));
      await k.create(cm(ns, 'gone-keep', {}, { gone: 'yes' }));
      await k.create(cm(ns, 'gone-del', {}, { gone: 'yes' }));
      await informer.start();
      try {
        expect(events.map((e) => e.object.metadata.name).sort()).toEqual(['gone-del', 'gone-keep']);
        events.length = 0;
        const keep = await k.get(ConfigMap, 'gone-keep', ns);
        await target.watchOutage(async () => {
          await k.delete(ConfigMap, 'gone-del', ns);
          await k.update({ ...keep, data: { v: '2' } });
          await k.create(cm(ns, 'gone-new', {}, { gone: 'yes' }));
        });
        await until(() => events.length >= 3, 30_000, 'events after relist');
        expect(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual(['ADDED gone-new', 'DELETED gone-del', 'MODIFIED gone-keep']);
        expect(informer.stats.lists).toBeGreaterThanOrEqual(2);
        expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(['gone-keep', 'gone-new']);
      } finally {
        await informer.stop();
      }
    });

    it('a watch from a compacted version fails with Gone', async () => {
      if (!target.compactHistory) return;
      const old = (await k.list(ConfigMap, { namespace: ns })).resourceVersion;
      await k.create(cm(ns, 'after-compaction'));
      await target.compactHistory();
      const stream = k.watch(ConfigMap, { namespace: ns, resourceVersion: old });
      const err = await take(stream, 1, 5_000).then(() => undefined, (e: unknown) => e);
      expect(isKubeError(err, 'Gone')).toBe(true);
    });

    it('pod logs: NotFound for a missing pod, the API server\'s container rules, empty without a node, RBAC on pods/log', async () => {
      const nf = await expectKubeError(readLines(k.podLogs(ns, 'no-such-pod')), 'NotFound');
      expect(nf.code).toBe(404);
      // A scheduler nobody runs: the pod never gets a node, so no kubelet is involved anywhere.
      await createSoon(k, {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'logs-pending', namespace: ns },
        spec: { schedulerName: 'smm-contract-nobody', containers: [{ name: 'app', image: 'example/app:1' }, { name: 'istio-proxy', image: 'example/proxy:1' }] },
      });
      const unnamed = await expectKubeError(readLines(k.podLogs(ns, 'logs-pending')), 'BadRequest');
      expect(unnamed.message).toContain('a container name must be specified for pod logs-pending');
      const unknown = await expectKubeError(readLines(k.podLogs(ns, 'logs-pending', { container: 'nope' })), 'BadRequest');
      expect(unknown.message).toContain('container nope is not valid for pod logs-pending');
      expect(await readLines(k.podLogs(ns, 'logs-pending', { container: 'app', tailLines: 10 }))).toEqual([]);
      await expectKubeError(readLines(k.podLogs(ns, 'logs-pending', { container: 'app', tailLines: -1 })), 'Invalid');
      const nobody = k.impersonate({ username: `contract-nolog-${ns}` });
      const forbidden = await expectKubeError(readLines(nobody.podLogs(ns, 'logs-pending', { container: 'app' })), 'Forbidden');
      expect(forbidden.message).toContain('pods/log');
      // Aborted before reading: the iteration ends at once, without a failure.
      const ac = new AbortController();
      ac.abort();
      expect(await readLines(k.podLogs(ns, 'no-such-pod', { signal: ac.signal }))).toEqual([]);
    });

    it('TokenReview: a known token names its user and groups, an unknown one is not authenticated', async () => {
      const unknown = await k.tokenReview(`not-a-token-${ns}`);
      expect(unknown.authenticated).toBe(false);
      expect(unknown.user).toBeUndefined();
      if (target.knownToken) {
        const known = await k.tokenReview(target.knownToken.token);
        expect(known.authenticated).toBe(true);
        expect(known.user?.username).toBe(target.knownToken.username);
        expect(known.user?.groups).toContain('system:authenticated');
      }
      // Reviewing tokens is a right of its own: a user without it is refused.
      const nobody = k.impersonate({ username: `contract-noreview-${ns}` });
      await expectKubeError(nobody.tokenReview('anything'), 'Forbidden');
    });

    it('an informer refuses to start on a kind the user may not list', async () => {
      const nobody = k.impersonate({ username: `contract-nobody-${ns}` });
      const informer = new Informer(nobody, VirtualService, { namespace: ns });
      await expect(informer.start()).rejects.toSatisfy((e: unknown) => isKubeError(e, 'Forbidden'));
    });
  });
}
