// The shape every Kubernetes object shares (owned by the core model, which reads it), and
// small helpers the adapters use.

import type { KubeObject } from '../core/model/k8s.js';

export type { KubeObject, ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../core/model/k8s.js';

export function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.apiVersion === 'string' && typeof v.kind === 'string'
    && typeof v.metadata === 'object' && v.metadata !== null;
}

/** `group/version` → group ('' for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `Kind namespace/name` (or `Kind name`), for messages. */
export function describeObject(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const ns = o.metadata.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata.name ?? o.metadata.generateName ?? '<unnamed>'}`;
}
