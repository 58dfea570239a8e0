// WORKLOADS: summary tiles, then every workload grouped by namespace with its health timeline
// (click a cell for the health charts of that period), a namespace filter and a point in time.
import { useQuery } from '../../api/use-query';
import { Link } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { HealthBadge } from '../../components/Health';
import { HealthDetails } from '../../components/health-timeline/HealthDetails';
import { HealthLegend, HealthStrip } from '../../components/health-timeline/HealthStrip';
import { TimeSelector, useTimeRange } from '../../components/health-timeline/TimeSelector';
import { latestState, type HealthTimeline } from '../../components/health-timeline/types';
import { findCell, useHealthCell } from '../../components/health-timeline/useHealthCell';
import { NamespaceFilter, useNamespaceParam } from '../../components/NamespaceFilter';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tiles } from '../../components/Tiles';
import { workloadPath } from './parts/chain';
import { KindIcon } from './parts/Fields';
import { inNamespaces, workloadTiles } from './parts/summary';
import { useTrafficTiles } from './parts/traffic-tiles';

export interface WorkloadRow {
  cluster: string;
  namespace: string;
  name: string;
  kind: string;
  app: string | null;
  version: string | null;
  replicas: number;
  replicaStatus: { ready: number };
  sidecars: string;
  pods: { phase: string }[];
  healthTimeline: HealthTimeline | null;
}

const WORKLOADS = /* GraphQL */ `query WorkloadsList($from: String, $to: String) {
  workloads {
    cluster namespace name kind app version replicas replicaStatus { ready } sidecars pods { phase }
    healthTimeline(from: $from, to: $to) { from to stepSeconds cells { from to state score reasons drivenBy } }
  }
}`;

const SIDECARS: Record<string, string> = { all: 'in mesh', some: 'partly', none: 'no sidecar', unknown: 'no pods' };

export default function WorkloadsPage() {
  const [namespaces] = useNamespaceParam();
  const range = useTimeRange();
  const [cell, setCell] = useHealthCell();
  const list = useQuery<{ workloads: WorkloadRow[] }>(WORKLOADS, { from: range.from ?? null, to: range.to ?? null }, { pollMs: range.live ? 30_000 : undefined });
  const traffic = useTrafficTiles(namespaces, range);

  const rows = inNamespaces(list.data?.workloads ?? [], namespaces);
  const counts = workloadTiles(rows);
  const open = cell ? rows.find((w) => w.namespace === cell.namespace && w.name === cell.name) : undefined;

  return (
    <Page title="Workloads" actions={<><NamespaceFilter /><TimeSelector /></>}>
      <Tiles tiles={[
        ...traffic.tiles,
        { label: 'Clusters', value: list.data ? counts.clusters : '–' },
        { label: 'Workloads in mesh', value: list.data ? counts.inMesh : '–', of: list.data ? counts.total : undefined },
        { label: 'Pods running', value: list.data ? counts.podsRunning : '–', of: list.data ? counts.podsDesired : undefined, title: 'running / desired' },
      ]} />
      <PartialErrors errors={[...list.errors, ...traffic.errors]} />
      {list.error ? <ErrorState error={list.error} /> : !list.data ? <Loading what="Loading workloads" /> : (
        <div className="card">
          <div className="list-toolbar"><HealthLegend /><span className="spacer" /><span className="muted">{rows.length} workloads</span></div>
          <DataTable label="Workloads" rows={rows} rowKey={(w) => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`} groupBy={(w) => w.namespace}
            empty={<Empty title="No workloads">{namespaces.length ? 'None in the selected namespaces.' : 'The mesh has no workloads yet.'}</Empty>}
            columns={[
              { key: 'name', header: 'Name', sort: (w) => w.name, render: (w) => <><KindIcon kind={w.kind} /><Link to={workloadPath(w.namespace, w.name, w.cluster)}>{w.name}</Link></> },
              { key: 'health', header: 'Health (30 min)', sort: (w) => ['failing', 'degraded', 'healthy', 'unknown'].indexOf(latestState(w.healthTimeline)), render: (w) => (
                <HealthStrip timeline={w.healthTimeline} label={`health of ${w.name}`} selected={cell?.namespace === w.namespace && cell.name === w.name ? cell.from : null}
                  onSelect={(c) => setCell({ namespace: w.namespace, name: w.name, from: c.from })} />
              ) },
              { key: 'now', header: 'Now', render: (w) => <HealthBadge health={latestState(w.healthTimeline)} /> },
              { key: 'kind', header: 'Kind', sort: (w) => w.kind, render: (w) => w.kind },
              { key: 'version', header: 'Version', sort: (w) => w.version ?? '', render: (w) => w.version ?? <span className="muted">–</span> },
              { key: 'pods', header: 'Pods', align: 'right', sort: (w) => w.replicaStatus.ready, render: (w) => `${w.replicaStatus.ready}/${w.replicas}` },
              { key: 'mesh', header: 'Sidecars', sort: (w) => w.sidecars, render: (w) => <span className={`badge ${w.sidecars === 'all' ? 'ok' : w.sidecars === 'unknown' ? '' : 'warn'}`}>{SIDECARS[w.sidecars] ?? w.sidecars}</span> },
              // One cluster (the usual case) needs no column for it.
              ...(counts.clusters > 1 ? [{ key: 'cluster', header: 'Cluster', sort: (w: WorkloadRow) => w.cluster, render: (w: WorkloadRow) => w.cluster }] : []),
            ]} />
        </div>
      )}
      {cell && list.data && (
        <HealthDetails entity={{ kind: 'workload', namespace: cell.namespace, name: cell.name, cluster: open?.cluster }}
          cell={findCell(open?.healthTimeline, cell.from)} onClose={() => setCell(null)} />
      )}
    </Page>
  );
}
