// The contract of a component: a pure resource builder. Given the whole configuration it
// returns every object it owns, each marked present or absent, so that the engine can apply
// what is present and delete what is absent (a disabled component returns all its objects
// absent, or nothing: the engine also prunes by ownership label).

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
