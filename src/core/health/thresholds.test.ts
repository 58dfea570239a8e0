import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  InvalidHealthThresholdsError,
  resolveThresholds,
  validateThresholds,
  type HealthThresholds,
} from './thresholds.js';

const fields = (t: HealthThresholds): string[] => validateThresholds(t).map((p) => p.field);

describe('health thresholds', () => {
  it('accepts the defaults, which match the documented numbers', () => {
    expect(validateThresholds(DEFAULT_HEALTH_THRESHOLDS)).toEqual([]);
    expect(DEFAULT_HEALTH_THRESHOLDS.successRate).toMatchObject({ degraded: 0.99, failing: 0.95 });
    expect(DEFAULT_HEALTH_THRESHOLDS.saturation).toMatchObject({ degraded: 0.8, failing: 0.95 });
    expect(DEFAULT_HEALTH_THRESHOLDS.minRequestsPerSecond).toBe(0.1);
  });

  it('merges partial overrides over the defaults', () => {
    const t = resolveThresholds({ saturation: { degraded: 0.7 }, latency: { absoluteMs: { failing: 8000 } } });
    expect(t.saturation).toEqual({ good: 0.6, degraded: 0.7, failing: 0.95 });
    expect(t.latency.absoluteMs).toEqual({ good: 500, degraded: 1000, failing: 8000 });
    expect(t.latency.baselineRatio).toEqual(DEFAULT_HEALTH_THRESHOLDS.latency.baselineRatio);
    expect(t.successRate).toEqual(DEFAULT_HEALTH_THRESHOLDS.successRate);
  });

  it('refuses a degraded threshold that is not looser than the failing one, naming the field', () => {
    const sr = resolveDefaults({ successRate: { good: 0.999, degraded: 0.9, failing: 0.95 } });
    expect(fields(sr)).toEqual(['successRate.degraded']);
    const sat = resolveDefaults({ saturation: { good: 0.6, degraded: 0.95, failing: 0.95 } });
    expect(fields(sat)).toEqual(['saturation.degraded']);
    const ratio = resolveDefaults({ latency: { ...DEFAULT_HEALTH_THRESHOLDS.latency, baselineRatio: { good: 1, degraded: 5, failing: 4 } } });
    expect(fields(ratio)).toEqual(['latency.baselineRatio.degraded']);
  });

  it('refuses good beyond degraded, fractions outside 0..1 and ratios below 1', () => {
    expect(fields(resolveDefaults({ saturation: { good: 0.9, degraded: 0.8, failing: 0.95 } }))).toEqual(['saturation.good']);
    expect(fields(resolveDefaults({ successRate: { good: 1.2, degraded: 0.99, failing: 0.95 } }))).toEqual(['successRate.good']);
    expect(fields(resolveDefaults({ saturation: { good: 0.6, degraded: 0.8, failing: 1.5 } }))).toEqual(['saturation.failing']);
    const ratio = resolveDefaults({ latency: { ...DEFAULT_HEALTH_THRESHOLDS.latency, baselineRatio: { good: 0.5, degraded: 2, failing: 4 } } });
    expect(fields(ratio)).toEqual(['latency.baselineRatio.good']);
    expect(fields(resolveDefaults({ minRequestsPerSecond: -1 }))).toEqual(['minRequestsPerSecond']);
    expect(fields(resolveDefaults({ minRequestsPerSecond: Number.NaN }))).toEqual(['minRequestsPerSecond']);
  });

  it('refuses baseline sizes that are not whole or larger than the window', () => {
    const l = DEFAULT_HEALTH_THRESHOLDS.latency;
    expect(fields(resolveDefaults({ latency: { ...l, baselineSteps: 0 } }))).toContain('latency.baselineSteps');
    expect(fields(resolveDefaults({ latency: { ...l, baselineSteps: 2.5 } }))).toContain('latency.baselineSteps');
    expect(fields(resolveDefaults({ latency: { ...l, baselineSteps: 3, minBaselineSamples: 4 } }))).toEqual(['latency.minBaselineSamples']);
  });

  it('resolveThresholds throws one error listing every bad field', () => {
    const attempt = () => resolveThresholds({ successRate: { degraded: 0.9 }, saturation: { failing: 2 } });
    expect(attempt).toThrow(InvalidHealthThresholdsError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as InvalidHealthThresholdsError).problems.map((p) => p.field);
      expect(problems).toEqual(['saturation.failing', 'successRate.degraded']);
      expect((error as Error).message).toMatch(/successRate\.degraded: must be higher than successRate\.failing/);
    }
  });
});

function resolveDefaults(overrides: Partial<HealthThresholds>): HealthThresholds {
  return { ...DEFAULT_HEALTH_THRESHOLDS, ...overrides };
}
