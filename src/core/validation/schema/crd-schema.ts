// CustomResourceDefinitions → the compact schema bundle the validator reads
// (`istio-schemas.json`). Pure: the generator script reads the CRD files and writes the result;
// the tests re-run this transform to catch a committed bundle that drifted.
//
// What is kept is what structural validation needs: types, properties, items, maps
// (additionalProperties), enum, required, nullable, int-or-string, preserve-unknown-fields, the
// oneOf/anyOf/allOf/not constraints (Istio's "only one of" fields), format and the bounds
// (minimum/maximum/min|maxLength/min|maxItems/min|maxProperties/pattern; kept for later checks,
// not evaluated yet). Dropped: descriptions, defaults, and `x-kubernetes-validations` (CEL
// rules: evaluating them needs a CEL interpreter; istiod's webhook re-checks most of them).

/** One node of a structural OpenAPI v3 schema, as the bundle stores it. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  nullable?: boolean;
  enum?: (string | number | boolean | null)[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  not?: SchemaNode;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface KindSchemas {
  scope: 'Namespaced' | 'Cluster';
  /** Served version → index into `SchemaBundle.schemas` (versions often share one schema). */
  versions: Record<string, number>;
}

export interface SchemaBundle {
  /** Where the schemas came from (e.g. `istio.io/api v1.31.1`), for people reading the file. */
  sources: string[];
  /** group → kind → its served versions. */
  groups: Record<string, Record<string, KindSchemas>>;
  schemas: SchemaNode[];
}

/** A CRD file's document, as far as this transform reads it. */
export interface CrdSource {
  /** Names the origin in `SchemaBundle.sources`. */
  source: string;
  /** The documents of the CRD files (non-CRD documents are ignored). */
  documents: readonly unknown[];
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

const NUMBER_KEYS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;
const COMBINATORS = ['oneOf', 'anyOf', 'allOf'] as const;

/** The kept parts of one schema node, keys in a fixed order so the output is stable. */
export function compactSchema(node: unknown): SchemaNode {
  if (!isObject(node)) return {};
  const out: SchemaNode = {};
  const type = node['type'];
  if (typeof type === 'string' && TYPES.has(type)) out.type = type as SchemaNode['type'];
  if (typeof node['format'] === 'string') out.format = node['format'];
  if (node['nullable'] === true) out.nullable = true;
  if (Array.isArray(node['enum'])) out.enum = node['enum'] as SchemaNode['enum'];
  const props = node['properties'];
  if (isObject(props)) {
    out.properties = Object.fromEntries(Object.keys(props).sort().map((k) => [k, compactSchema(props[k])]));
  }
  if (Array.isArray(node['required']) && node['required'].length) out.required = (node['required'] as unknown[]).filter((r): r is string => typeof r === 'string');
  const extra = node['additionalProperties'];
  if (typeof extra === 'boolean') out.additionalProperties = extra;
  else if (isObject(extra)) out.additionalProperties = compactSchema(extra);
  if (node['items'] !== undefined) out.items = compactSchema(node['items']);
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  for (const k of COMBINATORS) {
    // int-or-string spells its two types as `anyOf`; the flag says it all.
    if (intOrString && k === 'anyOf') continue;
    const list = node[k];
    if (Array.isArray(list)) out[k] = list.map(compactSchema);
  }
  if (node['not'] !== undefined) out.not = compactSchema(node['not']);
  for (const k of NUMBER_KEYS) {
    const v = node[k];
    if (typeof v === 'number') out[k] = v;
  }
  if (typeof node['pattern'] === 'string') out.pattern = node['pattern'];
  if (intOrString) out['x-kubernetes-int-or-string'] = true;
  if (node['x-kubernetes-preserve-unknown-fields'] === true) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

interface CrdVersion { name: string; served: boolean; schema: unknown }
interface CrdShape { group: string; kind: string; scope: 'Namespaced' | 'Cluster'; versions: CrdVersion[] }

/** The parts of a CRD document the bundle needs, or undefined when it is not a CRD. */
function crdShape(doc: unknown): CrdShape | undefined {
  if (!isObject(doc) || doc['kind'] !== 'CustomResourceDefinition' || !isObject(doc['spec'])) return undefined;
  const spec = doc['spec'];
  const names = spec['names'];
  if (typeof spec['group'] !== 'string' || !isObject(names) || typeof names['kind'] !== 'string' || !Array.isArray(spec['versions'])) return undefined;
  const versions = (spec['versions'] as unknown[]).filter(isObject).map((v) => ({
    name: String(v['name']),
    served: v['served'] === true,
    schema: isObject(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined,
  }));
  return { group: spec['group'], kind: names['kind'], scope: spec['scope'] === 'Cluster' ? 'Cluster' : 'Namespaced', versions };
}

const sortedRecord = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The bundle of every served version of every CRD in `sources`: groups, kinds and versions in
 * sorted order, identical schemas stored once (Istio serves v1alpha3, v1beta1 and v1 of most
 * kinds with one schema).
 */
export function buildSchemaBundle(sources: readonly CrdSource[]): SchemaBundle {
  const schemas: SchemaNode[] = [];
  const indexOf = new Map<string, number>();
  const groups = new Map<string, Map<string, KindSchemas>>();
  for (const { documents } of sources) {
    for (const crd of documents.map(crdShape)) {
      if (!crd) continue;
      const versions: [string, number][] = [];
      for (const v of crd.versions) {
        if (!v.served || v.schema === undefined) continue;
        const schema = compactSchema(v.schema);
        const text = JSON.stringify(schema);
        let i = indexOf.get(text);
        if (i === undefined) {
          i = schemas.push(schema) - 1;
          indexOf.set(text, i);
        }
        versions.push([v.name, i]);
      }
      if (!versions.length) continue;
      const kinds = groups.get(crd.group) ?? new Map<string, KindSchemas>();
      kinds.set(crd.kind, { scope: crd.scope, versions: sortedRecord(versions) });
      groups.set(crd.group, kinds);
    }
  }
  return {
    sources: sources.map((s) => s.source),
    groups: sortedRecord([...groups].map(([g, kinds]) => [g, sortedRecord([...kinds])])),
    schemas,
  };
}

/** The bundle as the committed file holds it: stable (the drift tests compare text), and indented so a regeneration diffs readably. */
export function serializeSchemaBundle(bundle: SchemaBundle): string {
  return `${JSON.stringify(bundle, null, 1)}\n`;
}
