// The overview's metric tiles, as the product lists them: traffic (RPS, p95, 5XX error rate),
// then inventory (clusters; services, workloads and pods as in mesh / total), then the
// validation issues count linking to the list.
import type { TileSpec } from '../../components/Tiles';
import { formatMs, formatPercent, formatRps } from '../../components/format';
import type { MeshOverview } from './api';

export const ISSUES_LINK = '/overview?tab=issues';

export function overviewTiles(o: MeshOverview): TileSpec[] {
  const t = o.traffic;
  return [
    { label: 'Requests per second', value: t ? formatRps(t.rps) : '–', title: 'HTTP and gRPC requests per second over the last minute, all workloads' },
    { label: 'Average latency (p95)', value: t ? formatMs(t.p95) : '–', title: 'Mesh-wide 95th percentile latency over the last minute (an upper bound)' },
    { label: 'Error rate (5XX)', value: t ? formatPercent(t.errorRate) : '–', title: 'Server errors (HTTP 5xx, gRPC failures) over all requests; 4xx are not errors' },
    { label: 'Clusters', value: String(o.clusters) },
    { label: 'Services', value: String(o.services.inMesh), of: String(o.services.total), title: 'In mesh / total: every workload behind the service has sidecars' },
    { label: 'Workloads', value: String(o.workloads.inMesh), of: String(o.workloads.total), title: 'In mesh / total: every pod of the workload has a sidecar' },
    { label: 'Pods', value: String(o.pods.inMesh), of: String(o.pods.total), title: 'In mesh / total: pods with a sidecar' },
    { label: 'Validation issues', value: o.validationIssues === null ? '–' : String(o.validationIssues), to: ISSUES_LINK, title: 'Configuration problems the validator found; open the list' },
  ];
}

/** No traffic to show: the metrics source answered, and nothing flowed in the last minute. */
export function hasNoTraffic(o: MeshOverview): boolean {
  return o.traffic !== null && o.traffic.rps === 0;
}
