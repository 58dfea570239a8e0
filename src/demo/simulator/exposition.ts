// Prometheus text exposition format 0.0.4: HELP and TYPE lines, one sample per line, label
// values escaped, histograms as cumulative `_bucket{le=...}` series plus `_sum` and `_count`.

import { cumulate } from './buckets.js';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface CounterSample {
  labels: string;
  value: number;
}

export interface HistogramSample {
  labels: string;
  /** Per-bin counts, the last one the `+Inf` bin. */
  bins: ArrayLike<number>;
  sum: number;
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `a="x",b="y"`: the inside of a label set, rendered once per series and reused. */
export function renderLabels(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
}

/** Numbers as Go's strconv would print them for Prometheus: integers plain, `+Inf`, `NaN`. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 1000) / 1000);
}

function header(name: string, type: MetricType, help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

export function renderCounter(name: string, help: string, samples: readonly CounterSample[]): string {
  let out = header(name, 'counter', help);
  for (const s of samples) out += `${name}{${s.labels}} ${formatValue(s.value)}\n`;
  return out;
}

export function renderGauge(name: string, help: string, samples: readonly CounterSample[]): string {
  let out = header(name, 'gauge', help);
  for (const s of samples) out += `${name}{${s.labels}} ${formatValue(s.value)}\n`;
  return out;
}

export function renderHistogram(name: string, help: string, bounds: readonly number[], samples: readonly HistogramSample[]): string {
  let out = header(name, 'histogram', help);
  const les = [...bounds.map((b) => String(b)), '+Inf'];
  for (const s of samples) {
    const cumulative = cumulate(s.bins);
    const sep = s.labels ? ',' : '';
    for (let i = 0; i < les.length; i++) out += `${name}_bucket{${s.labels}${sep}le="${les[i]!}"} ${cumulative[i] ?? 0}\n`;
    out += `${name}_sum{${s.labels}} ${formatValue(s.sum)}\n`;
    out += `${name}_count{${s.labels}} ${cumulative[cumulative.length - 1] ?? 0}\n`;
  }
  return out;
}
