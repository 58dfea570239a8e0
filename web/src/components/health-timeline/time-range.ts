// The time a Workloads or Services view shows, from the URL: `?at=<ISO>` is a point in the past
// (the timeline ends there), no `at` is LIVE. And the health cell whose charts are open:
// `?cell=<namespace>/<name>@<cell start ISO>`.

/** How much history a list timeline shows. */
export const TIMELINE_MS = 30 * 60_000;
/** How far one click of ◀ / ▶ moves the point in time. */
export const SHIFT_MS = 5 * 60_000;

export interface TimeRange {
  /** ISO times for the API; undefined when live (the server's "last 30 minutes"). */
  from?: string;
  to?: string;
  live: boolean;
}

/** A valid `at` parameter as epoch ms, or null (live) for absent or unreadable values. */
export function parseAt(at: string | null | undefined): number | null {
  if (!at) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
}

export function timeRange(at: string | null | undefined, nowMs: number): TimeRange {
  const end = parseAt(at);
  // A point in the future is now: there is nothing to show beyond it.
  if (end === null || end >= nowMs) return { live: true };
  return { from: new Date(end - TIMELINE_MS).toISOString(), to: new Date(end).toISOString(), live: false };
}

/** The `at` after moving by `deltaMs`; null (back to LIVE) once it reaches now. */
export function shiftAt(at: string | null | undefined, deltaMs: number, nowMs: number): string | null {
  const next = (parseAt(at) ?? nowMs) + deltaMs;
  return next >= nowMs ? null : new Date(next).toISOString();
}

/** `<input type="datetime-local">` value (local time, minutes) for an epoch ms. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface CellRef {
  namespace: string;
  name: string;
  /** Cell start, ISO. */
  from: string;
}

export function encodeCell(c: CellRef): string {
  return `${c.namespace}/${c.name}@${c.from}`;
}

export function decodeCell(raw: string | null | undefined): CellRef | null {
  if (!raw) return null;
  const m = /^([^/@]+)\/([^/@]+)@(.+)$/.exec(raw);
  if (!m || Number.isNaN(Date.parse(m[3]!))) return null;
  return { namespace: m[1]!, name: m[2]!, from: m[3]! };
}

/**
 * The charts' range for one cell: the cell with ten minutes before it (to see it coming) and
 * five after, never past now, at a step fine enough to see inside the cell.
 */
export function cellChartRange(cellFrom: string, cellTo: string, nowMs: number): { from: string; to: string; stepSeconds: number } {
  const from = Date.parse(cellFrom) - 10 * 60_000;
  const to = Math.min(Date.parse(cellTo) + 5 * 60_000, nowMs);
  const span = Math.max(60_000, to - from);
  return { from: new Date(to - span).toISOString(), to: new Date(to).toISOString(), stepSeconds: Math.max(5, Math.round(span / 1000 / 60)) };
}
