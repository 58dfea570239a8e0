// A pod: Namespace, CLUSTER, NODE (link), IP, STARTED, LABELS, Containers (name, image, status),
// Events, Metrics, and "Show pod logs", which streams at the bottom of the screen (notes §1.6, §1.8).
import { useQuery } from '../../api/use-query';
import { Link, useSearchParam } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { EventsTable } from '../../components/events/EventsTable';
import { formatAge, formatTime } from '../../components/format';
import { ALL_CONTAINERS } from '../../components/logs/log-buffer';
import { PodLogsPanel, usePodLogsParam } from '../../components/logs/PodLogsPanel';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { chainCrumbs, controllerOfPod, nodePath } from './parts/chain';
import { Fields, Labels } from './parts/Fields';
import { TrafficCharts } from './parts/TrafficCharts';

interface PodDetail {
  cluster: string; namespace: string; name: string; source: string; phase: string; ready: boolean;
  node: string | null; ip: string | null; hostIP: string | null; startedAt: string | null; createdAt: string | null;
  labels: Record<string, string>; serviceAccount: string | null; revision: string | null;
  containers: { name: string; image: string; ready: boolean; restarts: number; state: string; stateReason: string | null }[];
  proxy: { version: string | null } | null;
  workload: { kind: string; name: string };
}

const POD = /* GraphQL */ `query PodDetail($namespace: String!, $name: String!, $cluster: String) {
  pod(namespace: $namespace, name: $name, cluster: $cluster) {
    cluster namespace name source phase ready node ip hostIP startedAt createdAt labels serviceAccount revision
    containers { name image ready restarts state stateReason }
    proxy { version }
    workload { kind name }
  }
}`;

const CHAIN = /* GraphQL */ `query PodWorkloadChain($namespace: String!, $name: String!, $cluster: String) {
  workload(namespace: $namespace, name: $name, cluster: $cluster) { controllers { kind name } }
}`;

const TABS = ['overview', 'metrics', 'events'] as const;

export default function PodPage({ params }: { params: Record<string, string> }) {
  const { namespace = '', name = '' } = params;
  const [cluster] = useSearchParam('cluster');
  const [tab, setTab] = useTab(TABS);
  const [logs, setLogs] = usePodLogsParam();
  const { data, errors, error, loading } = useQuery<{ pod: PodDetail | null }>(POD, { namespace, name, cluster }, { pollMs: 15_000 });
  const p = data?.pod;
  const chain = useQuery<{ workload: { controllers: { kind: string; name: string }[] } | null }>(CHAIN,
    { namespace, name: p?.workload.name ?? '', cluster: p?.cluster ?? cluster }, { skip: !p || p.workload.kind === 'Pod' });
  const controller = controllerOfPod(chain.data?.workload?.controllers ?? [], name);
  const crumbs = chainCrumbs({ namespace, cluster: p?.cluster ?? cluster, workload: p && p.workload.kind !== 'Pod' ? p.workload.name : undefined, controller });
  const title = `Pod ${name}`;

  if (error) return <Page title={title} crumbs={crumbs}><ErrorState error={error} /></Page>;
  if (!data) return <Page title={title} crumbs={crumbs}>{loading && <Loading what="Loading pod" />}</Page>;
  if (!p) return <Page title={title} crumbs={crumbs}><Empty title="No such pod">{namespace}/{name} is gone; pods are replaced on every rollout. <Link to={`/workloads?ns=${encodeURIComponent(namespace)}`}>Workloads in {namespace}</Link></Empty></Page>;

  const showLogs = (
    <button type="button" className="btn primary" onClick={() => setLogs(logs ? null : ALL_CONTAINERS)} aria-pressed={!!logs} data-testid="show-pod-logs">
      {logs ? 'Hide pod logs' : 'Show pod logs'}
    </button>
  );
  return (
    <Page title={title} crumbs={crumbs} actions={showLogs}>
      <PartialErrors errors={errors} />
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ overview: 'Overview', metrics: 'Metrics', events: 'Events' }} />
      {tab === 'overview' && (
        <>
          <div className="card">
            <Fields fields={[
              ['Namespace', p.namespace],
              ['Cluster', p.cluster],
              ['Node', p.node ? <Link to={nodePath(p.node, p.cluster, { namespace: p.namespace, pod: p.name })} data-testid="node-link">{p.node}</Link> : null],
              ['IP', p.ip ? <span className="mono">{p.ip}</span> : null],
              ['Started', p.startedAt ? <span title={formatTime(p.startedAt)}>{formatTime(p.startedAt)} ({formatAge(p.startedAt)} ago)</span> : null],
              ['Status', <span className={`badge ${p.ready ? 'ok' : 'warn'}`}>{p.phase}{p.ready ? ', ready' : ', not ready'}</span>],
              ['Labels', <Labels labels={p.labels} />],
              ['Service account', p.serviceAccount],
              ['Sidecar', p.proxy ? `istio-proxy ${p.proxy.version ?? ''}${p.revision ? ` (revision ${p.revision})` : ''}` : 'none'],
            ]} />
          </div>
          <div className="card">
            <h2>Containers</h2>
            <DataTable label="Containers" rows={p.containers} rowKey={(c) => c.name} empty={<Empty title="No containers" />}
              columns={[
                { key: 'name', header: 'Name', render: (c) => c.name },
                { key: 'image', header: 'Image', render: (c) => <span className="mono">{c.image}</span> },
                { key: 'status', header: 'Status', render: (c) => <span className={`container-state ${c.state}`}>{c.state}{c.stateReason ? ` (${c.stateReason})` : ''}{c.ready ? ', ready' : ''}</span> },
                { key: 'restarts', header: 'Restarts', align: 'right', render: (c) => c.restarts },
                { key: 'logs', header: '', render: (c) => <button type="button" className="btn icon" onClick={() => setLogs(c.name)} aria-label={`Logs of container ${c.name}`}>logs</button> },
              ]} />
          </div>
        </>
      )}
      {tab === 'metrics' && (
        <div className="card">
          <p className="muted">Traffic of workload {p.workload.name}, all its pods together: the metrics source does not address single pods yet.</p>
          <TrafficCharts kind="workload" cluster={p.cluster} namespace={p.namespace} name={p.workload.name} />
        </div>
      )}
      {tab === 'events' && <div className="card"><EventsTable cluster={p.cluster} namespace={p.namespace} kind="Pod" name={p.name} /></div>}
      {logs && <PodLogsPanel target={{ cluster: p.cluster, namespace: p.namespace, pod: p.name, containers: p.containers.map((c) => c.name) }} />}
    </Page>
  );
}
