// Builders for the health tests: constant or stepwise golden signals on a one-minute grid.

import type { GoldenSignals, Series } from '../traffic/types.js';

export const STEP_MS = 60_000;

export function series(values: (number | null)[], startMs = 0, stepMs = STEP_MS): Series {
  return { startMs, stepMs, values };
}

/** `n` copies of `value`, then optionally more segments: seg(100, 30, 400, 5) = 30×100, 5×400. */
export function seg(...pairs: (number | null)[]): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    for (let k = 0; k < (pairs[i + 1] as number); k++) out.push(pairs[i] as number | null);
  }
  return out;
}

export interface SignalValues {
  rps: (number | null)[];
  errorRate?: (number | null)[];
  p95Ms?: (number | null)[];
  saturation?: (number | null)[];
}

/** Golden signals; missing error rate / p95 default to 0 / 100 ms over the rps length. */
export function signals(v: SignalValues): GoldenSignals {
  const n = v.rps.length;
  const out: GoldenSignals = {
    requestsPerSecond: series(v.rps),
    errorRate: series(v.errorRate ?? seg(0, n)),
    p95Ms: series(v.p95Ms ?? seg(100, n)),
  };
  if (v.saturation) out.saturation = series(v.saturation);
  return out;
}
