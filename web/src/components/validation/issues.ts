// Validation issues as the dashboard lists them: the GraphQL answer's types, a stable id per
// issue (kept in the URL when its YAML is open), the list's order and its summary line.

export type Severity = 'error' | 'warning' | 'info';

export interface IssueSubject {
  cluster: string;
  kind: string;
  group: string;
  namespace: string | null;
  name: string;
  key: string;
}

export interface ValidationIssue {
  severity: Severity;
  source: string;
  path: string;
  message: string;
  checkID: string | null;
  subject: IssueSubject | null;
  context: { key: string; value: string }[];
  fix: string | null;
  istioRevision: string | null;
}

export interface YamlLineRange { path: string; start: number; end: number; exact: boolean }

export interface ObjectYaml {
  kind: string;
  namespace: string | null;
  name: string;
  yaml: string;
  highlights: YamlLineRange[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable across polls and shareable: what the issue is about, which check, where. */
export function issueId(i: ValidationIssue): string {
  return `${i.subject?.key ?? '-'}|${i.checkID ?? i.source}|${i.path}`;
}

/** Errors first, then warnings, then info; within a severity by namespace, kind and name. */
export function sortIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const where = (i: ValidationIssue) => `${i.subject?.namespace ?? ''}\u0000${i.subject?.kind ?? ''}\u0000${i.subject?.name ?? ''}`;
  return [...issues].sort((a, b) => RANK[a.severity] - RANK[b.severity] || where(a).localeCompare(where(b)) || (a.checkID ?? '').localeCompare(b.checkID ?? '') || a.path.localeCompare(b.path));
}

/** "3 issues: 2 errors, 1 warning" (only the severities present). */
export function issuesSummary(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return 'No issues';
  const parts = (['error', 'warning', 'info'] as const).flatMap((s) => {
    const n = issues.filter((i) => i.severity === s).length;
    if (n === 0) return [];
    return [`${n} ${s === 'info' ? 'info' : `${s}${n === 1 ? '' : 's'}`}`];
  });
  return `${issues.length} issue${issues.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The namespace an issue is listed under; cluster-scoped subjects (Namespaces) under their own name. */
export function issueNamespace(i: ValidationIssue): string {
  if (!i.subject) return '(unknown)';
  return i.subject.namespace ?? (i.subject.kind === 'Namespace' ? i.subject.name : '(cluster-scoped)');
}

/** Every line the ranges cover, for YamlView's highlight. */
export function highlightedLines(ranges: readonly { start: number; end: number }[]): number[] {
  const lines = new Set<number>();
  for (const r of ranges) for (let l = r.start; l <= r.end; l++) lines.add(l);
  return [...lines].sort((a, b) => a - b);
}

export const severityTone: Record<Severity, string> = { error: 'bad', warning: 'warn', info: '' };
