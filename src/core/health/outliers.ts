// Zero-configuration outlier detection: which version of an app, or which pod of a workload,
// behaves differently from its peers, or from how it behaved itself a little earlier.
//
// For every member of a peer group we take its latest window (last `windowSteps` steps, ending
// where the group's newest series ends) and its baseline (the `baselineSteps` steps before that),
// counting only steps with at least `minRequestsPerSecond`:
//   error rate = traffic-weighted mean of the window; p95 = median of the window's p95s.
// A member is flagged on a signal (only ever for being worse: higher) when
//   peers test:    the other active members' median m and MAD d (median absolute deviation), and
//                  value − m ≥ min delta, value ≥ m × min ratio, and when d > 0 the robust
//                  z-score 0.6745 (value − m) / d > `madThreshold` (3.5, Iglewicz & Hoaglin);
//   baseline test: the same three conditions against the median and MAD of the member's own
//                  per-step values over the baseline window.
// The absolute and relative minimums are what stop tiny differences (0.3 % vs 0.1 %, 110 vs
// 100 ms) from alarming when the spread is near zero. A single-member group only has the
// baseline test. Like the product's, it only sees what is new: a problem that fills the whole
// baseline is the member's normal, and one that all peers share is nobody's outlier.

import type { GoldenSignals } from '../traffic/types.js';
import { formatMs, formatPercent, median, medianAbsoluteDeviation, seriesEndMs, valueAt } from './series.js';

export interface PeerMember {
  /** Shown in reasons, e.g. `movies-v3` or a pod name. */
  id: string;
  signals: GoldenSignals;
}

/** Members expected to behave alike: the versions of one app, or the pods of one workload. */
export interface PeerGroup {
  id: string;
  members: PeerMember[];
}

export interface OutlierOptions {
  /** Steps in the latest window. Default 5. */
  windowSteps: number;
  /** Steps before the window that form each member's own baseline. Default 30. */
  baselineSteps: number;
  /** Usable baseline steps needed for the baseline test. Default 5. */
  minBaselineSamples: number;
  /** Steps below this rate are ignored; a member with too few usable steps is never flagged. Default 0.1. */
  minRequestsPerSecond: number;
  /** Error rate must exceed the reference by at least this fraction (percentage points / 100). Default 0.01. */
  minErrorRateDelta: number;
  /** …and be at least this many times the reference. Default 2. */
  minErrorRateRatio: number;
  /** p95 must exceed the reference by at least this many ms. Default 50. */
  minLatencyDeltaMs: number;
  /** …and be at least this many times the reference. Default 1.5. */
  minLatencyRatio: number;
  /** Robust z-score (0.6745 × deviation / MAD) above which a departure counts. Default 3.5. */
  madThreshold: number;
}

export const DEFAULT_OUTLIER_OPTIONS: OutlierOptions = Object.freeze({
  windowSteps: 5,
  baselineSteps: 30,
  minBaselineSamples: 5,
  minRequestsPerSecond: 0.1,
  minErrorRateDelta: 0.01,
  minErrorRateRatio: 2,
  minLatencyDeltaMs: 50,
  minLatencyRatio: 1.5,
  madThreshold: 3.5,
});

export type OutlierSignal = 'errorRate' | 'latency';
export type OutlierBasis = 'peers' | 'baseline';

export interface Outlier {
  group: string;
  member: string;
  signal: OutlierSignal;
  /** The member's latest-window value: error rate as a fraction, latency as p95 ms. */
  value: number;
  /** Median of the peers' values, when the peers test flagged it. */
  peerMedian?: number;
  /** Median of the member's own baseline, when the baseline test flagged it. */
  baseline?: number;
  /** Which tests flagged it, peers first. */
  basis: OutlierBasis[];
  /** E.g. "movies-v3 error rate 5.2% vs peers 0.1% (median)". */
  reason: string;
}

const SIGNALS: OutlierSignal[] = ['errorRate', 'latency'];

/** One member's numbers for one signal. */
interface MemberSignal {
  /** Latest-window value, or undefined when the window had too little traffic. */
  value: number | undefined;
  /** Per-step values over the baseline window (usable steps only). */
  baselineSteps: number[];
}

function validateOptions(o: OutlierOptions): void {
  const problems: string[] = [];
  for (const field of ['windowSteps', 'baselineSteps', 'minBaselineSamples'] as const) {
    if (!Number.isInteger(o[field]) || o[field] < 1) problems.push(`${field}: must be a whole number of at least 1, got ${o[field]}`);
  }
  for (const field of ['minRequestsPerSecond', 'minErrorRateDelta', 'minLatencyDeltaMs', 'madThreshold'] as const) {
    if (!Number.isFinite(o[field]) || o[field] < 0) problems.push(`${field}: must be a number of at least 0, got ${o[field]}`);
  }
  for (const field of ['minErrorRateRatio', 'minLatencyRatio'] as const) {
    if (!Number.isFinite(o[field]) || o[field] < 1) problems.push(`${field}: must be a number of at least 1, got ${o[field]}`);
  }
  if (o.minErrorRateDelta > 1) problems.push(`minErrorRateDelta: must be a fraction 0..1, got ${o.minErrorRateDelta}`);
  if (problems.length > 0) throw new RangeError(`invalid outlier options: ${problems.join('; ')}`);
}

/** The usable steps of `signals` in [fromMs, toMs): enough traffic, and the signal present. */
function usableSteps(signals: GoldenSignals, signal: OutlierSignal, fromMs: number, toMs: number, o: OutlierOptions) {
  const steps: { rps: number; value: number }[] = [];
  const stepMs = signals.requestsPerSecond.stepMs;
  if (stepMs <= 0) return steps;
  for (let time = fromMs; time < toMs; time += stepMs) {
    const rps = valueAt(signals.requestsPerSecond, time);
    const value = valueAt(signal === 'errorRate' ? signals.errorRate : signals.p95Ms, time);
    if (rps !== null && rps >= o.minRequestsPerSecond && value !== null) steps.push({ rps, value });
  }
  return steps;
}

function memberSignal(signals: GoldenSignals, signal: OutlierSignal, endMs: number, o: OutlierOptions): MemberSignal {
  const stepMs = signals.requestsPerSecond.stepMs;
  const windowStart = endMs - o.windowSteps * stepMs;
  const window = usableSteps(signals, signal, windowStart, endMs, o);
  const baseline = usableSteps(signals, signal, windowStart - o.baselineSteps * stepMs, windowStart, o);
  // At least half the window must carry traffic: one stray step is not a trend.
  let value: number | undefined;
  if (window.length * 2 >= o.windowSteps) {
    if (signal === 'errorRate') {
      const requests = window.reduce((sum, s) => sum + s.rps, 0);
      value = window.reduce((sum, s) => sum + s.rps * s.value, 0) / requests;
    } else {
      value = median(window.map((s) => s.value));
    }
  }
  return { value, baselineSteps: baseline.map((s) => s.value) };
}

/** Whether `value` departs upward from `reference` values by every measure (see the header). */
function departs(value: number, reference: number[], signal: OutlierSignal, o: OutlierOptions): number | undefined {
  const center = median(reference);
  const spread = medianAbsoluteDeviation(reference);
  if (center === undefined || spread === undefined) return undefined;
  const [minDelta, minRatio] = signal === 'errorRate' ? [o.minErrorRateDelta, o.minErrorRateRatio] : [o.minLatencyDeltaMs, o.minLatencyRatio];
  const deviation = value - center;
  if (deviation < minDelta || value < center * minRatio) return undefined;
  if (spread > 0 && (0.6745 * deviation) / spread <= o.madThreshold) return undefined;
  return center;
}

function describe(member: string, signal: OutlierSignal, value: number, peerMedian?: number, baseline?: number): string {
  const format = signal === 'errorRate' ? formatPercent : formatMs;
  const comparisons: string[] = [];
  if (peerMedian !== undefined) comparisons.push(`peers ${format(peerMedian)} (median)`);
  if (baseline !== undefined) comparisons.push(`${peerMedian !== undefined ? 'its own' : 'its'} baseline ${format(baseline)}`);
  const label = signal === 'errorRate' ? 'error rate' : 'p95 latency';
  return `${member} ${label} ${format(value)} vs ${comparisons.join(' and ')}`;
}

/**
 * Outliers of every group, sorted by group, member and signal (error rate before latency).
 * Pure and deterministic: "now" is where the group's newest request-rate series ends.
 */
export function detectOutliers(groups: PeerGroup[], options: Partial<OutlierOptions> = {}): Outlier[] {
  const o: OutlierOptions = { ...DEFAULT_OUTLIER_OPTIONS, ...options };
  validateOptions(o);
  const outliers: Outlier[] = [];
  for (const group of groups) {
    if (group.members.length === 0) continue;
    const endMs = Math.max(...group.members.map((m) => seriesEndMs(m.signals.requestsPerSecond)));
    for (const signal of SIGNALS) {
      const numbers = group.members.map((m) => memberSignal(m.signals, signal, endMs, o));
      group.members.forEach((member, index) => {
        const mine = numbers[index] as MemberSignal;
        if (mine.value === undefined) return; // too little traffic: never alarm
        const peers = numbers.flatMap((n, i) => (i !== index && n.value !== undefined ? [n.value] : []));
        const peerMedian = peers.length > 0 ? departs(mine.value, peers, signal, o) : undefined;
        const baseline =
          mine.baselineSteps.length >= o.minBaselineSamples ? departs(mine.value, mine.baselineSteps, signal, o) : undefined;
        if (peerMedian === undefined && baseline === undefined) return;
        const outlier: Outlier = {
          group: group.id,
          member: member.id,
          signal,
          value: mine.value,
          basis: [],
          reason: describe(member.id, signal, mine.value, peerMedian, baseline),
        };
        if (peerMedian !== undefined) {
          outlier.peerMedian = peerMedian;
          outlier.basis.push('peers');
        }
        if (baseline !== undefined) {
          outlier.baseline = baseline;
          outlier.basis.push('baseline');
        }
        outliers.push(outlier);
      });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return outliers.sort(
    (a, b) => cmp(a.group, b.group) || cmp(a.member, b.member) || SIGNALS.indexOf(a.signal) - SIGNALS.indexOf(b.signal),
  );
}
