import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { ask } from './testing.js';

const GATEWAYS = /* GraphQL */ `query {
  gateways { cluster namespace name type source serviceType addresses status controlPlane ports { port protocol } hosts routeCount
    requestsPerSecond errorRate servers { gatewayName port protocol hosts tlsMode gatewayYaml } routes { virtualServiceName protocol match destinations { host port weight } actions }
    workload { name } service { name type } meshGatewayYaml }
}`;

interface Answer {
  gateways: {
    name: string; type: string; source: string; serviceType: string; addresses: string[]; status: string; controlPlane: string; ports: { port: number; protocol: string }[];
    hosts: string[]; routeCount: number; requestsPerSecond: number | null; errorRate: number | null;
    servers: { gatewayName: string; port: number; protocol: string; hosts: string[]; gatewayYaml: string }[];
    routes: { virtualServiceName: string; protocol: string; match: string[]; destinations: { host: string; port: number }[] }[];
    workload: { name: string } | null; service: { name: string; type: string } | null; meshGatewayYaml: string | null;
  }[];
}

describe('gateways through GraphQL (demo)', () => {
  let backend: DemoBackend;
  beforeAll(async () => {
    backend = await createDemoBackend({ validation: false });
  });
  afterAll(() => backend.close());

  it('lists the demo ingress gateway with ports, hosts, routes and traffic', async () => {
    const r = await ask<Answer>(backend, GATEWAYS);
    expect(r.errors).toBeUndefined();
    const [gw] = r.data!.gateways;
    expect(gw).toMatchObject({
      name: 'smm-ingressgateway', type: 'ingress', source: 'IstioMeshGateway', serviceType: 'LoadBalancer', status: 'Available',
      controlPlane: 'istio-system/cp-v115x', ports: [{ port: 80, protocol: 'HTTP2' }], hosts: ['*'], routeCount: 1,
      workload: { name: 'smm-ingressgateway' }, service: { name: 'smm-ingressgateway', type: 'LoadBalancer' },
    });
    expect(gw!.servers[0]).toMatchObject({ gatewayName: 'smm-demo-gateway', port: 80, protocol: 'HTTP', hosts: ['*'] });
    expect(gw!.servers[0]!.gatewayYaml).toContain('kind: Gateway');
    expect(gw!.routes[0]).toMatchObject({ virtualServiceName: 'frontpage', protocol: 'HTTP', match: ['uri prefix /'] });
    expect(gw!.meshGatewayYaml).toContain('kind: IstioMeshGateway');
    expect(gw!.requestsPerSecond).toBeGreaterThan(0);
  });

  it('reads one gateway, its upstream series, and null for an unknown one', async () => {
    const r = await ask<{ gateway: { name: string; metrics: { requestsPerSecond: { values: (number | null)[] } } } | null; none: null }>(backend, /* GraphQL */ `query {
      gateway(namespace: "istio-system", name: "smm-ingressgateway") { name metrics { requestsPerSecond { values } } }
      none: gateway(namespace: "istio-system", name: "nope") { name }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.gateway!.name).toBe('smm-ingressgateway');
    expect(r.data!.gateway!.metrics.requestsPerSecond.values!.length).toBeGreaterThan(0);
    expect(r.data!.none).toBeNull();
  });

  it('serves a kind\'s schema as a field tree for the editor', async () => {
    const r = await ask<{ istioSchema: { kind: string; root: { fields: Record<string, { fields?: Record<string, unknown> }> } } | null; none: null }>(backend, /* GraphQL */ `query {
      istioSchema(kind: "VirtualService") { kind version root }
      none: istioSchema(kind: "Deployment") { kind }
    }`);
    expect(r.data!.istioSchema!.kind).toBe('VirtualService');
    expect(Object.keys(r.data!.istioSchema!.root.fields['spec']!.fields!)).toContain('http');
    expect(r.data!.none).toBeNull();
  });
});
