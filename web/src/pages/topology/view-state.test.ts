import { describe, expect, it } from 'vitest';
import { formatAt, formatShow, fromLocalInput, parseAt, parseLabelMode, parseShow, showArgument, stepAt, toggleResource, toLocalInput } from './view-state';

describe('show (resources)', () => {
  it('defaults to services and round-trips through the URL', () => {
    expect(parseShow(null)).toEqual(['services']);
    expect(formatShow(['services'])).toBeNull();
    expect(formatShow([])).toBe('workloads');
    expect(parseShow('workloads')).toEqual([]);
    expect(parseShow(formatShow(['apps', 'clusters'])!)).toEqual(['clusters', 'apps']);
  });

  it('ignores unknown names', () => {
    expect(parseShow('services,pods,apps')).toEqual(['apps', 'services']);
  });

  it('toggles one resource and maps to the query argument', () => {
    expect(toggleResource(['services'], 'services')).toEqual([]);
    expect(toggleResource(['services'], 'namespaces')).toEqual(['namespaces', 'services']);
    expect(showArgument(['apps'])).toEqual({ clusters: false, namespaces: false, apps: true, services: false });
  });
});

describe('label mode', () => {
  it('falls back to traffic', () => {
    expect(parseLabelMode('latency')).toBe('latency');
    expect(parseLabelMode('mtls')).toBe('mtls');
    expect(parseLabelMode('bogus')).toBe('traffic');
    expect(parseLabelMode(null)).toBe('traffic');
  });
});

describe('timeline', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');

  it('parses at, ignoring garbage', () => {
    expect(parseAt('2026-05-01T11:50:00Z')).toBe(now - 600_000);
    expect(parseAt('yesterday-ish')).toBeUndefined();
    expect(parseAt(null)).toBeUndefined();
  });

  it('steps back from live and returns to live at now', () => {
    expect(stepAt(undefined, -10, now)).toBe('2026-05-01T11:50:00Z');
    expect(stepAt(now - 600_000, -1, now)).toBe('2026-05-01T11:49:00Z');
    expect(stepAt(now - 60_000, 1, now)).toBeNull();
    expect(stepAt(now - 60_000, 5, now)).toBeNull();
  });

  it('formats without milliseconds', () => {
    expect(formatAt(now + 123)).toBe('2026-05-01T12:00:00Z');
  });

  it('converts to and from a datetime-local value', () => {
    const ms = new Date(2026, 4, 1, 9, 5).getTime();
    expect(toLocalInput(ms)).toBe('2026-05-01T09:05');
    expect(fromLocalInput('2026-05-01T09:05')).toBe(ms);
    expect(fromLocalInput('')).toBeUndefined();
  });
});
