// Health thresholds: when a signal turns an entity (workload or service) from healthy to
// degraded to failing. The product's manual documents no formula or numbers, so these defaults
// are ours, chosen to be conventional (two nines of success is "degraded", 95 % is "failing"),
// and every one can be overridden per installation.

/**
 * Three anchors on one signal's scale. `good` is where the sub-score starts to drop below 1,
 * `degraded` and `failing` are where the state changes. The state changes strictly beyond a
 * threshold: for a higher-is-worse signal `value > degraded` is degraded, for success rate
 * (lower is worse) `value < degraded` is.
 */
export interface ThresholdBand {
  good: number;
  degraded: number;
  failing: number;
}

export interface LatencyThresholds {
  /**
   * p95 over the entity's own baseline (median p95 of the preceding `baselineSteps` steps).
   * Default: degraded above 2×, failing above 4×, full score up to 1.25×.
   */
  baselineRatio: ThresholdBand;
  /** Absolute p95 caps in ms, whatever the baseline. Default 500 / 1000 / 5000 ms. */
  absoluteMs: ThresholdBand;
  /** How many preceding steps form the latency baseline. Default 30. */
  baselineSteps: number;
  /** Fewer usable baseline steps than this and only the absolute caps apply. Default 5. */
  minBaselineSamples: number;
  /**
   * The baseline is never taken below this many ms, so a 2 ms service that now answers in 6 ms
   * is not "3× slower". Default 20 ms.
   */
  baselineFloorMs: number;
}

export interface HealthThresholds {
  /** 1 − error rate, a fraction. Default good 99.9 %, degraded below 99 %, failing below 95 %. */
  successRate: ThresholdBand;
  latency: LatencyThresholds;
  /** 0..1, how close proxies and pods are to their limits. Default 0.6 / above 0.8 / above 0.95. */
  saturation: ThresholdBand;
  /**
   * Below this many requests per second a step is `unknown`: a handful of requests says little,
   * and one failure out of three is not a 33 % outage worth an alarm. Default 0.1 rps.
   */
  minRequestsPerSecond: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = Object.freeze({
  successRate: Object.freeze({ good: 0.999, degraded: 0.99, failing: 0.95 }),
  latency: Object.freeze({
    baselineRatio: Object.freeze({ good: 1.25, degraded: 2, failing: 4 }),
    absoluteMs: Object.freeze({ good: 500, degraded: 1000, failing: 5000 }),
    baselineSteps: 30,
    minBaselineSamples: 5,
    baselineFloorMs: 20,
  }),
  saturation: Object.freeze({ good: 0.6, degraded: 0.8, failing: 0.95 }),
  minRequestsPerSecond: 0.1,
}) as HealthThresholds;

/** Overrides: any subset of the fields; the rest come from the defaults. */
export interface HealthThresholdsInput {
  successRate?: Partial<ThresholdBand>;
  latency?: Partial<Omit<LatencyThresholds, 'baselineRatio' | 'absoluteMs'>> & {
    baselineRatio?: Partial<ThresholdBand>;
    absoluteMs?: Partial<ThresholdBand>;
  };
  saturation?: Partial<ThresholdBand>;
  minRequestsPerSecond?: number;
}

/** One reason thresholds were refused, naming the field (dotted path) and what is wrong. */
export interface ThresholdProblem {
  field: string;
  message: string;
}

export class InvalidHealthThresholdsError extends Error {
  constructor(readonly problems: ThresholdProblem[]) {
    super(`invalid health thresholds: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidHealthThresholdsError';
  }
}

/** Defaults with the given overrides applied, validated; throws `InvalidHealthThresholdsError`. */
export function resolveThresholds(overrides: HealthThresholdsInput = {}): HealthThresholds {
  const d = DEFAULT_HEALTH_THRESHOLDS;
  const resolved: HealthThresholds = {
    successRate: { ...d.successRate, ...overrides.successRate },
    latency: {
      ...d.latency,
      ...overrides.latency,
      baselineRatio: { ...d.latency.baselineRatio, ...overrides.latency?.baselineRatio },
      absoluteMs: { ...d.latency.absoluteMs, ...overrides.latency?.absoluteMs },
    },
    saturation: { ...d.saturation, ...overrides.saturation },
    minRequestsPerSecond: overrides.minRequestsPerSecond ?? d.minRequestsPerSecond,
  };
  const problems = validateThresholds(resolved);
  if (problems.length > 0) throw new InvalidHealthThresholdsError(problems);
  return resolved;
}

/** Every problem with a set of thresholds; empty when they make sense. */
export function validateThresholds(t: HealthThresholds): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  const finite = (field: string, value: number): boolean => {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    problems.push({ field, message: `must be a finite number, got ${String(value)}` });
    return false;
  };
  const inRange = (field: string, value: number, min: number, max: number): void => {
    if (finite(field, value) && (value < min || value > max)) {
      problems.push({ field, message: `must be between ${min} and ${max}, got ${value}` });
    }
  };
  const atLeast = (field: string, value: number, min: number): void => {
    if (finite(field, value) && value < min) problems.push({ field, message: `must be at least ${min}, got ${value}` });
  };
  const integerAtLeast = (field: string, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) {
      problems.push({ field, message: `must be a whole number of at least ${min}, got ${String(value)}` });
    }
  };
  // Higher-is-worse bands: good <= degraded < failing. Success rate mirrors it.
  const ordered = (field: string, band: ThresholdBand, higherIsWorse: boolean): void => {
    const { good, degraded, failing } = band;
    if (![good, degraded, failing].every(Number.isFinite)) return; // reported by the range checks
    const looser = higherIsWorse ? 'lower' : 'higher';
    if (higherIsWorse ? !(degraded < failing) : !(degraded > failing)) {
      problems.push({
        field: `${field}.degraded`,
        message: `must be ${looser} than ${field}.failing (degraded is the looser threshold), got ${degraded} vs ${failing}`,
      });
    }
    if (higherIsWorse ? good > degraded : good < degraded) {
      problems.push({
        field: `${field}.good`,
        message: `must be ${looser} than or equal to ${field}.degraded, got ${good} vs ${degraded}`,
      });
    }
  };

  for (const key of ['good', 'degraded', 'failing'] as const) {
    inRange(`successRate.${key}`, t.successRate[key], 0, 1);
    inRange(`saturation.${key}`, t.saturation[key], 0, 1);
    atLeast(`latency.baselineRatio.${key}`, t.latency.baselineRatio[key], 1);
    atLeast(`latency.absoluteMs.${key}`, t.latency.absoluteMs[key], 0);
  }
  ordered('successRate', t.successRate, false);
  ordered('saturation', t.saturation, true);
  ordered('latency.baselineRatio', t.latency.baselineRatio, true);
  ordered('latency.absoluteMs', t.latency.absoluteMs, true);
  integerAtLeast('latency.baselineSteps', t.latency.baselineSteps, 1);
  integerAtLeast('latency.minBaselineSamples', t.latency.minBaselineSamples, 1);
  if (Number.isInteger(t.latency.minBaselineSamples) && t.latency.minBaselineSamples > t.latency.baselineSteps) {
    problems.push({
      field: 'latency.minBaselineSamples',
      message: `must not exceed latency.baselineSteps (${t.latency.baselineSteps}), got ${t.latency.minBaselineSamples}`,
    });
  }
  atLeast('latency.baselineFloorMs', t.latency.baselineFloorMs, 0);
  atLeast('minRequestsPerSecond', t.minRequestsPerSecond, 0);
  return problems;
}
