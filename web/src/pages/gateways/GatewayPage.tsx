// One gateway: OVERVIEW (address, service type, Ports & Hosts, metrics), VIRTUAL SERVICES
// (the routes bound to it), SERVICE and DEPLOYMENT (with events). The tab is in the URL.
import { useQuery } from '../../api/use-query';
import { Link, pathTo } from '../../app/router';
import { DataTable, type Column } from '../../components/DataTable';
import { formatPercent, formatRps } from '../../components/format';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { newResourcePath } from '../istio-resources/editor-url';
import { editorPath } from '../istio-resources/resource-list';
import { GATEWAY_QUERY, type GatewayAnswer, type GatewayDetail, type GatewayRouteInfo, type GatewayServerInfo } from './api';
import { formatDestination, formatPort, formatTls, gatewaySelector, statusTone } from './gateway-format';
import { DeploymentTab, ServiceTab } from './GatewayWorkloadTabs';
import { GatewayMetrics } from './GatewayMetrics';
import { ShowYaml } from './ShowYaml';
import './gateways.css';

const TABS = ['overview', 'virtual-services', 'service', 'deployment'] as const;
const LABELS: Record<string, string> = { overview: 'Overview', 'virtual-services': 'Virtual services', service: 'Service', deployment: 'Deployment' };

export default function GatewayPage({ params }: { params: Record<string, string> }) {
  const namespace = params.namespace!;
  const name = params.name!;
  const [tab, setTab] = useTab(TABS);
  const { data, error, errors, loading } = useQuery<GatewayAnswer>(GATEWAY_QUERY, { namespace, name }, { pollMs: 15_000 });
  const gw = data?.gateway;
  const here = `${pathTo('gateways', namespace, name)}${tab === 'overview' ? '' : `?tab=${tab}`}`;

  return (
    <Page
      title={`Gateway ${name}`}
      crumbs={[{ label: 'Gateways', to: '/gateways' }, { label: namespace }]}
      actions={gw?.meshGatewayYaml ? <>
        <ShowYaml title={`IstioMeshGateway ${namespace}/${name}`} yaml={gw.meshGatewayYaml} label="Show MeshGateway YAML" />
        <Link className="btn" to={`${editorPath({ kind: 'IstioMeshGateway', namespace, name })}?back=${encodeURIComponent(here)}`}>✎ Edit</Link>
      </> : undefined}
    >
      <PartialErrors errors={errors} />
      {error && !data ? <ErrorState error={error} /> : !data && loading ? <Loading what="Loading the gateway" /> : !gw ? (
        <Empty title={`No gateway ${namespace}/${name}`}>It may have been deleted. <Link to="/gateways">Back to the gateways</Link>.</Empty>
      ) : (
        <>
          <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={LABELS} />
          {tab === 'overview' && <Overview gw={gw} back={here} />}
          {tab === 'virtual-services' && <VirtualServices gw={gw} back={here} />}
          {tab === 'service' && <ServiceTab gw={gw} />}
          {tab === 'deployment' && <DeploymentTab gw={gw} />}
        </>
      )}
    </Page>
  );
}

function Overview({ gw, back }: { gw: GatewayDetail; back: string }) {
  const selector = gatewaySelector(gw);
  const serverColumns: Column<GatewayServerInfo>[] = [
    { key: 'gw', header: 'Gateway name', sort: (s) => s.gatewayName, render: (s) => <>{s.gatewayName} <ShowYaml title={`Gateway ${s.gatewayNamespace}/${s.gatewayName}`} yaml={s.gatewayYaml} label="YAML" link /></> },
    { key: 'ns', header: 'Gateway namespace', render: (s) => s.gatewayNamespace },
    { key: 'port', header: 'Port', align: 'right', sort: (s) => s.port, render: (s) => <span title={s.portName ?? undefined}>{s.port}</span> },
    { key: 'protocol', header: 'Protocol', render: (s) => s.protocol },
    { key: 'hosts', header: 'Hosts', render: (s) => s.hosts.map((h) => <span className="chip" key={h}>{h}</span>) },
    { key: 'tls', header: 'TLS', render: (s) => formatTls(s) },
  ];
  return (
    <>
      <div className="gw-summary">
        <div className="card">
          <h3>Gateway</h3>
          <dl className="fields">
            <dt>Type</dt><dd>{gw.type}</dd>
            <dt>Status</dt><dd><span className={`badge ${statusTone(gw.status)}`}>{gw.status}</span>{gw.error && <div className="muted">{gw.error}</div>}</dd>
            <dt>Address</dt><dd data-testid="gateway-address">{gw.addresses.length ? gw.addresses.join(', ') : <span className="muted">none yet</span>}</dd>
            <dt>Service type</dt><dd>{gw.serviceType ?? '–'}</dd>
            <dt>Cluster</dt><dd>{gw.cluster}</dd>
            <dt>Control plane</dt><dd>{gw.controlPlane ?? '–'}</dd>
            <dt>Managed by</dt><dd>{gw.source === 'IstioMeshGateway' ? 'IstioMeshGateway (smm)' : 'its own deployment'}</dd>
          </dl>
        </div>
        <div className="card">
          <h3>Traffic (last minute)</h3>
          <dl className="fields">
            <dt>Requests/s</dt><dd>{formatRps(gw.requestsPerSecond)}</dd>
            <dt>Error rate</dt><dd>{formatPercent(gw.errorRate)}</dd>
            <dt>Open ports</dt><dd>{gw.ports.map((p) => <div key={p.port} className="mono">{formatPort(p)}</div>)}</dd>
            <dt>Routes</dt><dd>{gw.routeCount} virtual service{gw.routeCount === 1 ? '' : 's'}</dd>
          </dl>
        </div>
      </div>
      <div className="card">
        <div className="section-head">
          <h2>Ports &amp; Hosts</h2><span className="muted" style={{ fontSize: 12 }}>From the Istio Gateways selecting this gateway; DNS records are yours to create.</span><span className="spacer" />
          <Link className="btn primary" to={newResourcePath('Gateway', { template: 'gateway/http', ...(selector ? { params: { selector } } : {}), back })}>Create new</Link>
        </div>
        <DataTable rows={gw.servers} columns={serverColumns} rowKey={(s) => `${s.gatewayNamespace}/${s.gatewayName}/${s.port}/${s.hosts.join(',')}`} label="Ports and hosts"
          empty={<Empty title="No entry points">No Istio Gateway selects this gateway yet: create a Gateway with its labels in the selector.</Empty>} />
      </div>
      <GatewayMetrics namespace={gw.namespace} name={gw.name} />
    </>
  );
}

function VirtualServices({ gw, back }: { gw: GatewayDetail; back: string }) {
  const columns: Column<GatewayRouteInfo>[] = [
    {
      key: 'vs', header: 'Virtual service', sort: (r) => r.virtualServiceName,
      render: (r) => <>
        <Link to={`${editorPath({ kind: 'VirtualService', namespace: r.virtualServiceNamespace, name: r.virtualServiceName })}?back=${encodeURIComponent(back)}`}>{r.virtualServiceName}</Link>{' '}
        <ShowYaml title={`VirtualService ${r.virtualServiceNamespace}/${r.virtualServiceName}`} yaml={r.virtualServiceYaml} label="YAML" link />
        <div className="muted" style={{ fontSize: 12 }}>{r.virtualServiceNamespace}</div>
      </>,
    },
    { key: 'gateways', header: 'Gateways', render: (r) => r.gateways.map((g) => <span className="chip" key={g}>{g}</span>) },
    { key: 'hosts', header: 'Hosts', render: (r) => r.hosts.map((h) => <span className="chip" key={h}>{h}</span>) },
    { key: 'match', header: 'Match', render: (r) => r.match.length ? <ul className="match-list">{r.match.map((m, i) => <li key={i}>{m}</li>)}</ul> : <span className="muted">any request</span> },
    { key: 'dest', header: 'Destination', render: (r) => r.destinations.map((d, i) => <div key={i} className="mono">{formatDestination(d)}</div>) },
    { key: 'actions', header: 'Actions', render: (r) => r.actions.length ? r.actions.map((a) => <div key={a}>{a}</div>) : <span className="muted">–</span> },
    { key: 'protocol', header: 'Protocol', sort: (r) => r.protocol, render: (r) => r.protocol },
  ];
  return (
    <div className="card">
      <div className="section-head">
        <h2>Virtual services</h2><span className="spacer" />
        <Link className="btn primary" to={newResourcePath('VirtualService', { back })}>Create new</Link>
      </div>
      <DataTable rows={gw.routes} columns={columns} rowKey={(r) => `${r.virtualServiceNamespace}/${r.virtualServiceName}/${r.protocol}/${r.match.join('|')}/${r.destinations.map(formatDestination).join(',')}`} label="Virtual services"
        empty={<Empty title="No routes">No VirtualService is bound to this gateway's Gateways. <strong>Create new</strong> starts one from a template; set <code>gateways</code> to one of them.</Empty>} />
    </div>
  );
}
