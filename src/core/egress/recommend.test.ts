import { describe, expect, it } from 'vitest';
import type { EdgeTraffic, TrafficDestination } from '../traffic/types.js';
import { parseOutboundPolicy, outboundPolicyOf, isActiveControlPlane, withOutboundPolicyOverride } from './outbound-policy.js';
import { normalizeHosts, recommendEgress, sidecarsFor, stableSuffix, workloadSelectorOf, type EgressWorkload } from './recommend.js';
import { parse } from 'yaml';

const NS = 'shop';

function edge(from: string, destination: Partial<TrafficDestination>, traffic: Partial<EdgeTraffic> = {}): EdgeTraffic {
  return {
    source: { cluster: 'c1', namespace: NS, workload: from },
    destination: { cluster: 'c1', namespace: 'unknown', workload: 'unknown', ...destination },
    protocol: 'http', requestsPerSecond: 1, errorRate: 0, bytesPerSecond: 100, connectionsPerSecond: 0, mtls: 'mutual',
    ...traffic,
  };
}

const svc = (name: string, namespace: string): Partial<TrafficDestination> => ({
  namespace, workload: `${name}-v1`, service: { name, namespace, host: `${name}.${namespace}.svc.cluster.local` },
});

const wl = (name: string, labels: Record<string, string>): EgressWorkload => ({ namespace: NS, name, labels });

const WORKLOADS = [
  wl('orders-v1', { app: 'orders', version: 'v1' }),
  wl('quiet', { app: 'quiet' }),
];

const EDGES: EdgeTraffic[] = [
  edge('orders-v1', svc('payments', NS)),
  edge('orders-v1', svc('payments', NS)), // a second edge (other protocol/version) to the same host
  edge('orders-v1', svc('ledger', 'finance')),
  edge('orders-v1', { external: 'api.stripe.com', service: { name: 'api.stripe.com', namespace: 'egress', host: 'api.stripe.com' } }),
  edge('orders-v1', { external: 'maps.example.com' }),
  edge('orders-v1', { external: 'PassthroughCluster', service: { name: 'PassthroughCluster', namespace: 'unknown', host: 'PassthroughCluster' } }),
  edge('orders-v1', svc('idle', NS), { requestsPerSecond: 0, bytesPerSecond: 0, connectionsPerSecond: 0 }),
  // Someone else's traffic, and traffic *into* orders: not orders' egress.
  edge('other', svc('secret', 'vault')),
  { ...edge('payments-v1', svc('orders', NS)) },
];

describe('recommendEgress for a workload', () => {
  const [orders, quiet] = recommendEgress({
    edges: EDGES, workloads: WORKLOADS, namespace: NS, scope: 'workload',
    serviceEntries: [{ namespace: 'mesh-external', hosts: ['*.example.com'] }],
  });

  it('lists the hosts it calls in namespace/host form, the control plane always, sorted', () => {
    expect(orders!.workload).toBe('orders-v1');
    expect(orders!.sidecar).toMatchObject({
      apiVersion: 'networking.istio.io/v1', kind: 'Sidecar',
      metadata: { namespace: NS, name: expect.stringMatching(/^shop-[a-z0-9]{5}$/) },
      spec: { workloadSelector: { labels: { app: 'orders', version: 'v1' } } },
    });
    expect(orders!.sidecar.spec.egress).toEqual([{
      hosts: [
        './payments.shop.svc.cluster.local',
        'egress/api.stripe.com',                    // ServiceEntry host, namespace from the metric
        'finance/ledger.finance.svc.cluster.local',
        'istio-system/*',
        'mesh-external/maps.example.com',           // namespace from the matching ServiceEntry
      ],
    }]);
  });

  it('reports PassthroughCluster instead of listing it, and ignores idle edges', () => {
    expect(orders!.unregistered).toEqual(['PassthroughCluster']);
    expect(JSON.stringify(orders!.sidecar)).not.toContain('Passthrough');
    expect(JSON.stringify(orders!.sidecar)).not.toContain('idle');
  });

  it('keeps only the control-plane namespace for a workload that sends nothing', () => {
    expect(quiet!.sidecar.spec).toEqual({ workloadSelector: { labels: { app: 'quiet' } }, egress: [{ hosts: ['istio-system/*'] }] });
    expect(quiet!.unregistered).toEqual([]);
  });

  it('uses the given control-plane namespace and */host for ServiceEntry hosts of unknown namespace', () => {
    const [r] = recommendEgress({ edges: [edge('quiet', { external: 'db.example.org' })], workloads: [WORKLOADS[1]!], namespace: NS, scope: 'workload', controlPlaneNamespace: 'mesh-cp' });
    expect(r!.sidecar.spec.egress[0]!.hosts).toEqual(['mesh-cp/*', '*/db.example.org']);
  });

  it('is deterministic: same input, same objects; edge order does not matter', () => {
    const again = recommendEgress({ edges: [...EDGES].reverse(), workloads: [...WORKLOADS].reverse(), namespace: NS, scope: 'workload', serviceEntries: [{ namespace: 'mesh-external', hosts: ['*.example.com'] }] });
    expect(again).toEqual([orders, quiet]);
    expect(stableSuffix('shop/orders-v1')).toBe(stableSuffix('shop/orders-v1'));
    expect(stableSuffix('shop/orders-v1')).not.toBe(stableSuffix('shop/quiet'));
  });

  it('reuses the name of an existing Sidecar with the same selector', () => {
    const [r] = recommendEgress({
      edges: EDGES, workloads: [WORKLOADS[0]!], namespace: NS, scope: 'workload',
      existing: [{ namespace: NS, name: 'orders-egress', selector: { version: 'v1', app: 'orders' } }, { namespace: NS, name: 'ns-wide' }],
    });
    expect(r!.sidecar.metadata.name).toBe('orders-egress');
  });
});

describe('recommendEgress for a namespace', () => {
  it('gives one namespace-wide Sidecar allowing the namespaces called (the product\'s form)', () => {
    const recs = recommendEgress({ edges: EDGES, workloads: WORKLOADS, namespace: NS, scope: 'namespace', existing: [{ namespace: NS, name: 'orders-egress', selector: { app: 'orders' } }] });
    expect(recs).toHaveLength(1);
    expect(recs[0]!.workload).toBeUndefined();
    expect(recs[0]!.workloads).toEqual(['orders-v1', 'quiet']);
    expect(recs[0]!.sidecar.spec).toEqual({ egress: [{ hosts: ['./*', 'egress/*', 'finance/*', 'istio-system/*', '*/maps.example.com'] }] });
    expect(recs[0]!.sidecar.metadata.name).toMatch(/^shop-[a-z0-9]{5}$/);
    expect(recs[0]!.unregistered).toEqual(['PassthroughCluster']);
  });

  it('reuses the existing namespace-wide Sidecar', () => {
    const [r] = recommendEgress({ edges: [], workloads: WORKLOADS, namespace: NS, scope: 'namespace', existing: [{ namespace: NS, name: 'default' }] });
    expect(r!.sidecar.metadata.name).toBe('default');
    expect(r!.sidecar.spec.egress).toEqual([{ hosts: ['istio-system/*'] }]);
  });
});

describe('helpers', () => {
  it('selects pods by app and version, else by every template label', () => {
    expect(workloadSelectorOf(wl('a', { app: 'a', version: 'v2', tier: 'web' }))).toEqual({ app: 'a', version: 'v2' });
    expect(workloadSelectorOf(wl('b', { 'app.kubernetes.io/name': 'b', 'app.kubernetes.io/version': '1' }))).toEqual({ 'app.kubernetes.io/name': 'b', 'app.kubernetes.io/version': '1' });
    expect(workloadSelectorOf(wl('c', { tier: 'db', role: 'primary' }))).toEqual({ role: 'primary', tier: 'db' });
  });

  it('lets ns/* swallow the hosts of ns', () => {
    expect(normalizeHosts([{ namespace: 'a', host: 'x.a' }, { namespace: 'a', host: '*' }, { namespace: 'b', host: 'y.b' }], 'b')).toEqual(['./y.b', 'a/*']);
  });

  it('picks the Sidecar Istio uses for a workload', () => {
    const all = [{ name: 'wide' }, { name: 'orders', selector: { app: 'orders' } }];
    expect(sidecarsFor(all, { app: 'orders', version: 'v1' }).map((s) => s.name)).toEqual(['orders']);
    expect(sidecarsFor(all, { app: 'other' }).map((s) => s.name)).toEqual(['wide']);
  });
});

describe('outbound traffic policy', () => {
  it('reads the product\'s words and Istio\'s', () => {
    expect(['restricted', 'REGISTRY_ONLY', 'registry-only'].map(parseOutboundPolicy)).toEqual(['REGISTRY_ONLY', 'REGISTRY_ONLY', 'REGISTRY_ONLY']);
    expect(['allowed', 'ALLOW_ANY', 'Allow_Any'].map(parseOutboundPolicy)).toEqual(['ALLOW_ANY', 'ALLOW_ANY', 'ALLOW_ANY']);
    expect(parseOutboundPolicy('closed')).toBeUndefined();
  });

  it('reads the mode and the active state of an IstioControlPlane', () => {
    const icp = (spec: unknown) => ({ apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane', metadata: { name: 'cp' }, spec });
    expect(outboundPolicyOf(icp({ meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } }))).toBe('REGISTRY_ONLY');
    expect(outboundPolicyOf(icp({ meshConfig: {} }))).toBeUndefined();
    expect(outboundPolicyOf(icp(undefined))).toBeUndefined();
    expect(isActiveControlPlane(icp({ mode: 'PASSIVE' }))).toBe(false);
    expect(isActiveControlPlane(icp({}))).toBe(true);
  });

  it('merges the mode into istioCROverrides, keeping what the user wrote', () => {
    expect(parse(withOutboundPolicyOverride('', 'REGISTRY_ONLY'))).toEqual({ spec: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } });
    const user = 'spec:\n  meshConfig:\n    defaultConfig:\n      proxyMetadata:\n        # DNS proxying\n        ISTIO_META_DNS_CAPTURE: "true"\n';
    const merged = withOutboundPolicyOverride(user, 'ALLOW_ANY');
    expect(merged).toContain('# DNS proxying');
    expect(parse(merged)).toEqual({ spec: { meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } }, outboundTrafficPolicy: { mode: 'ALLOW_ANY' } } } });
    expect(parse(withOutboundPolicyOverride(merged, 'REGISTRY_ONLY')).spec.meshConfig.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
    expect(parse(withOutboundPolicyOverride('spec:\n', 'REGISTRY_ONLY'))).toEqual({ spec: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } });
    expect(() => withOutboundPolicyOverride('- a list', 'ALLOW_ANY')).toThrow(/map/);
    expect(() => withOutboundPolicyOverride('spec: 3', 'ALLOW_ANY')).toThrow(/spec must be a map/);
  });
});
