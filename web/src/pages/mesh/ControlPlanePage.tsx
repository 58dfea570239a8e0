// A control plane: cluster, Istio version, root namespace, trust domains, automatic mTLS,
// outbound traffic policy, proxy count and its CONFIG (YAML); tabs PODS (istiod), PROXIES (with
// xDS sync state), VALIDATIONS (issues of the namespaces it serves) and METRICS (sidecar
// resources). Tab and the open CONFIG are in the URL.
import { useQuery } from '../../api/use-query';
import { useSearchParam } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { formatBytes } from '../../components/format';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { ObjectYamlModal } from '../../components/validation/ObjectYamlModal';
import { ValidationIssues } from '../../components/validation/ValidationIssues';
import { CONTROL_PLANE, CONTROL_PLANE_METRICS, CONTROL_PLANE_PROXIES, type ControlPlaneDetails, type Proxy, type ProxyResources } from './api';
import { configObject, latest, proxiesOf, proxyVersions } from './mesh-numbers';
import { ProxiesTable } from './ProxiesTable';
import './mesh.css';

const TABS = ['pods', 'proxies', 'validations', 'metrics'] as const;
const LABELS = { pods: 'Pods', proxies: 'Proxies', validations: 'Validations', metrics: 'Metrics' };

export default function ControlPlanePage({ params }: { params: Record<string, string> }) {
  const vars = { cluster: params.cluster ?? null, namespace: params.namespace ?? '', name: params.name ?? '' };
  const { data, errors, error, loading } = useQuery<{ controlPlane: ControlPlaneDetails | null }>(CONTROL_PLANE, vars, { pollMs: 15_000 });
  const cp = data?.controlPlane;
  const crumbs = [{ label: 'Mesh', to: '/mesh' }, { label: 'Control planes' }];
  if (error && !data) return <Page title={vars.name} crumbs={crumbs}><ErrorState error={error} /></Page>;
  if (loading && !data) return <Page title={vars.name} crumbs={crumbs}><Loading what="Reading the control plane" /></Page>;
  if (!cp) return <Page title={vars.name} crumbs={crumbs}><Empty title="No such control plane">There is no control plane {vars.namespace}/{vars.name} in cluster {vars.cluster}.</Empty></Page>;
  return <Page title={`Control plane ${cp.name}`} crumbs={crumbs}><PartialErrors errors={errors} /><Details cp={cp} /></Page>;
}

function Details({ cp }: { cp: ControlPlaneDetails }) {
  const [tab, setTab] = useTab(TABS);
  const [config, setConfig] = useSearchParam('config');
  const s = cp.meshSettings;
  return (
    <>
      <div className="card cp-fields">
        <dl className="fields" data-testid="control-plane-fields">
          <dt>Cluster name</dt><dd>{cp.cluster}</dd>
          <dt>Version</dt><dd data-field="version">{cp.version ?? '–'}</dd>
          <dt>Root namespace</dt><dd data-field="root-namespace">{s.rootNamespace}</dd>
          <dt>Trust domain</dt><dd data-field="trust-domain">{s.trustDomains.join(', ')}</dd>
          <dt>Automatic mTLS</dt><dd data-field="auto-mtls">{s.autoMtls ? 'on' : 'off'}</dd>
          <dt>Outbound traffic policy</dt><dd data-field="outbound-policy">{s.outboundTrafficPolicy}</dd>
          <dt>Proxies</dt><dd data-field="proxies">{cp.proxies}</dd>
          <dt>Revision</dt><dd className="mono">{cp.revision}</dd>
          <dt>Status</dt><dd>{cp.status ?? '–'}</dd>
          <dt>Config</dt>
          <dd><button type="button" className="btn" onClick={() => setConfig('1', { replace: false })}>Show YAML</button> <span className="muted">{cp.source === 'IstioControlPlane' ? 'IstioControlPlane' : 'istiod Deployment'}; mesh settings from {s.source === 'ConfigMap' ? 'the mesh ConfigMap' : s.source === 'IstioControlPlane' ? 'its meshConfig' : "Istio's defaults"}</span></dd>
        </dl>
      </div>
      {config && <ObjectYamlModal object={configObject(cp)} title={`CONFIG of ${cp.name}`} onClose={() => setConfig(null, { replace: false })} />}
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ ...LABELS, validations: `Validations${cp.validationCounts ? ` (${cp.validationCounts.total})` : ''}` }} />
      <div role="tabpanel" aria-label={LABELS[tab as keyof typeof LABELS]}>
        {tab === 'pods' && <PodsTab cp={cp} />}
        {tab === 'proxies' && <ProxiesTab cp={cp} />}
        {tab === 'validations' && <ValidationIssues filter={{ controlPlane: cp.revision }} label={`Validation issues of ${cp.name}`} />}
        {tab === 'metrics' && <MetricsTab cp={cp} />}
      </div>
    </>
  );
}

function PodsTab({ cp }: { cp: ControlPlaneDetails }) {
  return (
    <DataTable
      label="Control plane pods"
      rows={cp.istiodPods}
      rowKey={(p) => p.name}
      empty={<Empty title="No istiod pods">No istiod pod of this revision runs.</Empty>}
      columns={[
        { key: 'name', header: 'Pod', sort: (p) => p.name, render: (p) => p.name },
        { key: 'status', header: 'Status', render: (p) => <span className={`badge ${p.ready ? 'ok' : 'bad'}`}>{p.ready ? 'ready' : 'not ready'}</span> },
        { key: 'version', header: 'Version', render: (p) => p.version ?? '–' },
      ]}
    />
  );
}

function ProxiesTab({ cp }: { cp: ControlPlaneDetails }) {
  const { data, error, loading } = useQuery<{ proxies: Proxy[] }>(CONTROL_PLANE_PROXIES, { cluster: cp.cluster }, { pollMs: 15_000 });
  if (error && !data) return <ErrorState error={error} />;
  if (loading && !data) return <Loading what="Reading proxies" />;
  return <ProxiesTable proxies={proxiesOf(cp, data?.proxies ?? [])} label={`Proxies of ${cp.name}`} />;
}

function MetricsTab({ cp }: { cp: ControlPlaneDetails }) {
  const { data, errors, error, loading } = useQuery<{ controlPlane: { proxyResources: ProxyResources | null } | null }>(CONTROL_PLANE_METRICS, { cluster: cp.cluster, namespace: cp.namespace, name: cp.name }, { pollMs: 30_000 });
  const proxies = useQuery<{ proxies: Proxy[] }>(CONTROL_PLANE_PROXIES, { cluster: cp.cluster });
  if (error && !data) return <ErrorState error={error} />;
  if (loading && !data) return <Loading what="Reading metrics" />;
  const r = data?.controlPlane?.proxyResources;
  const mine = proxiesOf(cp, proxies.data?.proxies ?? []);
  return (
    <>
      <PartialErrors errors={errors} />
      <div className="grid-2">
        <div className="card">
          <h2>Sidecar CPU</h2>
          {r ? <TimeSeriesChart title={`Cores, all sidecars of ${cp.name} (now ${(latest(r.cpuCores) ?? 0).toFixed(3)})`} lines={[{ label: 'cpu', series: r.cpuCores }]} /> : <p className="muted">The metrics source has no sidecar CPU.</p>}
        </div>
        <div className="card">
          <h2>Sidecar memory</h2>
          {r ? <TimeSeriesChart title={`MiB, all sidecars of ${cp.name} (now ${formatBytes(latest(r.memoryBytes))})`} lines={[{ label: 'memory', series: { ...r.memoryBytes, values: r.memoryBytes.values?.map((v) => (v === null ? null : v / 1048576)) ?? null } }]} /> : <p className="muted">The metrics source has no sidecar memory.</p>}
        </div>
      </div>
      <div className="card">
        <h2>Proxy versions</h2>
        <table className="data" aria-label="Proxy versions">
          <thead><tr><th>Version</th><th style={{ textAlign: 'right' }}>Proxies</th></tr></thead>
          <tbody>{proxyVersions(mine).map((v) => <tr key={v.version}><td>{v.version}{cp.version && !v.version.startsWith(cp.version) && v.version !== 'unknown' ? <span className="muted"> (control plane injects {cp.version})</span> : null}</td><td style={{ textAlign: 'right' }}>{v.count}</td></tr>)}</tbody>
        </table>
        <p className="muted">istiod's own CPU and memory are not collected by smm's metrics source yet.</p>
      </div>
    </>
  );
}
