import { describe, expect, it } from 'vitest';
import { cellChartRange, decodeCell, encodeCell, shiftAt, timeRange, TIMELINE_MS } from './time-range';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('time range from the URL', () => {
  it('is live without at, with an unreadable at, or with one in the future', () => {
    expect(timeRange(null, NOW)).toEqual({ live: true });
    expect(timeRange('yesterday-ish', NOW)).toEqual({ live: true });
    expect(timeRange('2025-06-01T12:05:00Z', NOW)).toEqual({ live: true });
  });

  it('ends at a past point and covers the timeline before it', () => {
    expect(timeRange('2025-06-01T11:00:00Z', NOW)).toEqual({
      live: false, to: '2025-06-01T11:00:00.000Z', from: new Date(Date.parse('2025-06-01T11:00:00Z') - TIMELINE_MS).toISOString(),
    });
  });

  it('steps back from live, forward again, and returns to live when it reaches now', () => {
    const back = shiftAt(null, -5 * 60_000, NOW);
    expect(back).toBe('2025-06-01T11:55:00.000Z');
    expect(shiftAt(back, -5 * 60_000, NOW)).toBe('2025-06-01T11:50:00.000Z');
    expect(shiftAt(back, 5 * 60_000, NOW)).toBeNull();
  });
});

describe('health cell parameter', () => {
  it('round-trips and refuses malformed values', () => {
    const cell = { namespace: 'smm-demo', name: 'movies-v3', from: '2025-06-01T11:40:00.000Z' };
    expect(decodeCell(encodeCell(cell))).toEqual(cell);
    expect(decodeCell('smm-demo/movies-v3')).toBeNull();
    expect(decodeCell('smm-demo/movies-v3@not-a-time')).toBeNull();
    expect(decodeCell(null)).toBeNull();
  });

  it('charts ten minutes before a cell and five after, clipped at now', () => {
    expect(cellChartRange('2025-06-01T11:00:00Z', '2025-06-01T11:01:00Z', NOW)).toEqual({ from: '2025-06-01T10:50:00.000Z', to: '2025-06-01T11:06:00.000Z', stepSeconds: 16 });
    const recent = cellChartRange('2025-06-01T11:58:00Z', '2025-06-01T11:59:00Z', NOW);
    expect(recent.to).toBe('2025-06-01T12:00:00.000Z');
    expect(recent.from).toBe('2025-06-01T11:48:00.000Z');
  });
});
