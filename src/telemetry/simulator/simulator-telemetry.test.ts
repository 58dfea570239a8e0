import { describe, expect, it } from 'vitest';
import { createDemo } from '../../demo/index.js';
import { SimulatorTelemetry } from './simulator-telemetry.js';

describe('in-process telemetry from the demo simulator', () => {
  const now = Date.UTC(2026, 10, 21, 12, 0, 0);
  const demo = createDemo({ seed: 5, now: () => now });
  const telemetry = new SimulatorTelemetry(demo.simulator, demo.app, demo.clusterName);
  const window = { fromMs: now - 5 * 60_000, toMs: now };

  it('answers every simulated edge with the golden signals', async () => {
    const snap = await telemetry.edgeTraffic({ window });
    expect(snap.edges).toHaveLength(demo.simulator.edges.length);
    const entry = snap.edges.find((e) => e.source.workload === 'bombardier' && e.destination.workload === 'frontpage-v1')!;
    // The load generator swings between the DemoApplication's 10 and 30 RPS.
    expect(entry.requestsPerSecond).toBeGreaterThan(9);
    expect(entry.requestsPerSecond).toBeLessThan(31);
    expect(entry).toMatchObject({ protocol: 'http', mtls: 'mutual', destination: { service: { name: 'frontpage', namespace: 'smm-demo' } } });
    expect(entry.p95Ms).toBeGreaterThan(entry.p50Ms!);
  });

  it('shows the failing movies version, and TCP edges as bytes and connections', async () => {
    const snap = await telemetry.edgeTraffic({ window });
    const movies = snap.edges.filter((e) => e.destination.app === 'movies');
    const v3 = movies.find((e) => e.destination.version === 'v3')!;
    expect(v3.errorRate).toBeGreaterThan(0.02);
    for (const e of movies.filter((m) => m.destination.version !== 'v3')) expect(e.errorRate).toBeLessThan(0.01);
    const tcp = snap.edges.find((e) => e.protocol === 'tcp')!;
    expect(tcp.requestsPerSecond).toBe(0);
    expect(tcp.bytesPerSecond).toBeGreaterThan(0);
    expect(tcp.connectionsPerSecond).toBeGreaterThan(0);
  });

  it('filters by namespace and agrees with the simulator counters over the window', async () => {
    expect((await telemetry.edgeTraffic({ window, namespaces: ['nowhere'] })).edges).toEqual([]);
    const snap = await telemetry.edgeTraffic({ window, namespaces: ['smm-demo'] });
    const first = demo.simulator.edges[0]!;
    const w = demo.simulator.edgeWindow(first.id, window.fromMs, window.toMs);
    const edge = snap.edges.find((e) => e.source.workload === first.source && e.destination.workload === first.destination)!;
    if (first.protocol !== 'tcp') expect(edge.requestsPerSecond).toBeCloseTo(w.requests / w.seconds, 6);
  });

  describe('per-entity series', () => {
    const range = { fromMs: now - 10 * 60_000, toMs: now, stepMs: 60_000 };
    const workload = (name: string) => ({ kind: 'workload' as const, namespace: 'smm-demo', name });

    it('has one point per step, aligned to the first step end', async () => {
      const m = await telemetry.entityMetrics({ entity: workload('catalog-v1'), direction: 'inbound', range });
      for (const series of Object.values(m)) {
        expect(series).toMatchObject({ startMs: range.fromMs + range.stepMs, stepMs: range.stepMs });
        expect(series.values).toHaveLength(10);
      }
      // Without a step it picks one: 10 min → 15 s, 40 points.
      const picked = await telemetry.entityMetrics({ entity: workload('catalog-v1'), direction: 'inbound', range: { fromMs: range.fromMs, toMs: now } });
      expect(picked.requestsPerSecond).toMatchObject({ startMs: range.fromMs + 15_000, stepMs: 15_000 });
      expect(picked.requestsPerSecond.values).toHaveLength(40);
    });

    it('sums the inbound edges of edgeTraffic over each step', async () => {
      const m = await telemetry.entityMetrics({ entity: workload('movies-v2'), direction: 'inbound', range });
      for (let i = 0; i < 10; i++) {
        const toMs = range.fromMs + (i + 1) * range.stepMs;
        const snap = await telemetry.edgeTraffic({ window: { fromMs: toMs - range.stepMs, toMs } });
        const inbound = snap.edges.filter((e) => e.destination.workload === 'movies-v2');
        expect(inbound.length).toBeGreaterThan(0);
        const rps = inbound.reduce((sum, e) => sum + e.requestsPerSecond, 0);
        const bytes = inbound.reduce((sum, e) => sum + e.bytesPerSecond, 0);
        expect(m.requestsPerSecond.values[i]).toBeCloseTo(rps, 9);
        expect(m.requestBytesPerSecond.values[i]! + m.responseBytesPerSecond.values[i]!).toBeCloseTo(bytes, 6);
      }
      // HTTP only: no TCP series, rather than zeros.
      expect(m.tcpSentBytesPerSecond.values.every((v) => v === null)).toBe(true);
    });

    it('shows the failing movies-v3, and outbound and TCP traffic', async () => {
      const v3 = await telemetry.entityMetrics({ entity: workload('movies-v3'), direction: 'inbound', range });
      expect(v3.errorRate.values.every((v) => v !== null && v > 0)).toBe(true);
      const catalogOut = await telemetry.entityMetrics({ entity: workload('catalog-v1'), direction: 'outbound', range });
      expect(catalogOut.requestsPerSecond.values.every((v) => v !== null && v > 0)).toBe(true);
      expect(catalogOut.tcpSentBytesPerSecond.values.every((v) => v !== null && v > 0)).toBe(true);
      expect(catalogOut.tcpConnectionsOpenedPerSecond.values.some((v) => v !== null && v > 0)).toBe(true);
    });

    it('takes quantiles from merged buckets: between the per-edge quantiles', async () => {
      // movies (service) gets three edges with quite different latencies (v1 fast, v3 slow).
      const service = { kind: 'service' as const, namespace: 'smm-demo', name: 'movies' };
      const window = { fromMs: now - 5 * 60_000, toMs: now };
      const m = await telemetry.entityMetrics({ entity: service, direction: 'inbound', range: { ...window, stepMs: 5 * 60_000 } });
      const edges = (await telemetry.edgeTraffic({ window })).edges.filter((e) => e.destination.service?.name === 'movies');
      expect(edges).toHaveLength(3);
      for (const q of ['p50Ms', 'p95Ms', 'p99Ms'] as const) {
        const perEdge = edges.map((e) => e[q]!);
        const merged = m[q].values[0]!;
        expect(merged, q).toBeGreaterThanOrEqual(Math.min(...perEdge));
        expect(merged, q).toBeLessThanOrEqual(Math.max(...perEdge));
      }
      // Not the max of the per-edge values: most requests go to the fast versions.
      expect(m.p95Ms.values[0]!).toBeLessThan(Math.max(...edges.map((e) => e.p95Ms!)));
    });

    it('answers namespaces, a service outbound and a foreign cluster without inventing traffic', async () => {
      const ns = await telemetry.entityMetrics({ entity: { kind: 'namespace', namespace: 'smm-demo' }, direction: 'inbound', range });
      const v2 = await telemetry.entityMetrics({ entity: workload('movies-v2'), direction: 'inbound', range });
      expect(ns.requestsPerSecond.values[0]!).toBeGreaterThan(v2.requestsPerSecond.values[0]!);
      const serviceOut = await telemetry.entityMetrics({ entity: { kind: 'service', namespace: 'smm-demo', name: 'movies' }, direction: 'outbound', range });
      expect(serviceOut.requestsPerSecond.values.every((v) => v === null)).toBe(true);
      const elsewhere = await telemetry.entityMetrics({ entity: { ...workload('movies-v2'), cluster: 'other' }, direction: 'inbound', range });
      expect(elsewhere.requestsPerSecond.values.every((v) => v === null)).toBe(true);
      // Before the simulation started there is no data at all.
      const early = await telemetry.entityMetrics({ entity: workload('movies-v2'), direction: 'inbound', range: { fromMs: now - 5 * 3_600_000, toMs: now - 4 * 3_600_000, stepMs: 600_000 } });
      expect(early.requestsPerSecond.values.every((v) => v === null)).toBe(true);
    });
  });

  describe('sidecar resources', () => {
    const range = { fromMs: now - 10 * 60_000, toMs: now, stepMs: 60_000 };

    it('gives CPU and memory of a workload, a service and a namespace', async () => {
      const one = (await telemetry.proxyResources({ kind: 'workload', namespace: 'smm-demo', name: 'movies-v1' }, range))!;
      expect(one.cpuCores.values).toHaveLength(10);
      expect(one.cpuCores.startMs).toBe(range.fromMs + range.stepMs);
      for (const v of one.cpuCores.values) expect(v!).toBeGreaterThan(0.001);
      for (const v of one.memoryBytes.values) expect(v!).toBeGreaterThan(20 * 2 ** 20);
      const movies = (await telemetry.proxyResources({ kind: 'service', namespace: 'smm-demo', name: 'movies' }, range))!;
      const ns = (await telemetry.proxyResources({ kind: 'namespace', namespace: 'smm-demo' }, range))!;
      expect(movies.memoryBytes.values[0]!).toBeGreaterThan(2 * one.memoryBytes.values[0]!);
      expect(ns.cpuCores.values[0]!).toBeGreaterThan(movies.cpuCores.values[0]!);
    });

    it('is null where there are no sidecars', async () => {
      expect(await telemetry.proxyResources({ kind: 'workload', namespace: 'smm-demo', name: 'nothing' }, range)).toBeNull();
      expect(await telemetry.proxyResources({ kind: 'namespace', namespace: 'nowhere' }, range)).toBeNull();
      expect(await telemetry.proxyResources({ kind: 'workload', namespace: 'smm-demo', name: 'movies-v1', cluster: 'other' }, range)).toBeNull();
    });
  });
});
