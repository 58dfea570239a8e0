// Feeds meshHistory: one workloadSignals range query covering the charts' steps plus the
// steps before them the latency baseline needs (so the first charted steps are judged like the
// last ones).

import { resolveThresholds } from '../../core/health/index.js';
import { stepEnds } from '../../core/traffic/step.js';
import type { MeshBackend } from '../backend.js';
import { NO_TELEMETRY } from '../graphql/errors.js';
import { meshHistory, type MeshHistory } from './mesh-history.js';

/** At most this many steps of history before the range, however long the baseline is. */
const MAX_BASELINE_STEPS = 30;

export async function meshHistoryView(backend: MeshBackend, range: { fromMs: number; toMs: number; stepMs: number }): Promise<MeshHistory> {
  if (!backend.telemetry) throw new Error(NO_TELEMETRY);
  const ends = stepEnds(range.fromMs, range.toMs, range.stepMs);
  const grid = { startMs: range.fromMs + range.stepMs, stepMs: range.stepMs, points: ends.length };
  const baselineSteps = Math.min(MAX_BASELINE_STEPS, resolveThresholds(backend.healthThresholds).latency.baselineSteps);
  const signals = await backend.telemetry.workloadSignals({
    range: { fromMs: range.fromMs - baselineSteps * range.stepMs, toMs: range.fromMs + ends.length * range.stepMs, stepMs: range.stepMs },
  });
  return meshHistory(backend.model(), signals, grid, backend.healthThresholds);
}
