// The issues of the last validation above the editor, with line numbers; picking one moves
// the cursor to its line.
import type { ResourceIssue } from './api';

export function IssueList({ issues, onPick }: { issues: readonly ResourceIssue[]; onPick: (line: number) => void }) {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  const tone = errors > 0 ? 'bad' : warnings > 0 ? 'warn' : 'ok';
  const head = issues.length === 0 ? 'Valid: no issues found'
    : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return (
    <div className="issue-list" data-testid="issue-list" aria-live="polite">
      <div className={`head ${tone}`}>{head}</div>
      {issues.length > 0 && (
        <ul>
          {issues.map((i, n) => (
            <li key={n} data-line={i.line ?? ''} data-severity={i.severity}>
              <button type="button" onClick={() => i.line && onPick(i.line)} disabled={!i.line}>
                <span className="line-no">{i.line ? `Line ${i.line}` : 'Object'}</span>
                <span className={`sev-${i.severity}`}>{i.severity}</span>
                <span>{i.message}{i.path && <span className="muted"> · {i.path}</span>}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
