import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { topologyView } from './topology-view.js';

describe('topologyView health thresholds', () => {
  it('scores with the installation\'s thresholds when it has its own', async () => {
    const demo = await createDemoBackend({ seed: 3 });
    try {
      const stateOf = async (backend: typeof demo) => (await topologyView(backend, { namespaces: ['smm-demo'] }))
        .topology.nodes.find((n) => n.kind === 'workload' && n.name === 'frontpage-v1')?.health;
      expect(await stateOf(demo)).toBe('healthy');
      // Any p95 over 3 ms fails: frontpage (hundreds of ms) must.
      expect(await stateOf({ ...demo, healthThresholds: { latency: { absoluteMs: { good: 1, degraded: 2, failing: 3 } } } })).toBe('failing');
    } finally {
      await demo.close();
    }
  });
});
