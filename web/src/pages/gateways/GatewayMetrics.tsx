// The OVERVIEW tab's METRICS: upstream requests, errors, latency and throughput of the
// gateway's proxy over the last 30 minutes.
import { useQuery } from '../../api/use-query';
import { ErrorState, NoTraffic, PartialErrors } from '../../components/states';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import { GATEWAY_METRICS_QUERY, type GatewayMetricsAnswer } from './api';

export function GatewayMetrics({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, errors } = useQuery<GatewayMetricsAnswer>(GATEWAY_METRICS_QUERY, { namespace, name }, { pollMs: 30_000 });
  const m = data?.gateway?.metrics;
  const ratio = m ? { ...m.errorRate, values: m.errorRate.values?.map((v) => (v === null ? null : v * 100)) ?? null } : null;
  const hasTraffic = !!m?.requestsPerSecond.values?.some((v) => v !== null && v > 0);
  return (
    <div className="card" data-testid="gateway-metrics">
      <div className="section-head"><h2>Metrics</h2><span className="spacer" /><span className="muted" style={{ fontSize: 12 }}>Upstream traffic of the gateway's proxy, last 30 minutes</span></div>
      <PartialErrors errors={errors} />
      {error ? <ErrorState error={error} title="Metrics unavailable" /> : m && !hasTraffic ? <NoTraffic /> : (
        <div className="grid-2">
          <TimeSeriesChart title="Requests per second" lines={[{ label: 'rps', series: m?.requestsPerSecond }]} unit="/s" />
          <TimeSeriesChart title="Error rate (5xx)" lines={[{ label: 'errors', series: ratio }]} unit="%" />
          <TimeSeriesChart title="Latency" lines={[{ label: 'p50', series: m?.p50 }, { label: 'p95', series: m?.p95 }, { label: 'p99', series: m?.p99 }]} unit="ms" />
          <TimeSeriesChart title="Throughput" lines={[{ label: 'sent', series: m?.requestBytesPerSecond }, { label: 'received', series: m?.responseBytesPerSecond }]} unit="B/s" />
        </div>
      )}
    </div>
  );
}
