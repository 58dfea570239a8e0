// CustomResourceDefinitions, apiextensions.k8s.io/v1. Schemas must be structural (every node
// has a type; int-or-string is the one exception): the API server rejects anything else, and
// pruning then drops unknown fields except where a node preserves them on purpose.

import type { KubeObject } from '../../core/model/k8s.js';
import type { Labels } from './k8s.js';

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  required?: string[];
  enum?: string[];
  format?: string;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-int-or-string'?: true;
  anyOf?: Schema[];
}

// --- schema builders -------------------------------------------------------------------------

export const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
export const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
export const int = (): Schema => ({ type: 'integer' });
export const bool = (): Schema => ({ type: 'boolean' });
export const arr = (items: Schema): Schema => ({ type: 'array', items });
export const stringMap = (): Schema => ({ type: 'object', additionalProperties: { type: 'string' } });
export const intOrString = (): Schema => ({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] });

/** An object with known properties; `preserve` keeps fields the schema does not name. */
export function obj(properties: Record<string, Schema>, opts: { required?: string[]; preserve?: boolean; description?: string } = {}): Schema {
  return {
    type: 'object',
    ...(opts.description ? { description: opts.description } : {}),
    properties,
    ...(opts.required?.length ? { required: opts.required } : {}),
    ...(opts.preserve ? { 'x-kubernetes-preserve-unknown-fields': true as const } : {}),
  };
}

/** Any object, kept as written (deep settings passed through to the component that reads them). */
export const anyObject = (description?: string): Schema => ({
  type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...(description ? { description } : {}),
});

export const selectorRequirements = (): Schema => arr(obj({ key: str(), operator: str(), values: arr(str()) }, { required: ['key', 'operator'] }));
export const labelSelector = (): Schema => obj({ matchLabels: stringMap(), matchExpressions: selectorRequirements() });

// --- the definition --------------------------------------------------------------------------

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'date' | 'number';
  jsonPath: string;
  priority?: number;
}

export interface CrdInput {
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  /** Versions served; the first one is the storage version. All share one schema. */
  versions: string[];
  spec: Schema;
  status?: Schema;
  shortNames?: string[];
  categories?: string[];
  printerColumns?: PrinterColumn[];
  labels: Labels;
}

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

export function customResourceDefinition(c: CrdInput): KubeObject {
  const schema: Schema = obj({
    apiVersion: str(), kind: str(), metadata: { type: 'object' },
    spec: c.spec,
    ...(c.status ? { status: c.status } : {}),
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${c.plural}.${c.group}`, labels: c.labels },
    spec: {
      group: c.group,
      scope: c.scope,
      names: {
        kind: c.kind, listKind: `${c.kind}List`, plural: c.plural, singular: c.kind.toLowerCase(),
        ...(c.shortNames ? { shortNames: c.shortNames } : {}),
        ...(c.categories ? { categories: c.categories } : {}),
      },
      versions: c.versions.map((name, i) => ({
        name, served: true, storage: i === 0,
        schema: { openAPIV3Schema: schema },
        ...(c.status ? { subresources: { status: {} } } : {}),
        ...(c.printerColumns ? { additionalPrinterColumns: [...c.printerColumns, AGE] } : {}),
      })),
    },
  };
}

/** A CRD whose spec and status are kept as written (third-party kinds smm only needs to exist). */
export function looseCrd(c: Omit<CrdInput, 'spec' | 'status'> & { status?: boolean }): KubeObject {
  const { status, ...rest } = c;
  return customResourceDefinition({ ...rest, spec: anyObject(), ...(status === false ? {} : { status: anyObject() }) });
}
