import { describe, expect, it } from 'vitest';
import { combineSignals, timelineFrom } from './combine.js';
import { healthScore } from './score.js';
import { seg, series, signals, STEP_MS } from './testing.js';

describe('combineSignals', () => {
  it('adds request rates, weights error rates by requests and keeps the largest p95', () => {
    const a = signals({ rps: [10, 0, null], errorRate: [0, null, null], p95Ms: [100, null, null] });
    const b = signals({ rps: [30, 5, null], errorRate: [0.2, 0.1, null], p95Ms: [40, 300, null] });
    const c = combineSignals([a, b])!;
    expect(c.requestsPerSecond.values).toEqual([40, 5, null]);
    expect(c.errorRate.values[0]).toBeCloseTo(0.15); // 6 failed of 40
    expect(c.errorRate.values.slice(1)).toEqual([0.1, null]);
    expect(c.p95Ms.values).toEqual([100, 300, null]);
    expect(c.saturation).toBeUndefined();
  });

  it('reads members on the first member\'s grid, by time', () => {
    const a = { requestsPerSecond: series([1, 1, 1]), errorRate: series([0, 0, 0]), p95Ms: series([10, 10, 10]) };
    // b starts one step later and has a saturation series.
    const b = { requestsPerSecond: series([2, 2], STEP_MS), errorRate: series([0.5, 0.5], STEP_MS), p95Ms: series([5, 50], STEP_MS), saturation: series([0.9, 0.2], STEP_MS) };
    const c = combineSignals([a, b])!;
    expect(c.requestsPerSecond.values).toEqual([1, 3, 3]);
    expect(c.p95Ms.values).toEqual([10, 10, 50]);
    expect(c.saturation?.values).toEqual([null, 0.9, 0.2]);
  });

  it('is null without members', () => {
    expect(combineSignals([])).toBeNull();
  });

  it('makes a service as unhealthy as the failing version behind it', () => {
    const good = signals({ rps: seg(10, 5) });
    const bad = signals({ rps: seg(10, 5), errorRate: seg(0.5, 5) });
    const states = healthScore(combineSignals([good, bad])!).points.map((p) => p.state);
    expect(states).toEqual(Array<string>(5).fill('failing'));
  });
});

describe('timelineFrom', () => {
  it('drops the baseline steps before the asked range and restarts the timeline there', () => {
    const timeline = healthScore(signals({ rps: seg(10, 6) }));
    const cut = timelineFrom(timeline, 4 * STEP_MS);
    expect(cut.startMs).toBe(4 * STEP_MS);
    expect(cut.points.map((p) => p.timeMs)).toEqual([4 * STEP_MS, 5 * STEP_MS]);
  });
});
