// The pieces compose on the demo: mesh model + in-process telemetry + topology give every
// demo workload, the call graph with traffic, and movies-v3 visibly failing.

import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../src/core/topology/index.js';
import { createDemoBackend } from '../../src/server/demo-backend.js';
import { SimulatorTelemetry } from '../../src/telemetry/simulator/simulator-telemetry.js';

describe('topology of the demo mesh', () => {
  it('has every demo workload, the call edges with traffic, and movies-v3 failing', async () => {
    const now = Date.UTC(2026, 10, 21, 12, 0, 0);
    const backend = await createDemoBackend({ seed: 2, now: () => now });
    try {
      const model = backend.model();
      const traffic = await new SimulatorTelemetry(backend.simulator, backend.app, backend.clusterName).edgeTraffic({ window: { fromMs: now - 300_000, toMs: now } });
      const topo = buildTopology(model, traffic, { namespaces: ['smm-demo'], show: {} });
      const names = new Set(topo.nodes.filter((n) => n.kind === 'workload' || n.kind === 'gateway').map((n) => n.name));
      for (const w of model.workloads.filter((x) => x.namespace === 'smm-demo')) expect(names, w.name).toContain(w.name);
      const http = topo.edges.filter((e) => e.protocol !== 'tcp');
      expect(http.length).toBeGreaterThan(8);
      for (const e of http) {
        expect(e.rps, e.id).toBeGreaterThan(0);
        expect(e.p95, e.id).toBeGreaterThan(0);
      }
      const toV3 = topo.edges.filter((e) => e.target.endsWith('/movies-v3'));
      expect(toV3.length).toBeGreaterThan(0);
      expect(Math.max(...toV3.map((e) => e.errorRate))).toBeGreaterThan(0.02);
      expect(topo.edges.some((e) => e.protocol === 'tcp' && e.target.endsWith('/mysql'))).toBe(true);
    } finally {
      await backend.close();
    }
  });
});
