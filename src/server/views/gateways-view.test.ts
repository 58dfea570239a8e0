import { describe, expect, it } from 'vitest';
import { buildMeshModel, type KubeObject } from '../../core/model/index.js';
import type { EdgeTraffic } from '../../core/traffic/types.js';
import { createDemo } from '../../demo/index.js';
import { boundGateways, buildGateways, describeHttpMatch, gatewayTraffic, httpActions, virtualServiceRoutes } from './gateways-view.js';

const demo = createDemo({ seed: 1, now: () => Date.parse('2025-01-01T00:00:00Z') });
const CLUSTER = demo.clusterName;

function build(extra: KubeObject[] = []) {
  const snapshots = [{ cluster: CLUSTER, objects: [...demo.objects, ...extra] }];
  return buildGateways(buildMeshModel(snapshots), snapshots);
}

const vs = (name: string, spec: Record<string, unknown>, namespace = 'smm-demo'): KubeObject =>
  ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec });

describe('gateways view', () => {
  it('lists the demo ingress gateway with its service, Gateway servers and bound VirtualService', () => {
    const [gw, ...rest] = build();
    expect(rest).toEqual([]);
    expect(gw).toMatchObject({ cluster: CLUSTER, namespace: 'istio-system', name: 'smm-ingressgateway', type: 'ingress', source: 'IstioMeshGateway', serviceType: 'LoadBalancer', status: 'Available', controlPlane: 'istio-system/cp-v115x' });
    expect(gw!.addresses[0]).toMatch(/^203\.0\.113\./);
    expect(gw!.service?.ports.map((p) => p.port)).toEqual([80]);
    expect(gw!.servers.map((s) => [s.gateway.name, s.port, s.protocol, s.hosts])).toEqual([['smm-demo-gateway', 80, 'HTTP', ['*']]]);
    expect(gw!.hosts).toEqual(['*']);
    expect(gw!.virtualServices).toBe(1);
    expect(gw!.routes).toHaveLength(1);
    expect(gw!.routes[0]).toMatchObject({ virtualService: { name: 'frontpage' }, protocol: 'HTTP', match: ['uri prefix /'], destinations: [{ host: 'frontpage.smm-demo.svc.cluster.local', port: 8080 }] });
  });

  it('counts a second VirtualService bound by namespace/name, and not one bound to mesh only', () => {
    const [gw] = build([
      vs('movies-edge', { hosts: ['movies.example.com'], gateways: ['smm-demo/smm-demo-gateway'], http: [{ route: [{ destination: { host: 'movies', subset: 'v1' }, weight: 90 }, { destination: { host: 'movies', subset: 'v2' }, weight: 10 }] }] }),
      vs('internal', { hosts: ['catalog'], gateways: ['mesh'], http: [{ route: [{ destination: { host: 'catalog' } }] }] }),
    ]);
    expect(gw!.virtualServices).toBe(2);
    const split = gw!.routes.find((r) => r.virtualService.name === 'movies-edge')!;
    expect(split.destinations).toEqual([{ host: 'movies', subset: 'v1', weight: 90 }, { host: 'movies', subset: 'v2', weight: 10 }]);
    expect(split.match).toEqual([]);
  });

  it('finds a gateway deployment without an IstioMeshGateway by its labels', () => {
    const withoutCR = demo.objects.filter((o) => o.kind !== 'IstioMeshGateway');
    const snapshots = [{ cluster: CLUSTER, objects: withoutCR }];
    const [gw] = buildGateways(buildMeshModel(snapshots), snapshots);
    expect(gw).toMatchObject({ name: 'smm-ingressgateway', source: 'Workload', type: 'ingress', status: 'Available' });
    expect(gw!.servers).toHaveLength(1);
  });

  it('sums the gateway\'s upstream traffic and weights its error rate by requests', () => {
    const [gw] = build();
    const edge = (workload: string, rps: number, errorRate: number): EdgeTraffic => ({
      source: { cluster: CLUSTER, namespace: 'istio-system', workload }, destination: { cluster: CLUSTER, namespace: 'smm-demo', workload: 'frontpage-v1' },
      protocol: 'http', requestsPerSecond: rps, errorRate, bytesPerSecond: 0, connectionsPerSecond: 0, mtls: 'mutual',
    });
    const t = gatewayTraffic(gw!, [edge('smm-ingressgateway', 3, 0), edge('smm-ingressgateway', 1, 0.4), edge('other', 100, 1)]);
    expect(t.requestsPerSecond).toBe(4);
    expect(t.errorRate).toBeCloseTo(0.1);
    expect(gatewayTraffic(gw!, [])).toEqual({ requestsPerSecond: 0 });
  });
});

describe('route descriptions', () => {
  it('ANDs conditions in one match and names each', () => {
    expect(describeHttpMatch({ uri: { prefix: '/ratings/v2/' }, headers: { 'end-user': { exact: 'jason' } } })).toBe('uri prefix /ratings/v2/ AND header end-user exact jason');
    expect(describeHttpMatch({})).toBe('any request');
  });

  it('lists redirects, rewrites, retries and faults as actions', () => {
    expect(httpActions({ redirect: { uri: '/new' } })).toEqual(['redirect /new']);
    expect(httpActions({ rewrite: { uri: '/v2/' }, timeout: '5s', retries: { attempts: 3, perTryTimeout: '2s' } })).toEqual(['rewrite uri /v2/', 'timeout 5s', 'retries 3 (2s per try)']);
    expect(httpActions({ fault: { abort: { httpStatus: 503, percentage: { value: 10 } } } })).toEqual(['fault: abort 503']);
  });

  it('resolves gateway references in the VirtualService\'s namespace and keeps TLS rules', () => {
    const o = vs('tls', { gateways: ['gw', 'other/gw2', 'mesh'], tls: [{ match: [{ sniHosts: ['a.example.com'], port: 443 }], route: [{ destination: { host: 'a', port: { number: 443 } } }] }] });
    expect([...boundGateways(o)]).toEqual(['smm-demo/gw', 'other/gw2']);
    expect(virtualServiceRoutes('c', o)[0]).toMatchObject({ protocol: 'TLS', match: ['SNI a.example.com AND port 443'], destinations: [{ host: 'a', port: 443 }] });
  });
});
