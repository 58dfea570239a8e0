import { describe, expect, it } from 'vitest';
import { isKubeError } from '../errors.js';
import type { KubeObject } from '../object.js';
import { MemoryCluster } from './memory-cluster.js';
import type { PodLogSource } from './pod-logs.js';

const pod = (name: string, containers: string[], nodeName: string | null = 'node-1'): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' },
  spec: { ...(nodeName ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: `${c}:1` })) },
});

/** History `<container> line 1..n`; following, a line every 5 ms until aborted, noting its close. */
function scriptedSource(n: number): PodLogSource & { closed: number } {
  const source = {
    closed: 0,
    history: ({ container }: { container: string }) => Array.from({ length: n }, (_, i) => `${container} line ${i + 1}`),
    async *follow({ container }: { container: string }, signal: AbortSignal) {
      try {
        for (let i = 1; !signal.aborted; i++) {
          await new Promise((r) => setTimeout(r, 5));
          yield `${container} new ${i}`;
        }
      } finally {
        source.closed++;
      }
    },
  };
  return source;
}

async function read(stream: AsyncIterable<string>, max = Infinity): Promise<string[]> {
  const out: string[] = [];
  for await (const line of stream) {
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}

async function failure(stream: AsyncIterable<string>): Promise<unknown> {
  return read(stream).then(() => undefined, (e: unknown) => e);
}

function cluster(source: PodLogSource): MemoryCluster {
  const c = new MemoryCluster({ logSource: source });
  c.load([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    pod('cart', ['cart', 'istio-proxy']),
    pod('solo', ['solo']),
    pod('pending', ['pending'], null),
  ]);
  return c;
}

describe('memory adapter pod logs', () => {
  it('reads a container\'s log from the source, whole or its tail', async () => {
    const k = cluster(scriptedSource(5)).port();
    expect(await read(k.podLogs('shop', 'cart', { container: 'istio-proxy' }))).toEqual([1, 2, 3, 4, 5].map((i) => `istio-proxy line ${i}`));
    expect(await read(k.podLogs('shop', 'cart', { container: 'cart', tailLines: 2 }))).toEqual(['cart line 4', 'cart line 5']);
    expect(await read(k.podLogs('shop', 'cart', { container: 'cart', tailLines: 0 }))).toEqual([]);
    // One container: no need to name it.
    expect(await read(k.podLogs('shop', 'solo', { tailLines: 1 }))).toEqual(['solo line 5']);
    // No node yet: an empty log, as the API server answers.
    expect(await read(k.podLogs('shop', 'pending'))).toEqual([]);
  });

  it('follows new lines until aborted, then closes the source', async () => {
    const source = scriptedSource(3);
    const k = cluster(source).port();
    const ac = new AbortController();
    const got: string[] = [];
    for await (const line of k.podLogs('shop', 'solo', { follow: true, tailLines: 1, signal: ac.signal })) {
      got.push(line);
      if (got.length === 4) ac.abort();
    }
    expect(got).toEqual(['solo line 3', 'solo new 1', 'solo new 2', 'solo new 3']);
    for (let i = 0; i < 50 && source.closed === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(source.closed).toBe(1);
    // Breaking out of the loop closes it too.
    expect(await read(k.podLogs('shop', 'solo', { follow: true, tailLines: 0 }), 2)).toEqual(['solo new 1', 'solo new 2']);
    for (let i = 0; i < 50 && source.closed === 1; i++) await new Promise((r) => setTimeout(r, 5));
    expect(source.closed).toBe(2);
  });

  it('refuses what the API server refuses: missing pod, unknown or unnamed container, bad options', async () => {
    const k = cluster(scriptedSource(1)).port();
    const missing = await failure(k.podLogs('shop', 'nope'));
    expect(isKubeError(missing, 'NotFound') && missing.message).toBe('pods "nope" not found');
    const unknown = await failure(k.podLogs('shop', 'cart', { container: 'db' }));
    expect(isKubeError(unknown, 'BadRequest') && unknown.message).toBe('container db is not valid for pod cart');
    const unnamed = await failure(k.podLogs('shop', 'cart'));
    expect(isKubeError(unnamed, 'BadRequest') && unnamed.message).toBe('a container name must be specified for pod cart, choose one of: [cart istio-proxy]');
    expect(isKubeError(await failure(k.podLogs('shop', 'solo', { tailLines: -1 })), 'Invalid')).toBe(true);
    expect(isKubeError(await failure(k.podLogs('shop', 'solo', { sinceSeconds: 0 })), 'Invalid')).toBe(true);
  });

  it('needs get on pods/log: reading pods is not enough', async () => {
    const c = cluster(scriptedSource(2));
    const admin = c.port();
    const rbac = 'rbac.authorization.k8s.io/v1';
    const bind = async (user: string, role: string, resources: string[]) => {
      await admin.create({ apiVersion: rbac, kind: 'Role', metadata: { name: role, namespace: 'shop' }, rules: [{ apiGroups: [''], resources, verbs: ['get', 'list'] }] });
      await admin.create({ apiVersion: rbac, kind: 'RoleBinding', metadata: { name: role, namespace: 'shop' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }] });
    };
    await bind('pod-reader', 'pods-only', ['pods']);
    await bind('log-reader', 'pods-and-logs', ['pods', 'pods/log']);
    const refused = await failure(admin.impersonate({ username: 'pod-reader' }).podLogs('shop', 'solo'));
    expect(isKubeError(refused, 'Forbidden') && refused.message)
      .toBe('pods "solo" is forbidden: User "pod-reader" cannot get resource "pods/log" in API group "" in the namespace "shop"');
    expect(await read(admin.impersonate({ username: 'log-reader' }).podLogs('shop', 'solo'))).toEqual(['solo line 1', 'solo line 2']);
    expect((await admin.impersonate({ username: 'log-reader' }).canI({ verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: 'shop' })).allowed).toBe(true);
  });
});
