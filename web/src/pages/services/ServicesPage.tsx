// SERVICES: summary tiles, then every service grouped by namespace with its health timeline
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
import { servicePath } from '../workloads/parts/chain';
import { inNamespaces, serviceTiles } from '../workloads/parts/summary';
import { useTrafficTiles } from '../workloads/parts/traffic-tiles';
import { formatPort, type PortView } from './parts/ports';
import '../workloads/parts/details.css';

interface ServiceRow {
  cluster: string;
  namespace: string;
  name: string;
  type: string;
  ports: PortView[];
  workloads: { cluster: string; namespace: string; name: string }[];
  healthTimeline: HealthTimeline | null;
}

const SERVICES = /* GraphQL */ `query ServicesList($from: String, $to: String) {
  services {
    cluster namespace name type ports { name port targetPort protocol } workloads { cluster namespace name }
    healthTimeline(from: $from, to: $to) { from to stepSeconds cells { from to state score reasons drivenBy } }
  }
  workloads { cluster namespace name sidecars }
}`;

export default function ServicesPage() {
  const [namespaces] = useNamespaceParam();
  const range = useTimeRange();
  const [cell, setCell] = useHealthCell();
  const list = useQuery<{ services: ServiceRow[]; workloads: { cluster: string; namespace: string; name: string; sidecars: string }[] }>(SERVICES,
    { from: range.from ?? null, to: range.to ?? null }, { pollMs: range.live ? 30_000 : undefined });
  const traffic = useTrafficTiles(namespaces, range);

  const rows = inNamespaces(list.data?.services ?? [], namespaces);
  const counts = serviceTiles(rows, list.data?.workloads ?? []);
  const open = cell ? rows.find((s) => s.namespace === cell.namespace && s.name === cell.name) : undefined;

  return (
    <Page title="Services" actions={<><NamespaceFilter /><TimeSelector /></>}>
      <Tiles tiles={[
        ...traffic.tiles,
        { label: 'Clusters', value: list.data ? counts.clusters : '–' },
        { label: 'Services in mesh', value: list.data ? counts.inMesh : '–', of: list.data ? counts.total : undefined, title: 'in mesh: every workload behind the service has a sidecar' },
      ]} />
      <PartialErrors errors={[...list.errors, ...traffic.errors]} />
      {list.error ? <ErrorState error={list.error} /> : !list.data ? <Loading what="Loading services" /> : (
        <div className="card">
          <div className="list-toolbar"><HealthLegend /><span className="spacer" /><span className="muted">{rows.length} services</span></div>
          <DataTable label="Services" rows={rows} rowKey={(s) => `${s.cluster}/${s.namespace}/${s.name}`} groupBy={(s) => s.namespace}
            empty={<Empty title="No services">{namespaces.length ? 'None in the selected namespaces.' : 'The mesh has no services yet.'}</Empty>}
            columns={[
              { key: 'name', header: 'Name', sort: (s) => s.name, render: (s) => <Link to={servicePath(s.namespace, s.name, s.cluster)}>{s.name}</Link> },
              { key: 'health', header: 'Health (30 min)', sort: (s) => ['failing', 'degraded', 'healthy', 'unknown'].indexOf(latestState(s.healthTimeline)), render: (s) => (
                <HealthStrip timeline={s.healthTimeline} label={`health of ${s.name}`} selected={cell?.namespace === s.namespace && cell.name === s.name ? cell.from : null}
                  onSelect={(c) => setCell({ namespace: s.namespace, name: s.name, from: c.from })} />
              ) },
              { key: 'now', header: 'Now', render: (s) => <HealthBadge health={latestState(s.healthTimeline)} /> },
              { key: 'type', header: 'Type', sort: (s) => s.type, render: (s) => s.type },
              { key: 'ports', header: 'Ports', render: (s) => (s.ports.length ? <span className="mono ports">{s.ports.map((p) => <span key={`${p.name}:${p.port}`}>{formatPort(p)}</span>)}</span> : '–') },
              { key: 'workloads', header: 'Workloads', align: 'right', sort: (s) => s.workloads.length, render: (s) => s.workloads.length },
              // One cluster (the usual case) needs no column for it.
              ...(counts.clusters > 1 ? [{ key: 'cluster', header: 'Cluster', sort: (s: ServiceRow) => s.cluster, render: (s: ServiceRow) => s.cluster }] : []),
            ]} />
        </div>
      )}
      {cell && list.data && (
        <HealthDetails entity={{ kind: 'service', namespace: cell.namespace, name: cell.name, cluster: open?.cluster }}
          cell={findCell(open?.healthTimeline, cell.from)} onClose={() => setCell(null)} />
      )}
    </Page>
  );
}
