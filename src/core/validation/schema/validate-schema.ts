// Checks an object of a bundled kind (Istio's, smm's IstioMeshGateway/IstioControlPlane)
// against its CRD's schema, as the API server would before admitting it: the apiVersion is
// served, every field is known and of the right type, enums hold, required fields are set,
// and the name is a valid DNS-1123 subdomain. Pure; each schema is compiled once, on first use.

import type { KubeObject } from '../../model/k8s.js';
import { groupOf } from '../types.js';
import { compileSchema, type Checker, type SchemaIssue, type PathStack } from './compile-schema.js';
import type { SchemaBundle, SchemaNode } from './crd-schema.js';
import bundledSchemas from './istio-schemas.json' with { type: 'json' };

export type { SchemaCheckID, SchemaIssue } from './compile-schema.js';

/** ObjectMeta as clients may write it (status-like fields included: they come back from clusters). */
const OBJECT_META: SchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    creationTimestamp: { type: 'string', nullable: true },
    deletionTimestamp: { type: 'string', nullable: true },
    deletionGracePeriodSeconds: { type: 'integer' },
    selfLink: { type: 'string' },
  },
};

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const issue = (checkID: SchemaIssue['checkID'], path: string, message: string): SchemaIssue => ({ checkID, path, message, severity: 'error' });

/** The name and namespace rules the API server applies before any schema. */
function metadataIssues(object: KubeObject): SchemaIssue[] {
  const meta = object.metadata;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return [];
  const out: SchemaIssue[] = [];
  const { name, generateName, namespace } = meta;
  if (typeof name === 'string' && name !== '') {
    if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      out.push(issue('schema/invalid-name', 'metadata.name', `invalid name ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (at most 253 characters)`));
    }
  } else if (!generateName && (name === undefined || name === '')) {
    out.push(issue('schema/required', 'metadata.name', 'missing required field "metadata.name": name or generateName is required'));
  }
  if (typeof namespace === 'string' && namespace !== '' && (namespace.length > 63 || !DNS1123_LABEL.test(namespace))) {
    out.push(issue('schema/invalid-name', 'metadata.namespace', `invalid namespace ${JSON.stringify(namespace)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters)`));
  }
  return out;
}

export interface SchemaValidator {
  /** Every issue of an object of a bundled group; none for groups the bundle does not know (core kinds, ...). */
  validate(object: KubeObject): SchemaIssue[];
  /** Does the bundle know this API group? */
  knowsGroup(group: string): boolean;
  /** The kinds of every bundled group, sorted. */
  readonly kinds: readonly string[];
}

/** A validator over one bundle (the committed one: `validateAgainstSchema`; tests use fixtures). */
export function createSchemaValidator(bundle: SchemaBundle): SchemaValidator {
  const compiled = new Map<number, Checker>();
  const metaCheck = compileSchema(OBJECT_META);
  // apiVersion and kind are checked before the walk; metadata by its own schema.
  const rootExtras = { apiVersion: () => undefined, kind: () => undefined, metadata: metaCheck };
  const checkerFor = (index: number): Checker => {
    let c = compiled.get(index);
    if (!c) {
      const schema = bundle.schemas[index];
      if (!schema) throw new Error(`schema bundle: no schema #${index}`);
      c = compileSchema(schema, rootExtras);
      compiled.set(index, c);
    }
    return c;
  };
  const kinds = [...new Set(Object.values(bundle.groups).flatMap((k) => Object.keys(k)))].sort();

  return {
    kinds,
    knowsGroup: (group) => Object.hasOwn(bundle.groups, group),
    validate(object) {
      const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
      const group = groupOf(apiVersion);
      const kinds = Object.hasOwn(bundle.groups, group) ? bundle.groups[group] : undefined;
      if (!kinds) return [];
      const version = apiVersion.slice(group.length + 1);
      const forKind = Object.hasOwn(kinds, object.kind) ? kinds[object.kind] : undefined;
      if (!forKind) {
        const known = Object.keys(kinds).join(', ');
        return [issue('schema/unknown-version', 'kind', `no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(apiVersion)} (group ${group} has ${known})`)];
      }
      const index = Object.hasOwn(forKind.versions, version) ? forKind.versions[version] : undefined;
      if (index === undefined) {
        const served = Object.keys(forKind.versions).map((v) => `${group}/${v}`).join(', ');
        return [issue('schema/unknown-version', 'apiVersion', `no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(apiVersion)} (served: ${served})`)];
      }
      const out = metadataIssues(object);
      const path: PathStack = [];
      checkerFor(index)(object, path, out);
      return out;
    },
  };
}

const bundled = createSchemaValidator(bundledSchemas as unknown as SchemaBundle);

/** The committed bundle's validator: Istio's CRDs and smm's servicemesh.cisco.com CRDs. */
export const bundledSchemaValidator: SchemaValidator = bundled;

/** Schema issues of an object (Istio kinds, IstioMeshGateway, IstioControlPlane); [] for other groups. */
export function validateAgainstSchema(object: KubeObject): SchemaIssue[] {
  return bundled.validate(object);
}
