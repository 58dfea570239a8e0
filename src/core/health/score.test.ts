import { describe, expect, it } from 'vitest';
import { bandScore, currentHealth, healthScore, type HealthTimeline } from './score.js';
import { InvalidHealthThresholdsError } from './thresholds.js';
import { seg, series, signals, STEP_MS } from './testing.js';

/** Health of a single step with 10 rps and the given values. */
function one(v: { errorRate?: number; p95Ms?: number; saturation?: number }) {
  const point = healthScore(
    signals({
      rps: [10],
      errorRate: [v.errorRate ?? 0],
      p95Ms: [v.p95Ms ?? 100],
      ...(v.saturation !== undefined ? { saturation: [v.saturation] } : {}),
    }),
  ).points[0];
  if (!point) throw new Error('no point');
  return point;
}

/** The last step of `baselineSteps` steps at `baselineMs` followed by one at `p95Ms`. */
function afterBaseline(baselineMs: number, p95Ms: number, baselineSteps = 30) {
  const timeline = healthScore(signals({ rps: seg(10, baselineSteps + 1), p95Ms: [...seg(baselineMs, baselineSteps), p95Ms] }));
  return timeline.points[baselineSteps] ?? expect.unreachable();
}

describe('healthScore', () => {
  it('is healthy with a perfect score on clean traffic', () => {
    const timeline = healthScore(signals({ rps: seg(10, 3), saturation: seg(0.2, 3) }));
    expect(timeline).toMatchObject({ startMs: 0, stepMs: STEP_MS });
    expect(timeline.points.map((p) => [p.timeMs, p.state, p.score, p.reasons])).toEqual([
      [0, 'healthy', 1, []],
      [STEP_MS, 'healthy', 1, []],
      [2 * STEP_MS, 'healthy', 1, []],
    ]);
  });

  it('changes state strictly beyond each threshold (exactly at one is the better state)', () => {
    expect(one({ errorRate: 0.01 }).state).toBe('healthy'); // success rate exactly 99 %
    expect(one({ errorRate: 0.0101 }).state).toBe('degraded');
    expect(one({ errorRate: 0.05 }).state).toBe('degraded'); // exactly 95 %
    expect(one({ errorRate: 0.0501 }).state).toBe('failing');
    expect(one({ saturation: 0.8 }).state).toBe('healthy');
    expect(one({ saturation: 0.8001 }).state).toBe('degraded');
    expect(one({ saturation: 0.95 }).state).toBe('degraded');
    expect(one({ saturation: 0.9501 }).state).toBe('failing');
    expect(one({ p95Ms: 1000 }).state).toBe('healthy');
    expect(one({ p95Ms: 1001 }).state).toBe('degraded');
    expect(one({ p95Ms: 5000 }).state).toBe('degraded');
    expect(one({ p95Ms: 5001 }).state).toBe('failing');
    expect(afterBaseline(100, 200).state).toBe('healthy'); // exactly 2× the baseline
    expect(afterBaseline(100, 201).state).toBe('degraded');
    expect(afterBaseline(100, 400).state).toBe('degraded'); // exactly 4×
    expect(afterBaseline(100, 401).state).toBe('failing');
  });

  it('maps each signal piecewise-linearly: 1 at good, 0.5 at degraded, 0 at failing', () => {
    expect(bandScore(0.6, { good: 0.6, degraded: 0.8, failing: 0.95 })).toBe(1);
    expect(bandScore(0.7, { good: 0.6, degraded: 0.8, failing: 0.95 })).toBeCloseTo(0.75);
    expect(bandScore(0.8, { good: 0.6, degraded: 0.8, failing: 0.95 })).toBe(0.5);
    expect(bandScore(0.95, { good: 0.6, degraded: 0.8, failing: 0.95 })).toBe(0);
    expect(one({ errorRate: 0.01 }).score).toBeCloseTo(0.5);
    expect(one({ errorRate: 0.03 }).score).toBeCloseTo(0.25); // halfway between 99 % and 95 %
    expect(one({ saturation: 0.7 }).score).toBeCloseTo(0.75);
    expect(one({ errorRate: 0.2 }).score).toBe(0);
  });

  it('scores the minimum of the sub-scores and names the signal that drove it', () => {
    const point = one({ errorRate: 0.03, saturation: 0.7 });
    expect(point.score).toBeCloseTo(0.25);
    expect(point.drivenBy).toBe('successRate');
    expect(point.signals.map((s) => s.signal)).toEqual(['successRate', 'latency', 'saturation']);
  });

  it('is degraded or failing by each signal alone, with the reason stated', () => {
    expect(one({ errorRate: 0.015 })).toMatchObject({ state: 'degraded', drivenBy: 'successRate', reasons: ['success rate 98.5% < 99%'] });
    expect(one({ errorRate: 0.069 })).toMatchObject({ state: 'failing', drivenBy: 'successRate', reasons: ['success rate 93.1% < 95%'] });
    expect(one({ saturation: 0.85 })).toMatchObject({ state: 'degraded', drivenBy: 'saturation', reasons: ['saturation 85% > 80%'] });
    expect(one({ saturation: 0.99 })).toMatchObject({ state: 'failing', drivenBy: 'saturation', reasons: ['saturation 99% > 95%'] });
    expect(one({ p95Ms: 1500 })).toMatchObject({ state: 'degraded', drivenBy: 'latency', reasons: ['p95 latency 1500ms > 1000ms'] });
    expect(one({ p95Ms: 6200 })).toMatchObject({ state: 'failing', reasons: ['p95 latency 6200ms > 5000ms'] });
    expect(afterBaseline(100, 250)).toMatchObject({
      state: 'degraded',
      drivenBy: 'latency',
      latencyBaselineMs: 100,
      reasons: ['p95 latency 250ms is 2.5× its baseline 100ms (> 2×)'],
    });
    expect(afterBaseline(100, 450)).toMatchObject({ state: 'failing', reasons: ['p95 latency 450ms is 4.5× its baseline 100ms (> 4×)'] });
  });

  it('lists every unhealthy signal, worst first', () => {
    expect(one({ errorRate: 0.015, saturation: 0.99 }).reasons).toEqual(['saturation 99% > 95%', 'success rate 98.5% < 99%']);
  });

  it('does not call a tiny service slow: the baseline has a floor', () => {
    expect(afterBaseline(2, 6).state).toBe('healthy'); // 6 ms against the 20 ms floor
    expect(afterBaseline(2, 45)).toMatchObject({ state: 'degraded', reasons: ['p95 latency 45ms is 2.25× its baseline 2ms (> 2×)'] });
  });

  it('uses only the absolute caps until the baseline has enough samples', () => {
    expect(afterBaseline(100, 900, 4)).toMatchObject({ state: 'healthy', signals: [{}, { signal: 'latency' }] });
    expect(afterBaseline(100, 900, 4).latencyBaselineMs).toBeUndefined();
    expect(afterBaseline(100, 900, 5).state).toBe('failing');
  });

  it('is unknown without traffic, below the minimum traffic and in gaps', () => {
    const timeline = healthScore(
      signals({
        rps: [0, 0.05, null, 0.1, 10, 10],
        errorRate: [0.5, 0.5, 0.5, 0, null, 0.5],
        p95Ms: [9000, 9000, 9000, 100, null, 100],
      }),
    );
    expect(timeline.points.map((p) => p.state)).toEqual(['unknown', 'unknown', 'unknown', 'healthy', 'unknown', 'failing']);
    expect(timeline.points.map((p) => p.score)).toEqual([null, null, null, 1, null, 0]);
    expect(timeline.points[1]?.reasons).toEqual(['traffic 0.05 rps < 0.1 rps minimum']);
    expect(timeline.points[2]?.reasons).toEqual(['no traffic data']);
    expect(timeline.points[4]?.reasons[0]).toMatch(/^no signal data/);
  });

  it('reads other series by time when they are shifted', () => {
    const s = signals({ rps: seg(10, 3) });
    s.errorRate = series([0.2, 0.2], STEP_MS); // starts one step later
    expect(healthScore(s).points.map((p) => p.state)).toEqual(['healthy', 'failing', 'failing']);
  });

  it('takes threshold overrides and refuses nonsense', () => {
    expect(healthScore(signals({ rps: [10], errorRate: [0.015] }), { successRate: { degraded: 0.98 } }).points[0]?.state).toBe('healthy');
    expect(() => healthScore(signals({ rps: [10] }), { saturation: { degraded: 0.99 } })).toThrow(InvalidHealthThresholdsError);
  });

  it('is deterministic', () => {
    const input = signals({ rps: seg(10, 40), errorRate: [...seg(0, 35), ...seg(0.03, 5)], p95Ms: [...seg(100, 35), ...seg(300, 5)] });
    expect(healthScore(input)).toEqual(healthScore(structuredClone(input)));
  });
});

describe('currentHealth', () => {
  const timelineOf = (errorRates: (number | null)[]): HealthTimeline =>
    healthScore(signals({ rps: errorRates.map((e) => (e === null ? null : 10)), errorRate: errorRates.map((e) => e ?? 0) }));

  it('reports a sustained problem in the latest window', () => {
    const summary = currentHealth(timelineOf([0, 0, 0, 0, 0, 0.1, 0.1, 0.1]));
    expect(summary).toMatchObject({ state: 'failing', score: 0, reasons: ['success rate 90% < 95%'], atMs: 7 * STEP_MS, knownSteps: 5, windowSteps: 5 });
  });

  it('ignores a one-step blip and unknown steps', () => {
    expect(currentHealth(timelineOf([0, 0, 0, 0.1, 0])).state).toBe('healthy');
    expect(currentHealth(timelineOf([0, 0.1, null, null, 0.1])).state).toBe('failing');
    expect(currentHealth(timelineOf([0, 0, 0.02, 0.1, 0])).state).toBe('healthy'); // 2 of 5 at least degraded: not enough
    expect(currentHealth(timelineOf([0, 0, 0.02, 0.1, 0.02]))).toMatchObject({
      state: 'degraded', // 3 of 5 at least degraded, only 1 failing
      reasons: ['success rate 98% < 99%'],
    });
  });

  it('is unknown when nothing in the window could be judged', () => {
    expect(currentHealth(timelineOf([0, null, null]), 2)).toMatchObject({ state: 'unknown', score: null, knownSteps: 0 });
    expect(currentHealth({ startMs: 0, stepMs: STEP_MS, points: [] })).toMatchObject({ state: 'unknown', atMs: null });
  });
});
