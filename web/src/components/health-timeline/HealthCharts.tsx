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

const WORKLOAD_SIGNALS = /* GraphQL */ `query WorkloadHealthSignals($namespace: String!, $name: String!, $cluster: String, $from: String, $to: String, $step: Int) {
  entity: workload(namespace: $namespace, name: $name, cluster: $cluster) {
    metrics(from: $from, to: $to, stepSeconds: $step) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
    }
    proxyResources(from: $from, to: $to, stepSeconds: $step) { cpuCores { start stepSeconds values } memoryBytes { start stepSeconds values } }
  }
}`;

const SERVICE_SIGNALS = /* GraphQL */ `query ServiceHealthSignals($namespace: String!, $name: String!, $cluster: String, $from: String, $to: String, $step: Int) {
  entity: service(namespace: $namespace, name: $name, cluster: $cluster) {
    metrics(from: $from, to: $to, stepSeconds: $step) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
    }
    proxyResources(from: $from, to: $to, stepSeconds: $step) { cpuCores { start stepSeconds values } memoryBytes { start stepSeconds values } }
  }
}`;

export function HealthCharts({ entity, from, to, stepSeconds, pollMs }: { entity: HealthEntity; from?: string; to?: string; stepSeconds?: number; pollMs?: number }) {
  const { data, errors, error, loading } = useQuery<{ entity: Signals | null }>(entity.kind === 'workload' ? WORKLOAD_SIGNALS : SERVICE_SIGNALS,
    { namespace: entity.namespace, name: entity.name, cluster: entity.cluster ?? null, from: from ?? null, to: to ?? null, step: stepSeconds ?? null }, { pollMs });
  if (error) return <ErrorState error={error} title="Could not load the health signals" />;
  if (!data) return loading ? <Loading what="Loading health signals" /> : null;
  const m = data.entity?.metrics;
  const r = data.entity?.proxyResources;
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
