// The telemetry port: the traffic questions the views ask, answered by a Prometheus adapter
// (Istio standard metrics) or, for the demo, in-process from the traffic simulator. Both
// return the core's traffic types, so topology and health never know which one answered.

import type { WorkloadSignals } from '../core/traffic/signals.js';
import type { EntityMetrics, EntityRef, ProxyResources, SeriesRange, TrafficDirection, TrafficSnapshot, TrafficWindow } from '../core/traffic/types.js';

export interface TrafficQuery {
  window: TrafficWindow;
  /** Only edges whose source or destination is in one of these namespaces; all when absent. */
  namespaces?: string[];
}

export interface EntitySeriesQuery {
  entity: EntityRef;
  direction: TrafficDirection;
  range: SeriesRange;
}

export interface WorkloadSignalsQuery {
  /** Equal steps; each point is the rate over the step ending at it. */
  range: Required<SeriesRange>;
  /** Only workloads in these namespaces (as destinations); all when absent. */
  namespaces?: string[];
}

export interface TelemetryPort {
  /** Aggregates per edge (source workload → destination) over the window. */
  edgeTraffic(query: TrafficQuery): Promise<TrafficSnapshot>;
  /**
   * Time series of one entity's traffic over a range, one point per step, each point the
   * rate over the step ending at it. Series of equal length, aligned to the range start.
   */
  entityMetrics(query: EntitySeriesQuery): Promise<EntityMetrics>;
  /**
   * Every workload's inbound golden signals (rps, error rate, p95) over a range, in one go:
   * what health scoring and outlier detection read for a whole view. Workloads without
   * inbound requests in the range may be absent.
   */
  workloadSignals(query: WorkloadSignalsQuery): Promise<WorkloadSignals[]>;
  /** CPU and memory of the entity's sidecars over a range; null when the source has no such data. */
  proxyResources(entity: EntityRef, range: SeriesRange): Promise<ProxyResources | null>;
}
