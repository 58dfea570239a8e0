import { describe, expect, it } from 'vitest';
import { parseHealthThresholds } from './health-thresholds.js';

describe('--health-thresholds', () => {
  it('takes any subset of the documented fields', () => {
    expect(parseHealthThresholds('successRate: { degraded: 0.98, failing: 0.9 }\nlatency: { absoluteMs: { failing: 2000 } }', 'h.yaml'))
      .toEqual({ successRate: { degraded: 0.98, failing: 0.9 }, latency: { absoluteMs: { failing: 2000 } } });
  });
  it('refuses unknown fields, wrong types and bands out of order, naming the field', () => {
    expect(() => parseHealthThresholds('successrate: { degraded: 0.98 }', 'h.yaml')).toThrow(/h\.yaml: .*successrate/);
    expect(() => parseHealthThresholds('latency: { baselineSteps: many }', 'h.yaml')).toThrow(/latency\.baselineSteps/);
    expect(() => parseHealthThresholds('successRate: { degraded: 0.9, failing: 0.99 }', 'h.yaml')).toThrow(/successRate/);
    expect(() => parseHealthThresholds('a: [', 'h.yaml')).toThrow(/not YAML or JSON/);
  });
});
