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
});
