// Validation issues (GraphQL ValidationIssue) as editor marks: each issue with a line becomes a
// range from its column to the end of that line; issues without one belong to the whole object
// and are listed in the header only. Pure.

export interface EditorIssue {
  severity: string;
  source: string;
  path: string;
  message: string;
  checkID?: string | null;
  line?: number | null;
  column?: number | null;
}

export interface IssueMark {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

export function markSeverity(s: string): IssueMark['severity'] {
  return SEVERITIES.has(s) ? (s as IssueMark['severity']) : 'error';
}

/** Offsets of each line start in `text` (line n starts at result[n - 1]). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Marks for the issues that have a line inside the text; the message says what is wrong where. */
export function issueMarks(text: string, issues: readonly EditorIssue[]): IssueMark[] {
  const starts = lineStarts(text);
  const out: IssueMark[] = [];
  for (const i of issues) {
    if (!i.line || i.line < 1 || i.line > starts.length) continue;
    const start = starts[i.line - 1]!;
    const end = i.line < starts.length ? starts[i.line]! - 1 : text.length;
    const lineText = text.slice(start, end);
    const indent = lineText.length - lineText.trimStart().length;
    const from = Math.min(end, start + Math.max(indent, (i.column ?? 1) - 1));
    out.push({ from, to: Math.max(end, from), severity: markSeverity(i.severity), message: i.path ? `${i.message} (${i.path})` : i.message });
  }
  return out;
}

/** Errors first, then by line; issues without a line last. */
export function sortIssues<T extends EditorIssue>(issues: readonly T[]): T[] {
  const rank = (s: string) => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);
  return [...issues].sort((a, b) => rank(a.severity) - rank(b.severity) || (a.line ?? Infinity) - (b.line ?? Infinity));
}
