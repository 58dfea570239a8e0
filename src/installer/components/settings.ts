// Where each component reads its section of the ControlPlane: whether it is on, which
// namespace it lives in, its resources and its `valuesOverride`. One table, so the namespace
// rules (namespaces.ts) and the builders agree.
//
// `InstallConfig.spec` is resolved (every field set but resources and valuesOverride), so
// these are plain reads; the rules of which section switches what live here.

import type { COMPONENT_ORDER, ComponentSpec, ImageName, InstallConfig, ResourceRequirements, Role } from '../api/types.js';
import type { Values } from '../api/merge.js';

/** The components of the ControlPlane (the demo application is not one of them). */
export type StackComponent = (typeof COMPONENT_ORDER)[number];

export interface ComponentSettings {
  name: StackComponent;
  enabled: boolean;
  namespace: string;
  /** The ControlPlane path of the section, for messages (`spec.smm.prometheus`). */
  section: string;
  resources: ResourceRequirements | undefined;
  valuesOverride: Values | undefined;
}

export const smmNamespace = (config: InstallConfig): string => config.spec.smm.namespace;

/** The smm application stack is on (everything under `spec.smm` depends on it). */
export const smmStackEnabled = (config: InstallConfig): boolean => config.spec.smm.enabled;

/** smm installs and runs the Istio control plane itself. */
export const meshManagerEnabled = (config: InstallConfig): boolean =>
  config.spec.meshManager.enabled && config.spec.meshManager.istio.enabled;

export const clusterRole = (config: InstallConfig): Role => config.spec.role;

function fromSpec(name: StackComponent, section: string, spec: ComponentSpec | undefined, enabled: boolean, namespace: string): ComponentSettings {
  return { name, enabled, namespace, section, resources: spec?.resources, valuesOverride: spec?.valuesOverride };
}

export function componentSettings(config: InstallConfig, name: StackComponent): ComponentSettings {
  const s = config.spec;
  const smm = s.smm;
  const smmNs = smmNamespace(config);
  switch (name) {
    case 'certManager':
      return fromSpec(name, 'spec.certManager', s.certManager, s.certManager.enabled, s.certManager.namespace);
    case 'clusterRegistry':
      return fromSpec(name, 'spec.clusterRegistry', s.clusterRegistry, s.clusterRegistry.enabled, s.clusterRegistry.namespace);
    case 'meshManager':
      // istiod runs in the Istio namespace; `spec.meshManager.namespace` is where the product
      // ran its istio-operators, which smm replaces.
      return fromSpec(name, 'spec.meshManager', s.meshManager, meshManagerEnabled(config), config.istio.namespace);
    case 'meshGateway':
      // The dashboard's entry point: part of the smm stack, and its IstioMeshGateway CRD comes
      // with the mesh manager. It has no section (nor valuesOverride) of its own.
      return { name, enabled: smmStackEnabled(config) && meshManagerEnabled(config), namespace: smmNs, section: 'spec.smm.exposeDashboard.meshGateway', resources: undefined, valuesOverride: undefined };
    case 'nodeExporter':
      return fromSpec(name, 'spec.nodeExporter', s.nodeExporter, s.nodeExporter.enabled, s.nodeExporter.namespace);
    case 'prometheus':
      return fromSpec(name, 'spec.smm.prometheus', smm.prometheus, smmStackEnabled(config) && smm.prometheus.enabled, smm.prometheus.namespace);
    case 'grafana':
      return fromSpec(name, 'spec.smm.grafana', smm.grafana, smmStackEnabled(config) && smm.grafana.enabled, smm.grafana.namespace);
    case 'tracing':
      return fromSpec(name, 'spec.smm.tracing', smm.tracing, smmStackEnabled(config) && smm.tracing.enabled, smm.tracing.namespace);
    case 'smm':
      // The server (GraphQL API + dashboard) is `spec.smm.application`; a passive cluster runs
      // the rest of the stack without it.
      return fromSpec(name, 'spec.smm', smm, smmStackEnabled(config) && smm.application.enabled, smmNs);
  }
}

/** The image for `key`; a missing one is a clear error rather than an unpullable pod. */
export function imageOf(config: InstallConfig, key: ImageName): string {
  const image = config.images[key];
  if (!image) throw new Error(`no image configured for "${key}" (InstallConfig.images)`);
  return image;
}

/** The Istio network of this cluster: the product's `network1` when active, a passive cluster's own name. */
export const networkName = (config: InstallConfig): string =>
  config.spec.role === 'passive' ? config.spec.clusterName : 'network1';
