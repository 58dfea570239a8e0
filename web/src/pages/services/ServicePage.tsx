// A service: the mesh service (Namespace, APP, PORTS, HEALTH, SLOs, member services across
// clusters) and the per-cluster Service details (SELECTOR, TYPE, CLUSTER IP, CREATED, LABELS,
// pods, events, metrics) — notes §1.6 and §1.10. `?cluster=` picks the member service.
import { useQuery } from '../../api/use-query';
import { Link, useSearchParam } from '../../app/router';
import { EventsTable } from '../../components/events/EventsTable';
import { formatAge, formatTime } from '../../components/format';
import { HealthBadge } from '../../components/Health';
import { HealthCharts } from '../../components/health-timeline/HealthCharts';
import { HealthDetails } from '../../components/health-timeline/HealthDetails';
import { HealthLegend, HealthStrip } from '../../components/health-timeline/HealthStrip';
import { TimeSelector, useTimeRange } from '../../components/health-timeline/TimeSelector';
import { latestState, type HealthTimeline } from '../../components/health-timeline/types';
import { findCell, useHealthCell } from '../../components/health-timeline/useHealthCell';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { servicePath, workloadPath } from '../workloads/parts/chain';
import { Fields, Labels } from '../workloads/parts/Fields';
import { PodsTable, type PodRow } from '../workloads/parts/PodsTable';
import { TrafficCharts } from '../workloads/parts/TrafficCharts';
import { formatPort, type PortView } from './parts/ports';

interface ServiceDetail {
  cluster: string; namespace: string; name: string; type: string; clusterIP: string | null; createdAt: string | null;
  labels: Record<string, string>; selector: Record<string, string> | null; ports: PortView[];
  workloads: { cluster: string; namespace: string; kind: string; name: string }[];
  pods: (PodRow & { workload: { name: string } })[];
  healthTimeline: HealthTimeline | null;
}

const SERVICE = /* GraphQL */ `query ServiceDetail($namespace: String!, $name: String!, $cluster: String, $from: String, $to: String) {
  service(namespace: $namespace, name: $name, cluster: $cluster) {
    cluster namespace name type clusterIP createdAt labels selector ports { name port targetPort protocol }
    workloads { cluster namespace kind name }
    pods { cluster namespace name phase ready node ip sidecar containers { name ready restarts } workload { name } }
    healthTimeline(from: $from, to: $to) { from to stepSeconds cells { from to state score reasons drivenBy } }
  }
  members: services(namespace: $namespace) { cluster name type clusterIP }
}`;

const TABS = ['overview', 'health', 'metrics', 'events'] as const;

export default function ServicePage({ params }: { params: Record<string, string> }) {
  const { namespace = '', name = '' } = params;
  const [cluster] = useSearchParam('cluster');
  const range = useTimeRange();
  const [tab, setTab] = useTab(TABS);
  const [cell, setCell] = useHealthCell();
  const { data, errors, error, loading } = useQuery<{ service: ServiceDetail | null; members: { cluster: string; name: string; type: string; clusterIP: string | null }[] }>(SERVICE,
    { namespace, name, cluster, from: range.from ?? null, to: range.to ?? null }, { pollMs: range.live ? 15_000 : undefined });
  const s = data?.service;
  const crumbs = [{ label: 'Services', to: `/services?ns=${encodeURIComponent(namespace)}` }];
  const title = `Service ${name}`;

  if (error) return <Page title={title} crumbs={crumbs}><ErrorState error={error} /></Page>;
  if (!data) return <Page title={title} crumbs={crumbs}>{loading && <Loading what="Loading service" />}</Page>;
  if (!s) return <Page title={title} crumbs={crumbs}><Empty title="No such service">{namespace}/{name} does not exist{cluster ? ` in ${cluster}` : ''}. <Link to="/services">All services</Link></Empty></Page>;

  const members = data.members.filter((m) => m.name === s.name);
  const app = s.labels.app ?? s.selector?.app ?? s.name;
  const strip = (large?: boolean) => (
    <HealthStrip timeline={s.healthTimeline} large={large} label={`health of ${s.name}`} selected={cell?.name === s.name ? cell.from : null}
      onSelect={(c) => setCell({ namespace: s.namespace, name: s.name, from: c.from })} />
  );

  return (
    <Page title={title} crumbs={crumbs} actions={<TimeSelector />}>
      <PartialErrors errors={errors} />
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ overview: 'Overview', health: 'Health', metrics: 'Metrics', events: 'Events' }} />
      {tab === 'overview' && (
        <>
          <div className="detail-grid">
            <div className="card" data-testid="mesh-service">
              <h2>Mesh service</h2>
              <Fields fields={[
                ['Namespace', s.namespace],
                ['App', app],
                ['Ports', <span className="mono ports" data-testid="ports">{s.ports.map((p) => <span key={`${p.name}:${p.port}`}>{formatPort(p)}</span>)}</span>],
                ['Health', <>{strip()} <HealthBadge health={latestState(s.healthTimeline)} /></>],
                ['Service level objectives', <span className="muted">none defined</span>],
                ['Services', <span>{members.map((m, i) => (
                  <span key={m.cluster}>{i > 0 && ', '}<Link to={servicePath(s.namespace, s.name, m.cluster)} aria-current={m.cluster === s.cluster ? 'true' : undefined}>{m.name} ({m.cluster})</Link></span>
                ))}</span>],
              ]} />
            </div>
            <div className="card" data-testid="service-details">
              <h2>Service {s.name} in {s.cluster}</h2>
              <Fields fields={[
                ['Namespace', s.namespace],
                ['Cluster', s.cluster],
                ['Selector', s.selector ? <Labels labels={s.selector} /> : <span className="muted">none (endpoints managed by hand)</span>],
                ['Ports', <span className="mono ports">{s.ports.map((p) => <span key={`${p.name}:${p.port}`}>{formatPort(p)}</span>)}</span>],
                ['Type', s.type],
                ['Cluster IP', s.clusterIP ? <span className="mono">{s.clusterIP}</span> : null],
                ['Created', s.createdAt ? <span title={formatTime(s.createdAt)}>{formatTime(s.createdAt)} ({formatAge(s.createdAt)} ago)</span> : null],
                ['Labels', <Labels labels={s.labels} />],
                ['Workloads', s.workloads.length ? <span>{s.workloads.map((w, i) => <span key={w.name}>{i > 0 && ', '}<Link to={workloadPath(w.namespace, w.name, w.cluster)}>{w.name}</Link></span>)}</span> : null],
              ]} />
            </div>
          </div>
          <div className="card">
            <h2>Pods</h2>
            <PodsTable pods={s.pods} showWorkload />
          </div>
        </>
      )}
      {tab === 'health' && (
        <div className="card health-tab">
          <div className="list-toolbar">{strip(true)}<HealthLegend /></div>
          <p className="muted">A service's health is that of the traffic to all its workloads together. Click a cell for its period.</p>
          <HealthCharts entity={{ kind: 'service', namespace: s.namespace, name: s.name, cluster: s.cluster }} from={range.from} to={range.to} pollMs={range.live ? 30_000 : undefined} />
        </div>
      )}
      {tab === 'metrics' && <div className="card"><TrafficCharts kind="service" cluster={s.cluster} namespace={s.namespace} name={s.name} from={range.from} to={range.to} /></div>}
      {tab === 'events' && <div className="card"><EventsTable cluster={s.cluster} namespace={s.namespace} kind="Service" name={s.name} /></div>}
      {cell && cell.name === s.name && (
        <HealthDetails entity={{ kind: 'service', namespace: s.namespace, name: s.name, cluster: s.cluster }} cell={findCell(s.healthTimeline, cell.from)} onClose={() => setCell(null)} />
      )}
    </Page>
  );
}
