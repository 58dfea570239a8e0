// The topology view's state as it lives in the URL: which groups are shown (`?show=`), the
// edge-label mode (`?labels=`) and the instant of the timeline (`?at=`). Parsing is forgiving
// (a hand-edited link falls back to defaults); writing drops defaults to keep links short.

export const RESOURCES = ['clusters', 'namespaces', 'apps', 'services'] as const;
export type Resource = (typeof RESOURCES)[number];

/** Services are shown unless the user unticks them; the groups are opt-in. */
export const DEFAULT_SHOW: readonly Resource[] = ['services'];

export function parseShow(raw: string | null): Resource[] {
  if (raw === null) return [...DEFAULT_SHOW];
  const wanted = new Set(raw.split(','));
  return RESOURCES.filter((r) => wanted.has(r));
}

/** The `show` parameter for a set of resources; null when it is the default. Workloads stand for "none". */
export function formatShow(show: readonly Resource[]): string | null {
  const sorted = RESOURCES.filter((r) => show.includes(r));
  if (sorted.join(',') === [...DEFAULT_SHOW].join(',')) return null;
  return sorted.length ? sorted.join(',') : 'workloads';
}

export function toggleResource(show: readonly Resource[], r: Resource): Resource[] {
  return show.includes(r) ? show.filter((s) => s !== r) : RESOURCES.filter((x) => x === r || show.includes(x));
}

/** The `show` argument of the topology query. */
export function showArgument(show: readonly Resource[]): Record<Resource, boolean> {
  return { clusters: show.includes('clusters'), namespaces: show.includes('namespaces'), apps: show.includes('apps'), services: show.includes('services') };
}

export const LABEL_MODES = ['traffic', 'latency', 'mtls'] as const;
export type LabelMode = (typeof LABEL_MODES)[number];

export function parseLabelMode(raw: string | null): LabelMode {
  return LABEL_MODES.find((m) => m === raw) ?? 'traffic';
}

/** The instant of the timeline, or undefined for live (absent or unreadable `at`). */
export function parseAt(raw: string | null): number | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

/** ISO without milliseconds: short, and what `datetime-local` inputs round to anyway. */
export function formatAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Moves the timeline by some minutes. Stepping to or past `now` returns null: back to live,
 * since the future has no data.
 */
export function stepAt(at: number | undefined, minutes: number, now: number): string | null {
  const next = (at ?? now) + minutes * 60_000;
  return next >= now ? null : formatAt(next);
}

/** A `datetime-local` input's value (local time) for an instant, and back. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
