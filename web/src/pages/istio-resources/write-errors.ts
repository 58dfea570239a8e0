// What a failed write means for the editor: validation errors (offer "apply anyway"), a
// conflict (someone changed it: say who), a refusal (RBAC), malformed YAML (mark the line),
// or anything else. Pure: from the API's error codes and extensions (docs/istio-resources.md).
import type { ApiError } from '../../api/client';
import type { ResourceIssue } from './api';

export type WriteProblem =
  | { kind: 'validation'; message: string; issues: ResourceIssue[] }
  | { kind: 'conflict'; message: string; changedBy?: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'invalid'; message: string; issues: ResourceIssue[] }
  | { kind: 'other'; message: string };

function issuesOf(e: ApiError | undefined): ResourceIssue[] {
  const raw = e?.extensions?.['issues'];
  if (!Array.isArray(raw)) return [];
  return raw.filter((i): i is ResourceIssue => typeof i === 'object' && i !== null && typeof (i as ResourceIssue).message === 'string')
    .map((i) => ({ severity: i.severity ?? 'error', source: i.source ?? 'server', path: i.path ?? '', message: i.message, checkID: i.checkID ?? null, line: i.line ?? null, column: i.column ?? null }));
}

function changedByOf(e: ApiError): string | undefined {
  const c = e.extensions?.['changedBy'];
  if (typeof c !== 'object' || c === null) return undefined;
  const { manager, time } = c as { manager?: unknown; time?: unknown };
  if (typeof manager !== 'string') return undefined;
  return typeof time === 'string' ? `${manager} at ${new Date(time).toLocaleString()}` : manager;
}

export function explainWriteError(code: string, message: string, errors: readonly ApiError[]): WriteProblem {
  const first = errors[0];
  switch (code) {
    case 'VALIDATION_FAILED': return { kind: 'validation', message, issues: issuesOf(first) };
    case 'CONFLICT': {
      const by = first ? changedByOf(first) : undefined;
      return { kind: 'conflict', message, ...(by ? { changedBy: by } : {}) };
    }
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED': return { kind: 'forbidden', message };
    case 'BAD_USER_INPUT':
    case 'ALREADY_EXISTS': return { kind: 'invalid', message, issues: issuesOf(first) };
    default: return { kind: 'other', message };
  }
}
