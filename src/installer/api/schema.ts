// The ControlPlane schema: zod mirrors of the types in `types.ts` (a compile-time check keeps
// them identical), strict so that an unknown field is refused, plus the rules that one field
// alone cannot express. The CRD in deploy/crds is generated from these schemas (`crds.ts`).

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ControlPlaneValidationError, type ValidationProblem } from './errors.js';
import {
  ISTIO_VERSION, istioControlPlaneName, normalizeClusterName, parseIstioVersion, RFC1123_LABEL, RFC1123_LABEL_MAX, RFC1123_SUBDOMAIN, RFC1123_SUBDOMAIN_MAX,
} from './names.js';
import {
  COMPONENT_ORDER, CONTROL_PLANE_API_VERSION, CONTROL_PLANE_KIND, type ComponentName, type ControlPlane, type ControlPlaneSpec,
  type ControlPlaneStatus,
} from './types.js';
import { assertSameType, get, problemsOf, type KnownFields, type SameShape } from './validation.js';
import { parseYamlResource } from './yaml-source.js';

export { ControlPlaneValidationError, type ValidationProblem } from './errors.js';

// --- building blocks (shared with the DemoApplication schema) ----------------------------------

/** Kubernetes resource quantity (`100m`, `1.5`, `128Mi`, `2G`), the API server's own pattern. */
const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
/** Prometheus duration: `6h`, `15d`, `1h30m`. */
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

export const rfc1123LabelSchema = (what: string) => z.string().max(RFC1123_LABEL_MAX)
  .regex(RFC1123_LABEL, `not a valid ${what} (RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit)`);
const subdomain = (what: string) => z.string().max(RFC1123_SUBDOMAIN_MAX)
  .regex(RFC1123_SUBDOMAIN, `not a valid ${what} (RFC 1123 subdomain: lowercase letters, digits, '-' and '.')`);
const namespace = () => rfc1123LabelSchema('namespace name').describe('Namespace the component runs in.');
const port = () => z.number().int().min(1).max(65535);
const toggle = (what: string) => z.boolean().describe(`Whether ${what} is installed.`);

const quantity = z.string().regex(QUANTITY, 'not a Kubernetes quantity (e.g. 100m, 0.5, 128Mi, 2G)');
export const resourceListSchema = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });
export const resourceRequirementsSchema = z.strictObject({
  requests: resourceListSchema.optional(),
  limits: resourceListSchema.optional(),
}).describe('Compute resources of the component\'s pods, as in a container spec.');

const valuesOverride = z.record(z.string(), z.unknown())
  .describe('Settings merged over the component\'s defaults; managed settings still win, and a collision is reported.');

const componentFields = (what: string) => ({
  enabled: toggle(what).optional(),
  namespace: namespace().optional(),
  resources: resourceRequirementsSchema.optional(),
  valuesOverride: valuesOverride.optional(),
});
const componentSchema = (what: string) => z.strictObject(componentFields(what));
const toggleSchema = (what: string) => z.strictObject({ enabled: toggle(what).optional() });
const empty = (what: string) => z.strictObject({}).describe(`${what}; takes no settings.`);

export const logSpecSchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional().describe('Log level.'),
});
const withLog = (what: string) => z.strictObject({ enabled: toggle(what).optional(), log: logSpecSchema.optional() });

// --- ControlPlane spec ---------------------------------------------------------------------------

const istioSchema = z.strictObject({
  enabled: toggle('Istio').optional(),
  version: z.string().regex(ISTIO_VERSION, 'not an Istio version: expected MAJOR.MINOR.PATCH, e.g. 1.24.3').optional()
    .describe('Istio version to install, e.g. 1.24.3; the IstioControlPlane is named cp-v<major><minor>x (default: the version smm was built with).'),
  istioCRRef: z.strictObject({ name: rfc1123LabelSchema('IstioControlPlane name').optional(), namespace: namespace().optional() }).optional()
    .describe('The IstioControlPlane smm manages (default cp-v<major><minor>x in istio-system).'),
  operators: z.strictObject({ namespace: namespace().optional() }).optional(),
  istioCROverrides: z.string().optional().describe('YAML merged into the IstioControlPlane spec.'),
  sidecarInjectorFailurePolicy: z.enum(['Fail', 'Ignore']).optional()
    .describe('Fail refuses pods while the injector is down; Ignore lets them start without a sidecar.'),
  proxy: z.strictObject({ resources: resourceRequirementsSchema.optional() }).optional().describe('Sidecar proxy settings.'),
  pilot: z.strictObject({ resources: resourceRequirementsSchema.optional() }).optional().describe('istiod settings.'),
});

const prometheusSchema = z.strictObject({
  ...componentFields('Prometheus'),
  replicas: z.number().int().min(0).optional().describe('Prometheus replicas (2 with highAvailability).'),
  retentionTime: z.string().regex(DURATION, 'not a Prometheus duration (e.g. 6h, 15d)').optional().describe('How long metrics are kept, e.g. 6h.'),
});

const smmSchema = z.strictObject({
  ...componentFields('the smm application'),
  releaseName: rfc1123LabelSchema('release name').optional(),
  role: z.enum(['active', 'passive']).optional().describe('Mirrors spec.role.'),
  useIstioResources: z.boolean().optional(),
  als: withLog('the access log service').optional(),
  application: withLog('the smm GraphQL backend').optional(),
  auth: z.strictObject({
    mode: z.enum(['impersonation', 'anonymous']).optional().describe('impersonation: requests act as the logged-in user; anonymous: no login (test environments).'),
    forceUnsecureCookies: z.boolean().optional(),
  }).optional(),
  impersonation: toggleSchema('impersonation').optional(),
  certManager: toggleSchema('smm\'s use of cert-manager').optional(),
  federationGateway: z.strictObject({
    enabled: toggle('the federation gateway').optional(),
    name: rfc1123LabelSchema('gateway name').optional(),
    service: z.strictObject({ enabled: toggle('the federation gateway Service').optional(), name: rfc1123LabelSchema('Service name').optional(), port: port().optional() }).optional(),
  }).optional(),
  federationGatewayOperator: toggleSchema('the federation gateway operator').optional(),
  istio: z.strictObject({
    revision: z.string().regex(RFC1123_SUBDOMAIN, 'not an Istio revision (e.g. cp-v124x.istio-system)').optional()
      .describe('istio.io/rev of smm\'s own sidecars (default <IstioControlPlane name>.<namespace>).'),
  }).optional(),
  leo: withLog('leo').optional(),
  log: logSpecSchema.optional(),
  prometheus: prometheusSchema.optional(),
  prometheusOperator: empty('The Prometheus operator').optional(),
  grafana: componentSchema('Grafana').optional(),
  tracing: componentSchema('tracing (Jaeger)').optional(),
  kubestatemetrics: toggleSchema('kube-state-metrics').optional(),
  web: toggleSchema('the dashboard').optional(),
  sre: toggleSchema('SLO tracking').optional(),
  sdm: toggleSchema('Streaming Data Manager').optional(),
  exposeDashboard: z.strictObject({ meshGateway: toggleSchema('the dashboard\'s external mesh gateway (a LoadBalancer on port 80)').optional() }).optional(),
  highAvailability: z.strictObject({
    enabled: toggle('high availability (several Prometheus replicas and smm replicas)').optional(),
    replicas: z.number().int().min(0).optional().describe('Replicas in high availability (default 2).'),
  }).optional(),
});

export const controlPlaneSpecSchema = z.strictObject({
  clusterName: rfc1123LabelSchema('cluster name').optional()
    .describe('Name of this cluster in the mesh, an RFC 1123 label; smm install --cluster-name normalizes what a user types.'),
  role: z.enum(['active', 'passive']).optional().describe('active runs the smm control plane; passive is a peer with a minimal component set.'),
  platform: z.enum(['', 'openshift']).optional(),
  certManager: componentSchema('cert-manager').optional(),
  clusterRegistry: componentSchema('the cluster registry controller').optional(),
  log: logSpecSchema.optional(),
  oneEye: empty('One Eye').optional(),
  meshManager: z.strictObject({ ...componentFields('the mesh manager'), istio: istioSchema.optional() }).optional(),
  nodeExporter: z.strictObject({
    ...componentFields('the Prometheus node exporter'),
    psp: toggleSchema('a PodSecurityPolicy').optional(),
    rbac: toggleSchema('RBAC objects').optional(),
    port: port().optional().describe('Host port of the node exporter (default 19101).'),
  }).optional(),
  registryAccess: z.strictObject({
    ...componentFields('the image pull secrets controller'),
    imagePullSecretsController: empty('The image pull secrets controller').optional(),
    pullSecrets: z.array(z.strictObject({ name: subdomain('Secret name'), namespace: rfc1123LabelSchema('namespace name') })).optional(),
  }).optional(),
  repositoryOverride: z.strictObject({
    host: z.string().regex(/^[a-zA-Z0-9.-]+(:[0-9]+)?$/, 'not a registry host (e.g. registry.example.com:5000)').optional(),
    prefix: z.string().regex(/^[a-z0-9._/-]*$/, 'not a repository prefix (e.g. mirror/smm)').optional(),
  }).optional().describe('Pull every image from this registry: <host>/<prefix>/<repository path>:<tag>.'),
  smm: smmSchema.optional(),
}).describe('ControlPlaneSpec defines the desired state of ControlPlane.');

const componentStatusSchema = z.strictObject({
  status: z.enum(['Available', 'Reconciling', 'Failed', 'Removed']),
  message: z.string().optional(),
});

const componentStatuses = Object.fromEntries(COMPONENT_ORDER.map((c) => [c, componentStatusSchema.optional()])) as
  { [K in ComponentName]: z.ZodOptional<typeof componentStatusSchema> };

export const controlPlaneStatusSchema = z.strictObject({
  status: z.enum(['Succeeded', 'Failed', 'Reconciling']).optional(),
  message: z.string().optional(),
  observedGeneration: z.number().int().optional(),
  components: z.strictObject(componentStatuses).optional(),
}).describe('ControlPlaneStatus is the observed state of ControlPlane.');

/** ObjectMeta as the model reads it; other metadata fields the server adds are dropped. */
export const objectMetaSchema = z.object({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  ownerReferences: z.array(z.object({
    apiVersion: z.string(), kind: z.string(), name: z.string(), uid: z.string(),
    controller: z.boolean().optional(), blockOwnerDeletion: z.boolean().optional(),
  })).optional(),
  finalizers: z.array(z.string()).optional(),
  managedFields: z.array(z.object({
    manager: z.string(),
    operation: z.enum(['Apply', 'Update']),
    apiVersion: z.string().optional(),
    time: z.string().optional(),
    fieldsType: z.literal('FieldsV1').optional(),
    fieldsV1: z.record(z.string(), z.unknown()).optional(),
    subresource: z.string().optional(),
  })).optional(),
});

export const controlPlaneSchema = z.strictObject({
  apiVersion: z.literal(CONTROL_PLANE_API_VERSION),
  kind: z.literal(CONTROL_PLANE_KIND),
  metadata: objectMetaSchema,
  spec: controlPlaneSpecSchema,
  status: controlPlaneStatusSchema.optional(),
});

assertSameType<SameShape<z.infer<typeof controlPlaneSpecSchema>, ControlPlaneSpec>>();
assertSameType<SameShape<z.infer<typeof controlPlaneStatusSchema>, ControlPlaneStatus>>();
assertSameType<SameShape<z.infer<typeof controlPlaneSchema>, KnownFields<ControlPlane>>>();

// --- rules across fields -------------------------------------------------------------------------

/**
 * What the schema cannot say field by field. Reads the input defensively (any shape), so these
 * problems are reported together with type errors elsewhere. A missing toggle takes the value
 * `resolveInstallConfig` gives it, so only an explicit contradiction is reported.
 */
export function controlPlaneRuleProblems(cp: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const at = (path: string): unknown => get(cp, path);
  const add = (path: string, message: string): void => { problems.push({ path, message }); };

  const name = at('metadata.name');
  if (typeof at('metadata') === 'object' && (typeof name !== 'string' || name === '')) add('metadata.name', 'required (the ControlPlane is conventionally named smm)');
  if (at('metadata.namespace') !== undefined) add('metadata.namespace', 'ControlPlane is cluster-scoped: remove the namespace');

  const meshManagerEnabled = at('spec.meshManager.enabled') !== false;
  const smmEnabled = at('spec.smm.enabled') ?? meshManagerEnabled;
  if (at('spec.smm.enabled') === true && !meshManagerEnabled) {
    add('spec.smm.enabled', 'requires spec.meshManager.enabled, which is false: smm runs on the mesh the mesh manager installs');
  }
  if (at('spec.smm.exposeDashboard.meshGateway.enabled') === true && smmEnabled === false) {
    add('spec.smm.exposeDashboard.meshGateway.enabled', `exposes the dashboard, but smm is disabled (${at('spec.smm.enabled') === false ? 'spec.smm.enabled: false' : 'spec.smm.enabled follows spec.meshManager.enabled: false'})`);
  }
  if (at('spec.smm.certManager.enabled') === true && at('spec.certManager.enabled') === false) {
    add('spec.smm.certManager.enabled', 'requires spec.certManager.enabled, which is false: enable cert-manager or set smm.certManager.enabled: false');
  }

  const role = at('spec.role');
  const smmRole = at('spec.smm.role');
  if ((role === 'active' || role === 'passive') && (smmRole === 'active' || smmRole === 'passive') && role !== smmRole) {
    add('spec.smm.role', `is ${smmRole}, but spec.role is ${role}: the smm role mirrors the cluster role`);
  }
  if ((role ?? smmRole) === 'passive' && at('spec.clusterName') === undefined) {
    add('spec.clusterName', 'required on a passive cluster: every cluster of a mesh needs its own name');
  }

  if (at('spec.smm.highAvailability.enabled') === true) {
    for (const path of ['spec.smm.highAvailability.replicas', 'spec.smm.prometheus.replicas']) {
      const n = at(path);
      if (typeof n === 'number' && n < 2) add(path, `is ${n}, but spec.smm.highAvailability.enabled needs at least 2`);
    }
  }

  const version = at('spec.meshManager.istio.version');
  const crName = at('spec.meshManager.istio.istioCRRef.name');
  if (typeof version === 'string' && typeof crName === 'string' && parseIstioVersion(version)) {
    const expected = istioControlPlaneName(version);
    if (crName !== expected) {
      add('spec.meshManager.istio.istioCRRef.name', `is ${crName}, but Istio ${version} runs in ${expected}: set both, or leave the name out to derive it`);
    }
  }

  const overrides = at('spec.meshManager.istio.istioCROverrides');
  if (typeof overrides === 'string' && overrides.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = parseYaml(overrides);
    } catch (e) {
      const first = (e as Error).message.split('\n')[0] ?? '';
      add('spec.meshManager.istio.istioCROverrides', `is not valid YAML: ${first.replace(/ at line (\d+), column (\d+):?$/, ' (line $1, column $2 of the string)')}`);
      return problems;
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      add('spec.meshManager.istio.istioCROverrides', 'must be a YAML mapping (fields of the IstioControlPlane spec)');
    }
  }
  return problems;
}

/** A cluster name that is not RFC 1123 gets the name `smm install --cluster-name` would make of it. */
const withClusterNameHint = (input: unknown) => (p: ValidationProblem): ValidationProblem => {
  const name = get(input, 'spec.clusterName');
  if (p.path !== 'spec.clusterName' || typeof name !== 'string') return p;
  try {
    return { ...p, message: `${p.message}; try "${normalizeClusterName(name)}"` };
  } catch {
    return p;
  }
};

/** Every problem of a ControlPlane; empty when it is valid. */
export function controlPlaneProblems(input: unknown): ValidationProblem[] {
  const result = controlPlaneSchema.safeParse(input);
  const problems = result.success ? [] : problemsOf(result.error, input, controlPlaneSchema).map(withClusterNameHint(input));
  const seen = new Set(problems.map((p) => p.path));
  // A field the schema refused is not reported twice.
  return [...problems, ...controlPlaneRuleProblems(input).filter((p) => !seen.has(p.path))];
}

/** The ControlPlane in `input`, or a `ControlPlaneValidationError` listing every problem. */
export function parseControlPlane(input: unknown, source?: string): ControlPlane {
  const problems = controlPlaneProblems(input);
  if (problems.length) throw new ControlPlaneValidationError(problems, source);
  return controlPlaneSchema.parse(input) as ControlPlane;
}

/**
 * A ControlPlane from YAML text. Syntax errors and schema problems carry `file:line:column`
 * (for schema problems, the position of the offending field when the file has it).
 */
export function parseControlPlaneYaml(text: string, file: string): ControlPlane {
  return parseYamlResource(text, file, (value) => parseControlPlane(value, file), (problems) => new ControlPlaneValidationError(problems, file));
}
