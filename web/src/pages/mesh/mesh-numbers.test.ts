import { describe, expect, it } from 'vitest';
import type { Proxy } from './api';
import { configObject, controlPlanePath, latest, notRunning, proxiesOf, proxyVersions } from './mesh-numbers';

const proxy = (pod: string, over: Partial<Proxy> = {}): Proxy => ({
  cluster: 'c1', namespace: 'shop', pod, version: '1.15.3', revision: 'cp-v115x.istio-system', ready: true, phase: 'Running', syncState: 'UNKNOWN',
  workload: { kind: 'Deployment', name: pod }, controlPlane: { name: 'cp-v115x', namespace: 'istio-system' }, ...over,
});

describe('mesh numbers', () => {
  it('takes the last value a series has', () => {
    expect(latest({ start: '', stepSeconds: 60, values: [1, 2, null] })).toBe(2);
    expect(latest({ start: '', stepSeconds: 60, values: [null] })).toBeNull();
    expect(latest(null)).toBeNull();
  });

  it('counts a proxy as not running when its pod is not Running or its container not ready', () => {
    const out = notRunning([proxy('a'), proxy('b', { ready: false }), proxy('c', { phase: 'Pending', ready: false }), proxy('d', { phase: 'Failed' })]);
    expect(out.map((p) => p.pod)).toEqual(['b', 'c', 'd']);
  });

  it('groups proxies by version, most used first', () => {
    expect(proxyVersions([proxy('a'), proxy('b', { version: '1.14.1' }), proxy('c'), proxy('d', { version: null })])).toEqual([
      { version: '1.15.3', count: 2 }, { version: '1.14.1', count: 1 }, { version: 'unknown', count: 1 },
    ]);
  });

  it("finds a control plane's proxies in its cluster", () => {
    const cp = { cluster: 'c1', namespace: 'istio-system', name: 'cp-v115x' };
    expect(proxiesOf(cp, [proxy('a'), proxy('b', { cluster: 'c2' }), proxy('c', { controlPlane: null })]).map((p) => p.pod)).toEqual(['a']);
  });

  it('links a control plane and names the object of its CONFIG', () => {
    expect(controlPlanePath({ cluster: 'demo cluster', namespace: 'istio-system', name: 'cp-v115x' }, 'proxies')).toBe('/mesh/controlplanes/demo%20cluster/istio-system/cp-v115x?tab=proxies');
    expect(configObject({ cluster: 'c', namespace: 'istio-system', name: 'cp-v115x', source: 'IstioControlPlane' }).kind).toBe('IstioControlPlane');
    expect(configObject({ cluster: 'c', namespace: 'istio-system', name: 'istiod', source: 'istiod' })).toMatchObject({ kind: 'Deployment', group: 'apps' });
  });
});
