// From consecutive traffic snapshots (one per step) to each workload's inbound golden-signal
// series: what health scoring and outlier detection read.

import type { GoldenSignals, TrafficSnapshot } from './types.js';

export interface WorkloadSignals {
  cluster: string;
  namespace: string;
  workload: string;
  app?: string;
  signals: GoldenSignals;
}

export const workloadKey = (cluster: string, namespace: string, workload: string): string => `${cluster}/${namespace}/${workload}`;

/**
 * Snapshots must be consecutive, equal steps. Per step: requests per second summed over
 * inbound HTTP/gRPC edges, error rate weighted by requests (null without requests), p95 the
 * largest inbound p95 (an upper bound). A workload without inbound requests in a step has
 * 0 rps there, not a gap.
 */
export function inboundSignalsByWorkload(snapshots: readonly TrafficSnapshot[]): Map<string, WorkloadSignals> {
  const out = new Map<string, WorkloadSignals>();
  const first = snapshots[0];
  if (!first) return out;
  // Each point is stamped with the end of its step, as range queries stamp theirs.
  const startMs = first.window.toMs;
  const stepMs = first.window.toMs - first.window.fromMs;
  const n = snapshots.length;
  snapshots.forEach((snap, i) => {
    const errors = new Map<string, number>();
    for (const e of snap.edges) {
      const d = e.destination;
      if (e.protocol === 'tcp' || d.external || d.workload === 'unknown') continue;
      const k = workloadKey(d.cluster, d.namespace, d.workload);
      let w = out.get(k);
      if (!w) {
        w = {
          cluster: d.cluster, namespace: d.namespace, workload: d.workload, app: d.app,
          signals: {
            requestsPerSecond: { startMs, stepMs, values: new Array<number | null>(n).fill(0) },
            errorRate: { startMs, stepMs, values: new Array<number | null>(n).fill(null) },
            p95Ms: { startMs, stepMs, values: new Array<number | null>(n).fill(null) },
          },
        };
        out.set(k, w);
      }
      const rps = w.signals.requestsPerSecond.values;
      rps[i] = (rps[i] ?? 0) + e.requestsPerSecond;
      errors.set(k, (errors.get(k) ?? 0) + e.requestsPerSecond * e.errorRate);
      if (e.p95Ms !== undefined) w.signals.p95Ms.values[i] = Math.max(w.signals.p95Ms.values[i] ?? 0, e.p95Ms);
    }
    for (const [k, failed] of errors) {
      const w = out.get(k)!;
      const r = w.signals.requestsPerSecond.values[i] ?? 0;
      w.signals.errorRate.values[i] = r > 0 ? failed / r : null;
    }
  });
  return out;
}
