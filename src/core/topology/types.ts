// The topology view: a graph of who talks to whom, built from the mesh model (inventory) and a
// traffic snapshot (aggregates per edge over a window). Pure data; see build.ts.
//
// Node ids are stable across builds and URL-safe (each segment is percent-encoded, so only
// unreserved characters plus the `:` and `/` separators appear):
//   wl:CLUSTER/NAMESPACE/NAME     workload (kind 'workload' or 'gateway')
//   svc:CLUSTER/NAMESPACE/NAME    service
//   app:CLUSTER/NAMESPACE/APP     app group
//   ns:CLUSTER/NAMESPACE          namespace group
//   cl:CLUSTER                    cluster group
//   unknown:CLUSTER               callers Istio cannot name, or requests that reached no workload
//   ext:HOST                      outside the mesh: a ServiceEntry host, PassthroughCluster, BlackHoleCluster
// Edge ids are `SOURCE~TARGET~PROTOCOL` (`~` is unreserved too, and encoded inside segments).

import type { MtlsState, TrafficProtocol, TrafficWindow } from '../traffic/types.js';
import type { Workload } from '../model/types.js';

export type TopologyNodeKind = 'workload' | 'service' | 'app' | 'namespace' | 'cluster' | 'unknown' | 'gateway' | 'external';

export type HealthState = 'healthy' | 'degraded' | 'failing' | 'unknown';

/** Health as computed elsewhere (core/health); the builder only attaches it to nodes. */
export interface NodeHealth {
  health: HealthState;
  outlier?: { reason: string };
}

export interface TopologyNode {
  id: string;
  kind: TopologyNodeKind;
  name: string;
  namespace?: string;
  /**
   * The cluster the node lives in. External nodes belong to no cluster: they carry the first
   * cluster (by name) whose traffic reached them, so the field is never empty.
   */
  cluster: string;
  app?: string;
  version?: string;
  /** Id of the innermost shown group node (app → namespace → cluster), when any group is shown. */
  parent?: string;
  health: HealthState;
  outlier?: { reason: string };
  /** Workloads only: a WorkloadGroup, or pods that are WorkloadEntries. */
  isVM?: boolean;
  /** Workloads only: which of its pods have a sidecar (from the model). */
  sidecar?: Workload['sidecars'];
  /**
   * Inbound requests per second, over the traffic that reached this node (for groups: that
   * reached their workloads, including calls between members).
   */
  rps: number;
  /** Inbound error rate 0..1, weighted by requests. */
  errorRate: number;
  /** Upper bound of the inbound p95: the largest p95 among the inbound edges. */
  p95Ms?: number;
  /** Upper bounds of the inbound p50 and p99, as for p95 (the largest among the inbound edges). */
  p50Ms?: number;
  p99Ms?: number;
  /** Inbound TCP connections opened per second (0 without TCP traffic). */
  connectionsPerSecond: number;
  /** Inbound bytes per second, both ways (HTTP request+response, TCP sent+received). */
  bytesPerSecond: number;
}

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  protocol: TrafficProtocol;
  /** Requests per second (0 for TCP: see bytesPerSecond). */
  rps: number;
  /** Fraction 0..1 of failed requests (5xx, gRPC non-OK), weighted by requests across merged edges. */
  errorRate: number;
  /**
   * Latency percentiles in ms. When several traffic edges merge into one (several services
   * between the same pair, or many callers of one service) this is the largest of their
   * percentiles: an upper bound, since percentiles cannot be combined without the histograms.
   */
  p50?: number;
  p95?: number;
  p99?: number;
  bytesPerSecond: number;
  connectionsPerSecond: number;
  /** `mixed` when the merged traffic edges do not agree. */
  mtls: MtlsState;
}

/** Which group and service nodes to show; workloads are always shown. */
export interface TopologyShow {
  clusters?: boolean;
  namespaces?: boolean;
  apps?: boolean;
  /** Route calls through service nodes: caller → service → destination workload. */
  services?: boolean;
}

export interface TopologyOptions {
  /**
   * Keep only traffic edges with an end in one of these namespaces (in any cluster), plus their
   * endpoints, and the model's workloads (and services) in them. Absent or empty: everything.
   */
  namespaces?: string[];
  show: TopologyShow;
  /** Health by node id, computed elsewhere. Nodes not in it get `unknown`. */
  healthByNode?: ReadonlyMap<string, NodeHealth>;
}

export interface Topology {
  window: TrafficWindow;
  /** Sorted by id. */
  nodes: TopologyNode[];
  /**
   * Sorted by source id, then target id, then protocol (grpc, http, tcp): the same as by edge
   * id except where one node id is a prefix of another.
   */
  edges: TopologyEdge[];
}
