import { describe, expect, it } from 'vitest';
import { percent, successRate } from './series';

describe('health chart series', () => {
  it('turns an error rate into a success rate, keeping gaps', () => {
    expect(successRate({ start: 's', stepSeconds: 60, values: [0, 0.05, null] })?.values).toEqual([1, 0.95, null]);
    expect(successRate(null)).toBeNull();
  });

  it('scales fractions to percent', () => {
    expect(percent({ start: 's', stepSeconds: 60, values: [0.5, null] })?.values).toEqual([50, null]);
    expect(percent({ start: 's', stepSeconds: 60, values: null })?.values).toBeNull();
  });
});
