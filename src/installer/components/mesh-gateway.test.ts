import { describe, expect, it } from 'vitest';
import type { InstallConfig } from '../api/types.js';
import { meshGateway } from './mesh-gateway.js';
import { findObject, firstContainer, podLabelsOf, servicePortsOf, TEST_IMAGES, testInstallConfig, type DeepPartial } from './testing.js';

const build = (spec: DeepPartial<InstallConfig['spec']> = {}) => meshGateway.build(testInstallConfig({ spec }));

describe('meshGateway', () => {
  const desired = build();

  it('records smm-ingressgateway as an IstioMeshGateway of this control plane', () => {
    const cr = findObject(desired, 'IstioMeshGateway', 'smm-ingressgateway', 'smm-system');
    expect(cr.object.apiVersion).toBe('servicemesh.cisco.com/v1alpha1');
    expect(cr.object['spec']).toMatchObject({ type: 'ingress', istioControlPlane: { name: 'cp-v115x', namespace: 'istio-system' } });
  });

  it('runs the gateway proxy (proxyv2, proxy router) with its labels, outside injection', () => {
    const d = findObject(desired, 'Deployment', 'smm-ingressgateway', 'smm-system');
    expect(podLabelsOf(d.object)).toMatchObject({
      app: 'smm-ingressgateway', istio: 'ingressgateway', 'istio.io/rev': 'cp-v115x.istio-system', 'sidecar.istio.io/inject': 'false',
    });
    const c = firstContainer(d.object);
    expect(c.name).toBe('istio-proxy');
    expect(c.image).toBe(TEST_IMAGES.proxyv2);
    expect(c.args?.slice(0, 2)).toEqual(['proxy', 'router']);
    expect(c.ports?.find((p) => p.name === 'http-envoy-prom')?.containerPort).toBe(15090);
    findObject(desired, 'ServiceAccount', 'smm-ingressgateway-service-account', 'smm-system');
  });

  it('serves 80 and 443; exposes 80 through a LoadBalancer only when the dashboard is exposed', () => {
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-ingressgateway').object).map((p) => p.port)).toEqual([80, 443]);
    expect(findObject(desired, 'Service', 'smm-ingressgateway-external').state).toBe('absent');
    const exposed = findObject(build({ smm: { exposeDashboard: { meshGateway: { enabled: true } } } }), 'Service', 'smm-ingressgateway-external');
    expect(exposed.state).toBe('present');
    expect(exposed.object['spec']).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 80, targetPort: 8080 }] });
  });

  it('routes the gateway to the smm server while it runs', () => {
    const vs = findObject(desired, 'VirtualService', 'smm-dashboard', 'smm-system');
    expect(JSON.stringify(vs.object['spec'])).toContain('"host":"smm.smm-system.svc.cluster.local","port":{"number":50500}');
    expect(findObject(build({ smm: { application: { enabled: false } } }), 'VirtualService', 'smm-dashboard').state).toBe('absent');
  });

  it('needs the mesh manager (its CRD and istiod)', () => {
    expect(meshGateway.enabled(testInstallConfig({ spec: { meshManager: { istio: { enabled: false } } } }))).toBe(false);
  });
});
