// The overview's one query and the types of its answer.
import type { MetricSeries } from '../../components/TimeSeriesChart';

export const OVERVIEW = /* GraphQL */ `query OverviewPage {
  meshOverview(windowSeconds: 60) {
    clusters controlPlanes validationIssues
    services { inMesh total }
    workloads { inMesh total }
    pods { inMesh total }
    traffic { rps errorRate p95 }
    history {
      workloads { healthy { start stepSeconds values } degraded { start stepSeconds values } failing { start stepSeconds values } unknown { start stepSeconds values } }
      services { healthy { start stepSeconds values } degraded { start stepSeconds values } failing { start stepSeconds values } unknown { start stepSeconds values } }
      requestsPerSecond { start stepSeconds values }
      errorRate { start stepSeconds values }
      p95 { start stepSeconds values }
    }
  }
}`;

export interface MeshCount { inMesh: number; total: number }

export interface HealthStateCounts { healthy: MetricSeries; degraded: MetricSeries; failing: MetricSeries; unknown: MetricSeries }

export interface MeshHistory {
  workloads: HealthStateCounts;
  services: HealthStateCounts;
  requestsPerSecond: MetricSeries;
  errorRate: MetricSeries;
  p95: MetricSeries;
}

export interface MeshOverview {
  clusters: number;
  controlPlanes: number;
  validationIssues: number | null;
  services: MeshCount;
  workloads: MeshCount;
  pods: MeshCount;
  /** Null with TELEMETRY_UNAVAILABLE. */
  traffic: { rps: number; errorRate: number | null; p95: number | null } | null;
  history: MeshHistory | null;
}
