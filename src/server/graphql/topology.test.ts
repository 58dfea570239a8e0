import { describe, expect, it } from 'vitest';
import { TelemetryError } from '../../telemetry/prometheus/prometheus-telemetry.js';
import type { MeshBackend } from '../backend.js';
import { createDemoBackend } from '../demo-backend.js';
import { createGraphQLHandler, GRAPHQL_PATH } from './handler.js';

// The query issue 5 names, field for field.
const QUERY = `{ topology(namespaces: ["smm-demo"]) {
  nodes { id kind name namespace health outlier }
  edges { source target protocol rps errorRate p95 mtls } } }`;

interface Node { id: string; kind: string; name: string; namespace: string; health: string; outlier: string | null }
interface Edge { source: string; target: string; protocol: string; rps: number; errorRate: number; p95: number | null; mtls: string }
interface Answer { data?: { topology: { nodes: Node[]; edges: Edge[] | null } }; errors?: { message: string; extensions?: { code?: string } }[] }

async function ask(backend: MeshBackend, query: string): Promise<Answer> {
  const r = await createGraphQLHandler(backend).fetch(`http://smm${GRAPHQL_PATH}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
  });
  return await r.json() as Answer;
}

describe('GraphQL topology on the demo', () => {
  it('returns every demo workload, the call edges with traffic, and movies-v3 flagged', async () => {
    const now = Date.now();
    const backend = await createDemoBackend({ seed: 4, now: () => now });
    try {
      const { data, errors } = await ask(backend, QUERY);
      expect(errors).toBeUndefined();
      const { nodes, edges } = data!.topology;
      const workloads = backend.model().workloads.filter((w) => w.namespace === 'smm-demo').map((w) => w.name);
      for (const w of workloads) expect(nodes.map((n) => n.name), w).toContain(w);
      const http = edges!.filter((e) => e.protocol !== 'tcp');
      expect(http.length).toBeGreaterThan(8);
      for (const e of http) {
        expect(e.rps, `${e.source} -> ${e.target}`).toBeGreaterThan(0);
        expect(e.p95, `${e.source} -> ${e.target}`).toBeGreaterThan(0);
        expect(e.mtls).toBe('mutual');
      }
      const v3 = nodes.find((n) => n.name === 'movies-v3')!;
      expect(Math.max(...edges!.filter((e) => e.target === v3.id).map((e) => e.errorRate))).toBeGreaterThan(0.02);
      expect(v3.outlier !== null || v3.health === 'degraded' || v3.health === 'failing', JSON.stringify(v3)).toBe(true);
      expect(v3.outlier).toMatch(/movies-v3 error rate/);
      const v1 = nodes.find((n) => n.name === 'movies-v1')!;
      expect(v1.outlier).toBeNull();
    } finally {
      await backend.close();
    }
  });

  it('still answers the nodes, with a coded error on edges, when telemetry fails', async () => {
    const demo = await createDemoBackend({ seed: 4 });
    const unreachable = (): Promise<never> => Promise.reject(new TelemetryError('Prometheus at http://127.0.0.1:9 is unreachable: connect ECONNREFUSED'));
    const broken: MeshBackend = { ...demo, telemetry: { edgeTraffic: unreachable, workloadSignals: unreachable, entityMetrics: unreachable, proxyResources: unreachable } };
    try {
      const { data, errors } = await ask(broken, QUERY);
      expect(data!.topology.nodes.length).toBeGreaterThanOrEqual(13);
      expect(data!.topology.edges).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0]).toMatchObject({ message: expect.stringContaining('Prometheus at http://127.0.0.1:9 is unreachable'), extensions: { code: 'TELEMETRY_UNAVAILABLE' } });
    } finally {
      await demo.close();
    }
  });

  it('gives nodes inbound p50/p99 and TCP connection rates for the terminal views', async () => {
    const now = Date.now();
    const backend = await createDemoBackend({ seed: 4, now: () => now });
    try {
      const { data, errors } = await ask(backend, `{ topology(namespaces: ["smm-demo"], windowSeconds: 30) {
        nodes { name kind rps p50 p95 p99 tcpConnectionsPerSecond bytesPerSecond } edges { protocol tcpConnectionsPerSecond } } }`);
      expect(errors).toBeUndefined();
      const nodes = data!.topology.nodes as unknown as { name: string; rps: number; p50: number | null; p95: number | null; p99: number | null; tcpConnectionsPerSecond: number; bytesPerSecond: number }[];
      const catalog = nodes.find((n) => n.name === 'catalog-v1')!;
      expect(catalog.p50).toBeGreaterThan(0);
      expect(catalog.p99!).toBeGreaterThanOrEqual(catalog.p95!);
      expect(catalog.p95!).toBeGreaterThanOrEqual(catalog.p50!);
      expect(catalog.bytesPerSecond).toBeGreaterThan(0);
      expect(nodes.find((n) => n.name === 'postgresql')).toMatchObject({ rps: 0, p50: null, tcpConnectionsPerSecond: expect.any(Number) });
      expect(nodes.find((n) => n.name === 'postgresql')!.tcpConnectionsPerSecond).toBeGreaterThan(0);
      const edges = data!.topology.edges as unknown as { protocol: string; tcpConnectionsPerSecond: number }[];
      expect(edges.filter((e) => e.protocol === 'tcp').every((e) => e.tcpConnectionsPerSecond > 0)).toBe(true);
    } finally {
      await backend.close();
    }
  });

  it('refuses a malformed time with the argument named', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const { errors } = await ask(backend, '{ topology(at: "yesterday-ish") { nodes { id } } }');
      expect(errors![0]).toMatchObject({ message: expect.stringContaining('invalid "at"'), extensions: { code: 'BAD_USER_INPUT' } });
    } finally {
      await backend.close();
    }
  });
});
