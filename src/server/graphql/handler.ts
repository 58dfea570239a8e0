// The one GraphQL pipeline (schema, error masking, query limits, and later auth). The HTTP
// server mounts it; the CLI calls it in-process through `fetch`, so both take the same path.

import { createGraphQLError, createYoga, type YogaServerInstance } from 'graphql-yoga';
import { AuthenticationError, createAuthenticator, type AuthOptions, type Authenticator } from '../auth/identity.js';
import type { MeshBackend } from '../backend.js';
import type { GraphQLContext } from './context.js';
import { useQueryLimits } from './limits.js';
import { buildSchema } from './schema.js';

export const GRAPHQL_PATH = '/api/graphql';

export type GraphQLHandler = YogaServerInstance<object, GraphQLContext>;

export interface GraphQLHandlerOptions {
  /** How requests are authenticated (src/server/auth); default: the mode of `SMM_AUTH_MODE`. */
  auth?: AuthOptions | Authenticator;
}

/** Tokens are reviewed by the first cluster's API server (the one smm runs in or was pointed at). */
function authenticatorFor(backend: MeshBackend, auth: GraphQLHandlerOptions['auth']): Authenticator {
  if (auth && 'authenticate' in auth) return auth;
  return createAuthenticator(() => (backend.ports ? [...backend.ports.values()][0] : undefined), auth);
}

export function createGraphQLHandler(backend: MeshBackend, options: GraphQLHandlerOptions = {}): GraphQLHandler {
  const authenticator = authenticatorFor(backend, options.auth);
  return createYoga<object, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: false,
    landingPage: false,
    logging: false,
    context: async ({ request }) => {
      try {
        return { backend, identity: await authenticator.authenticate(request.headers.get('authorization')) };
      } catch (e) {
        if (!(e instanceof AuthenticationError)) throw e;
        throw createGraphQLError(e.message, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="smm"' } } },
        });
      }
    },
    // Resolver failures reach clients as "Unexpected error." unless they are GraphQLErrors.
    maskedErrors: true,
    // Depth and cost are checked at validation, before any resolver runs.
    plugins: [useQueryLimits()],
  });
}
