// The Prometheus adapter: traffic per edge from Istio's standard metrics.
// - Each request is reported twice (source and destination sidecars). Destination-reported
//   series are used where they exist; source-reported ones only for edges no destination
//   sidecar reports (callers of services outside the mesh), so nothing is counted twice.
// - Counters become per-second rates with `rate()` over the whole window; quantiles come from
//   `histogram_quantile` over the summed bucket rates (`le` kept), never from averages.
// - Entity series are range queries (one point per step, each the rate over the step ending
//   at it) built by the small pure PromQL builders at the end of this file.
// - An unreachable or failing Prometheus is a TelemetryError naming the server and query.

import { pickStep, stepEnds } from '../../core/traffic/step.js';
import type {
  EdgeTraffic, EntityMetrics, EntityRef, MtlsState, ProxyResources, Series, SeriesRange, TrafficDirection, TrafficProtocol, TrafficSnapshot,
} from '../../core/traffic/types.js';
import { workloadKey, type WorkloadSignals } from '../../core/traffic/signals.js';
import type { EntitySeriesQuery, TelemetryPort, TrafficQuery, WorkloadSignalsQuery } from '../port.js';

export class TelemetryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelemetryError';
  }
}

interface VectorSample { metric: Record<string, string>; value: [number, string] }
interface MatrixSample { metric: Record<string, string>; values: [number, string][] }
interface PrometheusAnswer<R> { status?: string; error?: string; data?: { resultType?: string; result?: R[] } }

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
  /**
   * How often Prometheus scrapes the proxies (default 15 s). Series use `rate()` over the step,
   * but never over less than 4 scrape intervals: `rate()` needs two samples in its window, and
   * a window of only a step or two of scrapes leaves gaps whenever a scrape is late or missed
   * (the reasoning of Grafana's `$__rate_interval`).
   */
  scrapeIntervalMs?: number;
  fetch?: typeof fetch;
}

export class PrometheusTelemetry implements TelemetryPort {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly labelFilter: string;
  /** The same filter as a matcher list entry for the PromQL builders (empty: none). */
  private readonly filterMatchers: string[];
  private readonly scrapeIntervalMs: number;

  constructor(options: PrometheusTelemetryOptions) {
    this.url = options.url.replace(/\/$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchFn = options.fetch ?? fetch;
    this.labelFilter = options.labelFilter ? `, ${options.labelFilter}` : '';
    this.filterMatchers = options.labelFilter ? [options.labelFilter] : [];
    this.scrapeIntervalMs = options.scrapeIntervalMs ?? 15_000;
  }

  /** One instant query; Prometheus' own errors and transport failures become TelemetryErrors. */
  async query(promql: string, atMs: number): Promise<VectorSample[]> {
    return this.post<VectorSample>('query', promql, { time: seconds(atMs) });
  }

  /** One range query over [startMs, endMs] every stepMs (`/api/v1/query_range`). */
  async queryRange(promql: string, startMs: number, endMs: number, stepMs: number): Promise<MatrixSample[]> {
    return this.post<MatrixSample>('query_range', promql, { start: seconds(startMs), end: seconds(endMs), step: seconds(stepMs) });
  }

  private async post<R>(api: 'query' | 'query_range', promql: string, params: Record<string, string>): Promise<R[]> {
    let status: number;
    let text: string;
    try {
      const r = await this.fetchFn(`${this.url}/api/v1/${api}`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: promql, ...params }), signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = r.status;
      text = await r.text();
    } catch (e) {
      const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new TelemetryError(`Prometheus at ${this.url} is unreachable: ${why} (${promql})`, { cause: e });
    }
    const body = parseAnswer<R>(text);
    // Prometheus answers its own errors (bad query: 400, timeout: 503) with a JSON body saying why.
    if (body?.status === 'error') throw new TelemetryError(`Prometheus at ${this.url} refused the query: ${body.error ?? 'unknown error'} (${promql})`);
    if (status < 200 || status >= 300) throw new TelemetryError(`Prometheus at ${this.url} answered HTTP ${status} (${promql})`);
    if (body?.status !== 'success') throw new TelemetryError(`Prometheus at ${this.url} gave an answer that is not a Prometheus API response (${promql})`);
    return body.data?.result ?? [];
  }

  async entityMetrics(q: EntitySeriesQuery): Promise<EntityMetrics> {
    const { fromMs, toMs } = q.range;
    const stepMs = q.range.stepMs ?? pickStep(toMs - fromMs);
    const ends = stepEnds(fromMs, toMs, stepMs);
    const matchers = entityMatchers(q.entity, q.direction);
    const window = promDuration(rateWindowMs(stepMs, this.scrapeIntervalMs));
    const empty = (): Series => ({ startMs: fromMs + stepMs, stepMs, values: ends.map(() => null) });
    const run = async (promql: string | undefined): Promise<Series> => {
      if (promql === undefined || ends.length === 0) return empty();
      return toSeries(await this.queryRange(promql, ends[0]!, ends[ends.length - 1]!, stepMs), fromMs + stepMs, stepMs, ends.length);
    };
    const m = matchers && [...matchers, ...this.filterMatchers];
    const rate = (metric: string): string | undefined => m && sumRateQuery(metric, m, window);
    const [requests, errors, p50, p95, p99, reqBytes, respBytes, tcpSent, tcpReceived, tcpOpened, tcpClosed] = await Promise.all([
      run(rate('istio_requests_total')),
      run(m && errorsQuery(m, window)),
      ...[0.5, 0.95, 0.99].map((quantile) => run(m && quantileQuery(quantile, m, window))),
      run(rate('istio_request_bytes_sum')),
      run(rate('istio_response_bytes_sum')),
      run(rate('istio_tcp_sent_bytes_total')),
      run(rate('istio_tcp_received_bytes_total')),
      run(rate('istio_tcp_connections_opened_total')),
      run(rate('istio_tcp_connections_closed_total')),
    ]) as [Series, Series, Series, Series, Series, Series, Series, Series, Series, Series, Series];
    return {
      requestsPerSecond: requests,
      errorRate: errorRateSeries(requests, errors),
      p50Ms: p50, p95Ms: p95, p99Ms: p99,
      requestBytesPerSecond: reqBytes, responseBytesPerSecond: respBytes,
      tcpSentBytesPerSecond: tcpSent, tcpReceivedBytesPerSecond: tcpReceived,
      tcpConnectionsOpenedPerSecond: tcpOpened, tcpConnectionsClosedPerSecond: tcpClosed,
    };
  }

  /** Three range queries for every workload at once (rps, errors, p95 from merged buckets). */
  async workloadSignals(q: WorkloadSignalsQuery): Promise<WorkloadSignals[]> {
    const { fromMs, toMs, stepMs } = q.range;
    const ends = stepEnds(fromMs, toMs, stepMs);
    if (ends.length === 0) return [];
    const window = promDuration(rateWindowMs(stepMs, this.scrapeIntervalMs));
    const matchers = ['destination_workload!="unknown"', ...(q.namespaces && q.namespaces.length > 0 ? [`destination_workload_namespace=~${promString(q.namespaces.map(escapeRegex).join('|'))}`] : []), ...this.filterMatchers];
    const range = (promql: string) => this.queryRange(promql, ends[0]!, ends[ends.length - 1]!, stepMs);
    const [requests, errors, p95] = await Promise.all([
      range(perWorkloadRateQuery('istio_requests_total', matchers, window)),
      range(perWorkloadErrorsQuery(matchers, window)),
      range(perWorkloadQuantileQuery(0.95, matchers, window)),
    ]);
    return workloadSignalsFromMatrices({ requests, errors, p95 }, fromMs + stepMs, stepMs, ends.length);
  }

  /**
   * cAdvisor's view of the entity's `istio-proxy` containers. cAdvisor knows pods, not
   * workloads or services: a workload's pods are found by name, a service's by the workloads
   * Istio saw behind it during the range. Null when Prometheus has no such series.
   */
  async proxyResources(entity: EntityRef, range: SeriesRange): Promise<ProxyResources | null> {
    const stepMs = range.stepMs ?? pickStep(range.toMs - range.fromMs);
    const ends = stepEnds(range.fromMs, range.toMs, stepMs);
    if (ends.length === 0) return null;
    const pods = await this.proxyPodMatchers(entity, range);
    if (!pods) return null;
    const m = [...pods, ...this.filterMatchers];
    const window = promDuration(rateWindowMs(stepMs, this.scrapeIntervalMs));
    const startMs = range.fromMs + stepMs;
    const [cpu, memory] = await Promise.all([
      this.queryRange(proxyCpuQuery(m, window), ends[0]!, ends[ends.length - 1]!, stepMs),
      this.queryRange(proxyMemoryQuery(m), ends[0]!, ends[ends.length - 1]!, stepMs),
    ]);
    if (cpu.length === 0 && memory.length === 0) return null;
    return { cpuCores: toSeries(cpu, startMs, stepMs, ends.length), memoryBytes: toSeries(memory, startMs, stepMs, ends.length) };
  }

  /** Matchers for the entity's sidecar containers; undefined when it has none to match. */
  private async proxyPodMatchers(entity: EntityRef, range: SeriesRange): Promise<string[] | undefined> {
    if (entity.kind !== 'service') return proxyPodMatchers(entity.namespace, entity.kind === 'workload' ? [entity.name ?? ''] : undefined);
    const lookup = serviceWorkloadsQuery(entity, [...this.filterMatchers], promDuration(Math.max(1000, range.toMs - range.fromMs)));
    const workloads = [...new Set((await this.query(lookup, range.toMs)).map((s) => s.metric.destination_workload ?? '').filter((w) => w && w !== 'unknown'))];
    return workloads.length > 0 ? proxyPodMatchers(entity.namespace, workloads.sort()) : undefined;
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

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function parseAnswer<R>(text: string): PrometheusAnswer<R> | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? body as PrometheusAnswer<R> : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A range query's matrix as one series of `count` points from `startMs`: samples summed per
 * timestamp (the queries aggregate to one series; several would be parts of one sum), NaN
 * (e.g. a quantile of no requests) and missing points null.
 */
export function toSeries(matrix: readonly MatrixSample[], startMs: number, stepMs: number, count: number): Series {
  const values: (number | null)[] = new Array<number | null>(count).fill(null);
  for (const s of matrix) {
    for (const [ts, raw] of s.values) {
      const i = Math.round((ts * 1000 - startMs) / stepMs);
      const v = Number(raw);
      if (i < 0 || i >= count || !Number.isFinite(v)) continue;
      values[i] = (values[i] ?? 0) + v;
    }
  }
  return { startMs, stepMs, values };
}

/** Errors over requests per point; 0 where requests had no errors series, null without requests. */
export function errorRateSeries(requests: Series, errors: Series): Series {
  return {
    ...requests,
    values: requests.values.map((r, i) => (r !== null && r > 0 ? Math.min(1, Math.max(0, (errors.values[i] ?? 0) / r)) : null)),
  };
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

// --- PromQL builders (pure) ---------------------------------------------------------------

/** The labels that identify an edge, for matching one reporter's series with the other's. */
const EDGE_IDENTITY = [
  'source_cluster', 'source_workload_namespace', 'source_workload',
  'destination_cluster', 'destination_workload_namespace', 'destination_workload',
  'destination_service_name', 'destination_service_namespace',
].join(', ');

/** A PromQL string literal: backslashes, quotes and newlines escaped. */
export function promString(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A PromQL duration: whole seconds when it is one, milliseconds otherwise. */
export function promDuration(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

/** The `rate()` window for a step: the step itself, but at least 4 scrape intervals (see the option). */
export function rateWindowMs(stepMs: number, scrapeIntervalMs: number): number {
  return Math.max(stepMs, 4 * scrapeIntervalMs);
}

/**
 * Matchers for an entity's traffic in one direction. Inbound: it is the destination; outbound:
 * the source. A service is only ever a destination (Istio has no source-service label), so
 * its outbound is undefined: no traffic to ask for.
 */
export function entityMatchers(entity: EntityRef, direction: TrafficDirection): string[] | undefined {
  const side = direction === 'inbound' ? 'destination' : 'source';
  const cluster = entity.cluster !== undefined ? [`${side}_cluster=${promString(entity.cluster)}`] : [];
  switch (entity.kind) {
    case 'workload':
      return [`${side}_workload=${promString(entity.name ?? '')}`, `${side}_workload_namespace=${promString(entity.namespace)}`, ...cluster];
    case 'service':
      if (direction === 'outbound') return undefined;
      return [`destination_service_name=${promString(entity.name ?? '')}`, `destination_service_namespace=${promString(entity.namespace)}`, ...cluster];
    case 'namespace':
      return [`${side}_workload_namespace=${promString(entity.namespace)}`, ...cluster];
  }
}

function selector(metric: string, matchers: readonly string[]): string {
  return `${metric}{${matchers.join(', ')}}`;
}

/**
 * Per-series rates counting each request once: what destination sidecars report, plus what
 * source proxies report for edges no destination sidecar reports (callees without one). An
 * edge counts as destination-reported when it has any destination series in the window, not
 * just ones passing `extra`: otherwise a source's 503 for a reset the destination never saw
 * would be added to the errors of an edge whose requests come from the destination.
 */
export function reportedOnceRate(metric: string, matchers: readonly string[], window: string, extra: readonly string[] = []): string {
  const dst = selector(metric, ['reporter="destination"', ...matchers, ...extra]);
  const src = selector(metric, ['reporter="source"', ...matchers, ...extra]);
  const dstAny = selector(metric, ['reporter="destination"', ...matchers]);
  return `rate(${dst}[${window}]) or (rate(${src}[${window}]) unless on (${EDGE_IDENTITY}) rate(${dstAny}[${window}]))`;
}

/** The total per-second rate of a counter over the entity's edges. */
export function sumRateQuery(metric: string, matchers: readonly string[], window: string): string {
  return `sum(${reportedOnceRate(metric, matchers, window)})`;
}

/** Failed requests per second: HTTP 5xx, or gRPC non-OK (not already a 5xx, so none counts twice). */
export function errorsQuery(matchers: readonly string[], window: string): string {
  const http5xx = reportedOnceRate('istio_requests_total', matchers, window, ['response_code=~"5.."']);
  const grpcFailed = reportedOnceRate('istio_requests_total', matchers, window, ['request_protocol="grpc"', 'response_code!~"5.."', 'grpc_response_status!~"0|"']);
  return `sum((${http5xx}) or (${grpcFailed}))`;
}

/** A latency quantile from the entity's merged buckets (summed by `le`), as one histogram. */
export function quantileQuery(q: number, matchers: readonly string[], window: string): string {
  return `histogram_quantile(${q}, sum by (le) (${reportedOnceRate('istio_request_duration_milliseconds_bucket', matchers, window)}))`;
}

/** The labels that name an inbound workload (its app kept for peer grouping). */
const WORKLOAD_BY = 'destination_cluster, destination_workload_namespace, destination_workload, destination_app';

export function perWorkloadRateQuery(metric: string, matchers: readonly string[], window: string): string {
  return `sum by (${WORKLOAD_BY}) (${reportedOnceRate(metric, matchers, window)})`;
}

export function perWorkloadErrorsQuery(matchers: readonly string[], window: string): string {
  const http5xx = reportedOnceRate('istio_requests_total', matchers, window, ['response_code=~"5.."']);
  const grpcFailed = reportedOnceRate('istio_requests_total', matchers, window, ['request_protocol="grpc"', 'response_code!~"5.."', 'grpc_response_status!~"0|"']);
  return `sum by (${WORKLOAD_BY}) ((${http5xx}) or (${grpcFailed}))`;
}

export function perWorkloadQuantileQuery(q: number, matchers: readonly string[], window: string): string {
  return `histogram_quantile(${q}, sum by (le, ${WORKLOAD_BY}) (${reportedOnceRate('istio_request_duration_milliseconds_bucket', matchers, window)}))`;
}

/** Per-workload matrices (grouped by WORKLOAD_BY) as WorkloadSignals; rps 0 where a workload had no sample. */
export function workloadSignalsFromMatrices(
  m: { requests: readonly MatrixSample[]; errors: readonly MatrixSample[]; p95: readonly MatrixSample[] },
  startMs: number, stepMs: number, count: number,
): WorkloadSignals[] {
  const keyOf = (l: Record<string, string>): string => workloadKey(l['destination_cluster'] ?? '', l['destination_workload_namespace'] ?? '', l['destination_workload'] ?? '');
  const byKey = <T extends MatrixSample>(samples: readonly T[]): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const s of samples) out.set(keyOf(s.metric), [...(out.get(keyOf(s.metric)) ?? []), s]);
    return out;
  };
  const errors = byKey(m.errors);
  const p95 = byKey(m.p95);
  return [...byKey(m.requests)].map(([key, samples]) => {
    const l = samples[0]!.metric;
    const rps = toSeries(samples, startMs, stepMs, count);
    return {
      cluster: l['destination_cluster'] ?? '', namespace: l['destination_workload_namespace'] ?? '', workload: l['destination_workload'] ?? '',
      app: l['destination_app'] || undefined,
      signals: {
        requestsPerSecond: { ...rps, values: rps.values.map((v) => v ?? 0) },
        errorRate: errorRateSeries(rps, toSeries(errors.get(key) ?? [], startMs, stepMs, count)),
        p95Ms: toSeries(p95.get(key) ?? [], startMs, stepMs, count),
      },
    };
  });
}

/**
 * A regex for the pods of workloads, by the names their controllers give them: Deployments
 * `<name>-<pod-template-hash>-<5>`, DaemonSets `<name>-<5>`, StatefulSets `<name>-<ordinal>`.
 * Tighter than `<name>-.*`, which would also take the pods of `<name>-v1`.
 */
export function podNameRegex(workloads: readonly string[]): string {
  return workloads.map((w) => {
    const name = escapeRegex(w);
    return `${name}-(?:[a-z0-9]{1,10}-)?[a-z0-9]{5}|${name}-[0-9]+`;
  }).join('|');
}

/** cAdvisor matchers for the sidecars of some workloads of a namespace (all of them when absent). */
export function proxyPodMatchers(namespace: string, workloads?: readonly string[]): string[] {
  return [
    'container="istio-proxy"',
    `namespace=${promString(namespace)}`,
    ...(workloads ? [`pod=~${promString(podNameRegex(workloads))}`] : []),
  ];
}

export function proxyCpuQuery(matchers: readonly string[], window: string): string {
  return `sum(rate(${selector('container_cpu_usage_seconds_total', matchers)}[${window}]))`;
}

export function proxyMemoryQuery(matchers: readonly string[]): string {
  return `sum(${selector('container_memory_working_set_bytes', matchers)})`;
}

/** The workloads Istio saw serving a service over a window (HTTP/gRPC or TCP). */
export function serviceWorkloadsQuery(service: EntityRef, filter: readonly string[], window: string): string {
  const m = [
    `destination_service_name=${promString(service.name ?? '')}`, `destination_service_namespace=${promString(service.namespace)}`, ...filter,
  ];
  return `count by (destination_workload) (count_over_time(${selector('istio_requests_total', m)}[${window}]) or count_over_time(${selector('istio_tcp_connections_opened_total', m)}[${window}]))`;
}
