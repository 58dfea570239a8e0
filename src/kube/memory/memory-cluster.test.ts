import { describe, expect, it } from 'vitest';
import { describeClusterPortContract } from '../port.contract.js';
import { Resources } from '../resources.js';
import { MemoryCluster } from './memory-cluster.js';

describeClusterPortContract('memory adapter', async () => {
  const cluster = new MemoryCluster({ name: 'contract', tokens: { 'contract-token': { username: 'contract-user', groups: ['contract-group'] } } });
  return {
    admin: cluster.port(),
    knownToken: { token: 'contract-token', username: 'contract-user' },
    disconnectWatches: async () => cluster.disconnectWatches(),
    compactHistory: async () => cluster.compactHistory(),
    watchOutage: async (whileDown) => {
      cluster.refuseWatches = true;
      cluster.disconnectWatches();
      try {
        await whileDown();
        cluster.compactHistory();
      } finally {
        cluster.refuseWatches = false;
      }
    },
  };
});

describe('memory adapter specifics', () => {
  it('cascades deletes to dependents through ownerReferences, and orphans on request', async () => {
    const c = new MemoryCluster();
    const k = c.port();
    const owner = await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
    const ref = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true }];
    await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', namespace: 'default', ownerReferences: ref } });
    await k.delete(Resources.ConfigMap, 'owner', 'default');
    await expect(k.get(Resources.ConfigMap, 'child', 'default')).rejects.toMatchObject({ reason: 'NotFound' });

    const owner2 = await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner2', namespace: 'default' } });
    await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child2', namespace: 'default', ownerReferences: [{ ...ref[0]!, name: 'owner2', uid: owner2.metadata.uid! }] } });
    await k.delete(Resources.ConfigMap, 'owner2', 'default', { propagationPolicy: 'Orphan' });
    expect((await k.get(Resources.ConfigMap, 'child2', 'default')).metadata.ownerReferences).toEqual([]);
  });

  it('deleting a namespace deletes its contents; finalizers hold an object until removed', async () => {
    const c = new MemoryCluster();
    const k = c.port();
    await k.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } });
    await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'gone' } });
    await k.delete(Resources.Namespace, 'gone');
    expect((await k.list(Resources.ConfigMap, { namespace: 'gone' })).items).toEqual([]);

    const held = await k.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'default', finalizers: ['smm.cisco.com/test'] } });
    await k.delete(Resources.ConfigMap, 'held', 'default');
    const terminating = await k.get(Resources.ConfigMap, 'held', 'default');
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    await k.update({ ...terminating, metadata: { ...terminating.metadata, finalizers: [] } });
    await expect(k.get(Resources.ConfigMap, 'held', 'default')).rejects.toMatchObject({ reason: 'NotFound' });
    expect(held.metadata.uid).toBeTruthy();
  });

  it('an impersonated user without impersonate rights cannot impersonate further', async () => {
    const c = new MemoryCluster();
    const alice = c.port().impersonate({ username: 'alice' });
    expect(() => alice.impersonate({ username: 'bob' })).toThrow(/cannot impersonate/);
  });

  it('refuses kinds it does not know with NotFound naming the kind', async () => {
    const k = new MemoryCluster().port();
    await expect(k.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } }))
      .rejects.toMatchObject({ reason: 'NotFound', message: expect.stringContaining('Widget') });
  });
});

describe('informer and bookmarks', () => {
  it('takes the version of a BOOKMARK without emitting it', async () => {
    const { Informer } = await import('../informer.js');
    const bookmarkAt = '987654';
    const cluster = new MemoryCluster();
    const base = cluster.port();
    // A port whose watch sends one bookmark, then ends: the informer must re-watch from it.
    const seenVersions: string[] = [];
    const port = Object.create(base) as typeof base;
    port.watch = (t, o) => {
      seenVersions.push(o.resourceVersion);
      if (seenVersions.length === 1) {
        return (async function* () {
          yield { type: 'BOOKMARK' as const, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: bookmarkAt } } };
        })();
      }
      return base.watch(t, { ...o, resourceVersion: '' });
    };
    const informer = new Informer(port, Resources.ConfigMap, { namespace: 'default' });
    const events: string[] = [];
    informer.subscribe((e) => events.push(e.type));
    await informer.start();
    for (let i = 0; i < 50 && seenVersions.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await informer.stop();
    expect(seenVersions[1]).toBe(bookmarkAt);
    expect(events).toEqual([]);
  });
});
