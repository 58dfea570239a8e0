// Did an apply change anything smm manages? Comparing resourceVersions is not enough: between
// smm's list and its apply, controllers write status and their own annotations (a Deployment's
// revision), which bumps the version while smm changed nothing. So compare only what smm
// declares (the desired object's fields, before and after) and which fields smm owns (a field
// it stopped declaring is pruned by the server, which changes the owned set).

import type { KubeObject } from '../../core/model/k8s.js';
import { deepEqual } from '../../core/util/deep-equal.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` cut down to the keys `shape` has (recursively through objects; lists are compared whole). */
export function projectOnto(value: unknown, shape: unknown): unknown {
  if (!isPlainObject(shape) || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(shape)) if (k in value) out[k] = projectOnto(value[k], shape[k]);
  return out;
}

const ownedFields = (o: KubeObject, manager: string): unknown =>
  o.metadata.managedFields?.find((e) => e.manager === manager && e.operation === 'Apply')?.fieldsV1;

export function appliedChange(desired: KubeObject, before: KubeObject | undefined, after: KubeObject, manager: string): boolean {
  if (!before) return true;
  const { status: _ignored, ...declared } = desired;
  if (!deepEqual(projectOnto(before, declared), projectOnto(after, declared))) return true;
  return !deepEqual(ownedFields(before, manager), ownedFields(after, manager));
}
