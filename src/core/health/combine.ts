// Golden signals of an entity made of several workloads (a service, a mesh service), and the
// part of a health timeline a view asked for. The baseline the scorer needs comes from steps
// before the asked range, so views score a longer range and then keep only theirs.

import type { GoldenSignals, Series } from '../traffic/types.js';
import type { HealthTimeline } from './score.js';
import { seriesTimes, valueAt } from './series.js';

/**
 * Per step of the first member's request-rate grid: requests per second summed, error rate
 * weighted by requests (null without requests), p95 the largest member p95 (an upper bound, as
 * quantiles do not add up), saturation the largest. Null for no members.
 */
export function combineSignals(members: readonly GoldenSignals[]): GoldenSignals | null {
  const first = members[0];
  if (!first) return null;
  const { startMs, stepMs } = first.requestsPerSecond;
  const times = seriesTimes(first.requestsPerSecond);
  const grid = (values: (number | null)[]): Series => ({ startMs, stepMs, values });
  const rps: (number | null)[] = [];
  const errorRate: (number | null)[] = [];
  const p95: (number | null)[] = [];
  const saturation: (number | null)[] = [];
  for (const t of times) {
    let requests: number | null = null;
    let failed = 0;
    let withErrorData = 0;
    let slowest: number | null = null;
    let busiest: number | null = null;
    for (const m of members) {
      const r = valueAt(m.requestsPerSecond, t);
      if (r !== null) requests = (requests ?? 0) + r;
      const e = valueAt(m.errorRate, t);
      if (r !== null && r > 0 && e !== null) {
        failed += r * e;
        withErrorData += r;
      }
      const p = valueAt(m.p95Ms, t);
      if (p !== null) slowest = Math.max(slowest ?? p, p);
      const s = valueAt(m.saturation, t);
      if (s !== null) busiest = Math.max(busiest ?? s, s);
    }
    rps.push(requests);
    errorRate.push(withErrorData > 0 ? failed / withErrorData : null);
    p95.push(slowest);
    saturation.push(busiest);
  }
  const out: GoldenSignals = { requestsPerSecond: grid(rps), errorRate: grid(errorRate), p95Ms: grid(p95) };
  if (saturation.some((v) => v !== null)) out.saturation = grid(saturation);
  return out;
}

/** The steps of a timeline starting at or after `fromMs` (the rest was only baseline). */
export function timelineFrom(timeline: HealthTimeline, fromMs: number): HealthTimeline {
  const points = timeline.points.filter((p) => p.timeMs >= fromMs);
  return { startMs: points[0]?.timeMs ?? fromMs, stepMs: timeline.stepMs, points };
}
