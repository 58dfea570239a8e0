// Pod logs as a live subscription (over SSE with graphql-yoga): one event per line, first the
// tail, then new lines as the container writes them. The stream ends when the log ends, and a
// client that disconnects aborts the request to the API server at once.

import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga';
import type { GraphQLContext } from './context.js';
import { kubeGraphQLError } from './errors.js';
import { portsFor } from './events.js';

export const typeDefs = /* GraphQL */ `
  extend type Subscription {
    "A container's log, line by line: the last tailLines lines, then new ones as they come."
    podLogs(cluster: String, namespace: String!, pod: String!, container: String, tailLines: Int = 100): String!
  }
`;

interface PodLogsArgs {
  cluster?: string | null;
  namespace: string;
  pod: string;
  container?: string | null;
  tailLines?: number | null;
}

const MAX_TAIL = 10_000;

/** Failures of the port (NotFound, BadRequest, Forbidden) reach the client as coded GraphQL errors. */
async function* withGraphQLErrors(lines: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (e) {
    throw kubeGraphQLError(e);
  }
}

/**
 * An iterator whose `return()` (the client left) aborts first: an async generator waiting for
 * the next line would otherwise only notice when that line comes, holding the request open.
 */
export function abortingOnReturn<T>(source: AsyncIterable<T>, stop: AbortController): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => it.next(),
    return: async () => {
      stop.abort();
      await it.return?.();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}

export function subscribePodLogs(ctx: GraphQLContext & Partial<YogaInitialContext>, args: PodLogsArgs): AsyncIterableIterator<string> {
  const tailLines = args.tailLines ?? 100;
  if (!Number.isInteger(tailLines) || tailLines < 0 || tailLines > MAX_TAIL) {
    throw createGraphQLError(`tailLines must be between 0 and ${MAX_TAIL}`, { extensions: { code: 'BAD_USER_INPUT', argument: 'tailLines' } });
  }
  const ports = portsFor(ctx, args.cluster);
  if (ports.length !== 1) {
    throw createGraphQLError(`name the cluster of pod ${args.pod} (clusters: ${ports.map(([c]) => c).join(', ')})`, { extensions: { code: 'BAD_USER_INPUT', argument: 'cluster' } });
  }
  const port = ports[0]![1];
  const stop = new AbortController();
  // The HTTP request going away (the SSE client disconnected) ends the log request too.
  ctx.request?.signal.addEventListener('abort', () => stop.abort(), { once: true });
  const lines = port.podLogs(args.namespace, args.pod, {
    ...(args.container ? { container: args.container } : {}), follow: true, tailLines, signal: stop.signal,
  });
  return abortingOnReturn(withGraphQLErrors(lines), stop);
}

export const resolvers = {
  Subscription: {
    podLogs: {
      subscribe: (_: unknown, args: PodLogsArgs, ctx: GraphQLContext & Partial<YogaInitialContext>) => subscribePodLogs(ctx, args),
      resolve: (line: string) => line,
    },
  },
};
