// A node, the deepest level: CLUSTER, OS, STARTED, TAINTS, LABELS, Conditions, Pods on node,
// Events, capacity (notes §1.6). Reached from a pod, its breadcrumbs lead back up that chain.
import { useQuery } from '../../api/use-query';
import { useSearchParam } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { EventsTable } from '../../components/events/EventsTable';
import { formatAge, formatTime } from '../../components/format';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { chainCrumbs } from './parts/chain';
import { conditionOk, osLine } from './parts/node';
import { Fields, Labels } from './parts/Fields';
import { PodsTable, type PodRow } from './parts/PodsTable';

interface NodeDetail {
  cluster: string; name: string; ready: boolean; internalIP: string | null; zone: string | null; kubeletVersion: string | null;
  labels: Record<string, string>; capacity: Record<string, string>; createdAt: string | null;
  system: { os: string | null; architecture: string | null; osImage: string | null; kernelVersion: string | null; containerRuntime: string | null };
  taints: { key: string; value: string | null; effect: string }[];
  conditions: { type: string; status: string; reason: string | null; message: string | null; lastTransition: string | null }[];
  podList: (PodRow & { workload: { name: string } })[];
}

const NODE = /* GraphQL */ `query NodeDetail($cluster: String, $name: String!) {
  node(cluster: $cluster, name: $name) {
    cluster name ready internalIP zone kubeletVersion labels capacity createdAt
    system { os architecture osImage kernelVersion containerRuntime }
    taints { key value effect }
    conditions { type status reason message lastTransition }
    podList { cluster namespace name phase ready node ip sidecar containers { name ready restarts } workload { name } }
  }
}`;

const TABS = ['overview', 'events'] as const;


export default function NodePage({ params }: { params: Record<string, string> }) {
  const { name = '' } = params;
  const [cluster] = useSearchParam('cluster');
  const [from] = useSearchParam('pod');
  const [tab, setTab] = useTab(TABS);
  const { data, error, loading } = useQuery<{ node: NodeDetail | null }>(NODE, { cluster, name }, { pollMs: 30_000 });
  const n = data?.node;
  const [fromNs, fromPod] = from?.split('/') ?? [];
  const fromRow = fromNs && fromPod ? n?.podList.find((p) => p.namespace === fromNs && p.name === fromPod) : undefined;
  const crumbs = fromNs && fromPod
    ? chainCrumbs({ namespace: fromNs, cluster: n?.cluster ?? cluster, workload: fromRow?.workload.name, pod: fromPod })
    : [{ label: 'Workloads', to: '/workloads' }];
  const title = `Node ${name}`;

  if (error) return <Page title={title} crumbs={crumbs}><ErrorState error={error} /></Page>;
  if (!data) return <Page title={title} crumbs={crumbs}>{loading && <Loading what="Loading node" />}</Page>;
  if (!n) return <Page title={title} crumbs={crumbs}><Empty title="No such node">{name} is not (any more) a node of {cluster ?? 'the mesh'}.</Empty></Page>;

  return (
    <Page title={title} crumbs={crumbs}>
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ overview: 'Overview', events: 'Events' }} />
      {tab === 'overview' && (
        <>
          <div className="detail-grid">
            <div className="card">
              <Fields fields={[
                ['Cluster', n.cluster],
                ['OS', osLine(n.system)],
                ['Started', n.createdAt ? <span title={formatTime(n.createdAt)}>{formatTime(n.createdAt)} ({formatAge(n.createdAt)} ago)</span> : null],
                ['Status', <span className={`badge ${n.ready ? 'ok' : 'bad'}`}>{n.ready ? 'Ready' : 'Not ready'}</span>],
                ['Taints', n.taints.length ? <span className="labels" data-testid="taints">{n.taints.map((t) => <span key={`${t.key}:${t.effect}`} className="label-chip">{t.key}{t.value ? `=${t.value}` : ''}:{t.effect}</span>)}</span> : <span data-testid="taints">none</span>],
                ['Internal IP', n.internalIP ? <span className="mono">{n.internalIP}</span> : null],
                ['Zone', n.zone],
                ['Kubelet', n.kubeletVersion],
                ['Kernel', n.system.kernelVersion],
                ['Runtime', n.system.containerRuntime],
                ['Labels', <Labels labels={n.labels} />],
              ]} />
            </div>
            <div className="card">
              <h2>Conditions</h2>
              <DataTable label="Conditions" rows={n.conditions} rowKey={(c) => c.type} empty={<Empty title="No conditions reported" />}
                columns={[
                  { key: 'type', header: 'Type', render: (c) => c.type },
                  { key: 'status', header: 'Status', render: (c) => <span className={`badge ${conditionOk(c) ? 'ok' : 'bad'}`}>{c.status}</span> },
                  { key: 'reason', header: 'Reason', render: (c) => <span title={c.message ?? undefined}>{c.reason ?? '–'}</span> },
                  { key: 'since', header: 'Since', render: (c) => (c.lastTransition ? `${formatAge(c.lastTransition)} ago` : '–') },
                ]} />
              <h2 style={{ marginTop: 14 }}>Capacity</h2>
              <Fields fields={Object.entries(n.capacity).map(([k, v]) => [k, v])} />
            </div>
          </div>
          <div className="card">
            <h2>Pods on node ({n.podList.length})</h2>
            <PodsTable pods={n.podList} showWorkload showNode={false} />
          </div>
        </>
      )}
      {tab === 'events' && <div className="card"><EventsTable cluster={n.cluster} kind="Node" name={n.name} /></div>}
    </Page>
  );
}
