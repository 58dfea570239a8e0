// The GraphQL schema, assembled from one module per concept. Every client (dashboard, CLI,
// scripts) reads the mesh through it.

import { createSchema } from 'graphql-yoga';
import { SMM_VERSION } from '../../version.js';
import type { GraphQLContext } from './context.js';
import * as infrastructure from './infrastructure.js';
import * as namespaces from './namespaces.js';
import * as scalars from './scalars.js';
import * as services from './services.js';
import * as topology from './topology.js';
import * as workloads from './workloads.js';

const root = /* GraphQL */ `
  type Query {
    "smm's version and what it serves from (demo or cluster)."
    about: About!
  }
  type About {
    version: String!
    mode: String!
  }
`;

const modules = [scalars, namespaces, services, workloads, infrastructure, topology];

export function buildSchema() {
  return createSchema<GraphQLContext>({
    typeDefs: [root, ...modules.map((m) => m.typeDefs)],
    resolvers: [
      { JSON: scalars.JSONScalar, Query: { about: (_: unknown, __: unknown, ctx: GraphQLContext) => ({ version: SMM_VERSION, mode: ctx.backend.mode }) } },
      ...[namespaces, services, workloads, infrastructure, topology].map((m) => m.resolvers),
    ],
  });
}
