// The pod-logs panel's state: lines of several container streams in arrival order, a cap so a
// chatty pod cannot eat the tab's memory, and pause (lines keep arriving but wait off screen).

export interface LogLine {
  id: number;
  container: string;
  text: string;
}

export interface LogBuffer {
  lines: LogLine[];
  /** Lines that arrived while paused, shown on resume. */
  pending: LogLine[];
  paused: boolean;
  nextId: number;
  /** Lines dropped from the top because of the cap (shown as a note). */
  dropped: number;
}

export const MAX_LINES = 2000;

export type LogAction =
  | { type: 'append'; container: string; text: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'clear' };

export const emptyBuffer = (): LogBuffer => ({ lines: [], pending: [], paused: false, nextId: 1, dropped: 0 });

function capped(buffer: LogBuffer, lines: LogLine[]): LogBuffer {
  const over = Math.max(0, lines.length - MAX_LINES);
  return { ...buffer, lines: over ? lines.slice(over) : lines, dropped: buffer.dropped + over };
}

export function logReducer(state: LogBuffer, action: LogAction): LogBuffer {
  switch (action.type) {
    case 'append': {
      const line = { id: state.nextId, container: action.container, text: action.text };
      const next = { ...state, nextId: state.nextId + 1 };
      if (state.paused) {
        // The pending queue is capped too; what is beyond would be dropped on resume anyway.
        const pending = [...state.pending, line];
        return { ...next, pending: pending.length > MAX_LINES ? pending.slice(-MAX_LINES) : pending };
      }
      return capped(next, [...state.lines, line]);
    }
    case 'pause':
      return { ...state, paused: true };
    case 'resume':
      return capped({ ...state, paused: false, pending: [] }, [...state.lines, ...state.pending]);
    case 'clear':
      return { ...state, lines: [], pending: [], dropped: 0 };
  }
}

/** The lines to show for the container filter (`null`: every container). */
export function visibleLines(lines: readonly LogLine[], container: string | null): LogLine[] {
  return container ? lines.filter((l) => l.container === container) : [...lines];
}

/** `?logs=` value → the container filter: `all` (or unknown containers) shows every container. */
export function containerFilter(param: string | null, containers: readonly string[]): string | null {
  return param && param !== ALL_CONTAINERS && containers.includes(param) ? param : null;
}

export const ALL_CONTAINERS = 'all';
