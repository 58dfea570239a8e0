// A schema node compiled once into a tree of small checking closures, so validating an object
// walks the object (not the schema) and allocates nothing until it finds an issue. The
// semantics are the API server's for structural CRD schemas:
//
// - a field not in `properties` is unknown (pruned; refused under fieldValidation=Strict, as
//   kubectl applies) unless the node keeps unknown fields or declares `additionalProperties`;
// - `null` is accepted where `nullable`, and elsewhere pruned like an absent field (so it is
//   neither a type error nor a present required field);
// - `x-kubernetes-int-or-string` takes an integer or a string;
// - oneOf/anyOf/allOf/not are only "which fields are set" constraints in the CRDs we bundle
//   (Istio's "only one of exact, prefix, regex"); a combinator that says more is not evaluated.
//
// Bounds, patterns and formats are kept in the bundle but not evaluated yet.

import { formatPath, type PathSegment } from '../source/object-path.js';
import type { SchemaNode } from './crd-schema.js';

export type SchemaCheckID =
  | 'schema/unknown-field'
  | 'schema/invalid-type'
  | 'schema/invalid-enum'
  | 'schema/required'
  | 'schema/one-of'
  | 'schema/unknown-version'
  | 'schema/invalid-name';

export interface SchemaIssue {
  checkID: SchemaCheckID;
  /** Where, in the findings' path notation (`spec.http[0].route[0].destination.hots`). */
  path: string;
  message: string;
  severity: 'error';
}

/** The path being checked: a stack the checkers push to and pop from, formatted only on an issue. */
export type PathStack = PathSegment[];

export type Checker = (value: unknown, path: PathStack, out: SchemaIssue[]) => void;

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

type Expected = NonNullable<SchemaNode['type']> | 'int-or-string';

function expectedType(node: SchemaNode): Expected | undefined {
  return node['x-kubernetes-int-or-string'] ? 'int-or-string' : node.type;
}

function hasType(value: unknown, expected: Expected): boolean {
  switch (expected) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'int-or-string': return typeof value === 'string' || Number.isInteger(value);
  }
}

/** How the API server would name a value's type in its message. */
function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const quoted = (path: PathStack): string => JSON.stringify(formatPath(path));
const issue = (checkID: SchemaCheckID, path: PathStack, message: string): SchemaIssue =>
  ({ checkID, path: formatPath(path), message, severity: 'error' });

/** Set, and not pruned: what `required` and the oneOf constraints mean by "present". */
const isSet = (o: JsonObject, key: string): boolean => o[key] !== undefined && o[key] !== null;

// --- which-fields-are-set constraints ------------------------------------------------------------

type Presence = (o: JsonObject) => boolean;
const PRESENCE_KEYS = new Set(['required', 'not', 'oneOf', 'anyOf', 'allOf']);

/** A node made only of required/not/oneOf/anyOf/allOf as a predicate; undefined when it says more. */
function compilePresence(node: SchemaNode): Presence | undefined {
  if (Object.keys(node).some((k) => !PRESENCE_KEYS.has(k))) return undefined;
  const parts: Presence[] = [];
  if (node.required) {
    const keys = node.required;
    parts.push((o) => keys.every((k) => isSet(o, k)));
  }
  if (node.not) {
    const inner = compilePresence(node.not);
    if (!inner) return undefined;
    parts.push((o) => !inner(o));
  }
  for (const [k, combine] of [['oneOf', exactlyOne], ['anyOf', some], ['allOf', every]] as const) {
    const list = node[k];
    if (!list) continue;
    const branches = list.map(compilePresence);
    if (branches.some((b) => b === undefined)) return undefined;
    parts.push(combine(branches as Presence[]));
  }
  return every(parts);
}

function exactlyOne(branches: Presence[]): Presence {
  return (o) => {
    let n = 0;
    for (const b of branches) if (b(o) && ++n > 1) return false;
    return n === 1;
  };
}
const some = (branches: Presence[]): Presence => (o) => branches.some((b) => b(o));
const every = (branches: Presence[]): Presence => (o) => branches.every((b) => b(o));

/** Every field name a constraint mentions, in first-mention order. */
function fieldsNamed(node: SchemaNode, into = new Set<string>()): Set<string> {
  for (const k of node.required ?? []) into.add(k);
  if (node.not) fieldsNamed(node.not, into);
  for (const list of [node.oneOf, node.anyOf, node.allOf]) for (const n of list ?? []) fieldsNamed(n, into);
  return into;
}

/** One constraint of a node (its oneOf, its anyOf, each of its allOf) as a checker of an object. */
type ObjectConstraint = (o: JsonObject, path: PathStack, out: SchemaIssue[]) => void;

type Label = 'oneOf' | 'anyOf' | 'allOf' | 'not';

function compileConstraint(node: SchemaNode, label: Label): ObjectConstraint | undefined {
  const holds = compilePresence(node);
  if (!holds) return undefined;
  const fields = [...fieldsNamed(node)];
  const list = fields.map((f) => JSON.stringify(f)).join(', ');
  return (o, path, out) => {
    if (holds(o)) return;
    const set = fields.filter((f) => isSet(o, f));
    const message = set.length > 1
      ? `only one of ${list} may be set in ${quoted(path)}, found ${set.map((f) => JSON.stringify(f)).join(', ')}`
      : `${quoted(path)} does not satisfy the schema's ${label} constraint on ${list}`;
    out.push(issue('schema/one-of', path, message));
  };
}

/** A node's combinators as separate constraints (allOf split up, so each message names its own fields). */
function compileConstraints(node: SchemaNode): ObjectConstraint[] {
  const parts: { node: SchemaNode; label: Label }[] = [];
  if (node.oneOf) parts.push({ node: { oneOf: node.oneOf }, label: 'oneOf' });
  if (node.anyOf) parts.push({ node: { anyOf: node.anyOf }, label: 'anyOf' });
  if (node.not) parts.push({ node: { not: node.not }, label: 'not' });
  for (const part of node.allOf ?? []) {
    parts.push({ node: part, label: part.oneOf ? 'oneOf' : part.anyOf ? 'anyOf' : part.not ? 'not' : 'allOf' });
  }
  return parts.map((p) => compileConstraint(p.node, p.label)).filter((c): c is ObjectConstraint => c !== undefined);
}

// --- the checker tree ---------------------------------------------------------------------------

/** Extra fields an object accepts besides its schema's: the root's apiVersion, kind and metadata. */
export type ExtraProperties = Record<string, Checker>;

export function compileSchema(node: SchemaNode, extra: ExtraProperties = {}): Checker {
  const expected = expectedType(node);
  const allowed = node.enum ? new Set<unknown>(node.enum) : undefined;
  const objectCheck = expected === 'object' || (expected === undefined && (node.properties || node.additionalProperties)) ? compileObject(node, extra) : undefined;
  const itemCheck = node.items ? compileSchema(node.items) : undefined;
  return (value, path, out) => {
    // Allowed where nullable and pruned elsewhere by the API server: never a type error.
    if (value === null) return;
    if (expected && !hasType(value, expected)) {
      out.push(issue('schema/invalid-type', path, `invalid type for ${quoted(path)}: must be ${expected === 'int-or-string' ? 'an integer or a string' : expected}, got ${typeName(value)}`));
      return;
    }
    if (allowed && !allowed.has(value)) {
      const supported = [...allowed].map((v) => JSON.stringify(v)).join(', ');
      out.push(issue('schema/invalid-enum', path, `unsupported value ${JSON.stringify(value)} for ${quoted(path)}: supported values: ${supported}`));
      return;
    }
    if (objectCheck && isObject(value)) objectCheck(value, path, out);
    else if (itemCheck && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        itemCheck(value[i], path, out);
        path.pop();
      }
    }
  };
}

function compileObject(node: SchemaNode, extra: ExtraProperties): (o: JsonObject, path: PathStack, out: SchemaIssue[]) => void {
  const properties = new Map<string, Checker>();
  for (const [k, v] of Object.entries(node.properties ?? {})) properties.set(k, compileSchema(v));
  // The extras win: a CRD may declare `metadata: {type: object}`, yet the API server checks ObjectMeta.
  for (const [k, c] of Object.entries(extra)) properties.set(k, c);
  const extraSchema = node.additionalProperties;
  const valueCheck = typeof extraSchema === 'object' ? compileSchema(extraSchema) : undefined;
  // Maps (additionalProperties) and preserve-unknown-fields keep what they are given.
  const keepsUnknown = node['x-kubernetes-preserve-unknown-fields'] === true || extraSchema === true;
  const required = node.required ?? [];
  const constraints = compileConstraints(node);
  return (o, path, out) => {
    for (const key in o) {
      const check = properties.get(key) ?? valueCheck;
      if (check) {
        path.push(key);
        check(o[key], path, out);
        path.pop();
      } else if (!keepsUnknown) {
        path.push(key);
        out.push(issue('schema/unknown-field', path, `unknown field ${quoted(path)}`));
        path.pop();
      }
    }
    for (const key of required) {
      if (isSet(o, key)) continue;
      path.push(key);
      out.push(issue('schema/required', path, `missing required field ${quoted(path)}`));
      path.pop();
    }
    for (const c of constraints) c(o, path, out);
  };
}
