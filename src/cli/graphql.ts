// The CLI reads through the same GraphQL schema the server serves, executed in-process
// against a backend, so the CLI and the dashboard can never disagree.

import { graphql, type GraphQLSchema } from 'graphql';
import type { MeshBackend } from '../server/backend.js';
import { buildSchema } from '../server/graphql/schema.js';
import { CliError } from './errors.js';

let schema: GraphQLSchema | undefined;

export async function query<T>(backend: MeshBackend, source: string, variables: Record<string, unknown> = {}): Promise<T> {
  schema ??= buildSchema();
  const result = await graphql({ schema, source, variableValues: variables, contextValue: { backend } });
  if (result.errors?.length) throw new CliError(result.errors.map((e) => e.message).join('; '));
  return result.data as T;
}
