import { describe, expect, it } from 'vitest';
import { TelemetryError } from '../../telemetry/prometheus/prometheus-telemetry.js';
import type { MeshBackend } from '../backend.js';
import { createDemoBackend } from '../demo-backend.js';
import { ask, fakeSeriesTelemetry } from './testing.js';

const QUERY = `{ meshOverview(windowSeconds: 60) {
  window { from to } clusters controlPlanes
  services { inMesh total } workloads { inMesh total } pods { inMesh total }
  traffic { rps errorRate p95 } validationIssues } }`;

interface Count { inMesh: number; total: number }
interface Overview {
  meshOverview: {
    window: { from: string; to: string }; clusters: number; controlPlanes: number;
    services: Count; workloads: Count; pods: Count;
    traffic: { rps: number; errorRate: number | null; p95: number | null } | null; validationIssues: number | null;
  };
}

describe('GraphQL mesh overview on the demo', () => {
  it('counts the inventory and the mesh-wide traffic', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const { data, errors } = await ask<Overview>(backend, QUERY);
      expect(errors).toBeUndefined();
      const o = data!.meshOverview;
      const model = backend.model();
      expect(o.clusters).toBe(1);
      expect(o.controlPlanes).toBe(model.controlPlanes.length);
      expect(o.workloads.total).toBe(model.workloads.length);
      // istiod itself runs without a sidecar.
      expect(o.workloads.inMesh).toBe(model.workloads.length - 1);
      expect(o.pods).toEqual({ inMesh: model.pods.filter((p) => p.sidecar).length, total: model.pods.length });
      expect(o.services.total).toBe(model.services.length);
      expect(o.services.inMesh).toBeGreaterThan(0);
      expect(o.services.inMesh).toBeLessThan(o.services.total);
      expect(Date.parse(o.window.to) - Date.parse(o.window.from)).toBe(60_000);
      expect(o.traffic!.rps).toBeGreaterThan(0);
      expect(o.traffic!.errorRate).toBeGreaterThan(0);
      expect(o.traffic!.errorRate).toBeLessThan(1);
      expect(o.traffic!.p95).toBeGreaterThan(0);
      expect(o.validationIssues).toBeTypeOf('number'); // the validator's count (src/server/graphql/validation.test.ts)
    } finally {
      await backend.close();
    }
  });

  it('still counts the inventory, with traffic null and coded, when telemetry fails', async () => {
    const demo = await createDemoBackend({ seed: 4 });
    const unreachable = new TelemetryError('Prometheus at http://127.0.0.1:9 is unreachable: connect ECONNREFUSED');
    const broken: MeshBackend = { ...demo, telemetry: { ...fakeSeriesTelemetry(demo.telemetry!), edgeTraffic: () => Promise.reject(unreachable) } };
    try {
      const { data, errors } = await ask<Overview>(broken, QUERY);
      expect(data!.meshOverview.workloads.total).toBeGreaterThanOrEqual(13);
      expect(data!.meshOverview.pods.inMesh).toBeGreaterThan(0);
      expect(data!.meshOverview.traffic).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0]).toMatchObject({
        path: ['meshOverview', 'traffic'],
        message: expect.stringContaining('Prometheus at http://127.0.0.1:9 is unreachable'),
        extensions: { code: 'TELEMETRY_UNAVAILABLE' },
      });
    } finally {
      await demo.close();
    }
  });

  it('reports traffic as unavailable when there is no metrics source at all', async () => {
    const demo = await createDemoBackend({ seed: 4 });
    try {
      const { data, errors } = await ask<Overview>({ ...demo, telemetry: undefined }, '{ meshOverview { clusters traffic { rps } } }');
      expect(data!.meshOverview).toEqual({ clusters: 1, traffic: null });
      expect(errors![0]!.extensions!.code).toBe('TELEMETRY_UNAVAILABLE');
    } finally {
      await demo.close();
    }
  });

  it('refuses a window outside 1..86400 seconds', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const { errors } = await ask(backend, '{ meshOverview(windowSeconds: 0) { clusters } }');
      expect(errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'windowSeconds' } });
    } finally {
      await backend.close();
    }
  });
});

describe('GraphQL mesh overview history on the demo', () => {
  it('counts workloads and services by health per minute and charts the traffic', async () => {
    const backend = await createDemoBackend({ seed: 4, validation: false });
    try {
      const { data, errors } = await ask<{ meshOverview: { history: {
        workloads: Record<'healthy' | 'degraded' | 'failing' | 'unknown', { stepSeconds: number; values: number[] }>;
        services: Record<'healthy' | 'degraded' | 'failing' | 'unknown', { values: number[] }>;
        requestsPerSecond: { values: number[] }; errorRate: { values: (number | null)[] }; p95: { values: (number | null)[] };
      } } }>(backend, `{ meshOverview { history {
        workloads { healthy { stepSeconds values } degraded { values } failing { values } unknown { values } }
        services { healthy { values } degraded { values } failing { values } unknown { values } }
        requestsPerSecond { values } errorRate { values } p95 { values } } } }`);
      expect(errors).toBeUndefined();
      const h = data!.meshOverview.history;
      const model = backend.model();
      expect(h.workloads.healthy.stepSeconds).toBe(60);
      expect(h.workloads.healthy.values).toHaveLength(30);
      // Every step accounts for every workload and every service exactly once.
      h.workloads.healthy.values.forEach((_, i) => {
        expect(h.workloads.healthy.values[i]! + h.workloads.degraded.values[i]! + h.workloads.failing.values[i]! + h.workloads.unknown.values[i]!).toBe(model.workloads.length);
        expect(h.services.healthy.values[i]! + h.services.degraded.values[i]! + h.services.failing.values[i]! + h.services.unknown.values[i]!).toBe(model.services.length);
      });
      expect(h.workloads.healthy.values.at(-1)).toBeGreaterThan(0);
      expect(h.requestsPerSecond.values.at(-1)).toBeGreaterThan(0);
      expect(h.p95.values.at(-1)).toBeGreaterThan(0);
    } finally {
      await backend.close();
    }
  });
});
