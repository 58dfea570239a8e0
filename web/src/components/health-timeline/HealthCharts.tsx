// The HEALTH charts of a workload or service: success rate, latency and saturation (sidecar CPU
// and memory), the three signals of the health score, over a range.
import { useQuery } from '../../api/use-query';
import { Loading, ErrorState, PartialErrors } from '../states';
import { TimeSeriesChart, type MetricSeries } from '../TimeSeriesChart';
import { percent, successRate } from './series';

export interface HealthEntity {
  kind: 'workload' | 'service';
  cluster?: string | null;
  namespace: string;
  name: string;
}

interface Signals {
  metrics: { errorRate: MetricSeries; p50: MetricSeries; p95: MetricSeries; p99: MetricSeries; requestsPerSecond: MetricSeries } | null;
  proxyResources: { cpuCores: MetricSeries; memoryBytes: MetricSeries } | null;
}

// One query for both kinds (`@include`/`@skip`), the series fields spelled once in a fragment.
const HEALTH_SIGNALS = /* GraphQL */ `query HealthSignals($workload: Boolean!, $namespace: String!, $name: String!, $cluster: String, $from: String, $to: String, $step: Int) {
  workload(namespace: $namespace, name: $name, cluster: $cluster) @include(if: $workload) {
    metrics(from: $from, to: $to, stepSeconds: $step) { ...SignalSeries }
    proxyResources(from: $from, to: $to, stepSeconds: $step) { cpuCores { ...Points } memoryBytes { ...Points } }
  }
  service(namespace: $namespace, name: $name, cluster: $cluster) @skip(if: $workload) {
    metrics(from: $from, to: $to, stepSeconds: $step) { ...SignalSeries }
    proxyResources(from: $from, to: $to, stepSeconds: $step) { cpuCores { ...Points } memoryBytes { ...Points } }
  }
}
fragment SignalSeries on EntityMetrics { requestsPerSecond { ...Points } errorRate { ...Points } p50 { ...Points } p95 { ...Points } p99 { ...Points } }
fragment Points on MetricSeries { start stepSeconds values }`;

export function HealthCharts({ entity, from, to, stepSeconds, pollMs }: { entity: HealthEntity; from?: string; to?: string; stepSeconds?: number; pollMs?: number }) {
  const { data, errors, error, loading } = useQuery<{ workload?: Signals | null; service?: Signals | null }>(HEALTH_SIGNALS,
    { workload: entity.kind === 'workload', namespace: entity.namespace, name: entity.name, cluster: entity.cluster ?? null, from: from ?? null, to: to ?? null, step: stepSeconds ?? null }, { pollMs });
  if (error) return <ErrorState error={error} title="Could not load the health signals" />;
  if (!data) return loading ? <Loading what="Loading health signals" /> : null;
  const signals = data.workload ?? data.service;
  const m = signals?.metrics;
  const r = signals?.proxyResources;
  return (
    <>
      <PartialErrors errors={errors} />
      <div className="charts">
        <TimeSeriesChart title="Success rate (%)" unit="%" lines={[{ label: 'success rate', series: percent(successRate(m?.errorRate)) }]} />
        <TimeSeriesChart title="Latency (ms)" unit="ms" lines={[{ label: 'p50', series: m?.p50 }, { label: 'p95', series: m?.p95 }, { label: 'p99', series: m?.p99 }]} />
        <TimeSeriesChart title="Saturation: sidecar CPU (cores)" lines={[{ label: 'CPU', series: r?.cpuCores }]} />
        <TimeSeriesChart title="Saturation: sidecar memory (MiB)" unit="MiB" lines={[{ label: 'memory', series: r ? { ...r.memoryBytes, values: r.memoryBytes.values?.map((v) => (v === null ? null : v / 1048576)) ?? null } : null }]} />
      </div>
    </>
  );
}
