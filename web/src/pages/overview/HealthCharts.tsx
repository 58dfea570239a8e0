// The overview's dashboards: how many services and workloads were healthy, degraded or failing
// minute by minute, and the mesh's traffic over the same half hour.
import { Link } from '../../app/router';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import type { HealthStateCounts, MeshHistory } from './api';
import { healthColors } from './chart-colors';

function healthLines(counts: HealthStateCounts) {
  const c = healthColors();
  return [
    { label: 'healthy', series: counts.healthy, color: c.healthy },
    { label: 'degraded', series: counts.degraded, color: c.degraded },
    { label: 'failing', series: counts.failing, color: c.failing },
    { label: 'no traffic', series: counts.unknown, color: c.unknown },
  ];
}

const percent = (s: MeshHistory['errorRate']) => ({ ...s, values: s.values?.map((v) => (v === null ? null : v * 100)) ?? null });

export function HealthCharts({ history }: { history: MeshHistory }) {
  return (
    <>
      <div className="grid-2">
        <div className="card" data-testid="services-health">
          <h2><Link to="/services">Services</Link> health</h2>
          <TimeSeriesChart title="Services per health state (last 30 minutes)" lines={healthLines(history.services)} />
        </div>
        <div className="card" data-testid="workloads-health">
          <h2><Link to="/workloads">Workloads</Link> health</h2>
          <TimeSeriesChart title="Workloads per health state (last 30 minutes)" lines={healthLines(history.workloads)} />
        </div>
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Requests per second</h2>
          <TimeSeriesChart title="Inbound HTTP/gRPC requests per second, all workloads" lines={[{ label: 'rps', series: history.requestsPerSecond }]} />
        </div>
        <div className="card">
          <h2>Error rate (5XX) and latency (p95)</h2>
          <TimeSeriesChart title="Server errors over all requests (%)" lines={[{ label: 'error rate', series: percent(history.errorRate), color: healthColors().failing }]} height={110} />
          <TimeSeriesChart title="p95 of the slowest workload (ms)" lines={[{ label: 'p95', series: history.p95 }]} height={110} />
        </div>
      </div>
    </>
  );
}
