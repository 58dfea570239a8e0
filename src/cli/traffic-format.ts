// Table cells of the traffic views, in the style of `linkerd viz stat`: `-` where a value is
// unknown (no requests, no telemetry), units in the cell so columns read without a legend.
// JSON and YAML never go through these: they carry the raw numbers.

const UNKNOWN = '-';

/** 0..1 → `95.02%`. */
export const formatPercent = (fraction: number | null): string =>
  fraction === null ? UNKNOWN : `${(fraction * 100).toFixed(2)}%`;

export const formatRps = (rps: number | null): string => (rps === null ? UNKNOWN : `${rps.toFixed(1)}rps`);

/** Milliseconds: one decimal below 10 ms, where rounding would hide the difference. */
export const formatMs = (ms: number | null): string =>
  ms === null ? UNKNOWN : ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;

export const formatPerSecond = (rate: number | null): string => (rate === null ? UNKNOWN : `${rate.toFixed(1)}/s`);

/** linkerd's check mark for mutual TLS; the other states by name. */
export function formatMtls(mtls: string): string {
  if (mtls === 'mutual') return '√';
  if (mtls === 'unknown') return UNKNOWN;
  return mtls;
}

/** Success is only defined over requests: TCP-only or idle traffic has none. */
export const successRate = (rps: number, errorRate: number): number | null => (rps > 0 ? 1 - errorRate : null);
