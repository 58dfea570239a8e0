// The CustomResourceDefinitions of smm's own kinds, with their OpenAPI schemas generated from
// the zod schemas: one definition, so the API server refuses what `parseControlPlane` refuses
// (unknown fields under fieldValidation=Strict, wrong types, enums, patterns, ranges). The
// rules across fields stay in `schema.ts`. `scripts/generate-crds.ts` writes them to deploy/.

import { stringify } from 'yaml';
import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import { demoApplicationSpecSchema, demoApplicationStatusSchema, DEMO_APPLICATION_KIND } from './demo-application.js';
import { controlPlaneSpecSchema, controlPlaneStatusSchema } from './schema.js';
import { CONTROL_PLANE_KIND } from './types.js';

export {
  DEMO_APPLICATION_API_VERSION, DEMO_APPLICATION_KIND, DEMO_COMPONENTS, demoApplicationSchema, demoApplicationSpecSchema,
  parseDemoApplication, parseDemoApplicationYaml,
  type DemoApplication, type DemoApplicationSpec, type DemoApplicationStatus, type DemoComponent,
} from './demo-application.js';

export const SMM_API_GROUP = 'smm.cisco.com';
export const SMM_API_VERSION = 'v1alpha1';

/** The subset of OpenAPI v3 a structural CRD schema uses. */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps;
  enum?: (string | number | boolean)[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface CustomResourceDefinition extends KubeObject {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: 'Cluster' | 'Namespaced';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: Record<string, never> };
      additionalPrinterColumns?: PrinterColumn[];
      schema: { openAPIV3Schema: JSONSchemaProps };
    }[];
  };
}

// --- zod → structural schema ---------------------------------------------------------------------

type JsonNode = Record<string, unknown>;
const isNode = (v: unknown): v is JsonNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
/** zod writes JavaScript's safe-integer range on every integer; it says nothing a user needs. */
const isSafeIntegerBound = (n: unknown): boolean => n === Number.MAX_SAFE_INTEGER || n === Number.MIN_SAFE_INTEGER;

/**
 * One JSON Schema node as Kubernetes requires it (structural): a `type` everywhere, no
 * `$ref`/`anyOf`/`oneOf`, `additionalProperties` only for maps; a map of anything keeps its
 * unknown fields. Strict objects need nothing: the API server prunes unknown fields, and
 * refuses them under `fieldValidation=Strict` (kubectl's default).
 */
export function toStructural(node: unknown, path = ''): JSONSchemaProps {
  const where = path || '<root>';
  if (!isNode(node)) throw new Error(`CRD schema at ${where}: expected a schema object`);
  for (const k of ['$ref', 'anyOf', 'oneOf', 'allOf', 'not']) {
    if (k in node) throw new Error(`CRD schema at ${where}: "${k}" is not structural; simplify the zod schema`);
  }
  const type = node['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) throw new Error(`CRD schema at ${where}: every node needs a type, got ${JSON.stringify(type)}`);
  const out: JSONSchemaProps = { type: type as JSONSchemaProps['type'] };
  if (typeof node['description'] === 'string') out.description = node['description'];
  if (Array.isArray(node['enum'])) out.enum = node['enum'] as JSONSchemaProps['enum'];
  if (typeof node['pattern'] === 'string') out.pattern = node['pattern'];
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    const v = node[k];
    if (typeof v === 'number' && !isSafeIntegerBound(v)) out[k] = v;
  }
  if (type === 'object') {
    const props = node['properties'];
    if (isNode(props) && Object.keys(props).length) {
      out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toStructural(v, path ? `${path}.${k}` : k)]));
    }
    if (Array.isArray(node['required']) && node['required'].length) out.required = node['required'] as string[];
    const extra = node['additionalProperties'];
    if (isNode(extra) && Object.keys(extra).length === 0) {
      out['x-kubernetes-preserve-unknown-fields'] = true; // a map of anything
    } else if (isNode(extra) && !('not' in extra)) {
      out.additionalProperties = toStructural(extra, `${path}.*`);
    } else if (!out.properties) {
      // An object that takes no fields (`{}` in the manual): without this, server-side apply
      // treats a field-less object as a map and keeps whatever is put in it.
      out.maxProperties = 0;
    }
  }
  if (type === 'array') out.items = toStructural(node['items'], `${path}[]`);
  return out;
}

export function structuralSchemaOf(schema: z.ZodType): JSONSchemaProps {
  return toStructural(z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'throw' }));
}

interface CrdInput {
  kind: string;
  plural: string;
  scope: 'Cluster' | 'Namespaced';
  shortNames?: string[];
  description: string;
  spec: z.ZodType;
  status: z.ZodType;
  columns: PrinterColumn[];
}

const STATUS_COLUMN: PrinterColumn = { name: 'Status', type: 'string', jsonPath: '.status.status', description: 'Result of the last reconcile' };
const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function crd(input: CrdInput): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${input.plural}.${SMM_API_GROUP}`, labels: { 'app.kubernetes.io/part-of': 'smm' } },
    spec: {
      group: SMM_API_GROUP,
      names: {
        kind: input.kind,
        listKind: `${input.kind}List`,
        plural: input.plural,
        singular: input.kind.toLowerCase(),
        ...(input.shortNames ? { shortNames: input.shortNames } : {}),
        categories: ['smm'],
      },
      scope: input.scope,
      versions: [{
        name: SMM_API_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: input.columns,
        schema: {
          openAPIV3Schema: {
            description: input.description,
            type: 'object',
            properties: {
              apiVersion: { type: 'string', description: 'Versioned schema of this object: smm.cisco.com/v1alpha1.' },
              kind: { type: 'string', description: `${input.kind}.` },
              metadata: { type: 'object' },
              spec: structuralSchemaOf(input.spec),
              status: structuralSchemaOf(input.status),
            },
            required: ['spec'],
          },
        },
      }],
    },
  };
}

/** `controlplanes.smm.cisco.com`: cluster-scoped, short name `cp`. */
export function controlPlaneCrd(): CustomResourceDefinition {
  return crd({
    kind: CONTROL_PLANE_KIND,
    plural: 'controlplanes',
    scope: 'Cluster',
    shortNames: ['cp'],
    description: 'ControlPlane is the Schema for the controlplanes API: the whole configuration of smm, Istio and the observability stack in a cluster.',
    spec: controlPlaneSpecSchema,
    status: controlPlaneStatusSchema,
    columns: [
      { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterName' },
      { name: 'Role', type: 'string', jsonPath: '.spec.role' },
      STATUS_COLUMN,
      AGE_COLUMN,
    ],
  });
}

/** `demoapplications.smm.cisco.com`: namespaced. */
export function demoApplicationCrd(): CustomResourceDefinition {
  return crd({
    kind: DEMO_APPLICATION_KIND,
    plural: 'demoapplications',
    scope: 'Namespaced',
    description: 'DemoApplication is the Schema for the demoapplications API: smm\'s demo application and its load generator.',
    spec: demoApplicationSpecSchema,
    status: demoApplicationStatusSchema,
    columns: [
      { name: 'ControlPlane', type: 'string', jsonPath: '.spec.controlPlaneRef.name' },
      STATUS_COLUMN,
      AGE_COLUMN,
    ],
  });
}

// --- files in deploy/ -------------------------------------------------------------------------------

/** Where the generated CRDs live, relative to the repository root (the chart ships a copy). */
export const CRD_OUTPUT_DIRS = ['deploy/crds', 'deploy/charts/smm-operator/crds'] as const;
export const CRD_GENERATE_COMMAND = 'npx tsx scripts/generate-crds.ts';

export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  content: string;
}

export function crdManifest(c: CustomResourceDefinition): string {
  return `# Generated from src/installer/api by \`${CRD_GENERATE_COMMAND}\`: do not edit.\n${stringify(c, { lineWidth: 0 })}`;
}

/** Every CRD file in deploy/, as the generator writes it. */
export function generatedCrdFiles(): GeneratedFile[] {
  const crds = [controlPlaneCrd(), demoApplicationCrd()];
  return CRD_OUTPUT_DIRS.flatMap((dir) => crds.map((c) => ({ path: `${dir}/${c.spec.group}_${c.spec.names.plural}.yaml`, content: crdManifest(c) })));
}
