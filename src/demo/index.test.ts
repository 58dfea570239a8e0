import { describe, expect, it } from 'vitest';
import { createDemo } from './index.js';

describe('createDemo', () => {
  it('gives objects and a simulator that describe the same mesh', () => {
    const t = Date.UTC(2024, 0, 1, 12, 0, 0);
    const demo = createDemo({ seed: 3, now: () => t, simulator: { backfillMs: 60_000 } });
    const controllers = new Set(demo.objects
      .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    const services = new Set(demo.objects.filter((o) => o.kind === 'Service').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const e of demo.simulator.edges) {
      expect(controllers.has(`${e.sourceNamespace}/${e.source}`), e.id).toBe(true);
      expect(controllers.has(`${e.destinationNamespace}/${e.destination}`), e.id).toBe(true);
      expect(services.has(`${e.serviceNamespace}/${e.service}`), e.id).toBe(true);
    }
    expect(demo.simulator.startMs).toBe(t - 60_000);
    expect(demo.simulator.renderPrometheusText()).toContain('source_cluster="demo-cluster"');
  });
});
