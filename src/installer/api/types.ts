// The ControlPlane API (`smm.cisco.com/v1alpha1`, kind ControlPlane, cluster-scoped, short
// name `cp`, conventionally named `smm`): the whole installer configuration. These types are
// the design; `schema.ts` validates input against them (field paths in every error) and the
// CRD in deploy/ is generated from that schema.

import type { KubeObject } from '../../core/model/k8s.js';

export const CONTROL_PLANE_API_VERSION = 'smm.cisco.com/v1alpha1';
export const CONTROL_PLANE_KIND = 'ControlPlane';
export const DEFAULT_CONTROL_PLANE_NAME = 'smm';

export interface ResourceList {
  cpu?: string;
  memory?: string;
}

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

/** What every component section accepts. */
export interface ComponentSpec {
  enabled?: boolean;
  namespace?: string;
  resources?: ResourceRequirements;
  /**
   * Settings merged over the component's defaults, before the managed settings; a key that
   * collides with a managed setting is reported, not silently dropped.
   */
  valuesOverride?: Record<string, unknown>;
}

export interface Toggle {
  enabled?: boolean;
}

export interface LogSpec {
  level?: 'debug' | 'info' | 'warn' | 'error';
}

export interface IstioSpec extends Toggle {
  /** Istio version to install, e.g. `1.24.3`; the IstioControlPlane is named `cp-v<major><minor>x`. */
  version?: string;
  istioCRRef?: { name?: string; namespace?: string };
  operators?: { namespace?: string };
  /** YAML merged into the IstioControlPlane spec (the manual's `istioCROverrides`). */
  istioCROverrides?: string;
  /** `Fail` refuses pods when the injector is down; `Ignore` lets them start without a sidecar. */
  sidecarInjectorFailurePolicy?: 'Fail' | 'Ignore';
  /** Sidecar proxy requests/limits (`spec.meshManager.istio.proxy.resources` in the manual's ops guide). */
  proxy?: { resources?: ResourceRequirements };
  /** istiod requests/limits (`spec.meshManager.istio.pilot.resources`). */
  pilot?: { resources?: ResourceRequirements };
}

export interface MeshManagerSpec extends ComponentSpec {
  istio?: IstioSpec;
}

export interface NodeExporterSpec extends ComponentSpec {
  psp?: Toggle;
  rbac?: Toggle;
  /** Host port of the node exporter; 19101 as in the product. */
  port?: number;
}

export interface RegistryAccessSpec extends ComponentSpec {
  imagePullSecretsController?: Record<string, never>;
  pullSecrets?: { name: string; namespace: string }[];
}

export interface PrometheusSpec extends ComponentSpec {
  replicas?: number;
  retentionTime?: string;
}

export interface SmmAppSpec extends ComponentSpec {
  releaseName?: string;
  role?: Role;
  useIstioResources?: boolean;
  als?: Toggle & { log?: LogSpec };
  application?: Toggle & { log?: LogSpec };
  auth?: { mode?: 'impersonation' | 'anonymous'; forceUnsecureCookies?: boolean };
  impersonation?: Toggle;
  certManager?: Toggle;
  federationGateway?: Toggle & { name?: string; service?: Toggle & { name?: string; port?: number } };
  federationGatewayOperator?: Toggle;
  istio?: { revision?: string };
  leo?: Toggle & { log?: LogSpec };
  log?: LogSpec;
  prometheus?: PrometheusSpec;
  prometheusOperator?: Record<string, never>;
  grafana?: ComponentSpec;
  tracing?: ComponentSpec;
  kubestatemetrics?: Toggle;
  web?: Toggle;
  sre?: Toggle;
  sdm?: Toggle;
  exposeDashboard?: { meshGateway?: Toggle };
  highAvailability?: Toggle & { replicas?: number };
}

export type Role = 'active' | 'passive';

export interface ControlPlaneSpec {
  /** RFC 1123 label; `smm install --cluster-name` normalizes what a user types. */
  clusterName?: string;
  role?: Role;
  platform?: '' | 'openshift';
  certManager?: ComponentSpec;
  clusterRegistry?: ComponentSpec;
  log?: LogSpec;
  oneEye?: Record<string, never>;
  meshManager?: MeshManagerSpec;
  nodeExporter?: NodeExporterSpec;
  registryAccess?: RegistryAccessSpec;
  repositoryOverride?: { host?: string; prefix?: string };
  smm?: SmmAppSpec;
}

export type ComponentState = 'Available' | 'Reconciling' | 'Failed' | 'Removed';

export interface ComponentStatus {
  status: ComponentState;
  message?: string;
}

export interface ControlPlaneStatus {
  status?: 'Succeeded' | 'Failed' | 'Reconciling';
  message?: string;
  observedGeneration?: number;
  components?: Partial<Record<ComponentName, ComponentStatus>>;
}

export interface ControlPlane extends KubeObject {
  apiVersion: typeof CONTROL_PLANE_API_VERSION;
  kind: typeof CONTROL_PLANE_KIND;
  spec: ControlPlaneSpec;
  status?: ControlPlaneStatus;
}

/** Components in the order they are reconciled; uninstall runs the reverse. */
export const COMPONENT_ORDER = [
  'certManager', 'clusterRegistry', 'meshManager', 'meshGateway', 'nodeExporter',
  'prometheus', 'grafana', 'tracing', 'smm',
] as const;

/** The ControlPlane's components, and the demo application (`smm demoapp`, outside the order). */
export type ComponentName = (typeof COMPONENT_ORDER)[number] | 'demoApp';

/**
 * Fields that have no default: absent stays absent after resolution, meaning "not set" (the
 * component's own resources, no values override, images from their upstream registries).
 */
export type UnresolvedField = 'resources' | 'valuesOverride' | 'repositoryOverride';

/**
 * Deep-required: what components see after defaults, overrides and managed settings.
 * (Matches on `object`, not `Record<string, unknown>`: interfaces are not assignable to an
 * index signature, so the latter left every interface optional.)
 */
export type Resolved<T> = T extends readonly (infer U)[] ? Resolved<U>[]
  : T extends object
    ? { [K in keyof T as K extends UnresolvedField ? never : K]-?: Resolved<NonNullable<T[K]>> }
      & { [K in keyof T as K extends UnresolvedField ? K : never]?: T[K] }
    : T;

/** The images the installer deploys; `InstallConfig.images` has a reference for each. */
export const IMAGE_NAMES = [
  'pilot', 'proxyv2', 'prometheus', 'nodeExporter', 'grafana', 'jaeger',
  'certManagerController', 'certManagerCainjector', 'certManagerWebhook', 'clusterRegistryController', 'smm',
] as const;

export type ImageName = (typeof IMAGE_NAMES)[number];

/** The configuration every component builder receives. */
export interface InstallConfig {
  /** Name of the ControlPlane object (`smm`); objects carry it in their ownership labels. */
  name: string;
  spec: Resolved<ControlPlaneSpec>;
  istio: {
    version: string;
    /** `cp-v115x` style, from the version. */
    name: string;
    namespace: string;
    /** `<name>.<namespace>`, the value of `istio.io/rev`. */
    revision: string;
  };
  /** Image references (one per `ImageName`), after `repositoryOverride`. */
  images: Record<string, string>;
}
