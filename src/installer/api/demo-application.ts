// The DemoApplication API (`smm.cisco.com/v1alpha1`, namespaced, conventionally `smm-demo` in
// `smm-demo`): the product's demo application and its load generator, as the manual shows it.

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import { DemoApplicationValidationError, type ValidationProblem } from './errors.js';
import { RFC1123_SUBDOMAIN } from './names.js';
import { objectMetaSchema, resourceRequirementsSchema, rfc1123LabelSchema } from './schema.js';
import { CONTROL_PLANE_API_VERSION, type ResourceRequirements } from './types.js';
import { assertSameType, get, problemsOf, type KnownFields, type SameShape } from './validation.js';
import { parseYamlResource } from './yaml-source.js';

export const DEMO_APPLICATION_API_VERSION = CONTROL_PLANE_API_VERSION;
export const DEMO_APPLICATION_KIND = 'DemoApplication';

/** The demo's services (`movies` runs as v1, v2 and v3); the load generator is always there. */
export const DEMO_COMPONENTS = [
  'frontpage', 'catalog', 'bookings', 'postgresql', 'payments', 'notifications', 'movies', 'analytics', 'database', 'mysql',
] as const;
export type DemoComponent = (typeof DEMO_COMPONENTS)[number];

export interface DemoLoadSpec {
  enabled?: boolean;
  minRPS?: number;
  maxRPS?: number;
  /** Period of the sine swing between minRPS and maxRPS, in nanoseconds (a Go duration; 1380000000000 = 23 min). */
  swingPeriod?: number;
}

export interface DemoApplicationSpec {
  enabled?: boolean;
  controlPlaneRef?: { name: string };
  enabledComponents?: DemoComponent[];
  istio?: { revision?: string };
  load?: DemoLoadSpec;
  replicas?: number;
  resources?: ResourceRequirements;
  autoscaling?: { enabled?: boolean };
  deployIstioResources?: boolean;
  deploySLOResources?: boolean;
}

export interface DemoApplicationStatus {
  status?: 'Available' | 'Reconciling' | 'Failed';
  message?: string;
  observedGeneration?: number;
}

export interface DemoApplication extends KubeObject {
  apiVersion: typeof DEMO_APPLICATION_API_VERSION;
  kind: typeof DEMO_APPLICATION_KIND;
  spec: DemoApplicationSpec;
  status?: DemoApplicationStatus;
}

// --- schema --------------------------------------------------------------------------------------

export const demoApplicationSpecSchema = z.strictObject({
  enabled: z.boolean().optional().describe('Whether the demo application runs.'),
  controlPlaneRef: z.strictObject({ name: z.string().min(1).describe('Name of the ControlPlane (smm).') }).optional(),
  enabledComponents: z.array(z.enum(DEMO_COMPONENTS)).optional().describe('Services to deploy (default: all).'),
  istio: z.strictObject({
    revision: z.string().regex(RFC1123_SUBDOMAIN, 'not an Istio revision (e.g. cp-v124x.istio-system)').optional()
      .describe('istio.io/rev of the demo namespace (default: the ControlPlane\'s revision).'),
  }).optional(),
  load: z.strictObject({
    enabled: z.boolean().optional().describe('Whether the load generator sends traffic.'),
    minRPS: z.number().int().min(0).optional().describe('Lowest requests per second.'),
    maxRPS: z.number().int().min(0).optional().describe('Highest requests per second.'),
    swingPeriod: z.number().int().min(0).optional().describe('Period of the swing between minRPS and maxRPS, in nanoseconds.'),
  }).optional(),
  replicas: z.number().int().min(0).optional().describe('Replicas of each service.'),
  resources: resourceRequirementsSchema.optional(),
  autoscaling: z.strictObject({ enabled: z.boolean().optional() }).optional(),
  deployIstioResources: z.boolean().optional().describe('Whether the demo\'s VirtualServices and DestinationRules are created.'),
  deploySLOResources: z.boolean().optional().describe('Whether the demo\'s SLO definitions are created.'),
}).describe('DemoApplicationSpec defines the desired state of DemoApplication.');

export const demoApplicationStatusSchema = z.strictObject({
  status: z.enum(['Available', 'Reconciling', 'Failed']).optional(),
  message: z.string().optional(),
  observedGeneration: z.number().int().optional(),
});

export const demoApplicationSchema = z.strictObject({
  apiVersion: z.literal(DEMO_APPLICATION_API_VERSION),
  kind: z.literal(DEMO_APPLICATION_KIND),
  metadata: objectMetaSchema,
  spec: demoApplicationSpecSchema,
  status: demoApplicationStatusSchema.optional(),
});

assertSameType<SameShape<z.infer<typeof demoApplicationSpecSchema>, DemoApplicationSpec>>();
assertSameType<SameShape<z.infer<typeof demoApplicationStatusSchema>, DemoApplicationStatus>>();
assertSameType<SameShape<z.infer<typeof demoApplicationSchema>, KnownFields<DemoApplication>>>();

export function demoApplicationRuleProblems(app: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const min = get(app, 'spec.load.minRPS');
  const max = get(app, 'spec.load.maxRPS');
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    problems.push({ path: 'spec.load.minRPS', message: `is ${min}, more than spec.load.maxRPS (${max})` });
  }
  const name = get(app, 'metadata.name');
  if (typeof name === 'string' && !rfc1123LabelSchema('name').safeParse(name).success) {
    problems.push({ path: 'metadata.name', message: 'not a valid name (RFC 1123 label)' });
  }
  return problems;
}

export function demoApplicationProblems(input: unknown): ValidationProblem[] {
  const result = demoApplicationSchema.safeParse(input);
  const problems = result.success ? [] : problemsOf(result.error, input, demoApplicationSchema);
  const seen = new Set(problems.map((p) => p.path));
  return [...problems, ...demoApplicationRuleProblems(input).filter((p) => !seen.has(p.path))];
}

export function parseDemoApplication(input: unknown, source?: string): DemoApplication {
  const problems = demoApplicationProblems(input);
  if (problems.length) throw new DemoApplicationValidationError(problems, source);
  return demoApplicationSchema.parse(input) as DemoApplication;
}

export function parseDemoApplicationYaml(text: string, file: string): DemoApplication {
  return parseYamlResource(text, file, (value) => parseDemoApplication(value, file), (problems) => new DemoApplicationValidationError(problems, file));
}
