import { describe, expect, it } from 'vitest';
import { containerFilter, emptyBuffer, logReducer, MAX_LINES, visibleLines, type LogAction, type LogBuffer } from './log-buffer';

const run = (actions: LogAction[], start: LogBuffer = emptyBuffer()): LogBuffer => actions.reduce(logReducer, start);
const line = (container: string, text: string): LogAction => ({ type: 'append', container, text });

describe('pod log buffer', () => {
  it('keeps lines of all containers in arrival order and filters by container', () => {
    const s = run([line('app', 'a1'), line('istio-proxy', 'p1'), line('app', 'a2')]);
    expect(s.lines.map((l) => l.text)).toEqual(['a1', 'p1', 'a2']);
    expect(visibleLines(s.lines, 'app').map((l) => l.text)).toEqual(['a1', 'a2']);
    expect(visibleLines(s.lines, null)).toHaveLength(3);
  });

  it('holds lines back while paused and shows them, in order, on resume', () => {
    const s = run([line('app', 'a1'), { type: 'pause' }, line('app', 'a2'), line('app', 'a3')]);
    expect(s.lines.map((l) => l.text)).toEqual(['a1']);
    expect(s.pending).toHaveLength(2);
    const resumed = logReducer(s, { type: 'resume' });
    expect(resumed.lines.map((l) => l.text)).toEqual(['a1', 'a2', 'a3']);
    expect(resumed.pending).toEqual([]);
  });

  it('clears everything shown and waiting, and ids keep increasing', () => {
    const s = run([line('app', 'a1'), { type: 'clear' }, line('app', 'a2')]);
    expect(s.lines.map((l) => [l.id, l.text])).toEqual([[2, 'a2']]);
  });

  it('drops the oldest lines beyond the cap and counts them', () => {
    const s = run(Array.from({ length: MAX_LINES + 5 }, (_, i) => line('app', `l${i}`)));
    expect(s.lines).toHaveLength(MAX_LINES);
    expect(s.lines[0]!.text).toBe('l5');
    expect(s.dropped).toBe(5);
  });
});

describe('container filter parameter', () => {
  it('names one existing container, or shows all', () => {
    expect(containerFilter('app', ['app', 'istio-proxy'])).toBe('app');
    expect(containerFilter('all', ['app', 'istio-proxy'])).toBeNull();
    expect(containerFilter('gone', ['app'])).toBeNull();
    expect(containerFilter(null, ['app'])).toBeNull();
  });
});
