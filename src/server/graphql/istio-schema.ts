// The field tree of an Istio kind's schema (src/core/validation/schema/field-tree): what the
// dashboard's YAML editor completes field names and enum values from. Pure: no cluster call.

import type { SchemaBundle } from '../../core/validation/schema/crd-schema.js';
import { fieldTreeOf } from '../../core/validation/schema/field-tree.js';
import bundledSchemas from '../../core/validation/schema/istio-schemas.json' with { type: 'json' };

export const typeDefs = /* GraphQL */ `
  "One kind's schema as a field tree: {type, values?, fields?, required?, items?, mapValues?} nodes from the root object."
  type IstioSchema {
    group: String!
    kind: String!
    "The version described (the preferred served one)."
    version: String!
    "The root FieldNode (apiVersion, kind, metadata, spec)."
    root: JSON!
  }

  extend type Query {
    "The schema of an Istio kind (VirtualService, IstioMeshGateway, ...) for editors; null for a kind without one."
    istioSchema(kind: String!): IstioSchema
  }
`;

const bundle = bundledSchemas as unknown as SchemaBundle;

export const resolvers = {
  Query: {
    istioSchema: (_: unknown, args: { kind: string }) => fieldTreeOf(bundle, args.kind) ?? null,
  },
};
