// Live notifications: `meshChanged` tells dashboards when to re-read the mesh model. The caches
// report every object change; bursts (a rollout, the first sync) are folded into one event.

import { createGraphQLError } from 'graphql-yoga';
import { AsyncQueue } from '../../kube/async-queue.js';
import type { CacheChange } from '../../kube/cluster-cache.js';
import type { GraphQLContext } from './context.js';

export const typeDefs = /* GraphQL */ `
  "The mesh model changed: re-read what you show."
  type MeshChange {
    "RFC 3339, when the change was noticed."
    at: String!
    "What changed, e.g. 'MODIFIED Pod smm-demo/movies-v3-5c9c8f6b7d-x2k4p in demo-cluster (and 3 more)'."
    reason: String!
    "How many object changes this event folds together."
    changes: Int!
  }

  type Subscription {
    meshChanged: MeshChange!
  }
`;

export interface MeshChange {
  at: string;
  reason: string;
  changes: number;
}

/** How long a burst of changes is collected into one event. */
export const MESH_CHANGE_DEBOUNCE_MS = 200;

export function describeChange(change: CacheChange | undefined): string {
  if (!change) return 'caches synced';
  const where = change.namespace ? `${change.namespace}/${change.name}` : change.name;
  return `${change.type} ${change.kind} ${where} in ${change.cluster}`;
}

export function describeChanges(first: CacheChange | undefined, count: number): string {
  return count > 1 ? `${describeChange(first)} (and ${count - 1} more)` : describeChange(first);
}

/** Changes, debounced: one MeshChange per quiet period of `debounceMs` after a change. */
export function meshChanges(
  onChange: NonNullable<GraphQLContext['backend']['onChange']>,
  options: { debounceMs?: number; now?: () => number } = {},
): AsyncQueue<MeshChange> {
  const debounceMs = options.debounceMs ?? MESH_CHANGE_DEBOUNCE_MS;
  const now = options.now ?? (() => Date.now());
  let first: CacheChange | undefined;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    queue.push({ at: new Date(now()).toISOString(), reason: describeChanges(first, count), changes: count });
    first = undefined;
    count = 0;
  };
  const off = onChange((change) => {
    if (count === 0) first = change;
    count++;
    timer ??= setTimeout(flush, debounceMs);
  });
  const queue: AsyncQueue<MeshChange> = new AsyncQueue<MeshChange>(() => {
    off();
    if (timer) clearTimeout(timer);
  });
  return queue;
}

export const resolvers = {
  Subscription: {
    meshChanged: {
      subscribe: (_: unknown, __: unknown, ctx: GraphQLContext) => {
        const onChange = ctx.backend.onChange;
        if (!onChange) throw createGraphQLError('this backend reports no changes', { extensions: { code: 'UNAVAILABLE' } });
        return meshChanges(onChange);
      },
      resolve: (change: MeshChange) => change,
    },
  },
};
