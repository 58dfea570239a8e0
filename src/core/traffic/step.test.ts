import { describe, expect, it } from 'vitest';
import { MAX_POINTS, pickStep, stepEnds } from './step.js';

describe('pickStep', () => {
  it('never goes below the scrape interval', () => {
    expect(pickStep(60_000)).toBe(15_000);
    expect(pickStep(60_000, 5_000)).toBe(5_000);
  });
  it('keeps ranges at most MAX_POINTS long, on readable steps', () => {
    for (const hours of [0.5, 1, 3, 6, 12, 24, 24 * 7, 24 * 30]) {
      const range = hours * 3_600_000;
      const step = pickStep(range);
      expect(range / step).toBeLessThanOrEqual(MAX_POINTS);
      expect(step % 15_000).toBe(0);
    }
    expect(pickStep(3_600_000)).toBe(30_000);
    expect(pickStep(24 * 3_600_000)).toBe(900_000);
  });
});

describe('stepEnds', () => {
  it('lists the end of every whole step', () => {
    expect(stepEnds(0, 60_000, 15_000)).toEqual([15_000, 30_000, 45_000, 60_000]);
    expect(stepEnds(0, 10_000, 15_000)).toEqual([]);
  });
});
