import { describe, expect, it } from 'vitest';
import { issueMarks, lineStarts, sortIssues } from './issues';

const TEXT = 'spec:\n  http:\n  - route:\n      weight: "x"\n';

describe('issue marks', () => {
  it('finds line starts', () => {
    expect(lineStarts(TEXT)).toEqual([0, 6, 14, 25, 43]);
  });

  it('marks from the column (or the indent) to the end of the line', () => {
    const [m] = issueMarks(TEXT, [{ severity: 'error', source: 'schema', path: 'spec.http[0].route[0].weight', message: 'must be integer', line: 4, column: 7 }]);
    expect(TEXT.slice(m!.from, m!.to)).toBe('weight: "x"');
    expect(m!.message).toBe('must be integer (spec.http[0].route[0].weight)');
    const [n] = issueMarks(TEXT, [{ severity: 'warning', source: 'rules', path: '', message: 'm', line: 2, column: null }]);
    expect(TEXT.slice(n!.from, n!.to)).toBe('http:');
    expect(n!.severity).toBe('warning');
  });

  it('skips issues without a line or beyond the text', () => {
    expect(issueMarks(TEXT, [{ severity: 'error', source: 'rules', path: '', message: 'x' }, { severity: 'error', source: 'x', path: '', message: 'y', line: 99 }])).toEqual([]);
  });

  it('sorts errors first, then by line', () => {
    const sorted = sortIssues([
      { severity: 'warning', source: '', path: '', message: 'w', line: 1 },
      { severity: 'error', source: '', path: '', message: 'e2', line: 9 },
      { severity: 'error', source: '', path: '', message: 'e0' },
      { severity: 'error', source: '', path: '', message: 'e1', line: 3 },
    ]);
    expect(sorted.map((i) => i.message)).toEqual(['e1', 'e2', 'e0', 'w']);
  });
});
