// Errors a client can act on, each with a stable `extensions.code` (listed in docs/graphql.md).
// createGraphQLError builds errors with the graphql instance yoga uses; a GraphQLError from
// another copy would be masked as "Unexpected error.".
import { createGraphQLError } from 'graphql-yoga';
import { isKubeError } from '../../kube/errors.js';

/** An argument the client can fix; `argument` names it. */
export function badUserInput(argument: string, message: string) {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** The metrics source failed or is not configured: inventory still answers, traffic does not. */
export function telemetryUnavailable(cause: Error) {
  return createGraphQLError(`traffic unavailable: ${cause.message}`, { extensions: { code: 'TELEMETRY_UNAVAILABLE' } });
}

export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Shown when the server has no metrics source at all (inventory-only mode). */
export const NO_TELEMETRY = 'no telemetry source: start smm with a Prometheus URL to see traffic';

/** A port failure as a GraphQL error with a code clients branch on (and unmasked). */
export function kubeGraphQLError(e: unknown): Error {
  if (!isKubeError(e)) return e instanceof Error ? e : new Error(String(e));
  const code = e.reason === 'NotFound' ? 'NOT_FOUND'
    : e.reason === 'Forbidden' || e.reason === 'Unauthorized' ? 'FORBIDDEN'
      : e.reason === 'BadRequest' || e.reason === 'Invalid' ? 'BAD_USER_INPUT'
        : 'CLUSTER_UNAVAILABLE';
  return createGraphQLError(e.message, { extensions: { code, reason: e.reason } });
}
