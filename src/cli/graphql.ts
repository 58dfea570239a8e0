// The CLI reads through the server's own GraphQL pipeline, called in-process, so the CLI and
// the dashboard can never disagree.

import type { MeshBackend } from '../server/backend.js';
import { createGraphQLHandler, GRAPHQL_PATH, type GraphQLHandler } from '../server/graphql/handler.js';
import { CliError } from './errors.js';

const handlers = new WeakMap<MeshBackend, GraphQLHandler>();

export async function query<T>(backend: MeshBackend, source: string, variables: Record<string, unknown> = {}): Promise<T> {
  let handler = handlers.get(backend);
  if (!handler) {
    handler = createGraphQLHandler(backend);
    handlers.set(backend, handler);
  }
  const response = await handler.fetch(`http://smm${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: source, variables }),
  });
  const result = await response.json() as { data?: T; errors?: { message: string }[] };
  if (result.errors?.length) throw new CliError(result.errors.map((e) => e.message).join('; '));
  if (!result.data) throw new CliError(`the GraphQL API answered HTTP ${response.status} without data`);
  return result.data;
}
