import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDemo } from '../../demo/index.js';
import { parseIstioCROverrides } from '../../installer/components/mesh-manager.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { Resources } from '../../kube/resources.js';
import { resetDemoCluster } from '../mesh-session.js';
import { describeOutboundPolicy, readOutboundPolicy, setOutboundPolicy, type OutboundPolicyState } from './istio.js';
import { run } from '../testing.js';

beforeEach(() => resetDemoCluster());

describe('smm istio outbound-traffic-policy on the demo', () => {
  it('gets, sets and gets again, with the manual\'s sentences', async () => {
    expect(await run('istio', 'outbound-traffic-policy', '--demo')).toEqual({ code: 0, out: 'mesh wide outbound traffic policy is not found\n', err: '' });
    expect(await run('istio', 'outbound-traffic-policy', 'restricted', '--demo')).toEqual({ code: 0, out: 'mesh wide outbound traffic policy is set to \'REGISTRY_ONLY\'\n', err: '' });
    expect((await run('istio', 'outbound-traffic-policy', '--demo')).out).toBe('mesh wide outbound traffic policy is set to \'REGISTRY_ONLY\'\n');
    expect((await run('istio', 'outbound-traffic-policy', 'allowed', '--demo')).out).toBe('mesh wide outbound traffic policy is set to \'ALLOW_ANY\'\n');
    expect((await run('istio', 'outbound-traffic-policy', 'REGISTRY_ONLY', '--demo')).out).toBe('mesh wide outbound traffic policy is set to \'REGISTRY_ONLY\'\n');
    const state = JSON.parse((await run('istio', 'outbound-traffic-policy', '--demo', '-o', 'json')).out) as OutboundPolicyState;
    expect(state).toEqual({ mode: 'REGISTRY_ONLY', effective: 'REGISTRY_ONLY', controlPlanes: [{ namespace: 'istio-system', name: 'cp-v115x', mode: 'REGISTRY_ONLY' }] });
  });

  it('reports the default with -o yaml when nothing is set', async () => {
    expect(parse((await run('istio', 'outbound-traffic-policy', '--demo', '-o', 'yaml')).out)).toMatchObject({ mode: null, effective: 'ALLOW_ANY' });
  });

  it('refuses an unknown mode with exit 2 and changes nothing', async () => {
    const bad = await run('istio', 'outbound-traffic-policy', 'closed', '--demo');
    expect(bad).toMatchObject({ code: 2, err: 'smm: unknown outbound traffic policy "closed": use one of restricted, allowed, REGISTRY_ONLY, ALLOW_ANY\n' });
    expect((await run('istio', 'outbound-traffic-policy', '--demo')).out).toBe('mesh wide outbound traffic policy is not found\n');
    expect((await run('istio', 'outbound-traffic-policy', 'a', 'b', '--demo')).code).toBe(2);
  });

  it('documents the modes with examples', async () => {
    const help = (await run('istio', 'outbound-traffic-policy', '--help')).out;
    expect(help).toContain('restricted (REGISTRY_ONLY)');
    expect(help).toContain('smm istio outbound-traffic-policy restricted');
  });
});

describe('outbound traffic policy on a cluster (MemoryCluster)', () => {
  function cluster(extra: Parameters<MemoryCluster['load']>[0] = []) {
    const demo = createDemo({ seed: 1 });
    const c = new MemoryCluster({ name: demo.clusterName });
    c.load([...demo.objects, ...extra]);
    return c.port();
  }

  it('also records the mode in the ControlPlane\'s istioCROverrides, keeping the user\'s overrides', async () => {
    const overrides = 'spec:\n  meshConfig:\n    defaultConfig:\n      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: "true"\n';
    const port = cluster([{ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec: { meshManager: { enabled: true, istio: { istioCROverrides: overrides } } } }]);
    const change = await setOutboundPolicy(port, 'REGISTRY_ONLY');
    expect(change.controlPlaneResources).toEqual(['smm']);
    const cp = await port.get(Resources.ControlPlane, 'smm');
    const text = ((cp['spec'] as { meshManager: { istio: { istioCROverrides: string } } }).meshManager.istio.istioCROverrides);
    // What the installer merges into the IstioControlPlane on its next reconcile.
    expect(parseIstioCROverrides(text)).toEqual({
      errors: [],
      overrides: { spec: { meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } }, outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } },
    });
    const icp = await port.get(Resources.IstioControlPlane, 'cp-v115x', 'istio-system');
    expect(icp['spec']).toMatchObject({ meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' }, trustDomain: 'cluster.local' } });
    expect(icp.metadata.managedFields?.some((m) => m.manager === 'smm' && m.operation === 'Apply')).toBe(true);
    expect((await readOutboundPolicy(port)).mode).toBe('REGISTRY_ONLY');
  });

  it('sets every active control plane, skips passive ones, and says when they disagree', async () => {
    const port = cluster([
      { apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane', metadata: { name: 'cp-v117x', namespace: 'istio-system' }, spec: { mode: 'ACTIVE', meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } },
      { apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane', metadata: { name: 'remote', namespace: 'istio-system' }, spec: { mode: 'PASSIVE' } },
    ]);
    const before = await readOutboundPolicy(port);
    expect(before).toMatchObject({ mode: null, effective: null });
    expect(before.controlPlanes.map((c) => c.name)).toEqual(['cp-v115x', 'cp-v117x']);
    expect(describeOutboundPolicy(before)).toBe(
      'mesh wide outbound traffic policy is not found (istio-system/cp-v115x)\nmesh wide outbound traffic policy is set to \'REGISTRY_ONLY\' (istio-system/cp-v117x)\n');
    const after = await setOutboundPolicy(port, 'ALLOW_ANY');
    expect(after).toMatchObject({ mode: 'ALLOW_ANY', effective: 'ALLOW_ANY', controlPlaneResources: [] });
    const passive = await port.get(Resources.IstioControlPlane, 'remote', 'istio-system');
    expect(passive['spec']).toEqual({ mode: 'PASSIVE' });
  });

  it('fails with exit 1 without an IstioControlPlane', async () => {
    const port = new MemoryCluster({ name: 'empty' }).port();
    await expect(readOutboundPolicy(port)).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('no active IstioControlPlane') });
    await expect(setOutboundPolicy(port, 'REGISTRY_ONLY')).rejects.toMatchObject({ exitCode: 1 });
  });
});
