// Defaults: a ControlPlane (as sparse as the user wrote it) resolved into the complete
// configuration the components build from. Defaults that depend on other fields follow
// them (a passive cluster gets the manual's passive profile, smm follows the mesh manager,
// the IstioControlPlane name follows the Istio version), so a valid input never resolves
// into an impossible combination.

import { SMM_VERSION } from '../../version.js';
import { ControlPlaneValidationError } from './errors.js';
import { istioControlPlaneName, istioRevision } from './names.js';
import { controlPlaneProblems } from './schema.js';
import {
  CONTROL_PLANE_API_VERSION, CONTROL_PLANE_KIND, DEFAULT_CONTROL_PLANE_NAME, IMAGE_NAMES, type ComponentSpec, type ControlPlane,
  type ControlPlaneSpec, type ImageName, type InstallConfig, type LogSpec, type Resolved,
} from './types.js';

export { normalizeClusterName } from './names.js';

/** Upstream Istio release installed when the ControlPlane names none. */
export const DEFAULT_ISTIO_VERSION = '1.24.3';
/**
 * Cluster name when none is given. `smm install` should pass the kubeconfig's cluster name
 * (normalized); a passive cluster must name itself (the schema refuses it otherwise).
 */
export const DEFAULT_CLUSTER_NAME = 'primary';

export const DEFAULT_NAMESPACES = {
  certManager: 'cert-manager',
  clusterRegistry: 'cluster-registry',
  smm: 'smm-system',
  istio: 'istio-system',
  registryAccess: 'smm-registry-access',
} as const;

export const DEFAULT_NODE_EXPORTER_PORT = 19101;
export const DEFAULT_FEDERATION_GATEWAY_PORT = 80;

export type ResolvedSpec = InstallConfig['spec'];

/** Upstream images; `repositoryOverride` rewrites their registry. */
export function upstreamImages(istioVersion: string): Record<ImageName, string> {
  return {
    pilot: `docker.io/istio/pilot:${istioVersion}`,
    proxyv2: `docker.io/istio/proxyv2:${istioVersion}`,
    prometheus: 'quay.io/prometheus/prometheus:v2.53.0',
    nodeExporter: 'quay.io/prometheus/node-exporter:v1.8.1',
    grafana: 'docker.io/grafana/grafana:11.1.0',
    jaeger: 'docker.io/jaegertracing/all-in-one:1.58.0',
    certManagerController: 'quay.io/jetstack/cert-manager-controller:v1.15.1',
    certManagerCainjector: 'quay.io/jetstack/cert-manager-cainjector:v1.15.1',
    certManagerWebhook: 'quay.io/jetstack/cert-manager-webhook:v1.15.1',
    clusterRegistryController: 'ghcr.io/cisco-open/cluster-registry-controller:v0.2.12',
    smm: `ghcr.io/smm-dev/smm:v${SMM_VERSION}`,
  };
}

/**
 * `docker.io/istio/pilot:1.24.3` with `{host: 'mirror.example.com', prefix: 'smm'}` →
 * `mirror.example.com/smm/istio/pilot:1.24.3`. The repository path is kept whole, so images
 * from different registries cannot collide in the mirror; an absent host keeps the registry.
 */
export function overrideRepository(image: string, override: ControlPlaneSpec['repositoryOverride']): string {
  if (!override || (!override.host && !override.prefix)) return image;
  const slash = image.indexOf('/');
  const registry = image.slice(0, slash);
  const path = image.slice(slash + 1);
  const prefix = (override.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return [override.host || registry, prefix, path].filter(Boolean).join('/');
}

export function resolveImages(istioVersion: string, override: ControlPlaneSpec['repositoryOverride']): Record<ImageName, string> {
  const upstream = upstreamImages(istioVersion);
  return Object.fromEntries(IMAGE_NAMES.map((n) => [n, overrideRepository(upstream[n], override)])) as Record<ImageName, string>;
}

/** The image a component deploys; throws when a hand-made config lacks it. */
export function imageOf(config: InstallConfig, name: ImageName): string {
  const ref = config.images[name];
  if (!ref) throw new Error(`InstallConfig has no image "${name}": build the config with resolveInstallConfig`);
  return ref;
}

// --- resolution ------------------------------------------------------------------------------------

/** `resources` and `valuesOverride` have no default: copied only when set. */
function unresolved(c: ComponentSpec | undefined): Pick<ComponentSpec, 'resources' | 'valuesOverride'> {
  return { ...(c?.resources ? { resources: c.resources } : {}), ...(c?.valuesOverride ? { valuesOverride: c.valuesOverride } : {}) };
}

function component(c: ComponentSpec | undefined, enabled: boolean, namespace: string): Resolved<ComponentSpec> {
  return { enabled: c?.enabled ?? enabled, namespace: c?.namespace ?? namespace, ...unresolved(c) };
}

const log = (l: LogSpec | undefined, level: NonNullable<LogSpec['level']>): Resolved<LogSpec> => ({ level: l?.level ?? level });

/** The complete spec; `spec` must be valid (see `controlPlaneProblems`). */
export function resolveSpec(spec: ControlPlaneSpec): ResolvedSpec {
  const role = spec.role ?? spec.smm?.role ?? 'active';
  const active = role === 'active';
  const logLevel = spec.log?.level ?? 'info';

  const certManager = component(spec.certManager, true, DEFAULT_NAMESPACES.certManager);
  const mm = spec.meshManager;
  const meshManager = component(mm, true, DEFAULT_NAMESPACES.smm);
  const istio = mm?.istio;
  const version = istio?.version ?? DEFAULT_ISTIO_VERSION;
  const crName = istio?.istioCRRef?.name ?? istioControlPlaneName(version);
  const crNamespace = istio?.istioCRRef?.namespace ?? DEFAULT_NAMESPACES.istio;

  const s = spec.smm;
  const smmNamespace = s?.namespace ?? DEFAULT_NAMESPACES.smm;
  const smmLog = log(s?.log, logLevel);
  const ha = s?.highAvailability?.enabled ?? false;
  const haReplicas = s?.highAvailability?.replicas ?? (ha ? 2 : 1);
  const pullSecrets = spec.registryAccess?.pullSecrets ?? [];

  return {
    clusterName: spec.clusterName ?? DEFAULT_CLUSTER_NAME,
    role,
    platform: spec.platform ?? '',
    certManager,
    clusterRegistry: component(spec.clusterRegistry, true, DEFAULT_NAMESPACES.clusterRegistry),
    log: { level: logLevel },
    oneEye: {},
    meshManager: {
      ...meshManager,
      istio: {
        enabled: istio?.enabled ?? meshManager.enabled,
        version,
        istioCRRef: { name: crName, namespace: crNamespace },
        operators: { namespace: istio?.operators?.namespace ?? meshManager.namespace },
        istioCROverrides: istio?.istioCROverrides ?? '',
        sidecarInjectorFailurePolicy: istio?.sidecarInjectorFailurePolicy ?? 'Fail',
        proxy: { ...(istio?.proxy?.resources ? { resources: istio.proxy.resources } : {}) },
        pilot: { ...(istio?.pilot?.resources ? { resources: istio.pilot.resources } : {}) },
      },
    },
    nodeExporter: {
      ...component(spec.nodeExporter, true, DEFAULT_NAMESPACES.smm),
      psp: { enabled: spec.nodeExporter?.psp?.enabled ?? false },
      rbac: { enabled: spec.nodeExporter?.rbac?.enabled ?? true },
      port: spec.nodeExporter?.port ?? DEFAULT_NODE_EXPORTER_PORT,
    },
    registryAccess: {
      // Upstream images are public: the pull-secret controller is only needed for pull secrets.
      ...component(spec.registryAccess, pullSecrets.length > 0, DEFAULT_NAMESPACES.registryAccess),
      imagePullSecretsController: {},
      pullSecrets: pullSecrets.map((p) => ({ name: p.name, namespace: p.namespace })),
    },
    ...(spec.repositoryOverride ? { repositoryOverride: spec.repositoryOverride } : {}),
    smm: {
      ...component(s, meshManager.enabled, smmNamespace),
      releaseName: s?.releaseName ?? 'smm',
      role,
      useIstioResources: s?.useIstioResources ?? active,
      als: { enabled: s?.als?.enabled ?? true, log: log(s?.als?.log, smmLog.level) },
      application: { enabled: s?.application?.enabled ?? active, log: log(s?.application?.log, smmLog.level) },
      auth: { mode: s?.auth?.mode ?? 'impersonation', forceUnsecureCookies: s?.auth?.forceUnsecureCookies ?? false },
      impersonation: { enabled: s?.impersonation?.enabled ?? true },
      certManager: { enabled: s?.certManager?.enabled ?? (active && certManager.enabled) },
      federationGateway: {
        enabled: s?.federationGateway?.enabled ?? active,
        name: s?.federationGateway?.name ?? 'smm',
        service: {
          enabled: s?.federationGateway?.service?.enabled ?? true,
          name: s?.federationGateway?.service?.name ?? 'smm-federation-gateway',
          port: s?.federationGateway?.service?.port ?? DEFAULT_FEDERATION_GATEWAY_PORT,
        },
      },
      federationGatewayOperator: { enabled: s?.federationGatewayOperator?.enabled ?? true },
      istio: { revision: s?.istio?.revision ?? istioRevision(crName, crNamespace) },
      leo: { enabled: s?.leo?.enabled ?? active, log: log(s?.leo?.log, smmLog.level) },
      log: smmLog,
      prometheus: {
        ...component(s?.prometheus, true, smmNamespace),
        replicas: s?.prometheus?.replicas ?? haReplicas,
        // The manual's passive profile keeps 8h: a peer's metrics are read by the active cluster.
        retentionTime: s?.prometheus?.retentionTime ?? (active ? '6h' : '8h'),
      },
      prometheusOperator: {},
      grafana: component(s?.grafana, active, smmNamespace),
      tracing: component(s?.tracing, true, smmNamespace),
      kubestatemetrics: { enabled: s?.kubestatemetrics?.enabled ?? true },
      web: { enabled: s?.web?.enabled ?? active },
      sre: { enabled: s?.sre?.enabled ?? active },
      sdm: { enabled: s?.sdm?.enabled ?? false },
      exposeDashboard: { meshGateway: { enabled: s?.exposeDashboard?.meshGateway?.enabled ?? false } },
      highAvailability: { enabled: ha, replicas: haReplicas },
    },
  };
}

/**
 * The configuration components build from: every default filled, names derived, images
 * resolved. Throws `ControlPlaneValidationError` for an invalid ControlPlane, before anything
 * is written. Status is not looked at.
 */
export function resolveInstallConfig(cp: ControlPlane): InstallConfig & { images: Record<ImageName, string> } {
  const { status: _status, ...desired } = cp;
  const problems = controlPlaneProblems(desired);
  if (problems.length) throw new ControlPlaneValidationError(problems, `ControlPlane ${cp.metadata.name ?? ''}`.trim());
  const spec = resolveSpec(cp.spec);
  const istio = spec.meshManager.istio;
  return {
    name: cp.metadata.name ?? DEFAULT_CONTROL_PLANE_NAME,
    spec,
    istio: {
      version: istio.version,
      name: istio.istioCRRef.name,
      namespace: istio.istioCRRef.namespace,
      revision: istioRevision(istio.istioCRRef.name, istio.istioCRRef.namespace),
    },
    images: resolveImages(istio.version, spec.repositoryOverride),
  };
}

/**
 * The `smm` ControlPlane `smm install -a` stores: `overrides` with every default written out,
 * as the manual's examples spell it, so `kubectl get cp smm -o yaml` shows the whole
 * configuration. The IstioControlPlane name and revision stay derived from the version (unless
 * overridden), so editing `meshManager.istio.version` later is enough to move to a new minor.
 */
export function defaultControlPlane(overrides: ControlPlaneSpec = {}): ControlPlane {
  const cp: ControlPlane = { apiVersion: CONTROL_PLANE_API_VERSION, kind: CONTROL_PLANE_KIND, metadata: { name: DEFAULT_CONTROL_PLANE_NAME }, spec: overrides };
  const problems = controlPlaneProblems(cp);
  if (problems.length) throw new ControlPlaneValidationError(problems, 'the ControlPlane settings');
  const spec: ControlPlaneSpec = structuredClone(resolveSpec(overrides));
  const istio = spec.meshManager?.istio;
  if (istio?.istioCRRef && !overrides.meshManager?.istio?.istioCRRef?.name) delete istio.istioCRRef.name;
  if (spec.smm?.istio && !overrides.smm?.istio?.revision) delete spec.smm.istio.revision;
  return { ...cp, spec };
}
