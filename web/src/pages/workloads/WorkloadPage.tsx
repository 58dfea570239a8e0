// A workload (mesh layer): NAMESPACE, APP, VERSION, REPLICAS, LABELS, HEALTH, controllers, CLUSTER,
// KIND, pods, events and metrics (notes §1.6, §1.9), with its HEALTH tab.
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
import { chainCrumbs, controllerPath, servicePath } from './parts/chain';
import { Fields, KindIcon, Labels } from './parts/Fields';
import { PodsTable, type PodRow } from './parts/PodsTable';
import { TrafficCharts } from './parts/TrafficCharts';

interface WorkloadDetail {
  cluster: string; namespace: string; name: string; kind: string; app: string | null; version: string | null;
  labels: Record<string, string>; replicas: number; replicaStatus: { desired: number; current: number; ready: number; available: number };
  sidecars: string; serviceAccounts: string[]; services: string[]; createdAt: string | null;
  controllers: { kind: string; name: string }[];
  pods: PodRow[];
  healthTimeline: HealthTimeline | null;
}

const WORKLOAD = /* GraphQL */ `query WorkloadDetail($namespace: String!, $name: String!, $cluster: String, $from: String, $to: String) {
  workload(namespace: $namespace, name: $name, cluster: $cluster) {
    cluster namespace name kind app version labels replicas replicaStatus { desired current ready available }
    sidecars serviceAccounts services createdAt controllers { kind name }
    pods { cluster namespace name phase ready node ip sidecar containers { name ready restarts } }
    healthTimeline(from: $from, to: $to) { from to stepSeconds cells { from to state score reasons drivenBy } }
  }
}`;

const TABS = ['overview', 'health', 'metrics', 'events'] as const;

export default function WorkloadPage({ params }: { params: Record<string, string> }) {
  const { namespace = '', name = '' } = params;
  const [cluster] = useSearchParam('cluster');
  const range = useTimeRange();
  const [tab, setTab] = useTab(TABS);
  const [cell, setCell] = useHealthCell();
  const { data, errors, error, loading } = useQuery<{ workload: WorkloadDetail | null }>(WORKLOAD,
    { namespace, name, cluster, from: range.from ?? null, to: range.to ?? null }, { pollMs: range.live ? 15_000 : undefined });
  const w = data?.workload;
  const crumbs = chainCrumbs({ namespace });

  if (error) return <Page title={`Workload ${name}`} crumbs={crumbs}><ErrorState error={error} /></Page>;
  if (!data) return <Page title={`Workload ${name}`} crumbs={crumbs}>{loading && <Loading what="Loading workload" />}</Page>;
  if (!w) return <Page title={`Workload ${name}`} crumbs={crumbs}><Empty title="No such workload">{namespace}/{name} is not in the mesh (any more). <Link to="/workloads">All workloads</Link></Empty></Page>;

  const strip = (large?: boolean) => (
    <HealthStrip timeline={w.healthTimeline} large={large} label={`health of ${w.name}`} selected={cell?.name === w.name ? cell.from : null}
      onSelect={(c) => setCell({ namespace: w.namespace, name: w.name, from: c.from })} />
  );

  return (
    <Page title={<><KindIcon kind={w.kind} />Workload {w.name}</>} crumbs={crumbs} actions={<TimeSelector />}>
      <PartialErrors errors={errors} />
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ overview: 'Overview', health: 'Health', metrics: 'Metrics', events: 'Events' }} />
      {tab === 'overview' && (
        <>
          <div className="card">
            <Fields fields={[
              ['Namespace', w.namespace],
              ['App', w.app],
              ['Version', w.version],
              ['Replicas', `${w.replicaStatus.ready} ready / ${w.replicas} desired`],
              ['Labels', <Labels labels={w.labels} />],
              ['Health', <>{strip()} <HealthBadge health={latestState(w.healthTimeline)} /></>],
              ['Controller', w.controllers.length ? <span data-testid="controller-links">{w.controllers.map((c, i) => (
                <span key={`${c.kind}/${c.name}`}>{i > 0 && ' → '}<Link to={controllerPath(w.namespace, c.kind, c.name, w.cluster)} data-testid="controller-link">{c.kind} {c.name}</Link></span>
              ))}</span> : null],
              ['Cluster', w.cluster],
              ['Kind', w.kind],
              ['Created', w.createdAt ? <span title={formatTime(w.createdAt)}>{formatAge(w.createdAt)} ago</span> : null],
              ['Services', w.services.length ? <span>{w.services.map((s, i) => <span key={s}>{i > 0 && ', '}<Link to={servicePath(w.namespace, s, w.cluster)}>{s}</Link></span>)}</span> : null],
              ['Service accounts', w.serviceAccounts.join(', ') || null],
            ]} />
          </div>
          <div className="card">
            <h2>Pods</h2>
            <PodsTable pods={w.pods} />
          </div>
        </>
      )}
      {tab === 'health' && (
        <div className="card health-tab">
          <div className="list-toolbar">{strip(true)}<HealthLegend /></div>
          <p className="muted">Click a cell for its period. Health combines success rate, latency against the workload's own baseline, and saturation.</p>
          <HealthCharts entity={{ kind: 'workload', namespace: w.namespace, name: w.name, cluster: w.cluster }} from={range.from} to={range.to} pollMs={range.live ? 30_000 : undefined} />
        </div>
      )}
      {tab === 'metrics' && <div className="card"><TrafficCharts kind="workload" cluster={w.cluster} namespace={w.namespace} name={w.name} from={range.from} to={range.to} /></div>}
      {tab === 'events' && <div className="card"><EventsTable cluster={w.cluster} namespace={w.namespace} kind={w.kind} name={w.name} /></div>}
      {cell && cell.name === w.name && (
        <HealthDetails entity={{ kind: 'workload', namespace: w.namespace, name: w.name, cluster: w.cluster }} cell={findCell(w.healthTimeline, cell.from)} onClose={() => setCell(null)} />
      )}
    </Page>
  );
}
