// Health over time of workloads and services, for the list timelines and the HEALTH tabs: the
// core's scorer over every workload's inbound golden signals, fetched in one telemetry call per
// range (a list of 200 rows is one call, not 200), a service scored on its workloads' combined
// signals. The range is extended backwards so the first cell already has a latency baseline.

import { combineSignals, healthScore, resolveThresholds, timelineFrom, type HealthThresholdsInput, type HealthTimeline } from '../../core/health/index.js';
import type { Service, Workload } from '../../core/model/index.js';
import { workloadKey, type WorkloadSignals } from '../../core/traffic/signals.js';
import { stepEnds } from '../../core/traffic/step.js';
import type { GoldenSignals } from '../../core/traffic/types.js';
import type { TelemetryPort } from '../../telemetry/port.js';

export interface HealthRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

const NICE_STEPS_S = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];
/** About this many cells in a timeline when the client names no step. */
export const HEALTH_CELLS = 30;

/** The step for a range without one: about 30 cells, a step people read easily, at least 15 s. */
export function healthStepMs(rangeMs: number): number {
  const wanted = rangeMs / HEALTH_CELLS;
  return (NICE_STEPS_S.find((s) => s * 1000 >= wanted) ?? 86_400) * 1000;
}

/**
 * Cells end on multiples of the step, so a polled "last 30 minutes" keeps its cells in place
 * instead of sliding a few seconds each time.
 */
export function alignRange(range: { fromMs: number; toMs: number; stepMs?: number }): HealthRange {
  const stepMs = range.stepMs ?? healthStepMs(range.toMs - range.fromMs);
  const toMs = Math.floor(range.toMs / stepMs) * stepMs;
  const cells = Math.max(1, Math.round((range.toMs - range.fromMs) / stepMs));
  return { fromMs: toMs - cells * stepMs, toMs, stepMs };
}

export interface HealthSource {
  /** Signals per workload key (cluster/namespace/name) over the range and its baseline. */
  signals: Map<string, GoldenSignals>;
  range: HealthRange;
  baselineFromMs: number;
  thresholds: HealthThresholdsInput | undefined;
}

/** One telemetry call for every workload's signals over the range plus the baseline steps before it. */
export async function loadHealthSource(telemetry: TelemetryPort, range: HealthRange, thresholds?: HealthThresholdsInput): Promise<HealthSource> {
  const baselineFromMs = range.fromMs - resolveThresholds(thresholds).latency.baselineSteps * range.stepMs;
  const all: WorkloadSignals[] = await telemetry.workloadSignals({ range: { fromMs: baselineFromMs, toMs: range.toMs, stepMs: range.stepMs } });
  return { signals: new Map(all.map((w) => [workloadKey(w.cluster, w.namespace, w.workload), w.signals])), range, baselineFromMs, thresholds };
}

/** Scores signals (or no data) and keeps the asked range. */
function score(source: HealthSource, signals: GoldenSignals | null): HealthTimeline {
  const { range, baselineFromMs } = source;
  const ends = stepEnds(baselineFromMs, range.toMs, range.stepMs);
  // Entities without inbound requests in the range have no signals: every cell is unknown.
  const none = { startMs: ends[0] ?? range.toMs, stepMs: range.stepMs, values: ends.map(() => null) };
  const timeline = healthScore(signals ?? { requestsPerSecond: none, errorRate: none, p95Ms: none }, source.thresholds);
  return timelineFrom(timeline, range.fromMs + range.stepMs);
}

export function workloadHealth(source: HealthSource, w: Pick<Workload, 'cluster' | 'namespace' | 'name'>): HealthTimeline {
  return score(source, source.signals.get(workloadKey(w.cluster, w.namespace, w.name)) ?? null);
}

/** A service's health: its workloads' inbound traffic together (the requests it routes to them). */
export function serviceHealth(source: HealthSource, s: Pick<Service, 'workloads'>): HealthTimeline {
  const members = s.workloads.map((w) => source.signals.get(workloadKey(w.cluster, w.namespace, w.name))).filter((x): x is GoldenSignals => !!x);
  return score(source, combineSignals(members));
}
