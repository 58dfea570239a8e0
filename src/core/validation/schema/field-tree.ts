// A compact field tree of one kind's schema, for the dashboard editor's completion: field
// names, their types, enum values and which are required. Derived from the schema bundle, so
// the editor proposes exactly what the validator accepts, without shipping the whole bundle.

import type { SchemaBundle, SchemaNode } from './crd-schema.js';

export type FieldType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'any';

/** One field: its type, and what can go inside it. */
export interface FieldNode {
  type: FieldType;
  /** Allowed values (enums). */
  values?: (string | number | boolean)[];
  /** Named fields of an object. */
  fields?: Record<string, FieldNode>;
  /** Required names among `fields`. */
  required?: string[];
  /** The element of an array. */
  items?: FieldNode;
  /** The value of a map (an object with free keys, e.g. labels). */
  mapValues?: FieldNode;
}

export interface KindFieldTree {
  group: string;
  kind: string;
  /** The version the tree describes (the preferred one: v1 before v1beta1 before v1alpha3). */
  version: string;
  root: FieldNode;
}

const STRING_MAP: FieldNode = { type: 'object', mapValues: { type: 'string' } };

/** ObjectMeta as the editor offers it: what users write, not what the server fills in. */
const METADATA: FieldNode = {
  type: 'object',
  required: ['name'],
  fields: { name: { type: 'string' }, namespace: { type: 'string' }, labels: STRING_MAP, annotations: STRING_MAP },
};

/** Kubernetes version order: GA, then beta, then alpha, higher numbers first. */
export function versionRank(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return -1;
  const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  return stage * 1_000_000 + Number(m[1]) * 1_000 + Number(m[3] ?? 0);
}

/** Merges the properties of oneOf/anyOf/allOf branches into one node (Istio's "one of" fields). */
function branches(node: SchemaNode): SchemaNode[] {
  return [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])];
}

/** Converts a schema node; `depth` guards against pathological nesting. */
export function toFieldNode(node: SchemaNode, depth = 0): FieldNode {
  if (depth > 40) return { type: 'any' };
  if (node['x-kubernetes-int-or-string']) return { type: 'int-or-string' };
  const type: FieldType = node.type ?? (node.properties ? 'object' : 'any');
  const out: FieldNode = { type };
  const values = node.enum?.filter((v): v is string | number | boolean => v !== null);
  if (values && values.length > 0) out.values = values;
  if (type === 'array' && node.items) out.items = toFieldNode(node.items, depth + 1);
  if (type === 'object') {
    const props: Record<string, SchemaNode> = { ...node.properties };
    for (const b of branches(node)) for (const [k, v] of Object.entries(b.properties ?? {})) props[k] ??= v;
    const names = Object.keys(props).sort();
    if (names.length > 0) out.fields = Object.fromEntries(names.map((k) => [k, toFieldNode(props[k]!, depth + 1)]));
    if (node.required && node.required.length > 0) out.required = [...node.required];
    if (typeof node.additionalProperties === 'object') out.mapValues = toFieldNode(node.additionalProperties, depth + 1);
  }
  return out;
}

/** Finds a kind by name (any case) in the bundle; the preferred version's tree, or undefined. */
export function fieldTreeOf(bundle: SchemaBundle, kind: string): KindFieldTree | undefined {
  const want = kind.trim().toLowerCase();
  for (const [group, kinds] of Object.entries(bundle.groups)) {
    for (const [name, forKind] of Object.entries(kinds)) {
      if (name.toLowerCase() !== want) continue;
      const [version] = Object.keys(forKind.versions).sort((a, b) => versionRank(b) - versionRank(a));
      if (version === undefined) return undefined;
      const schema = bundle.schemas[forKind.versions[version]!];
      const spec = schema?.properties?.['spec'];
      const root: FieldNode = {
        type: 'object',
        required: ['apiVersion', 'kind', 'metadata'],
        fields: {
          apiVersion: { type: 'string', values: Object.keys(forKind.versions).sort((a, b) => versionRank(b) - versionRank(a)).map((v) => `${group}/${v}`) },
          kind: { type: 'string', values: [name] },
          metadata: METADATA,
          ...(spec ? { spec: toFieldNode(spec) } : {}),
        },
      };
      return { group, kind: name, version, root };
    }
  }
  return undefined;
}
