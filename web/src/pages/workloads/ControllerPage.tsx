// A workload controller (Deployment, ReplicaSet, StatefulSet, …; WorkloadGroup for VMs):
// Namespace, CLUSTER, Kind, APP, VERSION, REPLICAS, CREATED, LABELS, Pods or WorkloadEntries,
// Events, and the CPU/memory of its sidecars (notes §1.6).
import { useQuery } from '../../api/use-query';
import { Link, useSearchParam } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { EventsTable } from '../../components/events/EventsTable';
import { formatAge, formatTime } from '../../components/format';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { TimeSeriesChart, type MetricSeries } from '../../components/TimeSeriesChart';
import { chainCrumbs, workloadPath } from './parts/chain';
import { Fields, KindIcon, Labels } from './parts/Fields';
import { PodsTable, type PodRow } from './parts/PodsTable';

interface ControllerDetail {
  cluster: string; namespace: string; kind: string; name: string;
  labels: Record<string, string>; createdAt: string | null; app: string | null; version: string | null;
  replicas: { desired: number; current: number; ready: number; available: number } | null;
  workloads: { cluster: string; name: string; kind: string; proxyResources: { cpuCores: MetricSeries; memoryBytes: MetricSeries } | null }[];
  pods: (PodRow & { source: string; labels: Record<string, string> })[];
}

const CONTROLLER = /* GraphQL */ `query ControllerDetail($cluster: String, $namespace: String!, $kind: String!, $name: String!) {
  controller(cluster: $cluster, namespace: $namespace, kind: $kind, name: $name) {
    cluster namespace kind name labels createdAt app version replicas { desired current ready available }
    workloads { cluster name kind proxyResources { cpuCores { start stepSeconds values } memoryBytes { start stepSeconds values } } }
    pods { cluster namespace name source phase ready node ip sidecar labels containers { name ready restarts } }
  }
}`;

const TABS = ['overview', 'metrics', 'events'] as const;

export default function ControllerPage({ params }: { params: Record<string, string> }) {
  const { namespace = '', kind = '', name = '' } = params;
  const [cluster] = useSearchParam('cluster');
  const [tab, setTab] = useTab(TABS);
  const { data, errors, error, loading } = useQuery<{ controller: ControllerDetail | null }>(CONTROLLER, { cluster, namespace, kind, name }, { pollMs: 15_000 });
  const c = data?.controller;
  const workload = c?.workloads[0];
  const crumbs = chainCrumbs({ namespace, cluster: c?.cluster ?? cluster, workload: workload?.name });
  const title = `${kind} ${name}`;

  if (error) return <Page title={title} crumbs={crumbs}><ErrorState error={error} /></Page>;
  if (!data) return <Page title={title} crumbs={crumbs}>{loading && <Loading what="Loading controller" />}</Page>;
  if (!c) return <Page title={title} crumbs={crumbs}><Empty title="No such controller">No workload in {namespace} is controlled by {kind} {name}.</Empty></Page>;

  const vm = c.kind === 'WorkloadGroup';
  const resources = workload?.proxyResources;
  return (
    <Page title={<><KindIcon kind={c.kind} />{title}</>} crumbs={crumbs}>
      <PartialErrors errors={errors} />
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ overview: 'Overview', metrics: 'Metrics', events: 'Events' }} />
      {tab === 'overview' && (
        <>
          <div className="card">
            <Fields fields={[
              ['Namespace', c.namespace],
              ['Cluster', c.cluster],
              ['Kind', c.kind],
              ['App', c.app],
              ['Version', c.version],
              ['Replicas', c.replicas ? `${c.replicas.ready} ready / ${c.replicas.desired} desired (${c.replicas.available} available)` : null],
              ['Created', c.createdAt ? <span title={formatTime(c.createdAt)}>{formatAge(c.createdAt)} ago</span> : null],
              ['Labels', <Labels labels={c.labels} />],
              ['Workload', <span>{c.workloads.map((w) => <Link key={w.name} to={workloadPath(c.namespace, w.name, w.cluster)} data-testid="workload-link">{w.name}</Link>)}</span>],
            ]} />
          </div>
          <div className="card">
            <h2>{vm ? 'WorkloadEntries' : 'Pods'}</h2>
            {vm
              ? <DataTable label="WorkloadEntries" rows={c.pods} rowKey={(p) => p.name} empty={<Empty title="No WorkloadEntries" />}
                columns={[
                  { key: 'name', header: 'Name', render: (p) => p.name },
                  { key: 'address', header: 'Address', render: (p) => <span className="mono">{p.ip ?? '–'}</span> },
                  { key: 'status', header: 'Status', render: (p) => <span className={`badge ${p.ready ? 'ok' : 'warn'}`}>{p.ready ? 'ready' : 'not ready'}</span> },
                  { key: 'labels', header: 'Labels', render: (p) => <Labels labels={p.labels} /> },
                ]} />
              : <PodsTable pods={c.pods} />}
          </div>
        </>
      )}
      {tab === 'metrics' && (
        <div className="card charts-grid">
          <TimeSeriesChart title={`Sidecar CPU (cores), workload ${workload?.name ?? ''}`} lines={[{ label: 'CPU', series: resources?.cpuCores }]} />
          <TimeSeriesChart title={`Sidecar memory (MiB), workload ${workload?.name ?? ''}`} unit="MiB"
            lines={[{ label: 'memory', series: resources ? { ...resources.memoryBytes, values: resources.memoryBytes.values?.map((v) => (v === null ? null : v / 1048576)) ?? null } : null }]} />
        </div>
      )}
      {tab === 'events' && <div className="card"><EventsTable cluster={c.cluster} namespace={c.namespace} kind={c.kind} name={c.name} /></div>}
    </Page>
  );
}
