// The template registry: what the dashboard's Template dropdown lists, and rendering with
// validated parameters.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { authorizationPolicyTemplates } from './authorization-policy.js';
import { destinationRuleTemplates } from './destination-rule.js';
import { gatewayTemplates } from './gateway.js';
import { istioMeshGatewayTemplates } from './istio-mesh-gateway.js';
import { peerAuthenticationTemplates } from './peer-authentication.js';
import { serviceEntryTemplates } from './service-entry.js';
import { sidecarTemplates } from './sidecar.js';
import { TemplateError, type ParameterType, type Template, type TemplateInfo, type TemplateParameter } from './types.js';
import { virtualServiceTemplates } from './virtual-service.js';

export const TEMPLATES: readonly Template[] = [
  ...virtualServiceTemplates,
  ...destinationRuleTemplates,
  ...peerAuthenticationTemplates,
  ...authorizationPolicyTemplates,
  ...gatewayTemplates,
  ...istioMeshGatewayTemplates,
  ...sidecarTemplates,
  ...serviceEntryTemplates,
];

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

interface JsonSchemaProp {
  type?: string;
  enum?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  items?: { type?: string };
}

function parameterType(p: JsonSchemaProp): ParameterType {
  if (p.enum) return 'enum';
  switch (p.type) {
    case 'integer': return 'integer';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'array': return 'string[]';
    case 'object': return 'map';
    default: return 'string';
  }
}

/** The parameter list of a template, derived from its schema (so the two never disagree). */
export function parametersOf(t: Template): TemplateParameter[] {
  const schema = z.toJSONSchema(t.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProp>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    type: parameterType(p),
    ...(p.enum ? { values: p.enum } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
    required: required.has(name),
    description: p.description ?? '',
    ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
    ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
  }));
}

export function describeTemplate(t: Template): TemplateInfo {
  return { id: t.id, kind: t.kind, apiVersion: t.apiVersion, title: t.title, description: t.description, parameters: parametersOf(t) };
}

/** Every template, grouped by kind in registry order. */
export function listTemplates(kind?: string): TemplateInfo[] {
  return TEMPLATES.filter((t) => !kind || t.kind === kind).map(describeTemplate);
}

export function getTemplate(id: string): Template | undefined {
  return byId.get(id);
}

/**
 * Render a template: parameters are validated (unknown ones refused, defaults filled in), then
 * the builder runs. Throws TemplateError naming each bad parameter.
 */
export function renderTemplate(id: string, params: unknown = {}): KubeObject {
  const t = byId.get(id);
  if (!t) throw new TemplateError(`no template "${id}" (templates: ${TEMPLATES.map((x) => x.id).join(', ')})`);
  if (params !== null && params !== undefined && (typeof params !== 'object' || Array.isArray(params))) {
    throw new TemplateError(`parameters of template "${id}" must be an object of name: value`);
  }
  const parsed = t.params.strict().safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      const message = i.code === 'unrecognized_keys' ? `unknown parameter${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (parameters: ${Object.keys(t.params.shape).join(', ')})` : i.message;
      return { path, message };
    });
    throw new TemplateError(`invalid parameters for template "${id}": ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
  }
  return t.build(parsed.data);
}
