// The topology page's GraphQL: the graph itself and the details of one selected node.
import type { MetricSeries } from '../../components/TimeSeriesChart';

export const TOPOLOGY_QUERY = /* GraphQL */ `query TopologyGraph($namespaces: [String!], $at: String, $windowSeconds: Int, $show: TopologyShow) {
  topology(namespaces: $namespaces, at: $at, windowSeconds: $windowSeconds, show: $show) {
    window { from to }
    nodes { id kind name namespace cluster app version parent health outlier isVM rps errorRate p95 p50 p99 tcpConnectionsPerSecond bytesPerSecond }
    edges { id source target protocol rps errorRate p95 bytesPerSecond mtls }
  }
}`;

export type NodeKind = 'workload' | 'gateway' | 'service' | 'app' | 'namespace' | 'cluster' | 'unknown' | 'external';

export interface TopologyNode {
  id: string;
  /** One of NodeKind; a string because the server may add kinds before the page knows them. */
  kind: string;
  name: string;
  namespace: string | null;
  cluster: string;
  app: string | null;
  version: string | null;
  parent: string | null;
  health: string;
  outlier: string | null;
  isVM: boolean | null;
  rps: number;
  errorRate: number;
  p95: number | null;
  p50: number | null;
  p99: number | null;
  tcpConnectionsPerSecond: number;
  bytesPerSecond: number;
}

/** Only what the canvas and the panel show: thousands of edges make every field count. */
export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  protocol: string;
  rps: number;
  errorRate: number;
  p95: number | null;
  bytesPerSecond: number;
  mtls: string;
}

export interface Topology {
  window: { from: string; to: string };
  nodes: TopologyNode[];
  /** Null when the metrics source failed (TELEMETRY_UNAVAILABLE): inventory only. */
  edges: TopologyEdge[] | null;
}

export interface TopologyAnswer { topology: Topology }

export const WORKLOAD_DETAILS_QUERY = /* GraphQL */ `query TopologyWorkloadDetails($cluster: String, $namespace: String!, $name: String!, $from: String, $to: String, $stepSeconds: Int) {
  workload(cluster: $cluster, namespace: $namespace, name: $name) {
    cluster namespace name kind app version replicas
    replicaStatus { ready }
    pods { name ready phase }
    inbound: metrics(direction: INBOUND, from: $from, to: $to, stepSeconds: $stepSeconds) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
    }
    proxyResources(from: $from, to: $to, stepSeconds: $stepSeconds) {
      cpuCores { start stepSeconds values } memoryBytes { start stepSeconds values }
    }
  }
}`;

export const SERVICE_DETAILS_QUERY = /* GraphQL */ `query TopologyServiceDetails($cluster: String, $namespace: String!, $name: String!, $from: String, $to: String, $stepSeconds: Int) {
  service(cluster: $cluster, namespace: $namespace, name: $name) {
    cluster namespace name type
    ports { name port protocol }
    workloads { namespace name }
    inbound: metrics(direction: INBOUND, from: $from, to: $to, stepSeconds: $stepSeconds) {
      requestsPerSecond { start stepSeconds values } errorRate { start stepSeconds values }
      p50 { start stepSeconds values } p95 { start stepSeconds values } p99 { start stepSeconds values }
    }
  }
}`;

export interface TrafficSeries {
  requestsPerSecond: MetricSeries;
  errorRate: MetricSeries;
  p50: MetricSeries;
  p95: MetricSeries;
  p99: MetricSeries;
}

export interface WorkloadDetails {
  cluster: string;
  namespace: string;
  name: string;
  kind: string;
  app: string | null;
  version: string | null;
  replicas: number;
  replicaStatus: { ready: number };
  pods: { name: string; ready: boolean; phase: string }[];
  inbound: TrafficSeries | null;
  proxyResources: { cpuCores: MetricSeries; memoryBytes: MetricSeries } | null;
}

export interface ServiceDetails {
  cluster: string;
  namespace: string;
  name: string;
  type: string;
  ports: { name: string | null; port: number; protocol: string }[];
  workloads: { namespace: string; name: string }[];
  inbound: TrafficSeries | null;
}
