// The Prometheus adapter: traffic per edge from Istio's standard metrics.
// - Each request is reported twice (source and destination sidecars). Destination-reported
//   series are used where they exist; source-reported ones only for edges no destination
//   sidecar reports (callers of services outside the mesh), so nothing is counted twice.
// - Counters become per-second rates with `rate()` over the whole window; quantiles come from
//   `histogram_quantile` over the summed bucket rates (`le` kept), never from averages.
// - An unreachable or failing Prometheus is a TelemetryError naming the server and query.

import type { EdgeTraffic, MtlsState, TrafficProtocol, TrafficSnapshot } from '../../core/traffic/types.js';
import type { TelemetryPort, TrafficQuery } from '../port.js';

export class TelemetryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelemetryError';
  }
}

interface VectorSample { metric: Record<string, string>; value: [number, string] }

const EDGE_LABELS = [
  'source_cluster', 'source_workload_namespace', 'source_workload', 'source_app', 'source_version',
  'destination_cluster', 'destination_workload_namespace', 'destination_workload', 'destination_app', 'destination_version',
  'destination_service_name', 'destination_service_namespace', 'destination_service',
] as const;
const BY = EDGE_LABELS.join(', ');

type Reporter = 'source' | 'destination';
type Twelve<T> = [T, T, T, T, T, T, T, T, T, T, T, T];

export interface PrometheusTelemetryOptions {
  url: string;
  /** Per-query timeout (default 15 s). */
  timeoutMs?: number;
  /** Extra label matchers on every series, e.g. `mesh_id="prod"` for a Prometheus holding several meshes. */
  labelFilter?: string;
  fetch?: typeof fetch;
}

export class PrometheusTelemetry implements TelemetryPort {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly labelFilter: string;

  constructor(options: PrometheusTelemetryOptions) {
    this.url = options.url.replace(/\/$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchFn = options.fetch ?? fetch;
    this.labelFilter = options.labelFilter ? `, ${options.labelFilter}` : '';
  }

  /** One instant query; Prometheus' own errors and transport failures become TelemetryErrors. */
  async query(promql: string, atMs: number): Promise<VectorSample[]> {
    const params = new URLSearchParams({ query: promql, time: (atMs / 1000).toFixed(3) });
    let body: { status?: string; error?: string; data?: { resultType?: string; result?: VectorSample[] } };
    try {
      const r = await this.fetchFn(`${this.url}/api/v1/query`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params, signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await r.json() as typeof body;
      if (!r.ok && body.status !== 'error') throw new TelemetryError(`Prometheus at ${this.url} answered HTTP ${r.status}`);
    } catch (e) {
      if (e instanceof TelemetryError) throw e;
      const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new TelemetryError(`Prometheus at ${this.url} is unreachable: ${why}`, { cause: e });
    }
    if (body.status !== 'success') throw new TelemetryError(`Prometheus at ${this.url} refused the query: ${body.error ?? 'unknown error'} (${promql})`);
    return body.data?.result ?? [];
  }

  async edgeTraffic(q: TrafficQuery): Promise<TrafficSnapshot> {
    const { fromMs, toMs } = q.window;
    const range = `${Math.max(1, Math.round((toMs - fromMs) / 1000))}s`;
    const ns = q.namespaces && q.namespaces.length > 0 ? q.namespaces.map(escapeRegex).join('|') : undefined;
    // Filter by namespace on either side: two selectors, merged (PromQL has no OR on labels).
    const base = (reporter: Reporter): string => `reporter="${reporter}"${this.labelFilter}`;
    const selectors = (reporter: Reporter): string[] => ns
      ? [`${base(reporter)}, source_workload_namespace=~"${ns}"`, `${base(reporter)}, destination_workload_namespace=~"${ns}", source_workload_namespace!~"${ns}"`]
      : [base(reporter)];
    const at = toMs;
    const run = async (build: (sel: string) => string, reporter: Reporter): Promise<VectorSample[]> =>
      (await Promise.all(selectors(reporter).map((sel) => this.query(build(sel), at)))).flat();

    const edges = new Map<string, EdgeTraffic & { reporter: Reporter }>();
    for (const reporter of ['destination', 'source'] as const) {
      const [requests, errors, grpcErrors, p50, p95, p99, reqBytes, respBytes, tcpSent, tcpRecv, tcpOpened, mtls] = await Promise.all([
        run((s) => `sum by (${BY}, request_protocol) (rate(istio_requests_total{${s}}[${range}]))`, reporter),
        run((s) => `sum by (${BY}, request_protocol) (rate(istio_requests_total{${s}, response_code=~"5.."}[${range}]))`, reporter),
        run((s) => `sum by (${BY}, request_protocol) (rate(istio_requests_total{${s}, request_protocol="grpc", response_code!~"5..", grpc_response_status!~"0|"}[${range}]))`, reporter),
        ...[0.5, 0.95, 0.99].map((quantile) => run((s) => `histogram_quantile(${quantile}, sum by (le, ${BY}, request_protocol) (rate(istio_request_duration_milliseconds_bucket{${s}}[${range}])))`, reporter)),
        run((s) => `sum by (${BY}, request_protocol) (rate(istio_request_bytes_sum{${s}}[${range}]))`, reporter),
        run((s) => `sum by (${BY}, request_protocol) (rate(istio_response_bytes_sum{${s}}[${range}]))`, reporter),
        run((s) => `sum by (${BY}) (rate(istio_tcp_sent_bytes_total{${s}}[${range}]))`, reporter),
        run((s) => `sum by (${BY}) (rate(istio_tcp_received_bytes_total{${s}}[${range}]))`, reporter),
        run((s) => `sum by (${BY}) (rate(istio_tcp_connections_opened_total{${s}}[${range}]))`, reporter),
        run((s) => `sum by (${BY}, connection_security_policy) (rate(istio_requests_total{${s}}[${range}]) or rate(istio_tcp_sent_bytes_total{${s}}[${range}]))`, reporter),
      ]) as Twelve<VectorSample[]>;
      const seenByThisReporter = new Set<string>();
      const edge = (m: Record<string, string>, protocol: TrafficProtocol): (EdgeTraffic & { reporter: Reporter }) | undefined => {
        const k = `${edgeKey(m)}|${protocol}`;
        // The destination's report wins; a source report only fills edges it does not have.
        if (reporter === 'source' && edges.get(k)?.reporter === 'destination') return undefined;
        seenByThisReporter.add(k);
        let e = edges.get(k);
        if (!e) {
          e = { ...endpoints(m), protocol, requestsPerSecond: 0, errorRate: 0, bytesPerSecond: 0, connectionsPerSecond: 0, mtls: 'unknown', reporter };
          edges.set(k, e);
        }
        return e;
      };
      const proto = (m: Record<string, string>): TrafficProtocol => (m.request_protocol === 'grpc' ? 'grpc' : 'http');
      const errorsByKey = new Map<string, number>();
      for (const s of [...errors, ...grpcErrors]) {
        const k = `${edgeKey(s.metric)}|${proto(s.metric)}`;
        errorsByKey.set(k, (errorsByKey.get(k) ?? 0) + value(s));
      }
      for (const s of requests) {
        const e = edge(s.metric, proto(s.metric));
        if (!e) continue;
        e.requestsPerSecond = value(s);
        e.errorRate = e.requestsPerSecond > 0 ? Math.min(1, (errorsByKey.get(`${edgeKey(s.metric)}|${proto(s.metric)}`) ?? 0) / e.requestsPerSecond) : 0;
      }
      const set = (samples: VectorSample[], apply: (e: EdgeTraffic, v: number) => void, protocol?: TrafficProtocol): void => {
        for (const s of samples) {
          const e = edges.get(`${edgeKey(s.metric)}|${protocol ?? proto(s.metric)}`);
          if (e && e.reporter === reporter && Number.isFinite(value(s))) apply(e, value(s));
        }
      };
      set(p50, (e, v) => { e.p50Ms = v; });
      set(p95, (e, v) => { e.p95Ms = v; });
      set(p99, (e, v) => { e.p99Ms = v; });
      set([...reqBytes, ...respBytes], (e, v) => { e.bytesPerSecond += v; });
      for (const s of [...tcpSent, ...tcpRecv]) {
        const e = edge(s.metric, 'tcp');
        if (e) e.bytesPerSecond += value(s);
      }
      for (const s of tcpOpened) {
        const e = edge(s.metric, 'tcp');
        if (e) e.connectionsPerSecond = value(s);
      }
      const policies = new Map<string, Set<string>>();
      for (const s of mtls) {
        const k = edgeKey(s.metric);
        if (!policies.has(k)) policies.set(k, new Set());
        policies.get(k)!.add(s.metric.connection_security_policy ?? 'unknown');
      }
      for (const [k, e] of edges) {
        if (e.reporter !== reporter || !seenByThisReporter.has(k)) continue;
        e.mtls = mtlsState(policies.get(k.slice(0, k.lastIndexOf('|'))), reporter);
      }
    }
    return {
      window: { fromMs, toMs },
      edges: [...edges.values()].map(({ reporter: _r, ...e }) => e),
    };
  }
}

function value(s: VectorSample): number {
  return Number(s.value[1]);
}

function edgeKey(m: Record<string, string>): string {
  return EDGE_LABELS.map((l) => m[l] ?? '').join('\u0000');
}

function endpoints(m: Record<string, string>): Pick<EdgeTraffic, 'source' | 'destination'> {
  const known = (v: string | undefined): string | undefined => (v && v !== 'unknown' ? v : undefined);
  const host = m.destination_service ?? '';
  const inMesh = known(m.destination_workload) !== undefined;
  return {
    source: { cluster: m.source_cluster ?? 'unknown', namespace: m.source_workload_namespace ?? 'unknown', workload: m.source_workload ?? 'unknown', app: known(m.source_app), version: known(m.source_version) },
    destination: {
      cluster: m.destination_cluster ?? 'unknown', namespace: m.destination_workload_namespace ?? m.destination_service_namespace ?? 'unknown',
      workload: m.destination_workload ?? 'unknown', app: known(m.destination_app), version: known(m.destination_version),
      ...(m.destination_service_name ? { service: { name: m.destination_service_name, namespace: m.destination_service_namespace ?? '', host } } : {}),
      // Outside the mesh: Istio names the Envoy cluster (PassthroughCluster, BlackHoleCluster) or the ServiceEntry host.
      ...(!inMesh && host ? { external: host } : {}),
    },
  };
}

/** The destination reports the real policy; a source sidecar always says `unknown`. */
function mtlsState(policies: Set<string> | undefined, reporter: Reporter): MtlsState {
  if (!policies || reporter === 'source') return 'unknown';
  const mutual = policies.has('mutual_tls');
  const plain = policies.has('none');
  return mutual && plain ? 'mixed' : mutual ? 'mutual' : plain ? 'plaintext' : 'unknown';
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
