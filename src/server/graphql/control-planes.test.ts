import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { ask } from './testing.js';

interface Answer {
  controlPlanes: {
    name: string; namespace: string; cluster: string; revision: string;
    meshSettings: { rootNamespace: string; trustDomains: string[]; autoMtls: boolean; outboundTrafficPolicy: string; source: string };
    validationCounts: { error: number; warning: number; info: number; total: number } | null;
    proxyResources: { cpuCores: { values: (number | null)[] }; memoryBytes: { values: (number | null)[] } } | null;
  }[];
  proxies: { pod: string; ready: boolean; phase: string }[];
  meshProxyResources: { cpuCores: { values: (number | null)[] } } | null;
  missing: unknown;
}

const QUERY = /* GraphQL */ `{
  controlPlanes {
    name namespace cluster revision
    meshSettings { rootNamespace trustDomains autoMtls outboundTrafficPolicy source }
    validationCounts { error warning info total }
    proxyResources(stepSeconds: 60) { cpuCores { values } memoryBytes { values } }
  }
  proxies { pod ready phase }
  meshProxyResources(stepSeconds: 60) { cpuCores { values } }
  missing: controlPlane(namespace: "istio-system", name: "nope") { name }
}`;

describe('GraphQL control planes on the demo with issues', () => {
  let backend: DemoBackend;
  beforeAll(async () => { backend = await createDemoBackend({ seed: 3, withIssues: true }); });
  afterAll(async () => { await backend.close(); });

  it('shows mesh settings, validation counts and sidecar resources', async () => {
    const { data, errors } = await ask<Answer>(backend, QUERY);
    expect(errors).toBeUndefined();
    const [cp] = data!.controlPlanes;
    expect(cp!.meshSettings).toEqual({ rootNamespace: 'istio-system', trustDomains: ['cluster.local'], autoMtls: true, outboundTrafficPolicy: 'ALLOW_ANY', source: 'IstioControlPlane' });
    // The seeded mistakes include errors in namespaces this control plane serves.
    const findings = backend.validation!.findings().filter((f) => f.istioRevision === cp!.revision);
    expect(cp!.validationCounts!.total).toBe(findings.length);
    expect(cp!.validationCounts!.error).toBe(findings.filter((f) => f.severity === 'error').length);
    expect(cp!.validationCounts!.error).toBeGreaterThan(0);
    // 30 minutes at 60 s steps, with demo data in every step.
    expect(cp!.proxyResources!.cpuCores.values).toHaveLength(30);
    expect(cp!.proxyResources!.memoryBytes.values.every((v) => v !== null && v > 0)).toBe(true);
    expect(data!.meshProxyResources!.cpuCores.values.at(-1)).toBeGreaterThan(0);
    expect(data!.missing).toBeNull();
  });

  it('finds one control plane by its location', async () => {
    const { data } = await ask<{ controlPlane: { name: string; version: string } | null }>(backend, `{ controlPlane(namespace: "istio-system", name: "cp-v115x") { name version } }`);
    expect(data!.controlPlane).toMatchObject({ name: 'cp-v115x' });
  });

  it('says whether each proxy is ready', async () => {
    const { data } = await ask<Answer>(backend, '{ proxies { pod ready phase } }');
    const model = backend.model();
    for (const p of data!.proxies) {
      const pod = model.pods.find((x) => x.name === p.pod)!;
      expect(p.ready).toBe(pod.sidecar!.ready);
      expect(p.phase).toBe(pod.phase);
    }
    expect(data!.proxies.some((p) => p.ready)).toBe(true);
  });
});
