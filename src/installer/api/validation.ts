// Shared by the resource schemas: zod issues turned into problems that name the field and say
// what was expected and what was found, and the compile-time check that a schema's type is
// the hand-written TypeScript type.

import { z } from 'zod';
import { pathToString, type ValidationProblem } from './errors.js';

// --- compile-time: schema type === TypeScript type -------------------------------------------

/** Flattens intersections and interfaces into plain object types, so only the shape is compared. */
type Shape<T> = T extends readonly (infer U)[] ? Shape<U>[] : T extends object ? { [K in keyof T]: Shape<T[K]> } : T;

/**
 * Type equality (not just mutual assignability, which would accept a schema that lacks an
 * optional field): the types compare as identical once both are flattened.
 */
export type SameShape<A, B> = (<T>() => T extends Shape<A> ? 1 : 2) extends (<T>() => T extends Shape<B> ? 1 : 2) ? true : false;

/** The declared fields of a type, without its index signature (`KubeObject` has `[field: string]: unknown`). */
export type KnownFields<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** `assertSameType<SameShape<z.infer<typeof s>, T>>()` fails to compile when they differ. */
export function assertSameType<_Check extends true>(): void {
  // compile-time only
}

// --- run time: issues → problems ---------------------------------------------------------------

const unwrap = (s: z.ZodType): z.ZodType => {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
};

/** The schema of the field at `path`, to name the fields a strict object does accept. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodType>)[String(seg)];
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else if (cur instanceof z.ZodRecord) cur = cur.valueType as z.ZodType;
    else return undefined;
    if (!cur) return undefined;
    cur = unwrap(cur);
  }
  return cur;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? typeName(v) : String(v));

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The accepted field a mistyped one most likely meant (`meshmanager` → `meshManager`). */
export function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d <= Math.max(1, Math.floor(k.length / 4)) && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

function problemOf(issue: z.core.$ZodIssue, input: unknown, schema: z.ZodType, prefix: readonly PropertyKey[]): ValidationProblem[] {
  const at = [...prefix, ...issue.path];
  const path = pathToString(at);
  const got = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const target = schemaAt(schema, issue.path);
      const known = target instanceof z.ZodObject ? Object.keys(target.shape as object) : [];
      return issue.keys.map((k) => {
        const guess = closest(k, known);
        const accepted = known.length ? `accepted here: ${known.join(', ')}` : 'this object takes no fields';
        return { path: pathToString([...at, k]), message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}; ${accepted}` };
      });
    }
    case 'invalid_type': {
      if (got === undefined) return [{ path, message: `required (${issue.expected})` }];
      const expected = issue.expected === 'int' ? 'integer' : issue.expected === 'never' ? 'nothing (this object takes no fields)' : issue.expected;
      return [{ path, message: `expected ${expected}, got ${issue.expected === 'int' ? show(got) : typeName(got)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${show(got)}` }];
    case 'too_small':
      return [{ path, message: `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}, got ${show(got)}` }];
    case 'too_big':
      return [{ path, message: `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${typeof got === 'string' ? ` characters, got ${got.length}` : `, got ${show(got)}`}` }];
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${show(got)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

/** Every zod issue as a problem with its field path (under `prefix`, e.g. `['spec']`). */
export function problemsOf(error: z.ZodError, input: unknown, schema: z.ZodType, prefix: readonly PropertyKey[] = []): ValidationProblem[] {
  return error.issues.flatMap((i) => problemOf(i, input, schema, prefix));
}

/** Read a value by path from input that may not have the expected shape. */
export function get(input: unknown, path: string): unknown {
  return valueAt(input, path.split('.'));
}
