// The contract of a component: a pure resource builder. Given the whole configuration it
// returns every object it owns, each marked present or absent, so that the engine can apply
// what is present and delete what is absent (a disabled component returns all its objects
// absent, or nothing: the engine also prunes by ownership label).
//
// What the engine (engine/reconcile.ts) and the builders (this folder) rely on:
//  1. `build(config)` is pure and deterministic and returns every object the component owns,
//     enabled or not: `present` when enabled, `absent` when disabled. It throws, naming the
//     ControlPlane field at fault, when the configuration cannot be rendered (e.g. an invalid
//     `valuesOverride`); nothing of that component is applied then.
//  2. Within one component the engine applies Namespaces and CustomResourceDefinitions first,
//     waits until those CRDs are Established, then applies the rest (in kind order). So a
//     component returns a CRD together with custom resources of it (clusterRegistry's Cluster,
//     meshManager's IstioControlPlane, meshGateway's IstioMeshGateway, whose CRD meshManager
//     established earlier). No stages are needed.
//  3. Namespaces (namespaces.ts): one used by a single component is returned with that
//     component's state; one several share (smm-system) is returned `present` by the first
//     enabled user only and never `absent`, so its creator, and ownership label, moves when
//     components are toggled. Hence, when installing, the engine deletes a Namespace only if a
//     component returns it `absent`, never by ownership-label pruning. Uninstall (reverse
//     order) removes everything owned, Namespaces included: a shared namespace's creator runs
//     after its other users there. CRDs are never deleted.
//  4. Builders set the `app.kubernetes.io/name|component|part-of` labels; ownership labels
//     (OWNER_LABELS) are the engine's.
//  5. `warnings(config)` never throws: replaced `valuesOverride` keys and invalid settings.

import type { KubeObject } from '../../core/model/k8s.js';
import type { ComponentName, InstallConfig } from '../api/types.js';

export interface DesiredObject {
  object: KubeObject;
  state: 'present' | 'absent';
}

export interface Component {
  name: ComponentName;
  /** Human name for progress and status, e.g. "Mesh Manager". */
  title: string;
  enabled(config: InstallConfig): boolean;
  build(config: InstallConfig): DesiredObject[];
  /**
   * Kinds (apiVersion + kind) this component may own: the engine lists these by ownership
   * label to prune objects no longer desired.
   */
  kinds: { apiVersion: string; kind: string }[];
  /** valuesOverride keys a managed setting replaced, reported to the user (never dropped silently). */
  warnings?(config: InstallConfig): string[];
}

/** Labels the engine puts on every object it applies; pruning selects on them. */
export const OWNER_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  component: 'smm.cisco.com/component',
  controlPlane: 'smm.cisco.com/controlplane',
} as const;
export const MANAGED_BY = 'smm';

/**
 * Marks an object the engine creates when absent but never takes over when it exists: e.g.
 * Istio's own CRDs, which a cluster may already have with their full schemas (replacing them
 * with smm's loose copies would silently drop validation).
 */
export const CREATE_ONLY_ANNOTATION = 'smm.cisco.com/create-only';
