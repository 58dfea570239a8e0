// LIVE or a point in time (`?at=`), moved minutes back and forth, as the product's timeline does
// (it names no fixed presets). Lists and detail views read their range from the same parameter.
import { useSearchParam } from '../../app/router';
import { formatTime } from '../format';
import { parseAt, SHIFT_MS, shiftAt, timeRange, toLocalInput, type TimeRange } from './time-range';
import './health-timeline.css';

/** The view's time range from `?at=`. */
export function useTimeRange(): TimeRange & { at: string | null } {
  const [at] = useSearchParam('at');
  return { ...timeRange(at, Date.now()), at };
}

export function TimeSelector() {
  const [at, setAt] = useSearchParam('at');
  const atMs = parseAt(at);
  const live = atMs === null || atMs >= Date.now();
  const onPick = (value: string) => {
    const ms = Date.parse(value);
    setAt(Number.isNaN(ms) || ms >= Date.now() ? null : new Date(ms).toISOString());
  };
  return (
    <div className="time-selector" data-testid="time-selector">
      <button type="button" className="btn icon" onClick={() => setAt(shiftAt(at, -SHIFT_MS, Date.now()))} aria-label="5 minutes earlier" title="5 minutes earlier">◀</button>
      <input type="datetime-local" aria-label="Point in time" value={toLocalInput(atMs ?? Date.now())} max={toLocalInput(Date.now())} onChange={(e) => onPick(e.target.value)} />
      <button type="button" className="btn icon" onClick={() => setAt(shiftAt(at, SHIFT_MS, Date.now()))} disabled={live} aria-label="5 minutes later" title="5 minutes later">▶</button>
      <button type="button" className="btn" aria-pressed={live} onClick={() => setAt(null)} disabled={live}>{live ? '● Live' : 'Back to live'}</button>
      <span className="when">{live ? 'last 30 minutes' : `30 minutes up to ${formatTime(atMs)}`}</span>
    </div>
  );
}
