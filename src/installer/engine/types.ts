// The reconcile engine's API: the same engine runs one-shot from the CLI (`smm install`,
// `smm reconcile --from-file`) and inside the operator on every ControlPlane change.

import type { KubeObject } from '../../core/model/k8s.js';
import type { ComponentName, ComponentStatus } from '../api/types.js';

export type ProgressEvent =
  | { type: 'component-start'; component: ComponentName; title: string }
  | { type: 'applied'; component: ComponentName; object: string; changed: boolean }
  | { type: 'pruned'; component: ComponentName; object: string }
  | { type: 'waiting'; component: ComponentName; object: string; condition: string }
  | { type: 'component-done'; component: ComponentName; status: ComponentStatus; changes: number }
  | { type: 'warning'; component: ComponentName; message: string };

export interface ReconcileOptions {
  /** Field manager for server-side apply (default `smm-installer`). */
  fieldManager?: string;
  /** How long to wait for each readiness condition (CRD Established, Deployment Available). */
  waitTimeoutMs?: number;
  /** Write the ControlPlane's status (per component and overall). Default true. */
  writeStatus?: boolean;
  progress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface ReconcileResult {
  status: 'Succeeded' | 'Failed';
  /** Objects created, changed or deleted; 0 means the cluster already matched. */
  changes: number;
  components: Partial<Record<ComponentName, ComponentStatus & { changes: number }>>;
  /** The failure, naming component, object and the API server's message. */
  error?: string;
  /** valuesOverride keys replaced by managed settings, per component. */
  warnings: string[];
}

/** Objects rendered instead of applied (`--dump-resources`). */
export interface RenderedComponent {
  component: ComponentName;
  objects: KubeObject[];
}
