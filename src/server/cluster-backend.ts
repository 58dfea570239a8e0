// A backend over live clusters: one cache (informers) per cluster port.

import { ClusterCache } from '../kube/cluster-cache.js';
import type { ClusterPort } from '../kube/port.js';
import { cachedModel, onAnyChange, type MeshBackend } from './backend.js';
import { MeshValidator, type MeshValidatorOptions } from './validation/validator.js';

export interface ClusterConnection {
  name: string;
  port: ClusterPort;
}

export async function createClusterBackend(
  clusters: ClusterConnection[],
  options: {
    mode?: MeshBackend['mode']; demoMetrics?: () => string; onError?: (cluster: string, kind: string, e: unknown) => void;
    /** Live validation of the caches (lazy: the first read analyzes); false turns it off. */
    validation?: MeshValidatorOptions | false;
  } = {},
): Promise<MeshBackend & { caches: ClusterCache[] }> {
  const caches = clusters.map((c) => new ClusterCache(c.name, c.port, { onError: (kind, e) => options.onError?.(c.name, kind, e) }));
  await Promise.all(caches.map((c) => c.start()));
  const validation = options.validation === false ? undefined : new MeshValidator(caches, options.validation ?? {});
  return {
    mode: options.mode ?? 'cluster',
    caches,
    model: cachedModel(caches),
    snapshots: () => caches.map((c) => ({ cluster: c.cluster, objects: c.snapshot() })),
    ports: new Map(clusters.map((c) => [c.name, c.port])),
    onChange: onAnyChange(caches),
    demoMetrics: options.demoMetrics,
    ...(validation ? { validation } : {}),
    close: async () => {
      validation?.stop();
      await Promise.all(caches.map((c) => c.stop()));
    },
  };
}
