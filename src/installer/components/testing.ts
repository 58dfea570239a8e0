// Test fixtures for the component builders: a fully resolved InstallConfig (every field set,
// as `resolveInstallConfig` produces it for `smm install -a` on an active cluster) and checks
// of Kubernetes object shapes. Used by tests only.

import type { KubeObject } from '../../core/model/k8s.js';
import { deepMerge, type Values } from '../api/merge.js';
import type { ImageName, InstallConfig } from '../api/types.js';
import type { DesiredObject } from './component.js';
import type { Schema } from './crd.js';
import type { Container, PodSpec } from './k8s.js';

export type DeepPartial<T> = T extends (infer U)[] ? U[]
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const component = (namespace: string) => ({ enabled: true, namespace, resources: {}, valuesOverride: {} });

/** Typed as the resolved spec, so a field added to the API must be added here too. */
export const TEST_SPEC: InstallConfig['spec'] = {
  clusterName: 'primary',
  role: 'active',
  platform: '',
  certManager: component('cert-manager'),
  clusterRegistry: component('cluster-registry'),
  log: { level: 'info' },
  oneEye: {},
  meshManager: {
    ...component('smm-system'),
    istio: {
      enabled: true, version: '1.15.3',
      istioCRRef: { name: 'cp-v115x', namespace: 'istio-system' },
      operators: { namespace: 'smm-system' },
      istioCROverrides: '',
      sidecarInjectorFailurePolicy: 'Fail',
      proxy: {},
      pilot: {},
    },
  },
  nodeExporter: { ...component('smm-system'), psp: { enabled: false }, rbac: { enabled: true }, port: 19101 },
  registryAccess: { ...component('smm-registry-access'), imagePullSecretsController: {}, pullSecrets: [] },
  repositoryOverride: { host: 'ghcr.io', prefix: 'cisco-open' },
  smm: {
    ...component('smm-system'),
    releaseName: 'smm', role: 'active', useIstioResources: true,
    als: { enabled: true, log: { level: 'info' } },
    application: { enabled: true, log: { level: 'info' } },
    auth: { mode: 'impersonation', forceUnsecureCookies: false },
    impersonation: { enabled: true },
    certManager: { enabled: true },
    federationGateway: { enabled: false, name: 'smm', service: { enabled: false, name: 'smm-federation-gateway', port: 80 } },
    federationGatewayOperator: { enabled: false },
    istio: { revision: 'cp-v115x.istio-system' },
    leo: { enabled: false, log: { level: 'info' } },
    log: { level: 'info' },
    prometheus: { ...component('smm-system'), replicas: 1, retentionTime: '1d' },
    prometheusOperator: {},
    grafana: component('smm-system'),
    tracing: component('smm-system'),
    kubestatemetrics: { enabled: false },
    web: { enabled: true },
    sre: { enabled: false },
    sdm: { enabled: false },
    exposeDashboard: { meshGateway: { enabled: false } },
    highAvailability: { enabled: false, replicas: 2 },
  },
};

/** One per ImageName (the keys `resolveInstallConfig` fills). */
export const TEST_IMAGES: Record<ImageName, string> = {
  pilot: 'ghcr.io/cisco-open/istio-pilot:v1.15.3-bzc.0',
  proxyv2: 'ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc.0',
  prometheus: 'quay.io/prometheus/prometheus:v2.39.1',
  nodeExporter: 'quay.io/prometheus/node-exporter:v1.4.0',
  grafana: 'docker.io/grafana/grafana:7.5.11',
  jaeger: 'docker.io/jaegertracing/all-in-one:1.28.0',
  certManagerController: 'quay.io/jetstack/cert-manager-controller:v1.11.0',
  certManagerCainjector: 'quay.io/jetstack/cert-manager-cainjector:v1.11.0',
  certManagerWebhook: 'quay.io/jetstack/cert-manager-webhook:v1.11.0',
  clusterRegistryController: 'ghcr.io/cisco-open/cluster-registry-controller:v0.2.10',
  smm: 'ghcr.io/cisco-open/smm:v0.1.0',
};

/** A resolved configuration with `overrides` deep-merged in (lists are replaced). */
export function testInstallConfig(overrides: DeepPartial<InstallConfig> = {}): InstallConfig {
  const base: InstallConfig = {
    name: 'smm',
    spec: structuredClone(TEST_SPEC),
    istio: { version: '1.15.3', name: 'cp-v115x', namespace: 'istio-system', revision: 'cp-v115x.istio-system' },
    images: { ...TEST_IMAGES },
  };
  return deepMerge(base as unknown as Values, overrides as Values) as unknown as InstallConfig;
}

// --- shape checks ----------------------------------------------------------------------------

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'Cluster', 'ClusterFeature', 'ResourceSyncRule', 'ClusterIssuer', 'ControlPlane',
]);

export const isClusterScoped = (o: KubeObject): boolean => CLUSTER_SCOPED.has(o.kind);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Problems with an object's basic shape: empty when it is a plausible Kubernetes object. */
export function shapeProblems(o: KubeObject): string[] {
  const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const out: string[] = [];
  if (!o.apiVersion) out.push(`${id}: no apiVersion`);
  if (!o.kind) out.push(`${id}: no kind`);
  const name = o.metadata.name ?? '';
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) out.push(`${id}: bad name`);
  if (isClusterScoped(o) && o.metadata.namespace) out.push(`${id}: cluster-scoped kind with a namespace`);
  if (!isClusterScoped(o) && !(o.metadata.namespace && DNS_LABEL.test(o.metadata.namespace))) out.push(`${id}: namespaced kind without a valid namespace`);
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63) out.push(`${id}: label ${k} is not a valid label value`);
  }
  return out;
}

/** Paths of schema nodes without a type (structural schemas need one everywhere). */
export function untypedSchemaNodes(s: Schema, path = '<root>'): string[] {
  const out: string[] = [];
  if (!s.type && !s['x-kubernetes-int-or-string']) out.push(path);
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...untypedSchemaNodes(v, `${path}.${k}`));
  if (s.items) out.push(...untypedSchemaNodes(s.items, `${path}[]`));
  if (s.additionalProperties) out.push(...untypedSchemaNodes(s.additionalProperties, `${path}{}`));
  return out;
}

// --- reading rendered objects ----------------------------------------------------------------

export const presentObjects = (d: DesiredObject[]): KubeObject[] => d.filter((x) => x.state === 'present').map((x) => x.object);

/** The one object of `kind` named `name` (and in `namespace`, when given); throws when missing. */
export function findObject(d: DesiredObject[], kind: string, name: string, namespace?: string): DesiredObject {
  const found = d.filter((x) => x.object.kind === kind && x.object.metadata.name === name && (namespace === undefined || x.object.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0]!;
}

export function podSpecOf(o: KubeObject): PodSpec {
  return (o['spec'] as { template: { spec: PodSpec } }).template.spec;
}

export function podLabelsOf(o: KubeObject): Record<string, string> {
  return (o['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
}

export function firstContainer(o: KubeObject): Container {
  const c = podSpecOf(o).containers[0];
  if (!c) throw new Error(`${o.kind} ${o.metadata.name} has no container`);
  return c;
}

export function servicePortsOf(o: KubeObject): { name: string; port: number; targetPort: number | string; protocol: string }[] {
  return (o['spec'] as { ports: { name: string; port: number; targetPort: number | string; protocol: string }[] }).ports;
}

export function envOf(c: Container): Record<string, string> {
  return Object.fromEntries((c.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])));
}

export const key = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
