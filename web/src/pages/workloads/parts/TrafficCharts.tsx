// The METRICS charts of a workload or service: requests, errors, latency and bytes over a range.
import { useQuery } from '../../../api/use-query';
import { ErrorState, Loading, PartialErrors } from '../../../components/states';
import { TimeSeriesChart, type MetricSeries } from '../../../components/TimeSeriesChart';
import { percent } from '../../../components/health-timeline/series';

interface EntityMetrics {
  requestsPerSecond: MetricSeries; errorRate: MetricSeries; p50: MetricSeries; p95: MetricSeries; p99: MetricSeries;
  requestBytesPerSecond: MetricSeries; responseBytesPerSecond: MetricSeries; tcpSentBytesPerSecond: MetricSeries; tcpReceivedBytesPerSecond: MetricSeries;
}

// One query for both kinds (`@include`/`@skip`), the series fields spelled once in fragments.
const ENTITY_TRAFFIC = /* GraphQL */ `query EntityTraffic($workload: Boolean!, $namespace: String!, $name: String!, $cluster: String, $from: String, $to: String) {
  workload(namespace: $namespace, name: $name, cluster: $cluster) @include(if: $workload) {
    inbound: metrics(direction: INBOUND, from: $from, to: $to) { ...TrafficSeries }
    outbound: metrics(direction: OUTBOUND, from: $from, to: $to) { ...TrafficSeries }
  }
  service(namespace: $namespace, name: $name, cluster: $cluster) @skip(if: $workload) {
    inbound: metrics(direction: INBOUND, from: $from, to: $to) { ...TrafficSeries }
    outbound: metrics(direction: OUTBOUND, from: $from, to: $to) { ...TrafficSeries }
  }
}
fragment TrafficSeries on EntityMetrics {
  requestsPerSecond { ...Points } errorRate { ...Points } p50 { ...Points } p95 { ...Points } p99 { ...Points }
  requestBytesPerSecond { ...Points } responseBytesPerSecond { ...Points } tcpSentBytesPerSecond { ...Points } tcpReceivedBytesPerSecond { ...Points }
}
fragment Points on MetricSeries { start stepSeconds values }`;

interface Directions { inbound: EntityMetrics | null; outbound: EntityMetrics | null }

const kib = (s: MetricSeries | undefined): MetricSeries | null => (s ? { ...s, values: s.values?.map((v) => (v === null ? null : v / 1024)) ?? null } : null);

export function TrafficCharts({ kind, cluster, namespace, name, from, to }: { kind: 'workload' | 'service'; cluster?: string | null; namespace: string; name: string; from?: string; to?: string }) {
  const { data, errors, error, loading } = useQuery<{ workload?: Directions | null; service?: Directions | null }>(
    ENTITY_TRAFFIC, { workload: kind === 'workload', namespace, name, cluster: cluster ?? null, from: from ?? null, to: to ?? null }, { pollMs: from ? undefined : 30_000 });
  if (error) return <ErrorState error={error} title="Could not load the metrics" />;
  if (!data) return loading ? <Loading what="Loading metrics" /> : null;
  const entity = data.workload ?? data.service;
  const i = entity?.inbound;
  const o = entity?.outbound;
  return (
    <>
      <PartialErrors errors={errors} />
      <div className="charts-grid" data-testid="traffic-charts">
        <TimeSeriesChart title="Requests per second" lines={[{ label: 'inbound', series: i?.requestsPerSecond }, { label: 'outbound', series: o?.requestsPerSecond }]} />
        <TimeSeriesChart title="Error rate, 5xx (%)" unit="%" lines={[{ label: 'inbound', series: percent(i?.errorRate) }, { label: 'outbound', series: percent(o?.errorRate) }]} />
        <TimeSeriesChart title="Inbound latency (ms)" unit="ms" lines={[{ label: 'p50', series: i?.p50 }, { label: 'p95', series: i?.p95 }, { label: 'p99', series: i?.p99 }]} />
        <TimeSeriesChart title="Throughput (KiB/s)" lines={[
          { label: 'request in', series: kib(i?.requestBytesPerSecond) }, { label: 'response out', series: kib(i?.responseBytesPerSecond) },
          { label: 'TCP sent', series: kib(i?.tcpSentBytesPerSecond) }, { label: 'TCP received', series: kib(i?.tcpReceivedBytesPerSecond) },
        ]} />
      </div>
    </>
  );
}
