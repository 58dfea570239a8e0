// The validation issues list (OVERVIEW > VALIDATION ISSUES, a control plane's VALIDATIONS):
// the live validator's findings, grouped by namespace, each with "Show YAML" that opens the
// object with the invalid part highlighted. The open issue is kept in the URL (`?issue=`).
import { useQuery } from '../../api/use-query';
import { useSearchParam } from '../../app/router';
import { DataTable, type Column } from '../DataTable';
import { Empty, ErrorState, Loading, PartialErrors } from '../states';
import { issueId, issueNamespace, issuesSummary, severityTone, sortIssues, type ValidationIssue } from './issues';
import { ObjectYamlModal } from './ObjectYamlModal';
import './validation.css';

const ISSUES = /* GraphQL */ `query ValidationIssuesList($namespaces: [String!], $controlPlane: String) {
  validationIssues(namespaces: $namespaces, controlPlane: $controlPlane) {
    severity source path message checkID fix istioRevision
    subject { cluster kind group namespace name key }
    context { key value }
  }
}`;

export interface IssuesFilter {
  /** Only these namespaces; all when empty. */
  namespaces?: string[];
  /** Only the namespaces of this control plane (its revision, name.namespace). */
  controlPlane?: string;
}

const columns: Column<ValidationIssue>[] = [
  { key: 'severity', header: 'Severity', width: '90px', sort: (i) => ({ error: 0, warning: 1, info: 2 })[i.severity], render: (i) => <span className={`badge ${severityTone[i.severity]}`} data-severity={i.severity}>{i.severity}</span> },
  {
    key: 'object', header: 'Object', sort: (i) => `${i.subject?.kind}/${i.subject?.name}`, render: (i) => (
      <>
        {i.subject ? <><span className="muted">{i.subject.kind}</span> {i.subject.name}</> : '–'}
        <div><code className="issue-path">{i.path || '(the whole object)'}</code></div>
      </>
    ),
  },
  { key: 'check', header: 'Check', sort: (i) => i.checkID ?? '', render: (i) => <code>{i.checkID ?? i.source}</code> },
  {
    key: 'message', header: 'Message', render: (i) => (
      <div className="issue-message">
        {i.message}
        {i.context.length > 0 && <div className="muted fix">{i.context.map((c) => `${c.key}: ${c.value}`).join(' · ')}</div>}
        {i.fix && <div className="muted fix">Fix: {i.fix}</div>}
      </div>
    ),
  },
];

export function ValidationIssues({ filter = {}, label = 'Validation issues' }: { filter?: IssuesFilter; label?: string }) {
  const [open, setOpen] = useSearchParam('issue');
  const variables = {
    namespaces: filter.namespaces && filter.namespaces.length > 0 ? filter.namespaces : null,
    controlPlane: filter.controlPlane ?? null,
  };
  const { data, errors, error, loading } = useQuery<{ validationIssues: ValidationIssue[] }>(ISSUES, variables, { pollMs: 10_000 });
  if (error && !data) return <ErrorState error={error} />;
  if (loading && !data) return <Loading what="Reading validation issues" />;
  const issues = sortIssues(data?.validationIssues ?? []);
  const selected = open ? issues.find((i) => issueId(i) === open) : undefined;

  const withAction: Column<ValidationIssue>[] = [...columns, {
    key: 'yaml', header: '', width: '110px', render: (i) => i.subject
      ? <button type="button" className="btn nowrap" onClick={() => setOpen(issueId(i), { replace: false })} aria-label={`Show YAML of ${i.subject.kind} ${i.subject.name} (${i.checkID ?? i.source})`}>Show YAML</button>
      : null,
  }];

  return (
    <section aria-label={label} data-testid="validation-issues">
      <PartialErrors errors={errors} />
      <div className="issues-head"><strong data-testid="issues-summary">{issuesSummary(issues)}</strong></div>
      <DataTable
        label={label}
        rows={issues}
        columns={withAction}
        rowKey={issueId}
        groupBy={issueNamespace}
        empty={<Empty title="No validation issues">The validator found nothing to fix{variables.namespaces ? ' in these namespaces' : ''}.</Empty>}
      />
      {selected?.subject && (
        <ObjectYamlModal
          object={selected.subject}
          highlight={[selected.path]}
          title={`${selected.subject.kind} ${selected.subject.namespace ? `${selected.subject.namespace}/` : ''}${selected.subject.name}`}
          about={<ul className="about"><li><span className={`badge ${severityTone[selected.severity]}`}>{selected.severity}</span> <code>{selected.checkID}</code>: {selected.message}</li>{selected.path && <li className="muted">at <code>{selected.path}</code></li>}</ul>}
          onClose={() => setOpen(null, { replace: false })}
        />
      )}
    </section>
  );
}
