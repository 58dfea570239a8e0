// The GraphQL schema, assembled from one module per concept. Every client (dashboard, CLI,
// scripts) reads the mesh through it.

import { createSchema } from 'graphql-yoga';
import { SMM_VERSION } from '../../version.js';
import type { GraphQLContext } from './context.js';
import * as controlPlanes from './control-planes.js';
import * as controllers from './controllers.js';
import * as events from './events.js';
import * as gateways from './gateways.js';
import * as health from './health.js';
import * as infrastructure from './infrastructure.js';
import * as istioResources from './istio-resources.js';
import * as istioSchema from './istio-schema.js';
import * as live from './live.js';
import * as load from './load.js';
import * as logs from './logs.js';
import * as metrics from './metrics.js';
import * as namespaces from './namespaces.js';
import * as objectYaml from './object-yaml.js';
import * as overview from './overview.js';
import * as pagination from './pagination.js';
import * as scalars from './scalars.js';
import * as services from './services.js';
import * as templates from './templates.js';
import * as topology from './topology.js';
import * as validation from './validation.js';
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

const resolverModules = [namespaces, services, workloads, controllers, infrastructure, topology, overview, metrics, health, events, live, logs, istioResources, templates, validation, gateways, istioSchema, controlPlanes, objectYaml, load];
const modules = [scalars, pagination, ...resolverModules];

export function buildSchema() {
  return createSchema<GraphQLContext>({
    typeDefs: [root, ...modules.map((m) => m.typeDefs)],
    resolvers: [
      { JSON: scalars.JSONScalar, Query: { about: (_: unknown, __: unknown, ctx: GraphQLContext) => ({ version: SMM_VERSION, mode: ctx.backend.mode }) } },
      ...resolverModules.map((m) => m.resolvers),
    ],
  });
}
