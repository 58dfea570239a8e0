// Traffic as the views need it: aggregates per edge (source workload → destination) over a
// window, and per-entity time series. The telemetry port (Prometheus, or the demo's
// simulator) produces these; topology and health consume them. Pure data, no I/O.

export type TrafficProtocol = 'http' | 'grpc' | 'tcp';

/** mTLS state of an edge, from Istio's `connection_security_policy`. */
export type MtlsState = 'mutual' | 'plaintext' | 'mixed' | 'unknown';

/** Where traffic comes from: a workload, or a caller Istio cannot name (no sidecar, outside). */
export interface TrafficSource {
  cluster: string;
  namespace: string;
  /** Workload name; `unknown` when the caller has no identity. */
  workload: string;
  app?: string;
  version?: string;
}

/** Where traffic goes: a workload behind a service, or something outside the mesh. */
export interface TrafficDestination {
  cluster: string;
  namespace: string;
  /** Workload name; `unknown` for external destinations. */
  workload: string;
  app?: string;
  version?: string;
  /** The service the request was addressed to (`destination_service_name`, namespace, FQDN host). */
  service?: { name: string; namespace: string; host: string };
  /**
   * Set for traffic leaving the mesh: a ServiceEntry host, `PassthroughCluster` (unknown host,
   * allowed) or `BlackHoleCluster` (unknown host, blocked by REGISTRY_ONLY).
   */
  external?: string;
}

/** One edge's traffic over a window. Rates are per second; latencies in milliseconds. */
export interface EdgeTraffic {
  source: TrafficSource;
  destination: TrafficDestination;
  protocol: TrafficProtocol;
  /** HTTP/gRPC requests per second (0 for TCP). */
  requestsPerSecond: number;
  /** Fraction 0..1 of requests that failed: HTTP 5xx, or gRPC status other than OK. */
  errorRate: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  /** Bytes per second both ways (HTTP request+response bytes, or TCP sent+received). */
  bytesPerSecond: number;
  /** TCP connections opened per second (0 for HTTP/gRPC). */
  connectionsPerSecond: number;
  mtls: MtlsState;
}

export interface TrafficWindow {
  /** Inclusive start and exclusive end, epoch milliseconds. */
  fromMs: number;
  toMs: number;
}

export interface TrafficSnapshot {
  window: TrafficWindow;
  edges: EdgeTraffic[];
}

/** A time series of one signal, aligned to `startMs + i * stepMs`; `null` where there was no data. */
export interface Series {
  startMs: number;
  stepMs: number;
  values: (number | null)[];
}

/** The golden signals of one entity (workload or service) over time. */
export interface GoldenSignals {
  requestsPerSecond: Series;
  errorRate: Series;
  p95Ms: Series;
  /** 0..1: how close the entity is to its limits (CPU/memory of its proxies and pods). */
  saturation?: Series;
}

/** What a metric series is about. Services are addressed by name (`destination_service_name`). */
export interface EntityRef {
  kind: 'workload' | 'service' | 'namespace';
  cluster?: string;
  namespace: string;
  /** Workload or service name; absent for a namespace. */
  name?: string;
}

/** Inbound: traffic the entity serves. Outbound: traffic it sends. */
export type TrafficDirection = 'inbound' | 'outbound';

/** Every per-entity series the detail views chart. Rates are per second, latencies ms, fractions 0..1. */
export interface EntityMetrics {
  requestsPerSecond: Series;
  /** HTTP 5xx or gRPC non-OK over all requests; null where there were no requests. */
  errorRate: Series;
  p50Ms: Series;
  p95Ms: Series;
  p99Ms: Series;
  requestBytesPerSecond: Series;
  responseBytesPerSecond: Series;
  tcpSentBytesPerSecond: Series;
  tcpReceivedBytesPerSecond: Series;
  tcpConnectionsOpenedPerSecond: Series;
  tcpConnectionsClosedPerSecond: Series;
}

/** Resource use of the entity's sidecars (istio-proxy containers), summed over its pods. */
export interface ProxyResources {
  /** CPU cores in use. */
  cpuCores: Series;
  memoryBytes: Series;
}

export interface SeriesRange {
  fromMs: number;
  toMs: number;
  /** Step between points; chosen from the range (see pickStep) when absent. */
  stepMs?: number;
}
