// The METRICS charts of a workload or service: requests, errors, latency and bytes over a range.
import { useQuery } from '../../../api/use-query';
import { ErrorState, Loading, PartialErrors } from '../../../components/states';
import { TimeSeriesChart, type MetricSeries } from '../../../components/TimeSeriesChart';
import { percent } from '../../../components/health-timeline/series';

interface EntityMetrics {
  requestsPerSecond: MetricSeries; errorRate: MetricSeries; p50: MetricSeries; p95: MetricSeries; p99: MetricSeries;
  requestBytesPerSecond: MetricSeries; responseBytesPerSecond: MetricSeries; tcpSentBytesPerSecond: MetricSeries; tcpReceivedBytesPerSecond: MetricSeries;
}

const WORKLOAD_METRICS = /* GraphQL */ `query WorkloadTraffic($namespace: String!, $name: String!, $cluster: String, $from: String, $to: String) {
  entity: workload(namespace: $namespace, name: $name, cluster: $cluster) {
    inbound: metrics(direction: INBOUND, from: $from, to: $to) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
      requestBytesPerSecond { start stepSeconds values } responseBytesPerSecond { start stepSeconds values }
      tcpSentBytesPerSecond { start stepSeconds values } tcpReceivedBytesPerSecond { start stepSeconds values }
    }
    outbound: metrics(direction: OUTBOUND, from: $from, to: $to) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
      requestBytesPerSecond { start stepSeconds values } responseBytesPerSecond { start stepSeconds values }
      tcpSentBytesPerSecond { start stepSeconds values } tcpReceivedBytesPerSecond { start stepSeconds values }
    }
  }
}`;

const SERVICE_METRICS = /* GraphQL */ `query ServiceTraffic($namespace: String!, $name: String!, $cluster: String, $from: String, $to: String) {
  entity: service(namespace: $namespace, name: $name, cluster: $cluster) {
    inbound: metrics(direction: INBOUND, from: $from, to: $to) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
      requestBytesPerSecond { start stepSeconds values } responseBytesPerSecond { start stepSeconds values }
      tcpSentBytesPerSecond { start stepSeconds values } tcpReceivedBytesPerSecond { start stepSeconds values }
    }
    outbound: metrics(direction: OUTBOUND, from: $from, to: $to) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
      requestBytesPerSecond { start stepSeconds values } responseBytesPerSecond { start stepSeconds values }
      tcpSentBytesPerSecond { start stepSeconds values } tcpReceivedBytesPerSecond { start stepSeconds values }
    }
  }
}`;

const mib = (s: MetricSeries | undefined): MetricSeries | null => (s ? { ...s, values: s.values?.map((v) => (v === null ? null : v / 1024)) ?? null } : null);

export function TrafficCharts({ kind, cluster, namespace, name, from, to }: { kind: 'workload' | 'service'; cluster?: string | null; namespace: string; name: string; from?: string; to?: string }) {
  const { data, errors, error, loading } = useQuery<{ entity: { inbound: EntityMetrics | null; outbound: EntityMetrics | null } | null }>(
    kind === 'workload' ? WORKLOAD_METRICS : SERVICE_METRICS, { namespace, name, cluster: cluster ?? null, from: from ?? null, to: to ?? null }, { pollMs: from ? undefined : 30_000 });
  if (error) return <ErrorState error={error} title="Could not load the metrics" />;
  if (!data) return loading ? <Loading what="Loading metrics" /> : null;
  const i = data.entity?.inbound;
  const o = data.entity?.outbound;
  return (
    <>
      <PartialErrors errors={errors} />
      <div className="charts-grid" data-testid="traffic-charts">
        <TimeSeriesChart title="Requests per second" lines={[{ label: 'inbound', series: i?.requestsPerSecond }, { label: 'outbound', series: o?.requestsPerSecond }]} />
        <TimeSeriesChart title="Error rate, 5xx (%)" unit="%" lines={[{ label: 'inbound', series: percent(i?.errorRate) }, { label: 'outbound', series: percent(o?.errorRate) }]} />
        <TimeSeriesChart title="Inbound latency (ms)" unit="ms" lines={[{ label: 'p50', series: i?.p50 }, { label: 'p95', series: i?.p95 }, { label: 'p99', series: i?.p99 }]} />
        <TimeSeriesChart title="Throughput (KiB/s)" lines={[
          { label: 'request in', series: mib(i?.requestBytesPerSecond) }, { label: 'response out', series: mib(i?.responseBytesPerSecond) },
          { label: 'TCP sent', series: mib(i?.tcpSentBytesPerSecond) }, { label: 'TCP received', series: mib(i?.tcpReceivedBytesPerSecond) },
        ]} />
      </div>
    </>
  );
}
