// The three traffic tiles the Workloads and Services lists open with: requests per second,
// p95 and 5xx error rate of the selected namespaces over the last 5 minutes of the range.
import type { ApiError } from '../../../api/client';
import { useQuery } from '../../../api/use-query';
import { formatMs, formatPercent, formatRps } from '../../../components/format';
import type { TimeRange } from '../../../components/health-timeline/time-range';
import type { TileSpec } from '../../../components/Tiles';
import { trafficSummary, type TrafficNode } from './summary';

const TRAFFIC = /* GraphQL */ `query ListTraffic($namespaces: [String!], $at: String) {
  topology(namespaces: $namespaces, at: $at, windowSeconds: 300) { nodes { kind rps errorRate p95 } }
}`;

export function useTrafficTiles(namespaces: string[], range: TimeRange): { tiles: TileSpec[]; errors: ApiError[] } {
  const traffic = useQuery<{ topology: { nodes: TrafficNode[] } }>(TRAFFIC, { namespaces: namespaces.length ? namespaces : null, at: range.to ?? null }, { pollMs: range.live ? 30_000 : undefined });
  const t = traffic.data ? trafficSummary(traffic.data.topology.nodes) : null;
  return {
    tiles: [
      { label: 'Requests per second', value: formatRps(t?.rps) },
      { label: 'Latency p95', value: formatMs(t?.p95), title: 'The slowest workload\'s p95 over the last 5 minutes of the range' },
      { label: 'Error rate (5xx)', value: formatPercent(t?.errorRate) },
    ],
    errors: traffic.errors,
  };
}
