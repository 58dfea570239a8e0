// The mesh manager: the Istio control plane. smm plays the istio-operator's part, so besides
// the IstioControlPlane CR (the record of what runs, with the user's `istioCROverrides`) it
// renders what runs istiod directly: Istio's CRDs, RBAC, the mesh and injector ConfigMaps,
// the istiod Deployment and Service, and the revision's admission webhooks.
//
// Flow: values (defaults → valuesOverride → managed) → the IstioControlPlane spec (→
// istioCROverrides → managed version/mode) → istiod's objects, read from that spec, so an
// override such as `meshConfig.defaultConfig.proxyMetadata` reaches the running mesh.

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import { deepMerge, mergeValues, type Values } from '../api/merge.js';
import type { InstallConfig } from '../api/types.js';
import { alsAddress, alsEnabled, istiodAddress, istiodName, PORTS, zipkinAddress } from './addresses.js';
import { CREATE_ONLY_ANNOTATION, type Component, type DesiredObject } from './component.js';
import { anyObject, arr, bool, customResourceDefinition, int, looseCrd, obj, oneOf, str } from './crd.js';
import {
  appLabels, clusterRole, clusterRoleBinding, configMap, deployment, fieldEnv, KIND, mark, podDisruptionBudget, role, roleBinding,
  only, service, serviceAccount, toYaml, withResources, checksum, type EnvVar, type Labels, type PolicyRule,
} from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf, networkName } from './settings.js';
import { injectorConfig, injectorValues } from './sidecar-template.js';
import { componentValues, InvalidValuesError, labelsSchema, replicasSchema, resourcesSchema, type ResolvedValues } from './values.js';

export const SERVICEMESH_GROUP = 'servicemesh.cisco.com';
export const SERVICEMESH_API_VERSION = `${SERVICEMESH_GROUP}/v1alpha1`;
const MESH_ID = 'mesh1';

// --- settings --------------------------------------------------------------------------------

const meshManagerSchema = z.strictObject({
  namespace: z.string(),
  revision: z.string(),
  labels: labelsSchema,
  istiod: z.strictObject({
    replicas: replicasSchema,
    resources: resourcesSchema,
    /** istiod's `--log_output_level`. */
    logLevel: z.string().min(1),
  }),
  proxy: z.strictObject({ resources: resourcesSchema }),
  sidecarInjector: z.strictObject({ failurePolicy: z.enum(['Fail', 'Ignore']) }),
});
export type MeshManagerValues = z.output<typeof meshManagerSchema>;

export function meshManagerValues(config: InstallConfig): ResolvedValues<MeshManagerValues> {
  const s = componentSettings(config, 'meshManager');
  const istio = config.spec.meshManager.istio;
  const pilotResources = istio.pilot.resources ?? s.resources;
  return componentValues(s, meshManagerSchema, {
    namespace: s.namespace,
    revision: config.istio.revision,
    labels: {},
    istiod: {
      replicas: config.spec.smm.highAvailability.enabled ? 2 : 1,
      resources: { requests: { cpu: '500m', memory: '2048Mi' } },
      logLevel: 'default:info',
    },
    proxy: { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1024Mi' } } },
    sidecarInjector: { failurePolicy: 'Fail' },
  }, {
    namespace: s.namespace,
    revision: config.istio.revision,
    labels: appLabels('istiod', 'control-plane'),
    sidecarInjector: { failurePolicy: istio.sidecarInjectorFailurePolicy },
    ...(pilotResources ? { istiod: { resources: pilotResources } } : {}),
    ...(istio.proxy.resources ? { proxy: { resources: istio.proxy.resources } } : {}),
  });
}

// --- the IstioControlPlane spec --------------------------------------------------------------

const OVERRIDES_FIELD = 'spec.meshManager.istio.istioCROverrides';

/** `istioCROverrides` as a map (`spec:` and optionally `metadata.labels|annotations`), or why not. */
export function parseIstioCROverrides(text: string): { overrides: Values; errors: string[] } {
  if (!text.trim()) return { overrides: {}, errors: [] };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { overrides: {}, errors: [`${OVERRIDES_FIELD}: not valid YAML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`] };
  }
  if (doc === null || doc === undefined) return { overrides: {}, errors: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { overrides: {}, errors: [`${OVERRIDES_FIELD}: must be a YAML map with a spec, like the IstioControlPlane's`] };
  }
  const unknown = Object.keys(doc).filter((k) => k !== 'spec' && k !== 'metadata');
  return unknown.length > 0
    ? { overrides: {}, errors: [`${OVERRIDES_FIELD}: only spec and metadata can be overridden, not ${unknown.join(', ')}`] }
    : { overrides: doc as Values, errors: [] };
}

function meshConfigDefaults(config: InstallConfig): Values {
  const tracing = componentSettings(config, 'tracing').enabled;
  const als = alsEnabled(config);
  // smm's own namespace runs without sidecars, so ALS and zipkin are reached in plain text.
  return {
    enableTracing: tracing,
    enableEnvoyAccessLogService: als,
    trustDomain: 'cluster.local',
    defaultConfig: {
      holdApplicationUntilProxyStarts: true,
      proxyMetadata: { PROXY_CONFIG_XDS_AGENT: 'true', ...(als ? { ISTIO_META_ALS_ENABLED: 'true' } : {}) },
      ...(als ? { envoyAccessLogService: { address: alsAddress(config), tcpKeepalive: { interval: '10s', probes: 3, time: '10s' } } } : {}),
      ...(tracing ? { tracing: { zipkin: { address: zipkinAddress(config) } } } : {}),
    },
  };
}

export interface IstioControlPlaneSpec {
  spec: Values;
  metadata: { labels: Labels; annotations: Labels };
  warnings: string[];
  errors: string[];
}

export function istioControlPlaneSpec(config: InstallConfig, v: MeshManagerValues, overridesText: string): IstioControlPlaneSpec {
  const proxyImage = imageOf(config, 'proxyv2');
  const mode = config.spec.role === 'passive' ? 'PASSIVE' : 'ACTIVE';
  const defaults: Values = {
    version: config.istio.version,
    mode,
    distribution: 'cisco',
    meshID: MESH_ID,
    networkName: networkName(config),
    clusterID: config.spec.clusterName,
    containerImageConfiguration: { imagePullPolicy: 'IfNotPresent' },
    istiod: {
      deployment: {
        image: imageOf(config, 'pilot'),
        replicas: { min: v.istiod.replicas, max: Math.max(5, v.istiod.replicas), count: v.istiod.replicas },
        resources: v.istiod.resources,
        env: [{ name: 'ISTIO_MULTIROOT_MESH', value: 'true' }],
      },
    },
    proxy: { image: proxyImage, resources: v.proxy.resources },
    proxyInit: { image: proxyImage },
    meshConfig: meshConfigDefaults(config),
    // The mesh expansion gateway (multi-cluster, VMs) is not rendered by smm yet.
    meshExpansion: { enabled: false },
  };
  const parsed = parseIstioCROverrides(overridesText);
  const overrideSpec = parsed.overrides['spec'];
  const merged = mergeValues(defaults, isMap(overrideSpec) ? overrideSpec : undefined, { version: config.istio.version, mode });
  const meta = isMap(parsed.overrides['metadata']) ? parsed.overrides['metadata'] : {};
  return {
    spec: merged.values,
    metadata: { labels: stringsOf(meta['labels']), annotations: stringsOf(meta['annotations']) },
    warnings: merged.collisions.map((p) => `${OVERRIDES_FIELD}: spec.${p} is managed by smm (spec.meshManager.istio.version, spec.role)`),
    errors: parsed.errors,
  };
}

// --- reading the (partly user-written) spec --------------------------------------------------

function isMap(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = isMap(cur) ? cur[k] : undefined;
  return cur;
}

const stringAt = (v: unknown, path: string[], fallback: string): string => {
  const s = at(v, path);
  return typeof s === 'string' && s ? s : fallback;
};

const numberAt = (v: unknown, path: string[], fallback: number): number => {
  const n = at(v, path);
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : fallback;
};

function stringsOf(v: unknown): Labels {
  return isMap(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
}

function envAt(v: unknown, path: string[]): EnvVar[] {
  const list = at(v, path);
  if (!Array.isArray(list)) return [];
  return list.filter(isMap).flatMap((e) => (typeof e['name'] === 'string' && typeof e['value'] === 'string' ? [{ name: e['name'], value: e['value'] }] : []));
}

// --- CRDs ------------------------------------------------------------------------------------

function servicemeshCrds(labels: Labels): KubeObject[] {
  const common = { group: SERVICEMESH_GROUP, scope: 'Namespaced' as const, versions: ['v1alpha1'], labels, categories: ['smm'] };
  return [
    customResourceDefinition({
      ...common, kind: 'IstioControlPlane', plural: 'istiocontrolplanes', shortNames: ['icp'],
      spec: obj({
        version: str('Istio version, e.g. 1.15.3'),
        mode: oneOf('ACTIVE', 'PASSIVE'),
        distribution: str(),
        meshID: str(),
        networkName: str(),
        clusterID: str(),
        containerImageConfiguration: anyObject(),
        istiod: anyObject(),
        proxy: anyObject(),
        proxyInit: anyObject(),
        sidecarInjector: anyObject(),
        meshConfig: anyObject(),
        meshExpansion: anyObject(),
        cni: anyObject(),
        telemetryV2: anyObject(),
        k8sResourceOverlays: arr(anyObject()),
      }, { preserve: true }),
      status: anyObject(),
      printerColumns: [
        { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
        { name: 'Network', type: 'string', jsonPath: '.spec.networkName' },
        { name: 'Status', type: 'string', jsonPath: '.status.status' },
        { name: 'Mesh Expansion', type: 'boolean', jsonPath: '.spec.meshExpansion.enabled' },
        { name: 'Expansion GW IPs', type: 'string', jsonPath: '.status.gatewayAddress' },
        { name: 'Error', type: 'string', jsonPath: '.status.errorMessage' },
      ],
    }),
    customResourceDefinition({
      ...common, kind: 'IstioMeshGateway', plural: 'istiomeshgateways', shortNames: ['imgw'],
      spec: obj({
        type: oneOf('ingress', 'egress'),
        istioControlPlane: obj({ name: str(), namespace: str() }, { required: ['name', 'namespace'] }),
        deployment: anyObject(),
        service: obj({
          type: oneOf('ClusterIP', 'NodePort', 'LoadBalancer'),
          ports: arr(obj({ name: str(), port: int(), protocol: str(), targetPort: int(), nodePort: int() }, { required: ['port'] })),
          loadBalancerIP: str(),
          metadata: anyObject(),
        }, { preserve: true }),
        runAsRoot: bool(),
      }, { required: ['type', 'istioControlPlane', 'service'], preserve: true }),
      status: anyObject(),
      printerColumns: [
        { name: 'Type', type: 'string', jsonPath: '.spec.type' },
        { name: 'Service Type', type: 'string', jsonPath: '.spec.service.type' },
        { name: 'Status', type: 'string', jsonPath: '.status.Status' },
        { name: 'Ingress IPs', type: 'string', jsonPath: '.status.GatewayAddress' },
        { name: 'Error', type: 'string', jsonPath: '.status.ErrorMessage' },
        { name: 'Control Plane', type: 'string', jsonPath: '.spec.istioControlPlane' },
      ],
    }),
  ];
}

/**
 * Istio's own kinds, which istiod watches; their fields are Istio's to validate (its webhook).
 * The first version is the storage version; `v1` is served for the Istio releases (1.22+)
 * whose istiod watches it, and is harmless to older ones.
 */
const ISTIO_KINDS: { group: string; kind: string; plural: string; versions: string[]; shortNames?: string[] }[] = [
  { group: 'networking.istio.io', kind: 'DestinationRule', plural: 'destinationrules', versions: ['v1alpha3', 'v1beta1', 'v1'], shortNames: ['dr'] },
  { group: 'networking.istio.io', kind: 'EnvoyFilter', plural: 'envoyfilters', versions: ['v1alpha3'] },
  { group: 'networking.istio.io', kind: 'Gateway', plural: 'gateways', versions: ['v1alpha3', 'v1beta1', 'v1'], shortNames: ['gw'] },
  { group: 'networking.istio.io', kind: 'ProxyConfig', plural: 'proxyconfigs', versions: ['v1beta1'] },
  { group: 'networking.istio.io', kind: 'ServiceEntry', plural: 'serviceentries', versions: ['v1alpha3', 'v1beta1', 'v1'], shortNames: ['se'] },
  { group: 'networking.istio.io', kind: 'Sidecar', plural: 'sidecars', versions: ['v1alpha3', 'v1beta1', 'v1'] },
  { group: 'networking.istio.io', kind: 'VirtualService', plural: 'virtualservices', versions: ['v1alpha3', 'v1beta1', 'v1'], shortNames: ['vs'] },
  { group: 'networking.istio.io', kind: 'WorkloadEntry', plural: 'workloadentries', versions: ['v1alpha3', 'v1beta1', 'v1'], shortNames: ['we'] },
  { group: 'networking.istio.io', kind: 'WorkloadGroup', plural: 'workloadgroups', versions: ['v1alpha3', 'v1beta1', 'v1'], shortNames: ['wg'] },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', plural: 'authorizationpolicies', versions: ['v1beta1', 'v1'] },
  { group: 'security.istio.io', kind: 'PeerAuthentication', plural: 'peerauthentications', versions: ['v1beta1', 'v1'], shortNames: ['pa'] },
  { group: 'security.istio.io', kind: 'RequestAuthentication', plural: 'requestauthentications', versions: ['v1beta1', 'v1'], shortNames: ['ra'] },
  { group: 'telemetry.istio.io', kind: 'Telemetry', plural: 'telemetries', versions: ['v1alpha1', 'v1'], shortNames: ['telemetry'] },
  { group: 'extensions.istio.io', kind: 'WasmPlugin', plural: 'wasmplugins', versions: ['v1alpha1'] },
];

/** Created only where a cluster has none: existing Istio CRDs keep their real schemas. */
function istioCrds(labels: Labels): KubeObject[] {
  return ISTIO_KINDS.map((k) => {
    const crd = looseCrd({ ...k, scope: 'Namespaced', categories: ['istio-io'], labels });
    return { ...crd, metadata: { ...crd.metadata, annotations: { ...crd.metadata.annotations, [CREATE_ONLY_ANNOTATION]: 'true' } } };
  });
}

// --- istiod ----------------------------------------------------------------------------------

const READ = ['get', 'list', 'watch'];
const ISTIO_GROUPS = ['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'];

const ISTIOD_CLUSTER_RULES: PolicyRule[] = [
  // It patches its CA bundle into its webhooks, and flips the validator to Fail once ready.
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: [...READ, 'update', 'patch'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: [...READ, 'update'] },
  { apiGroups: ISTIO_GROUPS, resources: ['*'], verbs: READ },
  { apiGroups: ISTIO_GROUPS, resources: ['*/status'], verbs: ['update', 'patch'] },
  { apiGroups: ['networking.istio.io'], resources: ['workloadentries', 'workloadentries/status'], verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  { apiGroups: [''], resources: ['pods', 'nodes', 'services', 'namespaces', 'endpoints', 'secrets'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  // istio-ca-root-cert in every namespace.
  { apiGroups: [''], resources: ['configmaps'], verbs: [...READ, 'create', 'update'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['*'] },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['*'], verbs: READ },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['*/status'], verbs: ['update', 'patch'] },
  { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
  { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests', 'certificatesigningrequests/approval', 'certificatesigningrequests/status'], verbs: ['update', 'create', 'get', 'delete', 'watch'] },
];

const ISTIOD_NAMESPACE_RULES: PolicyRule[] = [
  // istio-ca-secret (the self-signed root), and leader election.
  { apiGroups: [''], resources: ['secrets'], verbs: [...READ, 'create', 'update', 'delete'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: [...READ, 'create', 'update', 'delete'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch', 'delete'] },
];

interface IstiodContext {
  config: InstallConfig;
  v: MeshManagerValues;
  icp: IstioControlPlaneSpec;
  name: string;
  ns: string;
  labels: Labels;
  selector: Labels;
}

const meshConfigMapName = (config: InstallConfig): string => `istio-${config.istio.name}`;
const injectorName = (config: InstallConfig): string => `istio-sidecar-injector-${config.istio.name}`;
const validatorName = (config: InstallConfig): string => `istio-validator-${config.istio.name}`;

function meshConfigData(c: IstiodContext): Record<string, string> {
  const mesh = deepMerge(isMap(c.icp.spec['meshConfig']) ? c.icp.spec['meshConfig'] : {}, {
    rootNamespace: c.ns,
    defaultConfig: { discoveryAddress: istiodAddress(c.config), meshId: MESH_ID },
  });
  return { mesh: toYaml(mesh), meshNetworks: toYaml({ networks: {} }) };
}

function injectorData(c: IstiodContext): Record<string, string> {
  const spec = c.icp.spec;
  const proxyImage = stringAt(spec, ['proxy', 'image'], imageOf(c.config, 'proxyv2'));
  const settings = {
    istiodAddress: istiodAddress(c.config),
    istioNamespace: c.ns,
    revision: c.v.revision,
    clusterName: stringAt(spec, ['clusterID'], c.config.spec.clusterName),
    meshID: stringAt(spec, ['meshID'], MESH_ID),
    network: stringAt(spec, ['networkName'], networkName(c.config)),
    proxyImage,
    proxyInitImage: stringAt(spec, ['proxyInit', 'image'], proxyImage),
    proxyResources: isMap(at(spec, ['proxy', 'resources'])) ? at(spec, ['proxy', 'resources']) as MeshManagerValues['proxy']['resources'] : c.v.proxy.resources,
  };
  return { config: injectorConfig(settings), values: injectorValues(settings) };
}

function istiodDeployment(c: IstiodContext, checksums: string): KubeObject {
  const spec = c.icp.spec;
  const replicas = numberAt(spec, ['istiod', 'deployment', 'replicas', 'count'], c.v.istiod.replicas);
  const host = `${c.name}.${c.ns}.svc`;
  const env: EnvVar[] = [
    { name: 'REVISION', value: c.v.revision },
    { name: 'JWT_POLICY', value: 'third-party-jwt' },
    { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    { name: 'CLUSTER_ID', value: stringAt(spec, ['clusterID'], c.config.spec.clusterName) },
    // Its serving certificate must name the Service the webhooks and proxies call.
    { name: 'ISTIOD_CUSTOM_HOST', value: host },
    { name: 'ISTIOD_ADDR', value: istiodAddress(c.config) },
    { name: 'INJECTION_WEBHOOK_CONFIG_NAME', value: injectorName(c.config) },
    { name: 'VALIDATION_WEBHOOK_CONFIG_NAME', value: validatorName(c.config) },
    { name: 'PILOT_ENABLE_ANALYSIS', value: 'false' },
    ...envAt(spec, ['istiod', 'deployment', 'env']),
  ];
  // As upstream: the Deployment itself carries `app: istiod` and the revision, which is how
  // tools (and smm's mesh model) find a control plane.
  return deployment({
    name: c.name, namespace: c.ns, labels: { ...c.labels, ...c.selector }, replicas, selector: c.selector,
    podLabels: { istio: 'pilot', 'sidecar.istio.io/inject': 'false' },
    podAnnotations: { 'checksum/config': checksums },
    pod: {
      serviceAccountName: c.name,
      securityContext: { fsGroup: 1337 },
      containers: [{
        name: 'discovery',
        image: stringAt(spec, ['istiod', 'deployment', 'image'], imageOf(c.config, 'pilot')),
        imagePullPolicy: 'IfNotPresent',
        args: ['discovery', `--monitoringAddr=:${PORTS.istiodMonitoring}`, `--log_output_level=${c.v.istiod.logLevel}`, '--domain', 'cluster.local', '--keepaliveMaxServerConnectionAge', '30m'],
        ports: [
          { name: 'http-debug', containerPort: 8080 },
          { name: 'grpc-xds', containerPort: 15010 },
          { name: 'tls-xds', containerPort: PORTS.istiodXds },
          { name: 'http-monitoring', containerPort: PORTS.istiodMonitoring },
          { name: 'https-webhooks', containerPort: 15017 },
        ],
        readinessProbe: { httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 },
        env,
        ...withResources(isMap(at(spec, ['istiod', 'deployment', 'resources'])) ? at(spec, ['istiod', 'deployment', 'resources']) as MeshManagerValues['istiod']['resources'] : c.v.istiod.resources),
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [
          { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
          { name: 'local-certs', mountPath: '/var/run/secrets/istio-dns' },
          { name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true },
          { name: 'config-volume', mountPath: '/etc/istio/config' },
          { name: 'inject', mountPath: '/var/lib/istio/inject', readOnly: true },
        ],
      }],
      volumes: [
        { name: 'local-certs', emptyDir: { medium: 'Memory' } },
        { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
        // A plugged-in CA (the manual's recovery procedure); istiod self-signs without it.
        { name: 'cacerts', secret: { secretName: 'cacerts', optional: true } },
        { name: 'config-volume', configMap: { name: meshConfigMapName(c.config) } },
        { name: 'inject', configMap: { name: injectorName(c.config) } },
      ],
    },
  });
}

const POD_RULE = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };

function injectorWebhook(c: IstiodContext): KubeObject {
  const rev = c.v.revision;
  const webhook = (name: string, namespaceSelector: Values, objectSelector: Values) => ({
    name,
    clientConfig: { service: { name: c.name, namespace: c.ns, path: '/inject', port: 443 } },
    rules: [POD_RULE],
    namespaceSelector, objectSelector,
    failurePolicy: c.v.sidecarInjector.failurePolicy,
    sideEffects: 'None',
    reinvocationPolicy: 'Never',
    admissionReviewVersions: ['v1', 'v1beta1'],
    timeoutSeconds: 10,
  });
  const notOptedOut = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };
  const noLegacyLabel = { key: 'istio-injection', operator: 'DoesNotExist' };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration',
    metadata: { name: injectorName(c.config), labels: { ...c.labels, app: 'sidecar-injector', 'istio.io/rev': rev } },
    webhooks: [
      // Namespaces labelled with the revision...
      webhook('rev.namespace.sidecar-injector.istio.io',
        { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: [rev] }, noLegacyLabel] },
        { matchExpressions: [notOptedOut] }),
      // ...and pods labelled with it in namespaces that name no revision.
      webhook('rev.object.sidecar-injector.istio.io',
        { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }, noLegacyLabel] },
        { matchExpressions: [notOptedOut, { key: 'istio.io/rev', operator: 'In', values: [rev] }] }),
    ],
  };
}

function validatorWebhook(c: IstiodContext): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration',
    metadata: { name: validatorName(c.config), labels: { ...c.labels, app: 'istiod', 'istio.io/rev': c.v.revision } },
    webhooks: [{
      name: 'rev.validation.istio.io',
      clientConfig: { service: { name: c.name, namespace: c.ns, path: '/validate', port: 443 } },
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], apiVersions: ['*'], resources: ['*'] }],
      objectSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: [c.v.revision] }] },
      // As upstream starts: istiod switches it to Fail once it serves the webhook.
      failurePolicy: 'Ignore',
      sideEffects: 'None',
      admissionReviewVersions: ['v1', 'v1beta1'],
    }],
  };
}

function istiodObjects(c: IstiodContext): (KubeObject | DesiredObject)[] {
  const { name, ns, labels } = c;
  const subject = { serviceAccount: name, namespace: ns };
  const clusterName = `${name}-${ns}`;
  const meshData = meshConfigData(c);
  const injector = injectorData(c);
  const replicas = numberAt(c.icp.spec, ['istiod', 'deployment', 'replicas', 'count'], c.v.istiod.replicas);
  return [
    serviceAccount({ name, namespace: ns, labels }),
    clusterRole({ name: clusterName, labels }, ISTIOD_CLUSTER_RULES),
    clusterRoleBinding({ name: clusterName, labels }, clusterName, subject),
    role({ name, namespace: ns, labels }, ISTIOD_NAMESPACE_RULES),
    roleBinding({ name, namespace: ns, labels }, name, subject),
    configMap({ name: meshConfigMapName(c.config), namespace: ns, labels }, meshData),
    configMap({ name: injectorName(c.config), namespace: ns, labels }, injector),
    istiodDeployment(c, checksum(JSON.stringify([meshData, injector]))),
    service({
      name, namespace: ns, labels, selector: c.selector,
      ports: [
        { name: 'grpc-xds', port: 15010 },
        { name: 'https-dns', port: PORTS.istiodXds },
        { name: 'https-webhook', port: 443, targetPort: 15017 },
        { name: 'http-monitoring', port: PORTS.istiodMonitoring },
      ],
    }),
    injectorWebhook(c),
    validatorWebhook(c),
    only(replicas > 1, podDisruptionBudget({ name, namespace: ns, labels }, c.selector)),
  ];
}

function istioControlPlane(c: IstiodContext): KubeObject {
  const { labels, annotations } = c.icp.metadata;
  return {
    apiVersion: SERVICEMESH_API_VERSION, kind: 'IstioControlPlane',
    metadata: {
      name: c.config.istio.name, namespace: c.ns,
      labels: { ...labels, ...c.v.labels, 'app.kubernetes.io/name': c.config.istio.name },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: c.icp.spec,
  };
}

// --- the component ---------------------------------------------------------------------------

interface Rendered {
  objects: (KubeObject | DesiredObject)[];
  warnings: string[];
  errors: string[];
}

function render(config: InstallConfig): Rendered {
  const r = meshManagerValues(config);
  const v = r.values;
  const enabled = componentSettings(config, 'meshManager').enabled;
  // A disabled mesh manager only needs names: the user's overrides are not read.
  const icp = istioControlPlaneSpec(config, v, enabled ? config.spec.meshManager.istio.istioCROverrides : '');
  const name = istiodName(config);
  const labels = { ...v.labels, 'istio.io/rev': v.revision };
  const c: IstiodContext = { config, v, icp, name, ns: v.namespace, labels, selector: { app: 'istiod', 'istio.io/rev': v.revision } };
  return {
    objects: [...servicemeshCrds(v.labels), ...istioCrds(v.labels), ...istiodObjects(c), istioControlPlane(c)],
    warnings: [...r.warnings, ...icp.warnings],
    errors: [...r.errors, ...icp.errors],
  };
}

export const meshManager: Component = {
  name: 'meshManager',
  title: 'Mesh Manager',
  kinds: [
    KIND.Namespace, KIND.CustomResourceDefinition, KIND.ServiceAccount, KIND.ClusterRole, KIND.ClusterRoleBinding, KIND.Role,
    KIND.RoleBinding, KIND.ConfigMap, KIND.Deployment, KIND.Service, KIND.PodDisruptionBudget,
    KIND.MutatingWebhookConfiguration, KIND.ValidatingWebhookConfiguration, { apiVersion: SERVICEMESH_API_VERSION, kind: 'IstioControlPlane' },
  ],
  enabled: (config) => componentSettings(config, 'meshManager').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'meshManager');
    const r = render(config);
    if (r.errors.length > 0) throw new InvalidValuesError(r.errors);
    return [...componentNamespace(config, 'meshManager'), ...mark(r.objects, enabled)];
  },
  warnings(config) {
    try {
      const r = render(config);
      return [...r.warnings, ...r.errors];
    } catch (e) {
      return [e instanceof Error ? e.message : String(e)];
    }
  },
};
