import { describe, expect, it } from 'vitest';
import { highlightedLines, issueId, issueNamespace, issuesSummary, sortIssues, type ValidationIssue } from './issues';

const issue = (severity: ValidationIssue['severity'], namespace: string | null, kind: string, name: string, path = 'spec'): ValidationIssue => ({
  severity, source: 'rules', path, message: 'm', checkID: `${kind.toLowerCase()}/x`, context: [], fix: null, istioRevision: null,
  subject: { cluster: 'c', kind, group: '', namespace, name, key: `${kind}:c:${namespace ?? ''}:${name}` },
});

describe('validation issues', () => {
  it('sorts errors first, then by namespace, kind and name', () => {
    const sorted = sortIssues([issue('info', 'a', 'Service', 's'), issue('warning', 'b', 'Pod', 'p'), issue('error', 'z', 'Gateway', 'g2'), issue('error', 'z', 'Gateway', 'g1')]);
    expect(sorted.map((i) => i.subject!.name)).toEqual(['g1', 'g2', 'p', 's']);
  });

  it('summarizes by severity, naming only those present', () => {
    expect(issuesSummary([])).toBe('No issues');
    expect(issuesSummary([issue('error', 'a', 'Gateway', 'g')])).toBe('1 issue: 1 error');
    expect(issuesSummary([issue('error', 'a', 'Gateway', 'g'), issue('error', 'a', 'Gateway', 'h'), issue('info', 'a', 'Service', 's')])).toBe('3 issues: 2 errors, 1 info');
  });

  it('identifies an issue by subject, check and path', () => {
    expect(issueId(issue('error', 'ns', 'Gateway', 'g', 'spec.servers[0]'))).toBe('Gateway:c:ns:g|gateway/x|spec.servers[0]');
    expect(issueId(issue('error', 'ns', 'Gateway', 'g', 'spec.a'))).not.toBe(issueId(issue('error', 'ns', 'Gateway', 'g', 'spec.b')));
  });

  it("lists a Namespace's own issues under that namespace", () => {
    expect(issueNamespace(issue('error', null, 'Namespace', 'legacy'))).toBe('legacy');
    expect(issueNamespace(issue('error', 'shop', 'Pod', 'p'))).toBe('shop');
  });

  it('expands line ranges into the lines to highlight', () => {
    expect(highlightedLines([{ start: 4, end: 6 }, { start: 5, end: 5 }, { start: 9, end: 9 }])).toEqual([4, 5, 6, 9]);
    expect(highlightedLines([])).toEqual([]);
  });
});
