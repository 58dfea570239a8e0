// A component's settings: its defaults, then the user's `valuesOverride`, then the managed
// settings smm derives from the ControlPlane (namespace, labels, revision, ports, first-class
// fields). The result is checked against the component's schema, so a typo or a wrong type in
// `valuesOverride` is a precise error, never a silently ignored key.

import { z } from 'zod';
import { mergeValues, type Values } from '../api/merge.js';
import type { ComponentSettings } from './settings.js';

export interface ResolvedValues<T> {
  values: T;
  /** Overrides a managed setting replaced (reported, not fatal). */
  warnings: string[];
  /** Why the merged settings are invalid; the builder refuses to render them. */
  errors: string[];
}

export class InvalidValuesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidValuesError';
  }
}

function valueAt(values: unknown, path: string): unknown {
  let v: unknown = values;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Values)[k] : undefined;
  return v;
}

/**
 * Merge and validate. `where` names the ControlPlane section (`spec.smm.prometheus`) so that
 * every message points at the field the user wrote.
 */
export function resolveValues<S extends z.ZodType<Values>>(
  schema: S, where: string, defaults: z.output<S>, override: Values | undefined, managed: Values,
): ResolvedValues<z.output<S>> {
  const { values, collisions } = mergeValues(defaults, override, managed);
  const warnings = collisions.map((p) =>
    `${where}.valuesOverride.${p} is managed by smm; using ${JSON.stringify(valueAt(values, p))}`);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { values: parsed.data, warnings, errors: [] };
  const errors = parsed.error.issues.map((i) => {
    const path = [`${where}.valuesOverride`, ...i.path.map(String)].join('.');
    return i.code === 'unrecognized_keys' ? `${path}: unknown field(s) ${i.keys.join(', ')}` : `${path}: ${i.message}`;
  });
  return { values, warnings, errors };
}

/**
 * A component's values. A disabled component ignores its `valuesOverride`: it only needs the
 * names of what it removes, and a broken override must not block removing it.
 */
export function componentValues<S extends z.ZodType<Values>>(
  settings: ComponentSettings, schema: S, defaults: z.output<S>, managed: Values,
): ResolvedValues<z.output<S>> {
  return resolveValues(schema, settings.section, defaults, settings.enabled ? settings.valuesOverride : undefined, managed);
}

/** The values a builder may render from: invalid settings stop the component with their reasons. */
export function validValues<T>(r: ResolvedValues<T>): T {
  if (r.errors.length > 0) throw new InvalidValuesError(r.errors);
  return r.values;
}

/**
 * What `Component.warnings` reports: replaced overrides and, should they be invalid, why.
 * Never throws (the engine collects warnings after a failure too).
 */
export function valueWarnings(resolve: () => ResolvedValues<unknown>): string[] {
  try {
    const r = resolve();
    return [...r.warnings, ...r.errors];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

// --- schema pieces every component uses ----------------------------------------------------

const resourceList = z.strictObject({ cpu: z.string().optional(), memory: z.string().optional() });
export const resourcesSchema = z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() });
export const labelsSchema = z.record(z.string(), z.string());
export const imageSchema = z.string().min(1);
export const replicasSchema = z.number().int().min(0);
