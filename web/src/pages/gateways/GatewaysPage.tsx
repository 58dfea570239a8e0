// GATEWAYS: the mesh's ingress and egress gateways with their open ports, hosts, routes and
// upstream traffic of the last minute; CREATE NEW starts an IstioMeshGateway from the Ingress
// or Egress template in the YAML editor; Edit and Delete act on the IstioMeshGateway.
import { useState } from 'react';
import { useQuery } from '../../api/use-query';
import { Link, navigate, pathTo } from '../../app/router';
import { DataTable, type Column } from '../../components/DataTable';
import { formatPercent, formatRps } from '../../components/format';
import { Modal } from '../../components/Modal';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { newResourcePath } from '../istio-resources/editor-url';
import { DeleteDialog, type DeleteTarget } from '../istio-resources/DeleteDialog';
import { editorPath } from '../istio-resources/resource-list';
import { GATEWAYS_QUERY, type GatewayRow, type GatewaysAnswer } from './api';
import { openPorts, statusTone } from './gateway-format';
import './gateways.css';

const BACK = '/gateways';

export default function GatewaysPage() {
  const { data, error, errors, loading, refetch } = useQuery<GatewaysAnswer>(GATEWAYS_QUERY, {}, { pollMs: 10_000 });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const rows = data?.gateways ?? [];

  const columns: Column<GatewayRow>[] = [
    { key: 'name', header: 'Name', sort: (g) => g.name, render: (g) => <Link to={pathTo('gateways', g.namespace, g.name)}>{g.name}</Link> },
    { key: 'namespace', header: 'Namespace', sort: (g) => g.namespace, render: (g) => g.namespace },
    { key: 'cluster', header: 'Cluster', sort: (g) => g.cluster, render: (g) => g.cluster },
    { key: 'type', header: 'Type', sort: (g) => g.type, render: (g) => <span className="badge">{g.type}</span> },
    { key: 'ports', header: 'Open ports', render: (g) => <span className="mono">{openPorts(g.ports)}</span> },
    { key: 'hosts', header: 'Hosts', align: 'right', sort: (g) => g.hosts.length, render: (g) => <span title={g.hosts.join('\n') || 'no hosts'}>{g.hosts.length}</span> },
    { key: 'routes', header: 'Routes', align: 'right', sort: (g) => g.routeCount, render: (g) => g.routeCount },
    { key: 'errors', header: 'Error rate', align: 'right', sort: (g) => g.errorRate, render: (g) => <span title="5xx of upstream requests, last minute">{formatPercent(g.errorRate)}</span> },
    { key: 'rps', header: 'Requests/s', align: 'right', sort: (g) => g.requestsPerSecond, render: (g) => <span title="Upstream requests per second, last minute">{formatRps(g.requestsPerSecond)}</span> },
    { key: 'status', header: 'Status', sort: (g) => g.status, render: (g) => <span className={`badge ${statusTone(g.status)}`} title={g.error ?? undefined}>{g.status}</span> },
    {
      key: 'actions', header: '', align: 'right', width: '130px',
      render: (g) => g.source === 'IstioMeshGateway' ? (
        <span className="row-actions">
          <Link className="btn icon" to={`${editorPath({ kind: 'IstioMeshGateway', namespace: g.namespace, name: g.name })}?back=${encodeURIComponent(BACK)}`} aria-label={`Edit gateway ${g.namespace}/${g.name}`}>✎ Edit</Link>
          <button type="button" className="btn icon" onClick={() => setDeleting({ cluster: g.cluster, kind: 'IstioMeshGateway', namespace: g.namespace, name: g.name })} aria-label={`Delete gateway ${g.namespace}/${g.name}`}>Delete</button>
        </span>
      ) : <span className="muted" title="Not managed by an IstioMeshGateway: change its deployment directly">external</span>,
    },
  ];

  return (
    <Page title="Gateways" actions={<button type="button" className="btn primary" onClick={() => setCreating(true)}>Create new</button>}>
      <PartialErrors errors={errors} />
      {error && !data ? <ErrorState error={error} /> : !data && loading ? <Loading what="Loading gateways" /> : (
        <div className="card">
          <DataTable
            rows={rows}
            columns={columns}
            rowKey={(g) => `${g.cluster}/${g.namespace}/${g.name}`}
            label="Gateways"
            empty={<Empty title="No gateways">The mesh has no ingress or egress gateway yet. <strong>Create new</strong> starts one from the Ingress or Egress template.</Empty>}
          />
        </div>
      )}
      {creating && (
        <Modal title="Create a mesh gateway" onClose={() => setCreating(false)} actions={<button type="button" className="btn" onClick={() => setCreating(false)}>Cancel</button>}>
          <p className="muted" style={{ marginTop: 0 }}>An IstioMeshGateway: smm runs the Envoy deployment and its Service for you.</p>
          <div className="kind-picker">
            <button type="button" className="kind-option" onClick={() => navigate(newResourcePath('IstioMeshGateway', { template: 'istiomeshgateway/ingress', back: BACK }))}>
              <strong>Ingress</strong><span className="muted">Traffic entering the mesh (LoadBalancer service)</span>
            </button>
            <button type="button" className="kind-option" onClick={() => navigate(newResourcePath('IstioMeshGateway', { template: 'istiomeshgateway/egress', back: BACK }))}>
              <strong>Egress</strong><span className="muted">Traffic leaving the mesh through dedicated proxies</span>
            </button>
          </div>
        </Modal>
      )}
      {deleting && <DeleteDialog resource={deleting} onClose={() => setDeleting(null)} onDeleted={() => { setDeleting(null); refetch(); }} />}
    </Page>
  );
}
