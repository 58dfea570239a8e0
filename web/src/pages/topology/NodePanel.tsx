// The side panel of the selected node (`?node=`): OVERVIEW (where it lives, golden signals in
// and out, drill-down links) and HEALTH (saturation, latency and success rate over time).
import { useQuery } from '../../api/use-query';
import { Link, pathTo } from '../../app/router';
import { formatBytes, formatMs, formatPercent, formatRps } from '../../components/format';
import { HealthBadge } from '../../components/Health';
import { ErrorState, Loading, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { SERVICE_DETAILS_QUERY, WORKLOAD_DETAILS_QUERY, type ServiceDetails, type TopologyEdge, type TopologyNode, type TrafficSeries, type WorkloadDetails } from './api';
import { inboundSignals, nodeRef, outboundSignals, type Signals } from './graph-model';
import { mapSeries, successPercent } from './series';

const TABS = ['overview', 'health'] as const;
const CHART_MINUTES = 30;

interface Props {
  node: TopologyNode;
  edges: readonly TopologyEdge[];
  /** The timeline's instant (epoch ms); live when undefined. */
  at: number | undefined;
  onClose: () => void;
}

export function NodePanel({ node, edges, at, onClose }: Props) {
  const [tab, setTab] = useTab(TABS, 'tab');
  const ref = nodeRef(node);
  const range = at === undefined ? {} : { from: new Date(at - CHART_MINUTES * 60_000).toISOString(), to: new Date(at).toISOString() };
  const vars = ref ? { cluster: ref.cluster, namespace: ref.namespace, name: ref.name, stepSeconds: 60, ...range } : {};
  const workload = useQuery<{ workload: WorkloadDetails | null }>(WORKLOAD_DETAILS_QUERY, vars, { skip: ref?.type !== 'workload' });
  const service = useQuery<{ service: ServiceDetails | null }>(SERVICE_DETAILS_QUERY, vars, { skip: ref?.type !== 'service' });
  const details = ref?.type === 'workload' ? workload : service;

  return (
    <aside className="topology-panel card" aria-label={`Details of ${node.name}`} data-testid="node-panel" data-node={node.id}>
      <div className="panel-head">
        <div>
          <div className="muted kind">{node.kind}{node.isVM ? ' · VM' : ''}</div>
          <h2>{node.name}</h2>
        </div>
        <span className="spacer" />
        <HealthBadge health={node.health} reason={node.outlier} />
        <button type="button" className="btn icon" onClick={onClose} aria-label="Close the details panel">×</button>
      </div>
      {node.outlier && <div className="notice outlier-reason" role="status">⚠ Outlier: {node.outlier}</div>}
      <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ overview: 'Overview', health: 'Health' }} />
      {details.error && <ErrorState error={details.error} />}
      <PartialErrors errors={details.errors} />
      {tab === 'overview'
        ? <Overview node={node} edges={edges} workload={workload.data?.workload ?? null} service={service.data?.service ?? null} />
        : <Health node={node} workload={workload.data?.workload ?? null} service={service.data?.service ?? null} loading={details.loading && !details.data} />}
    </aside>
  );
}

function SignalFields({ title, s, tcp }: { title: string; s: Signals; tcp: boolean }) {
  return (
    <>
      <h3>{title}</h3>
      <dl className="fields">
        <dt>Requests</dt><dd>{formatRps(s.rps)} rps</dd>
        <dt>Errors</dt><dd>{formatPercent(s.errorRate)}</dd>
        <dt>p95 latency</dt><dd>{formatMs(s.p95)}</dd>
        <dt>{tcp ? 'TCP throughput' : 'Throughput'}</dt><dd>{formatBytes(s.bytesPerSecond, '/s')}</dd>
      </dl>
    </>
  );
}

function Overview({ node, edges, workload, service }: { node: TopologyNode; edges: readonly TopologyEdge[]; workload: WorkloadDetails | null; service: ServiceDetails | null }) {
  const hasTcp = edges.some((e) => (e.source === node.id || e.target === node.id) && e.protocol === 'tcp');
  const grouping = node.kind === 'app' || node.kind === 'namespace' || node.kind === 'cluster';
  return (
    <div className="panel-body">
      <dl className="fields">
        {node.namespace && <><dt>Namespace</dt><dd>{node.namespace}</dd></>}
        <dt>Cluster</dt><dd>{node.cluster}</dd>
        {node.app && <><dt>App</dt><dd>{node.app}</dd></>}
        {node.version && <><dt>Version</dt><dd>{node.version}</dd></>}
        <dt>Kind</dt><dd>{workload?.kind ?? (service ? `Service (${service.type})` : node.kind)}</dd>
        {workload && <><dt>Replicas</dt><dd>{workload.replicaStatus.ready}/{workload.replicas} ready</dd></>}
        {service && service.ports.length > 0 && <><dt>Ports</dt><dd>{service.ports.map((p) => `${p.name ?? p.protocol} ${p.port}`).join(', ')}</dd></>}
      </dl>
      {!grouping && (
        <>
          <SignalFields title="Inbound" s={inboundSignals(node)} tcp={hasTcp} />
          <SignalFields title="Outbound" s={outboundSignals(node.id, edges)} tcp={hasTcp} />
        </>
      )}
      <DrillDown node={node} workload={workload} service={service} />
    </div>
  );
}

function DrillDown({ node, workload, service }: { node: TopologyNode; workload: WorkloadDetails | null; service: ServiceDetails | null }) {
  const ref = nodeRef(node);
  if (!ref) return null;
  return (
    <>
      <h3>Drill down</h3>
      <ul className="drilldown">
        {ref.type === 'workload' && (
          <li><Link to={pathTo('workloads', ref.namespace, ref.name)} data-testid="drilldown-workload">Workload {ref.name}</Link></li>
        )}
        {ref.type === 'service' && (
          <>
            <li><Link to={pathTo('services', ref.namespace, ref.name)} data-testid="drilldown-service">Service {ref.name}</Link></li>
            {service?.workloads.map((w) => (
              <li key={w.name}><Link to={pathTo('workloads', w.namespace, w.name)}>Workload {w.name}</Link></li>
            ))}
          </>
        )}
        {workload?.pods.map((p) => (
          <li key={p.name}>
            <Link to={pathTo('pods', workload.namespace, p.name)} data-testid="drilldown-pod">Pod {p.name}</Link>{' '}
            <span className="muted">{p.phase}{p.ready ? '' : ', not ready'}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Health({ node, workload, service, loading }: { node: TopologyNode; workload: WorkloadDetails | null; service: ServiceDetails | null; loading: boolean }) {
  if (!nodeRef(node)) return <div className="state">Health over time is kept for workloads and services; pick one of them.</div>;
  if (loading) return <Loading what="Loading metrics" />;
  const traffic: TrafficSeries | null = workload?.inbound ?? service?.inbound ?? null;
  if (!traffic && !workload?.proxyResources) return <div className="state">No metrics for this {node.kind} in this range.</div>;
  return (
    <div className="panel-body charts">
      {workload && (
        <>
          <TimeSeriesChart title="Saturation: sidecar CPU (cores)" lines={[{ label: 'CPU', series: workload.proxyResources?.cpuCores }]} height={110} />
          <TimeSeriesChart title="Saturation: sidecar memory (MiB)" lines={[{ label: 'memory', series: mapSeries(workload.proxyResources?.memoryBytes, (v) => v / 1048576) }]} height={110} />
        </>
      )}
      <TimeSeriesChart title="Latency, inbound (ms)" lines={[{ label: 'p50', series: traffic?.p50 }, { label: 'p95', series: traffic?.p95 }, { label: 'p99', series: traffic?.p99 }]} height={130} />
      <TimeSeriesChart title="Success rate, inbound (%)" lines={[{ label: 'success', series: successPercent(traffic?.errorRate) }]} height={110} />
      <TimeSeriesChart title="Requests per second, inbound" lines={[{ label: 'rps', series: traffic?.requestsPerSecond }]} height={110} />
    </div>
  );
}
