// What the server serves from: cluster caches (one per cluster) and, in the demo, a
// metrics source. The model is rebuilt only when a cache reports a change.

import { buildMeshModel, type ClusterSnapshot, type MeshModel } from '../core/model/index.js';
import type { CacheChangeListener, ClusterCache } from '../kube/cluster-cache.js';
import type { ClusterPort } from '../kube/port.js';
import type { TelemetryPort } from '../telemetry/port.js';
import type { HealthThresholdsInput } from '../core/health/index.js';
import type { LoadGenerator } from '../core/load/request.js';
import type { MeshValidation } from './validation/validator.js';

export interface MeshBackend {
  /** The current mesh model (memoized until the caches change). */
  model(): MeshModel;
  /** Where the backend gets its data, for `smm version` and the console: `demo`, `cluster`. */
  readonly mode: 'demo' | 'cluster';
  /** Prometheus text exposition of the demo traffic simulator, when there is one. */
  demoMetrics?: () => string;
  /** Where traffic comes from (Prometheus, or the demo simulator); views without it show inventory only. */
  telemetry?: TelemetryPort;
  /** This installation's health thresholds (validated); the documented defaults when absent. */
  healthThresholds?: HealthThresholdsInput;
  /** Each cluster's API server by cluster name, for what the model does not cache (events, logs). */
  readonly ports?: ReadonlyMap<string, ClusterPort>;
  /** Listen to changes of the caches the model is built from; returns the unsubscribe. */
  onChange?: (listener: CacheChangeListener) => () => void;
  /** The live mesh validator over the caches (src/server/validation); absent: no validation. */
  validation?: MeshValidation;
  /** Every cluster's cached objects, Istio config included, for views built from raw objects (gateways). */
  snapshots?: () => ClusterSnapshot[];
  /** Test load (TOPOLOGY > HTTP): the demo's simulator; absent on a cluster. */
  loadGenerator?: LoadGenerator;
  close(): Promise<void>;
}

/** One change listener over several caches. */
export function onAnyChange(caches: ClusterCache[]): (listener: CacheChangeListener) => () => void {
  return (listener) => {
    const offs = caches.map((c) => c.onChange(listener));
    return () => {
      for (const off of offs) off();
    };
  };
}

export function cachedModel(caches: ClusterCache[]): () => MeshModel {
  let key = '';
  let model: MeshModel | undefined;
  return () => {
    const k = caches.map((c) => c.changeVersion).join(',');
    if (!model || k !== key) {
      model = buildMeshModel(caches.map((c) => ({ cluster: c.cluster, objects: c.snapshot() })));
      key = k;
    }
    return model;
  };
}
