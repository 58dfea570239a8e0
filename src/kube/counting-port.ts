// A ClusterPort decorator that counts API requests by verb, for benchmarks and for
// "a second run applies no change" checks.

import type { ClusterPort } from './port.js';

export type RequestCounts = Record<'get' | 'list' | 'watch' | 'create' | 'update' | 'updateStatus' | 'apply' | 'delete' | 'canI', number>;

export interface CountingPort extends ClusterPort {
  readonly counts: RequestCounts;
  total(): number;
  reset(): void;
}

export function countingPort(inner: ClusterPort): CountingPort {
  const counts: RequestCounts = { get: 0, list: 0, watch: 0, create: 0, update: 0, updateStatus: 0, apply: 0, delete: 0, canI: 0 };
  const count = <A extends unknown[], R>(verb: keyof RequestCounts, f: (...a: A) => R) => (...a: A): R => {
    counts[verb]++;
    return f(...a);
  };
  return {
    counts,
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const k of Object.keys(counts) as (keyof RequestCounts)[]) counts[k] = 0;
    },
    get description() { return inner.description; },
    get defaultNamespace() { return inner.defaultNamespace; },
    get: count('get', inner.get.bind(inner)),
    list: count('list', inner.list.bind(inner)),
    watch: count('watch', inner.watch.bind(inner)),
    create: count('create', inner.create.bind(inner)),
    update: count('update', inner.update.bind(inner)),
    updateStatus: count('updateStatus', inner.updateStatus.bind(inner)),
    apply: count('apply', inner.apply.bind(inner)),
    delete: count('delete', inner.delete.bind(inner)),
    canI: count('canI', inner.canI.bind(inner)),
    impersonate: (user) => inner.impersonate(user),
    tokenReview: (token) => inner.tokenReview(token),
    resolveType: (apiVersion, kind) => inner.resolveType(apiVersion, kind),
    // A log stream is one request, counted as the `get` of the pods/log subresource it is.
    podLogs: count('get', inner.podLogs.bind(inner)),
    serverVersion: () => inner.serverVersion(),
  };
}
