// kubectl-style output: `-o table` (default; aligned columns, upper-case headers),
// `-o json` and `-o yaml` (the full objects, for scripts).

import { stringify } from 'yaml';
import { usageError } from './errors.js';

export type OutputFormat = 'table' | 'json' | 'yaml';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'json', 'yaml'];

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const v = (value ?? 'table').toLowerCase();
  if (v === 'wide') return 'table';
  if (!(OUTPUT_FORMATS as string[]).includes(v)) throw usageError(`unknown output format "${value}": use one of ${OUTPUT_FORMATS.join(', ')}`);
  return v as OutputFormat;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | undefined | null;
}

export function renderTable<T>(rows: readonly T[], columns: Column<T>[]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((r) => columns.map((c) => {
    const v = c.value(r);
    return v === undefined || v === null || v === '' ? '<none>' : String(v);
  }));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]): string => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i]! + 3))).join('').trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/** Print rows in the chosen format; an empty table says so, as kubectl does. */
export function render<T>(format: OutputFormat, rows: readonly T[], columns: Column<T>[], emptyMessage: string): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'yaml') return stringify(rows);
  return rows.length === 0 ? `${emptyMessage}\n` : renderTable(rows, columns);
}
