// A backend over live clusters: one cache (informers) per cluster port.

import { ClusterCache } from '../kube/cluster-cache.js';
import type { ClusterPort } from '../kube/port.js';
import { cachedModel, onAnyChange, type MeshBackend } from './backend.js';

export interface ClusterConnection {
  name: string;
  port: ClusterPort;
}

export async function createClusterBackend(
  clusters: ClusterConnection[],
  options: { mode?: MeshBackend['mode']; demoMetrics?: () => string; onError?: (cluster: string, kind: string, e: unknown) => void } = {},
): Promise<MeshBackend & { caches: ClusterCache[] }> {
  const caches = clusters.map((c) => new ClusterCache(c.name, c.port, { onError: (kind, e) => options.onError?.(c.name, kind, e) }));
  await Promise.all(caches.map((c) => c.start()));
  return {
    mode: options.mode ?? 'cluster',
    caches,
    model: cachedModel(caches),
    ports: new Map(clusters.map((c) => [c.name, c.port])),
    onChange: onAnyChange(caches),
    demoMetrics: options.demoMetrics,
    close: async () => {
      await Promise.all(caches.map((c) => c.stop()));
    },
  };
}
