// Subscriptions over real HTTP: graphql-yoga's server-sent events, read with fetch as a
// browser's EventSource would.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import type { PodLogSource } from '../../kube/memory/pod-logs.js';
import type { KubeObject } from '../../kube/object.js';
import { Resources } from '../../kube/resources.js';
import { createClusterBackend } from '../cluster-backend.js';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { startServer, type RunningServer } from '../http-server.js';

interface SseEvent { event: string; data: { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] } | null }

/** An open SSE subscription: events as they come, and the way to hang up. */
async function subscribe(url: string, query: string): Promise<{ next: () => Promise<SseEvent | undefined>; close: () => Promise<void> }> {
  const ac = new AbortController();
  const res = await fetch(`${url}/api/graphql`, {
    method: 'POST', signal: ac.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }),
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<SseEvent | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (!fields['event'] && !fields['data']) continue; // keep-alive comment
        return { event: fields['event'] ?? 'message', data: fields['data'] ? JSON.parse(fields['data']) as SseEvent['data'] : null };
      }
      const r = await reader.read();
      if (r.done) return undefined;
      buffer += r.value;
    }
  };
  return { next, close: async () => { ac.abort(); await reader.cancel().catch(() => undefined); } };
}

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('podLogs subscription over SSE', () => {
  const follows = { open: 0, closed: 0 };
  const source: PodLogSource = {
    history: ({ container }) => Array.from({ length: 5 }, (_, i) => `${container} old ${i + 1}`),
    async *follow({ container }, signal) {
      follows.open++;
      try {
        for (let i = 1; !signal.aborted; i++) {
          await new Promise((r) => setTimeout(r, 20));
          yield `${container} new ${i}`;
        }
      } finally {
        follows.closed++;
      }
    },
  };
  let server: RunningServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const cluster = new MemoryCluster({ name: 'test', logSource: source });
    cluster.load([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cart', namespace: 'shop' },
        spec: { nodeName: 'n1', containers: [{ name: 'cart', image: 'cart:1' }, { name: 'istio-proxy', image: 'proxyv2:1' }] } },
    ] as KubeObject[]);
    const backend = await createClusterBackend([{ name: 'test', port: cluster.port() }]);
    close = backend.close;
    server = await startServer({ backend, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await close?.();
  });

  it('streams the tail then new lines, one event per line; hanging up closes the log stream', async () => {
    const sub = await subscribe(server.url, 'subscription { podLogs(namespace: "shop", pod: "cart", container: "istio-proxy", tailLines: 2) }');
    const lines: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await sub.next();
      expect(e?.event).toBe('next');
      lines.push(e!.data!.data!['podLogs']);
    }
    expect(lines).toEqual(['istio-proxy old 4', 'istio-proxy old 5', 'istio-proxy new 1', 'istio-proxy new 2']);
    expect(follows.open).toBe(1);
    await sub.close();
    await until(() => follows.closed === 1, 'the log source to be closed after the client left');
  });

  it('a missing pod or an unnamed container is a coded error event', async () => {
    const missing = await subscribe(server.url, 'subscription { podLogs(namespace: "shop", pod: "nope") }');
    const e = await missing.next();
    expect(e!.data!.errors![0]).toMatchObject({ message: 'pods "nope" not found', extensions: { code: 'NOT_FOUND' } });
    await missing.close();
    const unnamed = await subscribe(server.url, 'subscription { podLogs(namespace: "shop", pod: "cart") }');
    expect((await unnamed.next())!.data!.errors![0]).toMatchObject({ message: expect.stringContaining('a container name must be specified'), extensions: { code: 'BAD_USER_INPUT' } });
    await unnamed.close();
  });
});

describe('meshChanged subscription on the demo', () => {
  let backend: DemoBackend;
  let server: RunningServer;
  const subs: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    backend = await createDemoBackend({ seed: 2 });
    server = await startServer({ backend, port: 0 });
  });
  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  it('emits once per burst of changes, naming what changed', async () => {
    const sub = await subscribe(server.url, 'subscription { meshChanged { at reason changes } }');
    subs.push(sub);
    // The subscription is live once the server answered; give yoga a moment to subscribe.
    await new Promise((r) => setTimeout(r, 50));
    const k = backend.cluster.port();
    const vs = await k.get(Resources.VirtualService, 'movies', 'smm-demo');
    await k.update({ ...vs, metadata: { ...vs.metadata, labels: { ...vs.metadata.labels, touched: 'yes' } } });
    await k.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late-arrival' } });
    const e = await sub.next();
    expect(e?.event).toBe('next');
    const change = e!.data!.data!['meshChanged'] as { at: string; reason: string; changes: number };
    expect(change.changes).toBe(2);
    expect(change.reason).toBe('MODIFIED VirtualService smm-demo/movies in demo-cluster (and 1 more)');
    expect(Math.abs(Date.parse(change.at) - Date.now())).toBeLessThan(10_000);
  });
});
