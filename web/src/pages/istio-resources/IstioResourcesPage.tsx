// ISTIO RESOURCES: every Istio resource the user may read, filtered by namespace and type (both
// in the URL), each with its validation status; edit opens the YAML editor, delete asks first.
import { useState } from 'react';
import { Link } from '../../app/router';
import { DataTable, type Column } from '../../components/DataTable';
import { NamespaceFilter, useNamespaceParam } from '../../components/NamespaceFilter';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import type { IstioResourceRow } from './api';
import { CreateNewDialog } from './CreateNewDialog';
import { DeleteDialog } from './DeleteDialog';
import { KindFilter, useKindParam } from './KindFilter';
import { DASHBOARD_KINDS } from './kinds';
import { editorPath, filterResources, validationSummary } from './resource-list';
import { useIstioResources } from './use-istio-resources';
import './istio-resources.css';

export default function IstioResourcesPage() {
  const [namespaces] = useNamespaceParam();
  const [kinds] = useKindParam();
  const { rows: data, error, errors, loading, refetch } = useIstioResources(15_000);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<IstioResourceRow | null>(null);

  const rows = data ?? [];
  const allKinds = [...new Set([...DASHBOARD_KINDS.map((k) => k.kind), ...rows.map((r) => r.kind)])].sort();
  const shown = filterResources(rows, namespaces, kinds);

  const columns: Column<IstioResourceRow>[] = [
    { key: 'name', header: 'Name', sort: (r) => r.name, render: (r) => <Link to={editorPath(r)}>{r.name}</Link> },
    { key: 'namespace', header: 'Namespace', sort: (r) => r.namespace ?? '', render: (r) => r.namespace ?? '–' },
    { key: 'cluster', header: 'Cluster', sort: (r) => r.cluster, render: (r) => r.cluster },
    { key: 'kind', header: 'Type', sort: (r) => r.kind, render: (r) => r.kind },
    {
      key: 'validation', header: 'Validation', sort: (r) => -r.issues.filter((i) => i.severity === 'error').length,
      render: (r) => {
        const s = validationSummary(r.issues);
        return <span className={`badge ${s.tone}`} title={s.detail} data-validation={s.tone}>{s.text}</span>;
      },
    },
    {
      key: 'actions', header: '', width: '120px', align: 'right',
      render: (r) => (
        <span className="row-actions">
          <Link className="btn icon" to={editorPath(r)} aria-label={`Edit ${r.kind} ${r.namespace}/${r.name}`} title="Edit">✎ Edit</Link>
          <button type="button" className="btn icon" onClick={() => setDeleting(r)} aria-label={`Delete ${r.kind} ${r.namespace}/${r.name}`} title="Delete">Delete</button>
        </span>
      ),
    },
  ];

  return (
    <Page
      title="Istio resources"
      actions={<>
        <NamespaceFilter />
        <KindFilter kinds={allKinds} />
        <button type="button" className="btn primary" onClick={() => setCreating(true)}>Create new</button>
      </>}
    >
      <PartialErrors errors={errors} />
      {error && !data ? <ErrorState error={error} /> : !data && loading ? <Loading what="Loading Istio resources" /> : (
        <div className="card">
          <DataTable
            rows={shown}
            columns={columns}
            rowKey={(r) => `${r.cluster}/${r.kind}/${r.namespace}/${r.name}`}
            label="Istio resources"
            empty={rows.length === 0
              ? <Empty title="No Istio resources yet">Create one with <strong>Create new</strong>: pick a kind and start from a template.</Empty>
              : <Empty title="Nothing matches these filters">{shown.length} of {rows.length} resources match; widen the namespace or type selection.</Empty>}
          />
          <div className="muted" style={{ marginTop: 8, fontSize: 12 }} data-testid="resource-count">{shown.length} of {rows.length} resources</div>
        </div>
      )}
      {creating && <CreateNewDialog onClose={() => setCreating(false)} />}
      {deleting && <DeleteDialog resource={deleting} onClose={() => setDeleting(null)} onDeleted={() => { setDeleting(null); refetch(); }} />}
    </Page>
  );
}
