import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCluster } from '../kube/memory/memory-cluster.js';
import type { KubeObject } from '../kube/object.js';
import { createClusterBackend } from './cluster-backend.js';
import { startServer, type RunningServer } from './http-server.js';

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cart', namespace: 'shop', labels: { app: 'cart' } },
    spec: { containers: [{ name: 'cart', image: 'cart:1' }, { name: 'istio-proxy', image: 'istio/proxyv2:1.20.0' }] }, status: { phase: 'Running' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' }, ports: [{ name: 'http-web', port: 80 }] } },
];

describe('HTTP server', () => {
  let server: RunningServer;
  let cluster: MemoryCluster;
  let close: () => Promise<void>;

  beforeAll(async () => {
    cluster = new MemoryCluster({ name: 'test' });
    cluster.load(objects);
    const backend = await createClusterBackend([{ name: 'test', port: cluster.port() }], { demoMetrics: () => 'istio_requests_total 1\n' });
    close = backend.close;
    server = await startServer({ backend, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await close?.();
  });

  const gql = async (query: string, variables?: Record<string, unknown>, accept = 'application/json') => {
    const r = await fetch(`${server.url}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query, variables }) });
    return { status: r.status, body: await r.json() as { data?: Record<string, unknown>; errors?: { message: string }[] } };
  };

  it('listens on loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers the model queries', async () => {
    const { body } = await gql('{ namespaces { name injection } workloads(namespace: "shop") { name kind app pods { name phase sidecar } } services(namespace: "shop") { name ports { name port protocol } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data!.namespaces).toContainEqual({ name: 'shop', injection: 'enabled' });
    expect(body.data!.workloads).toEqual([{ name: 'cart', kind: 'Pod', app: 'cart', pods: [{ name: 'cart', phase: 'Running', sidecar: true }] }]);
    expect(body.data!.services).toEqual([{ name: 'cart', ports: [{ name: 'http-web', port: 80, protocol: 'HTTP' }] }]);
  });

  it('sees changes made in the cluster after start (through the watch)', async () => {
    await cluster.port().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } });
    let names: string[] = [];
    for (let i = 0; i < 50 && !names.includes('late'); i++) {
      names = ((await gql('{ namespaces { name } }')).body.data!.namespaces as { name: string }[]).map((n) => n.name);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(names).toContain('late');
  });

  it('reports a bad query as a GraphQL error with the location, not a crash', async () => {
    // GraphQL over HTTP: 200 for application/json clients, 400 for the new media type.
    const { status, body } = await gql('{ workloads { nosuchfield } }');
    expect(status).toBe(200);
    expect((await gql('{ workloads { nosuchfield } }', undefined, 'application/graphql-response+json')).status).toBe(400);
    expect(body.errors![0]!.message).toMatch(/Cannot query field "nosuchfield" on type "Workload"/);
    const malformed = await fetch(`${server.url}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(malformed.status).toBe(400);
  });

  it('serves the console to browsers, metrics as Prometheus text, 404 elsewhere', async () => {
    const page = await fetch(`${server.url}/api/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('GraphQL console');
    const metrics = await fetch(`${server.url}/demo/metrics`);
    expect(metrics.headers.get('content-type')).toContain('version=0.0.4');
    expect(await metrics.text()).toBe('istio_requests_total 1\n');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('refuses a port in use with one clear reason', async () => {
    const port = Number(new URL(server.url).port);
    const backend = await createClusterBackend([{ name: 'x', port: new MemoryCluster().port() }]);
    await expect(startServer({ backend, port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    await backend.close();
  });
});
