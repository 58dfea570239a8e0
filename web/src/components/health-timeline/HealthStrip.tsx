// A health timeline as a strip of cells, one per step, each a button that opens the health
// charts of its period (the product's "click the health indicator for detailed health metrics").
import type { KeyboardEvent } from 'react';
import { formatTime } from '../format';
import type { HealthCell, HealthTimeline } from './types';
import './health-timeline.css';

function cellLabel(c: HealthCell): string {
  const when = `${formatTime(c.from)} – ${new Date(c.to).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
  return `${c.state}, ${when}${c.reasons.length ? `: ${c.reasons.join('; ')}` : ''}`;
}

export function HealthStrip({ timeline, selected, onSelect, large, label }: {
  timeline: HealthTimeline | null | undefined;
  /** Start (ISO) of the open cell. */
  selected?: string | null;
  onSelect: (cell: HealthCell) => void;
  large?: boolean;
  /** What the strip is about, for screen readers: "health of movies-v3". */
  label: string;
}) {
  if (!timeline) return <span className="muted" title="no health data">–</span>;
  // One tab stop per strip (the latest cell); arrow keys move between cells, so a list of many
  // rows is not hundreds of tab stops.
  const onKey = (e: KeyboardEvent<HTMLSpanElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    const buttons = [...e.currentTarget.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowLeft' ? -1 : 1)));
    buttons[next]?.focus();
    e.preventDefault();
  };
  const last = timeline.cells.length - 1;
  return (
    <span className={`health-strip${large ? ' large' : ''}`} role="group" aria-label={label} data-testid="health-strip" onKeyDown={onKey}>
      {timeline.cells.map((c, i) => (
        <button key={c.from} type="button" data-state={c.state} data-from={c.from} title={cellLabel(c)} aria-label={cellLabel(c)}
          tabIndex={i === last ? 0 : -1} aria-pressed={selected === c.from} onClick={() => onSelect(c)} />
      ))}
    </span>
  );
}

export function HealthLegend() {
  return (
    <span className="health-legend" aria-hidden="true">
      <span><i className="healthy" />healthy</span><span><i className="degraded" />degraded</span><span><i className="failing" />failing</span><span><i />too little traffic</span>
    </span>
  );
}
