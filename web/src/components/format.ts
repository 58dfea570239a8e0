// Number formatting shared by every view: one way to show a rate, a latency, a ratio.

const dash = '–';

export function formatRps(v: number | null | undefined): string {
  if (v === null || v === undefined) return dash;
  if (v === 0) return '0';
  if (v < 0.1) return v.toFixed(3);
  if (v < 10) return v.toFixed(2);
  return v.toFixed(1);
}

export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined) return dash;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
}

/** A ratio 0..1 as a percentage. */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined) return dash;
  const p = v * 100;
  return `${p === 0 ? '0' : p < 0.1 ? p.toFixed(2) : p.toFixed(1)}%`;
}

export function formatBytes(v: number | null | undefined, suffix = ''): string {
  if (v === null || v === undefined) return dash;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = v;
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}${suffix}`;
}

/** "3m ago", "2d ago" from an ISO time (and `now`, for tests). */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return dash;
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return dash;
  return new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A chart's y-axis tick: 3 significant digits, ten thousands and up as k, the unit after. */
export function formatTick(v: number, unit?: string): string {
  const n = Math.abs(v) >= 10_000 ? `${+(v / 1000).toPrecision(3)}k` : `${+v.toPrecision(3)}`;
  return unit ? `${n} ${unit}` : n;
}
