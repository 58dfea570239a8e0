import { describe, expect, it } from 'vitest';
import { SMM_VERSION } from '../../version.js';
import {
  DEFAULT_CLUSTER_NAME, defaultControlPlane, imageOf, overrideRepository, resolveInstallConfig, resolveSpec, upstreamImages,
} from './defaults.js';
import { ControlPlaneValidationError, parseControlPlane } from './schema.js';
import { IMAGE_NAMES, type ControlPlane, type ControlPlaneSpec } from './types.js';

const cp = (spec: ControlPlaneSpec): ControlPlane => ({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec });

describe('resolveInstallConfig: an active cluster (the default)', () => {
  const config = resolveInstallConfig(cp({ clusterName: 'c1' }));
  const { spec } = config;

  it('fills the namespaces', () => {
    expect([spec.certManager.namespace, spec.clusterRegistry.namespace, spec.meshManager.namespace, spec.smm.namespace, spec.registryAccess.namespace, config.istio.namespace])
      .toEqual(['cert-manager', 'cluster-registry', 'smm-system', 'smm-system', 'smm-registry-access', 'istio-system']);
    expect([spec.nodeExporter.namespace, spec.smm.prometheus.namespace, spec.smm.grafana.namespace, spec.smm.tracing.namespace, spec.meshManager.istio.operators.namespace])
      .toEqual(['smm-system', 'smm-system', 'smm-system', 'smm-system', 'smm-system']);
  });

  it('installs upstream Istio 1.24.3 as cp-v124x, and smm uses its revision', () => {
    expect(config.istio).toEqual({ version: '1.24.3', name: 'cp-v124x', namespace: 'istio-system', revision: 'cp-v124x.istio-system' });
    expect(spec.meshManager.istio.istioCRRef).toEqual({ name: 'cp-v124x', namespace: 'istio-system' });
    expect(spec.smm.istio.revision).toBe('cp-v124x.istio-system');
    expect(spec.meshManager.istio.sidecarInjectorFailurePolicy).toBe('Fail');
  });

  it('has the product\'s settings', () => {
    expect(config.name).toBe('smm');
    expect(spec.clusterName).toBe('c1');
    expect(spec.role).toBe('active');
    expect(spec.smm.role).toBe('active');
    expect(spec.platform).toBe('');
    expect(spec.nodeExporter).toEqual({ enabled: true, namespace: 'smm-system', psp: { enabled: false }, rbac: { enabled: true }, port: 19101 });
    expect(spec.smm.prometheus).toEqual({ enabled: true, namespace: 'smm-system', replicas: 1, retentionTime: '6h' });
    expect(spec.smm.highAvailability).toEqual({ enabled: false, replicas: 1 });
    expect(spec.smm.auth).toEqual({ mode: 'impersonation', forceUnsecureCookies: false });
    expect(spec.smm.federationGateway).toEqual({ enabled: true, name: 'smm', service: { enabled: true, name: 'smm-federation-gateway', port: 80 } });
    expect(spec.smm.exposeDashboard.meshGateway.enabled).toBe(false);
    expect(spec.smm.useIstioResources).toBe(true);
    expect(spec.log.level).toBe('info');
    expect(spec.smm.als.log.level).toBe('info');
  });

  it('enables every component of an active cluster', () => {
    const s = spec.smm;
    expect([spec.certManager, spec.clusterRegistry, spec.meshManager, spec.meshManager.istio, spec.nodeExporter, s, s.als, s.application, s.certManager, s.federationGateway,
      s.federationGatewayOperator, s.impersonation, s.leo, s.prometheus, s.grafana, s.tracing, s.kubestatemetrics, s.web, s.sre].every((c) => c.enabled)).toBe(true);
    expect(s.sdm.enabled).toBe(false);
    // No pull secrets, so no pull-secret controller: the upstream images are public.
    expect(spec.registryAccess).toEqual({ enabled: false, namespace: 'smm-registry-access', imagePullSecretsController: {}, pullSecrets: [] });
  });

  it('leaves resources, valuesOverride and repositoryOverride out when not set', () => {
    expect(spec.smm.grafana).toEqual({ enabled: true, namespace: 'smm-system' });
    expect('repositoryOverride' in spec).toBe(false);
    expect(spec.meshManager.istio.proxy).toEqual({});
  });

  it('references the upstream images', () => {
    expect(config.images).toEqual({
      pilot: 'docker.io/istio/pilot:1.24.3',
      proxyv2: 'docker.io/istio/proxyv2:1.24.3',
      prometheus: 'quay.io/prometheus/prometheus:v2.53.0',
      nodeExporter: 'quay.io/prometheus/node-exporter:v1.8.1',
      grafana: 'docker.io/grafana/grafana:11.1.0',
      jaeger: 'docker.io/jaegertracing/all-in-one:1.58.0',
      certManagerController: 'quay.io/jetstack/cert-manager-controller:v1.15.1',
      certManagerCainjector: 'quay.io/jetstack/cert-manager-cainjector:v1.15.1',
      certManagerWebhook: 'quay.io/jetstack/cert-manager-webhook:v1.15.1',
      clusterRegistryController: 'ghcr.io/cisco-open/cluster-registry-controller:v0.2.12',
      smm: `ghcr.io/smm-dev/smm:v${SMM_VERSION}`,
    });
    expect(Object.keys(config.images).sort()).toEqual([...IMAGE_NAMES].sort());
    expect(imageOf(config, 'pilot')).toBe('docker.io/istio/pilot:1.24.3');
  });
});

describe('resolveInstallConfig: a passive cluster gets the manual\'s passive profile', () => {
  const { spec } = resolveInstallConfig(cp({ clusterName: 'c2', role: 'passive' }));
  const s = spec.smm;

  it('turns off what a peer does not run, keeps what it does', () => {
    expect(s.role).toBe('passive');
    expect({ application: s.application.enabled, federationGateway: s.federationGateway.enabled, grafana: s.grafana.enabled, leo: s.leo.enabled, sre: s.sre.enabled, web: s.web.enabled, certManager: s.certManager.enabled })
      .toEqual({ application: false, federationGateway: false, grafana: false, leo: false, sre: false, web: false, certManager: false });
    expect({ als: s.als.enabled, tracing: s.tracing.enabled, kubestatemetrics: s.kubestatemetrics.enabled, federationGatewayOperator: s.federationGatewayOperator.enabled, prometheus: s.prometheus.enabled })
      .toEqual({ als: true, tracing: true, kubestatemetrics: true, federationGatewayOperator: true, prometheus: true });
    expect(s.useIstioResources).toBe(false);
    expect(s.prometheus.retentionTime).toBe('8h');
    expect(s.enabled).toBe(true);
    expect(spec.certManager.enabled).toBe(true);
  });

  it('lets explicit settings win over the profile', () => {
    const r = resolveSpec({ clusterName: 'c2', role: 'passive', smm: { grafana: { enabled: true }, prometheus: { retentionTime: '2d' } } });
    expect(r.smm.grafana.enabled).toBe(true);
    expect(r.smm.prometheus.retentionTime).toBe('2d');
  });

  it('takes the role from smm.role when spec.role is left out', () => {
    expect(resolveSpec({ clusterName: 'c2', smm: { role: 'passive' } }).role).toBe('passive');
  });
});

describe('resolveInstallConfig: derived defaults', () => {
  it('names the IstioControlPlane after the version, unless named', () => {
    const config = resolveInstallConfig(cp({ meshManager: { istio: { version: '1.23.1', istioCRRef: { namespace: 'mesh' } } } }));
    expect(config.istio).toEqual({ version: '1.23.1', name: 'cp-v123x', namespace: 'mesh', revision: 'cp-v123x.mesh' });
    expect(config.spec.smm.istio.revision).toBe('cp-v123x.mesh');
    expect(config.images.proxyv2).toBe('docker.io/istio/proxyv2:1.23.1');
    // The manual's examples name cp-v115x without a version: the name is kept as given.
    expect(resolveInstallConfig(cp({ meshManager: { istio: { istioCRRef: { name: 'cp-v115x' } } } })).istio.revision).toBe('cp-v115x.istio-system');
  });

  it('runs 2 replicas in high availability, or as many as asked', () => {
    expect(resolveSpec({ smm: { highAvailability: { enabled: true } } }).smm.highAvailability).toEqual({ enabled: true, replicas: 2 });
    expect(resolveSpec({ smm: { highAvailability: { enabled: true } } }).smm.prometheus.replicas).toBe(2);
    expect(resolveSpec({ smm: { highAvailability: { enabled: true, replicas: 3 } } }).smm.prometheus.replicas).toBe(3);
  });

  it('disables smm with the mesh manager, and smm\'s cert-manager use with cert-manager', () => {
    const r = resolveSpec({ meshManager: { enabled: false }, certManager: { enabled: false } });
    expect([r.meshManager.istio.enabled, r.smm.enabled, r.smm.certManager.enabled]).toEqual([false, false, false]);
  });

  it('enables the pull-secret controller when there are pull secrets', () => {
    const pullSecrets = [{ name: 'regcred', namespace: 'smm-registry-access' }];
    expect(resolveSpec({ registryAccess: { pullSecrets } }).registryAccess).toMatchObject({ enabled: true, pullSecrets });
  });

  it('passes log levels down', () => {
    const r = resolveSpec({ log: { level: 'debug' }, smm: { leo: { log: { level: 'warn' } } } });
    expect([r.log.level, r.smm.log.level, r.smm.als.log.level, r.smm.leo.log.level]).toEqual(['debug', 'debug', 'debug', 'warn']);
  });

  it('names the cluster when nobody did', () => {
    expect(resolveSpec({}).clusterName).toBe(DEFAULT_CLUSTER_NAME);
  });

  it('refuses an invalid ControlPlane before anything else, ignoring status', () => {
    expect(() => resolveInstallConfig(cp({ meshManager: { enabled: false }, smm: { enabled: true } }))).toThrow(ControlPlaneValidationError);
    expect(() => resolveInstallConfig(cp({ role: 'passive' }))).toThrow(/spec\.clusterName: required on a passive cluster/);
    const withOddStatus = { ...cp({}), status: { status: 'Whatever' } } as unknown as ControlPlane;
    expect(resolveInstallConfig(withOddStatus).name).toBe('smm');
  });
});

describe('repositoryOverride', () => {
  it('moves every image to the mirror, keeping the repository path', () => {
    const config = resolveInstallConfig(cp({ repositoryOverride: { host: 'mirror.example.com:5000', prefix: 'smm' } }));
    expect(config.images.pilot).toBe('mirror.example.com:5000/smm/istio/pilot:1.24.3');
    expect(config.images.certManagerWebhook).toBe('mirror.example.com:5000/smm/jetstack/cert-manager-webhook:v1.15.1');
    expect(config.images.smm).toBe(`mirror.example.com:5000/smm/smm-dev/smm:v${SMM_VERSION}`);
    expect(Object.values(config.images).every((i) => i.startsWith('mirror.example.com:5000/smm/'))).toBe(true);
  });

  it('keeps the registry when only a prefix is given, and changes nothing when empty', () => {
    expect(overrideRepository('quay.io/prometheus/prometheus:v2.53.0', { prefix: '/mirror/' })).toBe('quay.io/mirror/prometheus/prometheus:v2.53.0');
    expect(overrideRepository('quay.io/prometheus/prometheus:v2.53.0', { host: 'r.local' })).toBe('r.local/prometheus/prometheus:v2.53.0');
    expect(overrideRepository('quay.io/prometheus/prometheus:v2.53.0', {})).toBe('quay.io/prometheus/prometheus:v2.53.0');
    expect(upstreamImages('1.2.3').pilot).toBe('docker.io/istio/pilot:1.2.3');
  });
});

describe('defaultControlPlane', () => {
  it('is the smm ControlPlane, valid, with every default written out', () => {
    const d = defaultControlPlane({ clusterName: 'c1' });
    expect(d.metadata).toEqual({ name: 'smm' });
    expect(parseControlPlane(d)).toEqual(d);
    expect(d.spec.smm?.prometheus).toEqual({ enabled: true, namespace: 'smm-system', replicas: 1, retentionTime: '6h' });
    expect(d.spec.meshManager?.istio?.version).toBe('1.24.3');
  });

  it('resolves exactly as its overrides alone do', () => {
    for (const overrides of [{}, { clusterName: 'c2', role: 'passive' }, { smm: { auth: { mode: 'anonymous' } } }, { meshManager: { istio: { version: '1.23.0' } } },
      { certManager: { enabled: false }, smm: { certManager: { enabled: false } } }] as ControlPlaneSpec[]) {
      expect(resolveInstallConfig(defaultControlPlane(overrides))).toEqual(resolveInstallConfig(cp(overrides)));
    }
  });

  it('leaves the IstioControlPlane name and revision to follow the version', () => {
    const d = defaultControlPlane();
    expect(d.spec.meshManager?.istio?.istioCRRef).toEqual({ namespace: 'istio-system' });
    expect(d.spec.smm?.istio).toEqual({});
    const upgraded = { ...d, spec: { ...d.spec, meshManager: { ...d.spec.meshManager, istio: { ...d.spec.meshManager?.istio, version: '1.25.0' } } } };
    expect(resolveInstallConfig(upgraded).istio.revision).toBe('cp-v125x.istio-system');
    expect(defaultControlPlane({ smm: { istio: { revision: 'canary' } } }).spec.smm?.istio).toEqual({ revision: 'canary' });
  });

  it('refuses impossible overrides', () => {
    expect(() => defaultControlPlane({ meshManager: { istio: { version: '1.x' } } })).toThrow(/spec\.meshManager\.istio\.version: not an Istio version/);
  });
});
