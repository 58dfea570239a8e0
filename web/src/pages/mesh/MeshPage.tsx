// MESH: the mesh in numbers (control planes, clusters, sidecar memory and CPU, proxies not
// running), its clusters and control planes (version, revision, validation errors), proxy
// versions and resource charts, and every proxy.
import { useQuery } from '../../api/use-query';
import { Link } from '../../app/router';
import { DataTable, type Column } from '../../components/DataTable';
import { formatBytes } from '../../components/format';
import { Page } from '../../components/Page';
import { ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tiles } from '../../components/Tiles';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { MESH, type Cluster, type ControlPlane, type MeshAnswer } from './api';
import { controlPlanePath, latest, notRunning, proxyVersions } from './mesh-numbers';
import { ProxiesTable } from './ProxiesTable';
import './mesh.css';

const clusterColumns: Column<Cluster>[] = [
  { key: 'name', header: 'Cluster', sort: (c) => c.name, render: (c) => c.name },
  { key: 'namespaces', header: 'Namespaces', align: 'right', sort: (c) => c.namespaces, render: (c) => c.namespaces },
  { key: 'nodes', header: 'Nodes', align: 'right', sort: (c) => c.nodes, render: (c) => c.nodes },
  { key: 'cps', header: 'Control planes', render: (c) => c.controlPlanes.join(', ') || '–' },
];

const cpColumns: Column<ControlPlane>[] = [
  { key: 'name', header: 'Name', sort: (c) => c.name, render: (c) => <Link to={controlPlanePath(c)}>{c.name}</Link> },
  { key: 'cluster', header: 'Cluster', render: (c) => c.cluster },
  { key: 'version', header: 'Version', sort: (c) => c.version ?? '', render: (c) => c.version ?? '–' },
  { key: 'revision', header: 'Revision', render: (c) => <span className="mono">{c.revision}</span> },
  { key: 'status', header: 'Status', render: (c) => <span className={`badge ${c.status === 'Available' ? 'ok' : c.status ? 'warn' : ''}`}>{c.status ?? (c.istiodPods.every((p) => p.ready) ? 'running' : 'not ready')}</span> },
  { key: 'istiod', header: 'Istiod pods', align: 'right', render: (c) => `${c.istiodPods.filter((p) => p.ready).length}/${c.istiodPods.length}` },
  { key: 'proxies', header: 'Proxies', align: 'right', sort: (c) => c.proxies, render: (c) => <Link to={controlPlanePath(c, 'proxies')}>{c.proxies}</Link> },
  {
    key: 'validation', header: 'Validation errors', align: 'right', sort: (c) => c.validationCounts?.error ?? -1,
    render: (c) => c.validationCounts === null ? '–' : <Link to={controlPlanePath(c, 'validations')} className={c.validationCounts.error > 0 ? 'bad-text' : undefined} title={`${c.validationCounts.error} errors, ${c.validationCounts.warning} warnings, ${c.validationCounts.info} info`}>{c.validationCounts.error}{c.validationCounts.total > c.validationCounts.error ? <span className="muted"> (+{c.validationCounts.total - c.validationCounts.error} other)</span> : null}</Link>,
  },
];

export default function MeshPage() {
  const { data, errors, error, loading } = useQuery<MeshAnswer>(MESH, {}, { pollMs: 15_000 });
  return (
    <Page title="Mesh">
      {error && !data ? <ErrorState error={error} /> : loading && !data ? <Loading what="Reading the mesh" /> : data && <MeshView mesh={data} errors={errors} />}
    </Page>
  );
}

function MeshView({ mesh, errors }: { mesh: MeshAnswer; errors: Parameters<typeof PartialErrors>[0]['errors'] }) {
  const resources = mesh.meshProxyResources;
  const down = notRunning(mesh.proxies);
  return (
    <>
      <PartialErrors errors={errors} />
      <h2>The mesh in numbers</h2>
      <Tiles tiles={[
        { label: 'Control planes', value: String(mesh.controlPlanes.length) },
        { label: 'Clusters', value: String(mesh.clusters.length) },
        { label: 'Istio proxies memory usage', value: formatBytes(latest(resources?.memoryBytes)), title: 'Working set of every istio-proxy sidecar, summed' },
        { label: 'Istio proxies CPU usage', value: resources ? `${(latest(resources.cpuCores) ?? 0).toFixed(3)} cores` : '–', title: 'CPU of every istio-proxy sidecar, summed' },
        { label: 'Istio proxies not running', value: String(down.length), of: String(mesh.proxies.length), title: down.map((p) => `${p.namespace}/${p.pod}`).join(', ') || 'All proxies run' },
      ]} />
      <div className="card">
        <h2>Clusters</h2>
        <DataTable label="Clusters" rows={mesh.clusters} columns={clusterColumns} rowKey={(c) => c.name} />
      </div>
      <div className="card">
        <h2>Control planes</h2>
        <DataTable label="Control planes" rows={mesh.controlPlanes} columns={cpColumns} rowKey={(c) => `${c.cluster}/${c.namespace}/${c.name}`} />
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Istio proxies: resources</h2>
          {resources ? (
            <>
              <TimeSeriesChart title="CPU of all sidecars (cores)" lines={[{ label: 'cpu', series: resources.cpuCores }]} height={130} />
              <TimeSeriesChart title="Memory of all sidecars (MiB)" lines={[{ label: 'memory', series: { ...resources.memoryBytes, values: resources.memoryBytes.values?.map((v) => (v === null ? null : v / 1048576)) ?? null } }]} height={130} />
            </>
          ) : <p className="muted">The metrics source has no sidecar CPU or memory.</p>}
        </div>
        <div className="card">
          <h2>Istio proxies: versions</h2>
          <table className="data" aria-label="Proxy versions">
            <thead><tr><th>Version</th><th style={{ textAlign: 'right' }}>Proxies</th></tr></thead>
            <tbody>{proxyVersions(mesh.proxies).map((v) => <tr key={v.version}><td>{v.version}</td><td style={{ textAlign: 'right' }}>{v.count}</td></tr>)}</tbody>
          </table>
        </div>
      </div>
      <div className="card">
        <h2>Istio proxies</h2>
        <ProxiesTable proxies={mesh.proxies} />
      </div>
    </>
  );
}
