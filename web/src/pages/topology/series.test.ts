import { describe, expect, it } from 'vitest';
import { mapSeries, successPercent } from './series';

describe('series transforms', () => {
  const s = { start: '2026-01-01T00:00:00Z', stepSeconds: 60, values: [0, 0.05, null, 1] };

  it('turns error rates into success percentages, keeping gaps', () => {
    expect(successPercent(s)?.values).toEqual([100, 95, null, 0]);
    expect(successPercent(s)?.stepSeconds).toBe(60);
  });

  it('passes absent series and values through', () => {
    expect(mapSeries(undefined, (v) => v)).toBeUndefined();
    expect(mapSeries({ ...s, values: null }, (v) => v * 2)?.values).toBeNull();
  });
});
