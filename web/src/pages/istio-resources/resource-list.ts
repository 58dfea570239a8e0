// The list's filtering and validation summary. Pure.
import type { IstioResourceRow } from './api';

/** Rows in the selected namespaces and kinds (empty selection: all). */
export function filterResources(rows: readonly IstioResourceRow[], namespaces: readonly string[], kinds: readonly string[]): IstioResourceRow[] {
  return rows.filter((r) => (namespaces.length === 0 || namespaces.includes(r.namespace ?? '')) && (kinds.length === 0 || kinds.includes(r.kind)));
}

export interface ValidationSummary {
  tone: 'ok' | 'warn' | 'bad';
  text: string;
  /** The messages, for a tooltip. */
  detail: string;
}

export function validationSummary(issues: readonly { severity: string; message: string }[]): ValidationSummary {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  const detail = issues.map((i) => `${i.severity}: ${i.message}`).join('\n');
  if (errors > 0) return { tone: 'bad', text: `${errors} error${errors > 1 ? 's' : ''}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}`, detail };
  if (warnings > 0) return { tone: 'warn', text: `${warnings} warning${warnings > 1 ? 's' : ''}`, detail };
  return { tone: 'ok', text: 'valid', detail: issues.length ? detail : 'no issues found' };
}

/** The editor's path of a resource. */
export function editorPath(r: { kind: string; namespace: string | null; name: string }): string {
  return `/istio-resources/${encodeURIComponent(r.kind)}/${encodeURIComponent(r.namespace ?? '-')}/${encodeURIComponent(r.name)}`;
}
