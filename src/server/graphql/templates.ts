// Istio resource templates (src/core/templates) through GraphQL: the editor's Template
// dropdown and rendering a template with parameters to YAML. Pure: no cluster call.

import { createGraphQLError } from 'graphql-yoga';
import { stringify } from 'yaml';
import { listTemplates, renderTemplate, TemplateError } from '../../core/templates/index.js';

export const typeDefs = /* GraphQL */ `
  "A ready-made Istio resource: render it with parameters, edit the YAML, validate, create."
  type Template {
    "Stable: virtualservice/weighted-routing"
    id: String!
    kind: String!
    apiVersion: String!
    title: String!
    description: String!
    parameters: [TemplateParameter!]!
  }

  type TemplateParameter {
    name: String!
    "string | integer | number | boolean | string[] | enum | map"
    type: String!
    "Allowed values of an enum parameter."
    values: [String!]
    "The value used when the parameter is left out."
    default: JSON
    required: Boolean!
    description: String!
    minimum: Float
    maximum: Float
  }

  extend type Query {
    "Templates, optionally of one kind (VirtualService, DestinationRule, ...)."
    istioTemplates(kind: String): [Template!]!
    "A template rendered as YAML; params is an object of parameter name to value (defaults for the rest)."
    renderIstioTemplate(id: String!, params: JSON): String!
  }
`;

export const resolvers = {
  Query: {
    istioTemplates: (_: unknown, args: { kind?: string | null }) => listTemplates(args.kind ?? undefined),
    renderIstioTemplate: (_: unknown, args: { id: string; params?: unknown }) => {
      try {
        return stringify(renderTemplate(args.id, args.params ?? {}), { lineWidth: 0 });
      } catch (e) {
        if (e instanceof TemplateError) {
          throw createGraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT', argument: e.issues.length > 0 ? 'params' : 'id', issues: e.issues } });
        }
        throw e;
      }
    },
  },
  TemplateParameter: {
    values: (p: { values?: string[] }) => p.values ?? null,
    default: (p: { default?: unknown }) => p.default ?? null,
    minimum: (p: { minimum?: number }) => p.minimum ?? null,
    maximum: (p: { maximum?: number }) => p.maximum ?? null,
  },
};
