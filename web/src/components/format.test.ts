import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatMs, formatPercent, formatRps, formatTick } from './format';

describe('formatting shared by every view', () => {
  it('shows unknown as a dash, never as 0', () => {
    for (const f of [formatRps, formatMs, formatPercent, formatBytes]) expect(f(null)).toBe('–');
    expect(formatRps(0)).toBe('0');
  });

  it('keeps small rates and error ratios visible', () => {
    expect(formatRps(0.05)).toBe('0.050');
    expect(formatRps(12.345)).toBe('12.3');
    expect(formatPercent(0.0004)).toBe('0.04%');
    expect(formatPercent(0.049)).toBe('4.9%');
  });

  it('switches units where people expect', () => {
    expect(formatMs(249.4)).toBe('249 ms');
    expect(formatMs(2500)).toBe('2.50 s');
    expect(formatBytes(1536, '/s')).toBe('1.5 KiB/s');
    expect(formatAge('2026-01-01T00:00:00Z', Date.parse('2026-01-03T00:00:01Z'))).toBe('2d');
    expect(formatTick(15_300, 'ms')).toBe('15.3k ms');
    expect(formatTick(0.123456)).toBe('0.123');
  });
});
