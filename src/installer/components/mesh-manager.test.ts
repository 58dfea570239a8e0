import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import { meshManager, parseIstioCROverrides } from './mesh-manager.js';
import {
  envOf, findObject, firstContainer, podLabelsOf, presentObjects, servicePortsOf, TEST_IMAGES, testInstallConfig, type DeepPartial,
} from './testing.js';

const REV = 'cp-v115x.istio-system';
const build = (spec: DeepPartial<InstallConfig['spec']> = {}) => meshManager.build(testInstallConfig({ spec }));
const icpSpec = (d: ReturnType<typeof build>) => findObject(d, 'IstioControlPlane', 'cp-v115x', 'istio-system').object['spec'] as Record<string, unknown>;
const meshConfig = (d: ReturnType<typeof build>) =>
  parse((findObject(d, 'ConfigMap', 'istio-cp-v115x', 'istio-system').object['data'] as { mesh: string }).mesh) as {
    defaultConfig: { discoveryAddress: string; proxyMetadata: Record<string, string>; tracing?: { zipkin: { address: string } } };
    enableTracing: boolean; rootNamespace: string;
  };
interface Webhook {
  name: string; failurePolicy: string;
  clientConfig: { service: { name: string; namespace: string; path: string; port: number } };
  namespaceSelector?: { matchExpressions: { key: string; operator: string; values?: string[] }[] };
  objectSelector?: { matchExpressions: { key: string; operator: string; values?: string[] }[] };
}
const webhooks = (o: KubeObject) => o['webhooks'] as Webhook[];

describe('meshManager: CRDs and the IstioControlPlane', () => {
  const desired = build();

  it('installs the IstioControlPlane and IstioMeshGateway CRDs with status and printer columns', () => {
    for (const plural of ['istiocontrolplanes', 'istiomeshgateways']) {
      const spec = findObject(desired, 'CustomResourceDefinition', `${plural}.servicemesh.cisco.com`).object['spec'] as {
        scope: string; versions: { name: string; subresources?: unknown; additionalPrinterColumns: { name: string }[] }[];
      };
      expect(spec.scope).toBe('Namespaced');
      expect(spec.versions[0]!.name).toBe('v1alpha1');
      expect(spec.versions[0]!.subresources).toEqual({ status: {} });
    }
    const icp = findObject(desired, 'CustomResourceDefinition', 'istiocontrolplanes.servicemesh.cisco.com').object['spec'] as { versions: { additionalPrinterColumns: { name: string }[] }[] };
    expect(icp.versions[0]!.additionalPrinterColumns.map((c) => c.name)).toEqual(expect.arrayContaining(['Mode', 'Network', 'Status']));
  });

  it("installs Istio's own CRDs (istiod watches them)", () => {
    for (const name of ['virtualservices.networking.istio.io', 'peerauthentications.security.istio.io', 'telemetries.telemetry.istio.io']) {
      expect(findObject(desired, 'CustomResourceDefinition', name).state).toBe('present');
    }
  });

  it('records the control plane as the IstioControlPlane CR', () => {
    expect(icpSpec(desired)).toMatchObject({ version: '1.15.3', mode: 'ACTIVE', meshID: 'mesh1', networkName: 'network1', distribution: 'cisco' });
    expect(icpSpec(build({ role: 'passive', clusterName: 'workload-2' }))).toMatchObject({ mode: 'PASSIVE', networkName: 'workload-2' });
  });

  it('merges istioCROverrides into the CR and into the running mesh config', () => {
    const overrides = 'spec:\n  meshConfig:\n    defaultConfig:\n      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: "true"\n';
    const d = build({ meshManager: { istio: { istioCROverrides: overrides } } });
    expect((icpSpec(d)['meshConfig'] as { defaultConfig: { proxyMetadata: Record<string, string> } }).defaultConfig.proxyMetadata)
      .toMatchObject({ ISTIO_META_DNS_CAPTURE: 'true', PROXY_CONFIG_XDS_AGENT: 'true' });
    expect(meshConfig(d).defaultConfig.proxyMetadata['ISTIO_META_DNS_CAPTURE']).toBe('true');
  });

  it('keeps the managed version against istioCROverrides, with a warning', () => {
    const c = testInstallConfig({ spec: { meshManager: { istio: { istioCROverrides: 'spec:\n  version: 1.99.0\n' } } } });
    expect(icpSpec(meshManager.build(c))['version']).toBe('1.15.3');
    expect(meshManager.warnings!(c).join('\n')).toMatch(/istioCROverrides: spec\.version is managed/);
  });

  it('refuses istioCROverrides that are not YAML or not a spec, naming the field', () => {
    const bad = testInstallConfig({ spec: { meshManager: { istio: { istioCROverrides: 'spec: [unclosed' } } } });
    expect(() => meshManager.build(bad)).toThrow(/spec\.meshManager\.istio\.istioCROverrides: not valid YAML/);
    expect(meshManager.warnings!(bad).join()).toMatch(/not valid YAML/);
    expect(parseIstioCROverrides('kind: Foo').errors[0]).toMatch(/only spec and metadata/);
    expect(parseIstioCROverrides('- a').errors[0]).toMatch(/must be a YAML map/);
    expect(parseIstioCROverrides('   ')).toEqual({ overrides: {}, errors: [] });
  });
});

describe('meshManager: istiod', () => {
  const desired = build();

  it('runs istiod-<name> with the pilot image, the revision labels and its ports', () => {
    const d = findObject(desired, 'Deployment', 'istiod-cp-v115x', 'istio-system');
    expect(podLabelsOf(d.object)).toMatchObject({ app: 'istiod', 'istio.io/rev': REV });
    const c = firstContainer(d.object);
    expect(c.image).toBe(TEST_IMAGES.pilot);
    expect(c.ports?.map((p) => p.containerPort).sort((a, b) => a - b)).toEqual([8080, 15010, 15012, 15014, 15017]);
    expect(envOf(c)).toMatchObject({
      REVISION: REV, CLUSTER_ID: 'primary', ISTIO_MULTIROOT_MESH: 'true', ISTIOD_CUSTOM_HOST: 'istiod-cp-v115x.istio-system.svc',
      INJECTION_WEBHOOK_CONFIG_NAME: 'istio-sidecar-injector-cp-v115x', VALIDATION_WEBHOOK_CONFIG_NAME: 'istio-validator-cp-v115x',
    });
  });

  it('exposes istiod on 15010, 15012, 443→15017 and 15014', () => {
    const ports = servicePortsOf(findObject(desired, 'Service', 'istiod-cp-v115x', 'istio-system').object);
    expect(ports.map((p) => [p.port, p.targetPort])).toEqual([[15010, 15010], [15012, 15012], [443, 15017], [15014, 15014]]);
  });

  it('writes the mesh config (YAML under `mesh`) pointing proxies at this istiod and at smm-zipkin', () => {
    const mesh = meshConfig(desired);
    expect(mesh.rootNamespace).toBe('istio-system');
    expect(mesh.defaultConfig.discoveryAddress).toBe('istiod-cp-v115x.istio-system.svc:15012');
    expect(mesh.defaultConfig.tracing?.zipkin.address).toBe('smm-zipkin.smm-system.svc.cluster.local:59411');
    expect(meshConfig(build({ smm: { tracing: { enabled: false } } })).enableTracing).toBe(false);
  });

  it('writes the injector config (templates) and values (JSON with the proxy image)', () => {
    const data = findObject(desired, 'ConfigMap', 'istio-sidecar-injector-cp-v115x', 'istio-system').object['data'] as { config: string; values: string };
    const config = parse(data.config) as { defaultTemplates: string[]; templates: { sidecar: string } };
    expect(config.defaultTemplates).toEqual(['sidecar']);
    expect(config.templates.sidecar).toContain('name: istio-proxy');
    expect(config.templates.sidecar).toContain('http-envoy-prom');
    const values = JSON.parse(data.values) as { revision: string; global: { proxy: { image: string } } };
    expect(values).toMatchObject({ revision: REV, global: { proxy: { image: TEST_IMAGES.proxyv2 } } });
  });

  it('injects by revision label, through istiod-<name>/inject, with the configured failure policy', () => {
    const mwc = findObject(desired, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-cp-v115x').object;
    const [byNamespace, byObject] = webhooks(mwc);
    expect(byNamespace!.namespaceSelector!.matchExpressions).toContainEqual({ key: 'istio.io/rev', operator: 'In', values: [REV] });
    expect(byNamespace!.objectSelector!.matchExpressions).toContainEqual({ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] });
    expect(byObject!.objectSelector!.matchExpressions).toContainEqual({ key: 'istio.io/rev', operator: 'In', values: [REV] });
    for (const w of webhooks(mwc)) {
      expect(w.clientConfig.service).toEqual({ name: 'istiod-cp-v115x', namespace: 'istio-system', path: '/inject', port: 443 });
      expect(w.failurePolicy).toBe('Fail');
    }
    const ignore = findObject(build({ meshManager: { istio: { sidecarInjectorFailurePolicy: 'Ignore' } } }), 'MutatingWebhookConfiguration', 'istio-sidecar-injector-cp-v115x');
    expect(webhooks(ignore.object).map((w) => w.failurePolicy)).toEqual(['Ignore', 'Ignore']);
  });

  it('validates Istio config of its revision, starting with failurePolicy Ignore', () => {
    const [w] = webhooks(findObject(desired, 'ValidatingWebhookConfiguration', 'istio-validator-cp-v115x').object);
    expect(w).toMatchObject({ failurePolicy: 'Ignore', clientConfig: { service: { name: 'istiod-cp-v115x', path: '/validate' } } });
  });

  it('adds a PodDisruptionBudget only when istiod is replicated', () => {
    expect(findObject(desired, 'PodDisruptionBudget', 'istiod-cp-v115x').state).toBe('absent');
    const ha = build({ smm: { highAvailability: { enabled: true } } });
    expect(findObject(ha, 'PodDisruptionBudget', 'istiod-cp-v115x').state).toBe('present');
    expect((findObject(ha, 'Deployment', 'istiod-cp-v115x').object['spec'] as { replicas: number }).replicas).toBe(2);
  });

  it('takes valuesOverride for istiod, but not for the managed failure policy', () => {
    const c = testInstallConfig({ spec: { meshManager: { valuesOverride: { istiod: { logLevel: 'default:debug' }, sidecarInjector: { failurePolicy: 'Ignore' } } } } });
    const d = meshManager.build(c);
    expect(firstContainer(findObject(d, 'Deployment', 'istiod-cp-v115x').object).args).toContain('--log_output_level=default:debug');
    expect(webhooks(findObject(d, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-cp-v115x').object)[0]!.failurePolicy).toBe('Fail');
    expect(meshManager.warnings!(c)).toEqual(['spec.meshManager.valuesOverride.sidecarInjector.failurePolicy is managed by smm; using "Fail"']);
  });

  it('follows a custom Istio namespace and revision', () => {
    const c = testInstallConfig({ istio: { name: 'cp-v124x', namespace: 'mesh', revision: 'cp-v124x.mesh', version: '1.24.3' } });
    const objects = presentObjects(meshManager.build(c));
    expect(objects.filter((o) => o.metadata.namespace).every((o) => o.metadata.namespace === 'mesh')).toBe(true);
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining(['mesh', 'istiod-cp-v124x', 'istio-cp-v124x', 'istio-sidecar-injector-cp-v124x', 'cp-v124x']));
  });
});
