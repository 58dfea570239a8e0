import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { controlPlaneMeshSettings, proxyNamespaces, sumProxyResources, sumSeries } from './control-plane-view.js';

describe('sums of proxy resource series', () => {
  it('adds point-wise and keeps a point null only where every series is', () => {
    const s = sumSeries([
      { startMs: 0, stepMs: 1000, values: [1, null, null, 2] },
      { startMs: 0, stepMs: 1000, values: [2, 3, null, Number.NaN] },
    ]);
    expect(s).toEqual({ startMs: 0, stepMs: 1000, values: [3, 3, null, 2] });
    expect(sumSeries([])).toBeUndefined();
  });

  it('is null when no namespace had data', () => {
    expect(sumProxyResources([null, null])).toBeNull();
    const one = { cpuCores: { startMs: 0, stepMs: 1, values: [0.5] }, memoryBytes: { startMs: 0, stepMs: 1, values: [10] } };
    expect(sumProxyResources([one, null, one])).toEqual({ cpuCores: { startMs: 0, stepMs: 1, values: [1] }, memoryBytes: { startMs: 0, stepMs: 1, values: [20] } });
  });
});

describe('control planes on the demo', () => {
  it("reads the mesh settings from the IstioControlPlane's meshConfig when there is no mesh ConfigMap", async () => {
    const backend = await createDemoBackend({ seed: 1, validation: false });
    try {
      const cp = backend.model().controlPlanes[0]!;
      expect(cp.meshConfig).toMatchObject({ trustDomain: 'cluster.local' });
      expect(await controlPlaneMeshSettings(backend, cp)).toEqual({
        rootNamespace: 'istio-system', trustDomains: ['cluster.local'], autoMtls: true, outboundTrafficPolicy: 'ALLOW_ANY', source: 'IstioControlPlane',
      });
    } finally {
      await backend.close();
    }
  });

  it('prefers the mesh ConfigMap istiod runs with', async () => {
    const backend = await createDemoBackend({ seed: 1, validation: false });
    try {
      backend.cluster.load([{
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-cp-v115x', namespace: 'istio-system' },
        data: { mesh: 'trustDomain: corp.example\ntrustDomainAliases: [old.example]\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n' },
      } as never]);
      const cp = backend.model().controlPlanes[0]!;
      expect(await controlPlaneMeshSettings(backend, cp)).toMatchObject({
        trustDomains: ['corp.example', 'old.example'], outboundTrafficPolicy: 'REGISTRY_ONLY', source: 'ConfigMap',
      });
    } finally {
      await backend.close();
    }
  });

  it('finds the namespaces that run proxies of a control plane', async () => {
    const backend = await createDemoBackend({ seed: 1, validation: false });
    try {
      const model = backend.model();
      const cp = model.controlPlanes[0]!;
      expect(proxyNamespaces(model, { cluster: cp.cluster, revision: cp.revision }).map((n) => n.namespace)).toContain('smm-demo');
      expect(proxyNamespaces(model, { cluster: 'other' })).toEqual([]);
      expect(proxyNamespaces(model, { cluster: cp.cluster, revision: 'no-such-revision' })).toEqual([]);
    } finally {
      await backend.close();
    }
  });
});
