// The one GraphQL pipeline (schema, error masking, query limits, and later auth). The HTTP
// server mounts it; the CLI calls it in-process through `fetch`, so both take the same path.

import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { MeshBackend } from '../backend.js';
import type { GraphQLContext } from './context.js';
import { useQueryLimits } from './limits.js';
import { buildSchema } from './schema.js';

export const GRAPHQL_PATH = '/api/graphql';

export type GraphQLHandler = YogaServerInstance<object, GraphQLContext>;

export function createGraphQLHandler(backend: MeshBackend): GraphQLHandler {
  return createYoga<object, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: false,
    landingPage: false,
    logging: false,
    context: () => ({ backend }),
    // Resolver failures reach clients as "Unexpected error." unless they are GraphQLErrors.
    maskedErrors: true,
    // Depth and cost are checked at validation, before any resolver runs.
    plugins: [useQueryLimits()],
  });
}
