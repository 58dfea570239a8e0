// The telemetry port: the traffic questions the views ask, answered by a Prometheus adapter
// (Istio standard metrics) or, for the demo, in-process from the traffic simulator. Both
// return the core's traffic types, so topology and health never know which one answered.

import type { TrafficSnapshot, TrafficWindow } from '../core/traffic/types.js';

export interface TrafficQuery {
  window: TrafficWindow;
  /** Only edges whose source or destination is in one of these namespaces; all when absent. */
  namespaces?: string[];
}

export interface TelemetryPort {
  /** Aggregates per edge (source workload → destination) over the window. */
  edgeTraffic(query: TrafficQuery): Promise<TrafficSnapshot>;
}
