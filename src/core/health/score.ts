// Metrics-based health score of one workload or service over time, from its golden signals.
//
// The formula (the product's manual states none; this one is ours):
//   - A step whose request rate is missing or below `minRequestsPerSecond` is `unknown`
//     (score null): too little traffic to judge, and a gap is not an outage.
//   - Each available signal gets a sub-score in 0..1 by a piecewise-linear map over its band:
//       1 at (or better than) `good`, 0.5 at `degraded`, 0 at (or beyond) `failing`.
//     Signals: success rate (1 − error rate); latency, the lower of two sub-scores: p95 over the
//     entity's own baseline (median p95 of the preceding steps, never below a floor) and p95
//     against absolute caps; saturation when the series exists.
//   - score = the minimum sub-score: one bad signal makes an unhealthy entity, and averaging
//     would let a fast, idle service hide a 20 % error rate.
//   - state = the worst per-signal state, where a signal is `degraded` strictly beyond its
//     degraded threshold and `failing` strictly beyond its failing one. (So exactly at a
//     failing threshold the score is 0 while the state is still `degraded`.)
//   - reasons name every signal that is not healthy, worst first, e.g. "success rate 93.1% < 95%".

import type { GoldenSignals } from '../traffic/types.js';
import { formatMs, formatPercent, formatRatio, formatRps, median, seriesTimes, valueAt } from './series.js';
import { resolveThresholds, type HealthThresholds, type HealthThresholdsInput, type ThresholdBand } from './thresholds.js';

export type HealthState = 'healthy' | 'degraded' | 'failing' | 'unknown';

export type HealthSignal = 'successRate' | 'latency' | 'saturation';

/** What one signal contributed to one step. */
export interface SignalHealth {
  signal: HealthSignal;
  score: number;
  state: Exclude<HealthState, 'unknown'>;
  /** Set when the signal is not healthy. */
  reason?: string;
}

export interface HealthPoint {
  /** Start of the step, epoch ms. */
  timeMs: number;
  /** 0..1, 1 is perfect; null when `unknown`. */
  score: number | null;
  state: HealthState;
  /** The signal with the lowest sub-score; null when unknown. */
  drivenBy: HealthSignal | null;
  /** Why the step is not healthy (or unknown), worst first; empty when healthy. */
  reasons: string[];
  signals: SignalHealth[];
  /** The latency baseline used for this step, when there was one. */
  latencyBaselineMs?: number;
}

export interface HealthTimeline {
  startMs: number;
  stepMs: number;
  points: HealthPoint[];
}

export interface HealthSummary {
  state: HealthState;
  /** Median score of the known steps in the window; null when none is known. */
  score: number | null;
  reasons: string[];
  /** Start of the latest step considered, or null for an empty timeline. */
  atMs: number | null;
  /** How many steps of the window had enough data to judge. */
  knownSteps: number;
  windowSteps: number;
}

const STATE_RANK: Record<HealthState, number> = { unknown: -1, healthy: 0, degraded: 1, failing: 2 };

/** Worse of two states, `unknown` being better than any known state. */
export function worseState(a: HealthState, b: HealthState): HealthState {
  return STATE_RANK[b] > STATE_RANK[a] ? b : a;
}

/**
 * Sub-score of a higher-is-worse value: 1 up to `good`, linear to 0.5 at `degraded`, linear to 0
 * at `failing`, 0 beyond. For lower-is-worse signals pass negated value and band.
 */
export function bandScore(value: number, band: ThresholdBand): number {
  const { good, degraded, failing } = band;
  if (value <= good) return 1;
  if (value <= degraded) return degraded === good ? 0.5 : 1 - (0.5 * (value - good)) / (degraded - good);
  if (value < failing) return 0.5 - (0.5 * (value - degraded)) / (failing - degraded);
  return 0;
}

function bandState(value: number, band: ThresholdBand): SignalHealth['state'] {
  if (value > band.failing) return 'failing';
  if (value > band.degraded) return 'degraded';
  return 'healthy';
}

const negate = (band: ThresholdBand): ThresholdBand => ({ good: -band.good, degraded: -band.degraded, failing: -band.failing });

function successRateHealth(errorRate: number, t: HealthThresholds): SignalHealth {
  const successRate = 1 - errorRate;
  const band = negate(t.successRate);
  const state = bandState(-successRate, band);
  const health: SignalHealth = { signal: 'successRate', score: bandScore(-successRate, band), state };
  if (state !== 'healthy') {
    const limit = state === 'failing' ? t.successRate.failing : t.successRate.degraded;
    health.reason = `success rate ${formatPercent(successRate)} < ${formatPercent(limit)}`;
  }
  return health;
}

function saturationHealth(saturation: number, t: HealthThresholds): SignalHealth {
  const state = bandState(saturation, t.saturation);
  const health: SignalHealth = { signal: 'saturation', score: bandScore(saturation, t.saturation), state };
  if (state !== 'healthy') {
    const limit = state === 'failing' ? t.saturation.failing : t.saturation.degraded;
    health.reason = `saturation ${formatPercent(saturation)} > ${formatPercent(limit)}`;
  }
  return health;
}

/** Latency: the worse of "p95 against own baseline" and "p95 against absolute caps". */
function latencyHealth(p95Ms: number, baselineMs: number | undefined, t: HealthThresholds): SignalHealth {
  const { absoluteMs, baselineRatio, baselineFloorMs } = t.latency;
  const absolute: SignalHealth = { signal: 'latency', score: bandScore(p95Ms, absoluteMs), state: bandState(p95Ms, absoluteMs) };
  if (absolute.state !== 'healthy') {
    const limit = absolute.state === 'failing' ? absoluteMs.failing : absoluteMs.degraded;
    absolute.reason = `p95 latency ${formatMs(p95Ms)} > ${formatMs(limit)}`;
  }
  if (baselineMs === undefined) return absolute;
  const ratio = p95Ms / Math.max(baselineMs, baselineFloorMs, Number.MIN_VALUE);
  const relative: SignalHealth = { signal: 'latency', score: bandScore(ratio, baselineRatio), state: bandState(ratio, baselineRatio) };
  if (relative.state !== 'healthy') {
    const limit = relative.state === 'failing' ? baselineRatio.failing : baselineRatio.degraded;
    relative.reason = `p95 latency ${formatMs(p95Ms)} is ${formatRatio(ratio)} its baseline ${formatMs(baselineMs)} (> ${formatRatio(limit)})`;
  }
  // Keep the worse; on a tie of states the lower score.
  if (STATE_RANK[relative.state] !== STATE_RANK[absolute.state]) {
    return STATE_RANK[relative.state] > STATE_RANK[absolute.state] ? relative : absolute;
  }
  return relative.score < absolute.score ? relative : absolute;
}

/** Median p95 of the `baselineSteps` steps before `index` that had enough traffic. */
function latencyBaseline(signals: GoldenSignals, times: number[], index: number, t: HealthThresholds): number | undefined {
  const samples: number[] = [];
  for (let i = Math.max(0, index - t.latency.baselineSteps); i < index; i++) {
    const time = times[i] as number;
    const rps = valueAt(signals.requestsPerSecond, time);
    const p95 = valueAt(signals.p95Ms, time);
    if (rps !== null && rps >= t.minRequestsPerSecond && p95 !== null) samples.push(p95);
  }
  return samples.length >= t.latency.minBaselineSamples ? median(samples) : undefined;
}

function unknownPoint(timeMs: number, reason: string): HealthPoint {
  return { timeMs, score: null, state: 'unknown', drivenBy: null, reasons: [reason], signals: [] };
}

/**
 * Health of one entity per step of its request-rate series (the other series are read at the
 * same instants, so they may be longer, shorter or shifted). Thresholds are merged over the
 * defaults and validated; invalid ones throw `InvalidHealthThresholdsError`.
 */
export function healthScore(signals: GoldenSignals, thresholds?: HealthThresholdsInput): HealthTimeline {
  const t = resolveThresholds(thresholds);
  const times = seriesTimes(signals.requestsPerSecond);
  const points = times.map((timeMs, index): HealthPoint => {
    const rps = valueAt(signals.requestsPerSecond, timeMs);
    if (rps === null) return unknownPoint(timeMs, 'no traffic data');
    if (rps < t.minRequestsPerSecond) {
      return unknownPoint(timeMs, `traffic ${formatRps(rps)} < ${formatRps(t.minRequestsPerSecond)} minimum`);
    }
    const parts: SignalHealth[] = [];
    const errorRate = valueAt(signals.errorRate, timeMs);
    if (errorRate !== null) parts.push(successRateHealth(Math.min(1, Math.max(0, errorRate)), t));
    const p95 = valueAt(signals.p95Ms, timeMs);
    const baselineMs = p95 !== null ? latencyBaseline(signals, times, index, t) : undefined;
    if (p95 !== null) parts.push(latencyHealth(p95, baselineMs, t));
    const saturation = valueAt(signals.saturation, timeMs);
    if (saturation !== null) parts.push(saturationHealth(Math.min(1, Math.max(0, saturation)), t));
    if (parts.length === 0) return unknownPoint(timeMs, 'no signal data (error rate, latency, saturation)');

    // Worst first: by state, then score, then a fixed signal order for determinism.
    const order: HealthSignal[] = ['successRate', 'latency', 'saturation'];
    const ranked = [...parts].sort(
      (a, b) => STATE_RANK[b.state] - STATE_RANK[a.state] || a.score - b.score || order.indexOf(a.signal) - order.indexOf(b.signal),
    );
    const worst = ranked[0] as SignalHealth;
    const point: HealthPoint = {
      timeMs,
      score: Math.min(...parts.map((p) => p.score)),
      state: worst.state,
      drivenBy: worst.signal,
      reasons: ranked.flatMap((p) => (p.reason ? [p.reason] : [])),
      signals: parts,
    };
    if (baselineMs !== undefined) point.latencyBaselineMs = baselineMs;
    return point;
  });
  return { startMs: signals.requestsPerSecond.startMs, stepMs: signals.requestsPerSecond.stepMs, points };
}

/**
 * The entity's health now: over the last `windowSteps` steps (default 5), the worst state held by
 * at least half of the steps that could be judged, so one noisy step does not flip a list badge
 * but a sustained problem does. Score is the median known score; reasons come from the latest
 * step in that state. `unknown` when no step of the window could be judged.
 */
export function currentHealth(timeline: HealthTimeline, windowSteps = 5): HealthSummary {
  const window = timeline.points.slice(-Math.max(1, Math.floor(windowSteps)));
  const known = window.filter((p) => p.state !== 'unknown');
  const latest = window[window.length - 1];
  const base = { atMs: latest?.timeMs ?? null, knownSteps: known.length, windowSteps: window.length };
  if (known.length === 0) return { ...base, state: 'unknown', score: null, reasons: latest?.reasons ?? [] };

  const atLeast = (state: HealthState): number => known.filter((p) => STATE_RANK[p.state] >= STATE_RANK[state]).length;
  const states: HealthState[] = ['failing', 'degraded', 'healthy'];
  const state = states.find((s) => atLeast(s) * 2 >= known.length) ?? 'healthy';
  const scores = known.map((p) => p.score).filter((s): s is number => s !== null);
  // Reasons from the latest step at least as bad as the summary state.
  const explaining = [...known].reverse().find((p) => STATE_RANK[p.state] >= STATE_RANK[state]);
  return { ...base, state, score: median(scores) ?? null, reasons: state === 'healthy' ? [] : explaining?.reasons ?? [] };
}
