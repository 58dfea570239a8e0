// Small helpers over `Series` and robust statistics shared by the health score and the outlier
// detector. Series may not share the same start or step, so values are looked up by time.

import type { Series } from '../traffic/types.js';

/** Epoch ms just after the last step of a series. */
export function seriesEndMs(series: Series): number {
  return series.startMs + series.values.length * series.stepMs;
}

/** Step start times of a series, in order. */
export function seriesTimes(series: Series): number[] {
  return series.values.map((_, i) => series.startMs + i * series.stepMs);
}

/**
 * The value of the step containing `timeMs`, or null when the time falls outside the series, in
 * a gap, or the value is not a finite number (NaN from a 0/0 rate counts as no data).
 */
export function valueAt(series: Series | undefined, timeMs: number): number | null {
  if (!series || series.stepMs <= 0) return null;
  const index = Math.floor((timeMs - series.startMs) / series.stepMs);
  if (index < 0 || index >= series.values.length) return null;
  const value = series.values[index];
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Median of a non-empty list; undefined for an empty one. Does not modify its input. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Median absolute deviation from the median: a spread measure one wild value cannot inflate. */
export function medianAbsoluteDeviation(values: readonly number[]): number | undefined {
  const center = median(values);
  if (center === undefined) return undefined;
  return median(values.map((v) => Math.abs(v - center)));
}

/** A fraction as a percentage with at most two decimals: 0.931 → "93.1%", 0.99 → "99%". */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

/** Milliseconds rounded to whole numbers below 10 s: 412.7 → "413ms". */
export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${Number((ms / 1000).toFixed(1))}s` : `${Math.round(ms)}ms`;
}

/** A ratio with at most two decimals: 4.5 → "4.5×". */
export function formatRatio(ratio: number): string {
  return `${Number(ratio.toFixed(2))}×`;
}

/** Requests per second with up to three decimals: 0.05 → "0.05 rps". */
export function formatRps(rps: number): string {
  return `${Number(rps.toFixed(3))} rps`;
}
