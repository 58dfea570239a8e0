// The overview's history charts: per step, how many workloads and services were healthy,
// degraded, failing or unknown, and the mesh's request rate, error rate and p95. Health comes
// from the same score the topology and the lists use (src/core/health); a service takes the
// worst state of the workloads behind it. Pure: the view below feeds it telemetry.

import { healthScore, worseState, type HealthState, type HealthThresholdsInput } from '../../core/health/index.js';
import { valueAt } from '../../core/health/series.js';
import type { MeshModel } from '../../core/model/index.js';
import { workloadKey, type WorkloadSignals } from '../../core/traffic/signals.js';
import type { Series } from '../../core/traffic/types.js';

export type HealthCounts = Record<HealthState, Series>;

export interface MeshHistory {
  workloads: HealthCounts;
  services: HealthCounts;
  /** Inbound HTTP/gRPC requests per second summed over the workloads. */
  requestsPerSecond: Series;
  /** Failed over all requests, weighted by requests; null in steps without requests. */
  errorRate: Series;
  /** The slowest workload's inbound p95 (an upper bound of the mesh's), ms. */
  p95Ms: Series;
}

/** The steps the charts show: value i is at startMs + i * stepMs (the end of its step). */
export interface StepGrid {
  startMs: number;
  stepMs: number;
  points: number;
}

function zeroCounts(grid: StepGrid): HealthCounts {
  const series = (): Series => ({ startMs: grid.startMs, stepMs: grid.stepMs, values: new Array<number | null>(grid.points).fill(0) });
  return { healthy: series(), degraded: series(), failing: series(), unknown: series() };
}

function count(counts: HealthCounts, states: readonly HealthState[]): void {
  states.forEach((s, i) => {
    const values = counts[s].values;
    values[i] = (values[i] ?? 0) + 1;
  });
}

/**
 * Signals may start earlier than the grid (history for the latency baseline) but must share its
 * step. Workloads without signals (no inbound traffic) are `unknown` throughout.
 */
export function meshHistory(model: MeshModel, signals: readonly WorkloadSignals[], grid: StepGrid, thresholds?: HealthThresholdsInput): MeshHistory {
  const times = Array.from({ length: grid.points }, (_, i) => grid.startMs + i * grid.stepMs);
  const bySignalKey = new Map(signals.map((w) => [workloadKey(w.cluster, w.namespace, w.workload), w]));
  const unknownAll: HealthState[] = times.map(() => 'unknown');

  const workloadStates = new Map<string, HealthState[]>();
  for (const w of model.workloads) {
    const s = bySignalKey.get(workloadKey(w.cluster, w.namespace, w.name));
    if (!s) {
      workloadStates.set(`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`, unknownAll);
      continue;
    }
    const timeline = healthScore(s.signals, thresholds);
    const stateAt = new Map(timeline.points.map((p) => [p.timeMs, p.state]));
    workloadStates.set(`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`, times.map((t) => stateAt.get(t) ?? 'unknown'));
  }

  const workloads = zeroCounts(grid);
  for (const states of workloadStates.values()) count(workloads, states);
  const services = zeroCounts(grid);
  for (const svc of model.services) {
    const behind = svc.workloads.map((r) => workloadStates.get(`${r.cluster}/${r.namespace}/${r.kind}/${r.name}`) ?? unknownAll);
    count(services, times.map((_, i) => behind.reduce<HealthState>((worst, states) => worseState(worst, states[i]!), 'unknown')));
  }

  const rps: (number | null)[] = [];
  const errorRate: (number | null)[] = [];
  const p95: (number | null)[] = [];
  for (const t of times) {
    let requests = 0;
    let failed = 0;
    let slowest: number | null = null;
    for (const w of signals) {
      const r = valueAt(w.signals.requestsPerSecond, t) ?? 0;
      requests += r;
      failed += r * (valueAt(w.signals.errorRate, t) ?? 0);
      const p = valueAt(w.signals.p95Ms, t);
      if (p !== null && r > 0) slowest = Math.max(slowest ?? 0, p);
    }
    rps.push(requests);
    errorRate.push(requests > 0 ? failed / requests : null);
    p95.push(slowest);
  }
  const series = (values: (number | null)[]): Series => ({ startMs: grid.startMs, stepMs: grid.stepMs, values });
  return { workloads, services, requestsPerSecond: series(rps), errorRate: series(errorRate), p95Ms: series(p95) };
}
