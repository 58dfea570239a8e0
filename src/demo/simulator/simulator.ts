// The traffic simulator: advances the demo mesh one-second tick at a time, keeps Istio's
// counters as running totals (what a scrape sees) and a retention window of per-tick
// aggregates per edge (what "RPS / errors / latency over [t1, t2]" queries read).
// Everything is recomputable: a tick's traffic is a pure function of (seed, tick, edge).

import { DEMO_APP, DEMO_CLUSTER_NAME, type DemoApp, type DemoEdge, type DemoProtocol } from '../app.js';
import { BIN_COUNT, DURATION_BUCKETS_MS, BYTES_BUCKETS, histogramQuantile, cumulate } from './buckets.js';
import { renderCounter, renderGauge, renderHistogram, renderLabels, type CounterSample, type HistogramSample } from './exposition.js';
import { burstsBetween, DEFAULT_FAULTS, type FaultBurst, type FaultConfig } from './faults.js';
import { planLoad, type LoadTarget } from './load.js';
import { buildModel, expectedRate, REPORTERS, simEdge, type SimWorkload, type RateCoefficients, type Reporter, type SimEdge, type SimModel } from './model.js';
import { PROXY_CONTAINER, proxyMemoryBytes, proxyPodsOf, proxyTickCpuSeconds, type ProxyPod } from './proxy-resources.js';
import { isError, sampleEdgeTick, TICK_MS, type EdgeTickSample } from './sample.js';

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface SimulatorOptions {
  app?: DemoApp;
  seed?: number;
  clock?: Clock;
  clusterName?: string;
  /** Period of the load swing; default the app's `swingPeriod` (1380 s for the product's demo). */
  swingPeriodMs?: number;
  /** How long per-tick aggregates are kept for window queries (default 1 h). */
  retentionMs?: number;
  /** History simulated before the clock's "now" at creation (default 30 min), so charts have data. */
  backfillMs?: number;
  /** Explicit start instant; overrides `backfillMs`. */
  startMs?: number;
  /** Fault bursts on top of the steady error rates; `false` turns them off. */
  faults?: Partial<FaultConfig> | false;
}

/** An edge of the simulated call graph, as callers of the query API see it. */
export interface SimulatedEdge {
  id: string;
  source: string;
  sourceNamespace: string;
  destination: string;
  destinationNamespace: string;
  service: string;
  serviceNamespace: string;
  port: number;
  protocol: DemoProtocol;
  reporters: Reporter[];
  /** Both sides have sidecars, so the connection is mutual TLS. */
  mtls: boolean;
}

/** Aggregates of one edge, as one reporter saw it, over whole ticks in [fromMs, toMs). */
export interface EdgeWindow {
  edgeId: string;
  reporter: Reporter;
  protocol: DemoProtocol;
  /** The range actually covered: aligned to ticks and clipped to what was simulated and retained. */
  fromMs: number;
  toMs: number;
  seconds: number;
  requests: number;
  errors: number;
  duration: {
    bounds: readonly number[];
    /** Cumulative counts per bound; one more entry than `bounds`, the last is `+Inf`. */
    cumulative: number[];
    sumMs: number;
  };
  requestBytes: number;
  responseBytes: number;
  tcp: { opened: number; closed: number; sentBytes: number; receivedBytes: number };
}

/** A test-load run the simulator accepted: what it sends, to which edges, over which instants. */
export interface LoadRun extends LoadTarget {
  requestsPerSecond: number;
  fromMs: number;
  untilMs: number;
  /** The load source → target workload edges the run enters by. */
  entryEdges: string[];
}

/** CPU of one workload's sidecars (all its pods) over whole ticks in [fromMs, toMs). */
export interface ProxyWindow {
  workload: string;
  namespace: string;
  /** The range actually covered, clipped as edge windows are. */
  fromMs: number;
  toMs: number;
  seconds: number;
  cpuSeconds: number;
}

export const windowRps = (w: EdgeWindow): number => (w.seconds > 0 ? w.requests / w.seconds : 0);
export const windowErrorRate = (w: EdgeWindow): number => (w.requests > 0 ? w.errors / w.requests : 0);
export const windowQuantileMs = (w: EdgeWindow, q: number): number => histogramQuantile(q, w.duration.bounds, w.duration.cumulative);

// --- retention ring -----------------------------------------------------------------------

// Per-tick layout. HTTP/gRPC counts: requests, errors, then the duration bins; sums: duration,
// request bytes, response bytes. TCP sums: opened, closed, sent, received.
const HTTP_COUNTS = 2 + BIN_COUNT;
const HTTP_SUMS = 3;
const TCP_SUMS = 4;

class TickRing {
  readonly counts: Uint32Array;
  readonly sums: Float64Array;
  private readonly tickAt: Float64Array;

  constructor(readonly capacity: number, readonly countWidth: number, readonly sumWidth: number) {
    this.counts = new Uint32Array(capacity * countWidth);
    this.sums = new Float64Array(capacity * sumWidth);
    this.tickAt = new Float64Array(capacity).fill(-1);
  }

  /** Claim the slot of `tick` (zeroed), returning its index. */
  claim(tick: number): number {
    const slot = tick % this.capacity;
    this.tickAt[slot] = tick;
    for (let i = slot * this.countWidth, end = i + this.countWidth; i < end; i++) this.counts[i] = 0;
    for (let i = slot * this.sumWidth, end = i + this.sumWidth; i < end; i++) this.sums[i] = 0;
    return slot;
  }

  slotOf(tick: number): number | undefined {
    const slot = tick % this.capacity;
    return this.tickAt[slot] === tick ? slot : undefined;
  }
}

// --- cumulative series --------------------------------------------------------------------

interface HttpSeries {
  order: string;
  responseCode: number;
  grpcStatus: string;
  responseFlags: string;
  labels: string;
  count: number;
  durationBins: Float64Array;
  durationSum: number;
  requestBytesBins: Float64Array;
  requestBytesSum: number;
  responseBytesBins: Float64Array;
  responseBytesSum: number;
}

interface TcpSeries {
  order: string;
  responseFlags: string;
  labels: string;
  opened: number;
  closed: number;
  sent: number;
  received: number;
}

const HELP = {
  requests: 'Requests handled by an Istio proxy (Istio standard metric).',
  duration: 'Duration of requests in milliseconds (Istio standard metric).',
  requestBytes: 'HTTP request sizes in bytes (Istio standard metric).',
  responseBytes: 'HTTP response sizes in bytes (Istio standard metric).',
  tcpSent: 'Bytes sent during responses on TCP connections (Istio standard metric).',
  tcpReceived: 'Bytes received during requests on TCP connections (Istio standard metric).',
  tcpOpened: 'TCP connections opened (Istio standard metric).',
  tcpClosed: 'TCP connections closed (Istio standard metric).',
};

/** The sidecars of one workload and what they did: cumulative CPU per pod, per-tick CPU retained. */
interface ProxyState {
  namespace: string;
  workload: string;
  pods: ProxyPod[];
  /** Cumulative CPU seconds per pod since the simulator's start (the cAdvisor counter). */
  cpuSecondsTotal: number[];
  /** Per-tick CPU seconds of all its pods, for window queries. */
  ring: TickRing;
  /** Expected requests per second its proxy handles, inbound and outbound (for memory). */
  handledRate: RateCoefficients;
  /** The current tick's work, filled while recording edges. */
  tickRequests: number;
  tickTcpBytes: number;
  /** Pre-rendered cAdvisor labels per pod. */
  labels: string[];
}

const HELP_CPU = 'Cumulative cpu time consumed in seconds (cAdvisor; simulated for the demo sidecars).';
const HELP_MEMORY = 'Current working set in bytes (cAdvisor; simulated for the demo sidecars).';

const slotIndex = (edge: SimEdge, reporter: Reporter): number => edge.index * 2 + (reporter === 'source' ? 0 : 1);

function securityPolicy(edge: SimEdge, reporter: Reporter): string {
  if (reporter === 'source') return 'unknown';
  return edge.mtls ? 'mutual_tls' : 'none';
}

export class TrafficSimulator {
  readonly app: DemoApp;
  readonly model: SimModel;
  readonly startMs: number;
  readonly retentionTicks: number;
  private readonly clock: Clock;
  /** The next tick to simulate: counters cover [startTick, nextTick). */
  private nextTick: number;
  /** Per-tick aggregates, at `slotIndex(edge, reporter)`; absent for reporters an edge lacks. */
  private readonly rings: (TickRing | undefined)[] = [];
  private readonly httpSeries = new Map<string, HttpSeries>();
  private readonly tcpSeries = new Map<string, TcpSeries>();
  /** The same series at `slotIndex(edge, reporter)`, for the per-tick lookup (a few each: scanned). */
  private readonly httpByEdge: HttpSeries[][] = [];
  private readonly tcpByEdge: TcpSeries[][] = [];
  /** Sidecar state by workload index (`SimWorkload.index`); absent for workloads without a proxy. */
  private readonly proxies: (ProxyState | undefined)[] = [];

  constructor(options: SimulatorOptions = {}) {
    this.app = options.app ?? DEMO_APP;
    this.clock = options.clock ?? systemClock;
    const start = options.startMs ?? this.clock.now() - (options.backfillMs ?? 30 * 60_000);
    const startTick = Math.floor(start / TICK_MS);
    this.startMs = startTick * TICK_MS;
    this.nextTick = startTick;
    this.retentionTicks = Math.max(1, Math.ceil((options.retentionMs ?? 3_600_000) / TICK_MS));
    const faults = options.faults === false ? { ...DEFAULT_FAULTS, burstsPerHour: 0 } : { ...DEFAULT_FAULTS, ...(options.faults ?? {}) };
    this.model = buildModel({
      app: this.app,
      seed: (options.seed ?? 1) >>> 0,
      clusterName: options.clusterName ?? DEMO_CLUSTER_NAME,
      swingPeriodMs: options.swingPeriodMs ?? this.app.load.swingPeriodNs / 1e6,
      startTick,
      faults,
    });
    for (const edge of this.model.edges) this.allocate(edge);
    for (const w of this.model.workloads) {
      const pods = proxyPodsOf(this.model.seed, w.workload);
      if (pods.length === 0) continue;
      // A proxy handles what it reports: inbound as the destination, outbound as the source.
      const handledRate = { swing: 0, constant: 0 };
      for (const e of this.model.edges) {
        const reports = (e.destination === w && e.reporters.includes('destination')) || (e.source === w && e.reporters.includes('source'));
        if (!reports || e.edge.protocol === 'tcp') continue;
        handledRate.swing += e.rate.swing;
        handledRate.constant += e.rate.constant;
      }
      this.proxies[w.index] = {
        namespace: w.workload.namespace, workload: w.workload.name, pods,
        cpuSecondsTotal: pods.map(() => 0),
        ring: new TickRing(this.retentionTicks, 0, 1),
        handledRate, tickRequests: 0, tickTcpBytes: 0,
        labels: pods.map((p) => renderLabels([['container', PROXY_CONTAINER], ['namespace', p.namespace], ['pod', p.pod]])),
      };
    }
  }

  /**
   * Send `requestsPerSecond` more to a service port from the demo's load generator for
   * `durationSeconds`, from the first tick not yet simulated (the request's moment): the
   * workloads behind it get it by the service's split and pass it on to their callees as the
   * demo's own load. Runs are part of the state: same seed and same runs, same numbers.
   * Throws LoadTargetError for a service or port the demo does not have.
   */
  addLoad(target: LoadTarget, requestsPerSecond: number, durationSeconds: number): LoadRun {
    if (!(requestsPerSecond > 0) || !(durationSeconds > 0)) throw new RangeError('load needs a positive rate and duration');
    const plan = planLoad(this.app, target);
    for (const e of plan.entries) if (!this.model.edgeById.has(e.id)) this.addEdge(e);
    const fromTick = Math.max(this.nextTick, Math.floor(this.clock.now() / TICK_MS));
    const untilTick = fromTick + Math.ceil((durationSeconds * 1000) / TICK_MS);
    for (const [id, factor] of plan.factors) this.model.edgeById.get(id)!.extra.push({ rps: requestsPerSecond * factor, fromTick, untilTick });
    return {
      ...target, requestsPerSecond, fromMs: fromTick * TICK_MS, untilMs: untilTick * TICK_MS,
      entryEdges: plan.entries.map((e) => e.id),
    };
  }

  /** The sidecars of the simulated workloads, one per pod. */
  get proxyPods(): ProxyPod[] {
    return this.proxies.flatMap((p) => (p ? p.pods.map((pod) => ({ ...pod })) : []));
  }

  get edges(): SimulatedEdge[] {
    return this.model.edges.map((e) => ({
      id: e.id,
      source: e.source.workload.name,
      sourceNamespace: e.source.workload.namespace,
      destination: e.destination.workload.name,
      destinationNamespace: e.destination.workload.namespace,
      service: e.service.name,
      serviceNamespace: e.service.namespace,
      port: e.edge.port.port,
      protocol: e.edge.protocol,
      reporters: [...e.reporters],
      mtls: e.mtls,
    }));
  }

  /** The instant up to which traffic has been simulated (exclusive). */
  get simulatedUntilMs(): number {
    return this.nextTick * TICK_MS;
  }

  now(): number {
    return this.clock.now();
  }

  /** Simulate every whole tick that ends at or before `ms`. */
  advanceTo(ms: number = this.clock.now()): void {
    const until = Math.floor(ms / TICK_MS);
    for (; this.nextTick < until; this.nextTick++) {
      for (const edge of this.model.edges) this.record(edge, sampleEdgeTick(this.model, edge, this.nextTick));
      this.recordProxies(this.nextTick);
    }
  }

  /** Recompute one tick of one edge (pure; does not touch the simulator's state). */
  sampleTick(edgeId: string, tick: number): EdgeTickSample {
    return sampleEdgeTick(this.model, this.edge(edgeId), tick);
  }

  /** The load generator's target RPS at an instant (without the per-tick jitter). */
  entryRateAt(ms: number): number {
    return expectedRate(this.model, { swing: 1, constant: 0 }, ms);
  }

  /** Fault bursts overlapping [fromMs, toMs). */
  faultBursts(fromMs: number, toMs: number): FaultBurst[] {
    return burstsBetween(this.model.seed, this.model.workloads, fromMs, toMs, this.model.faults);
  }

  /**
   * Istio's standard metrics as a Prometheus scrape at `atMs` would see them: cumulative since
   * the simulator's start. Scrapes go forward in time; asking for an instant before what has
   * already been simulated is an error (counters cannot be rewound).
   */
  renderPrometheusText(atMs: number = this.clock.now()): string {
    const tick = Math.floor(atMs / TICK_MS);
    if (tick < this.nextTick) {
      throw new RangeError(`cannot render metrics at ${new Date(atMs).toISOString()}: already simulated until ${new Date(this.simulatedUntilMs).toISOString()}`);
    }
    this.advanceTo(atMs);
    const http = [...this.httpSeries.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const tcp = [...this.tcpSeries.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const counter = (pick: (s: TcpSeries) => number): CounterSample[] => tcp.map((s) => ({ labels: s.labels, value: pick(s) }));
    const histogram = (bins: (s: HttpSeries) => Float64Array, sum: (s: HttpSeries) => number): HistogramSample[] =>
      http.map((s) => ({ labels: s.labels, bins: bins(s), sum: sum(s) }));
    return [
      renderCounter('istio_requests_total', HELP.requests, http.map((s) => ({ labels: s.labels, value: s.count }))),
      renderHistogram('istio_request_duration_milliseconds', HELP.duration, DURATION_BUCKETS_MS, histogram((s) => s.durationBins, (s) => s.durationSum)),
      renderHistogram('istio_request_bytes', HELP.requestBytes, BYTES_BUCKETS, histogram((s) => s.requestBytesBins, (s) => s.requestBytesSum)),
      renderHistogram('istio_response_bytes', HELP.responseBytes, BYTES_BUCKETS, histogram((s) => s.responseBytesBins, (s) => s.responseBytesSum)),
      renderCounter('istio_tcp_sent_bytes_total', HELP.tcpSent, counter((s) => s.sent)),
      renderCounter('istio_tcp_received_bytes_total', HELP.tcpReceived, counter((s) => s.received)),
      renderCounter('istio_tcp_connections_opened_total', HELP.tcpOpened, counter((s) => s.opened)),
      renderCounter('istio_tcp_connections_closed_total', HELP.tcpClosed, counter((s) => s.closed)),
      renderCounter('container_cpu_usage_seconds_total', HELP_CPU, this.proxyStates().flatMap((p) =>
        p.pods.map((_, i) => ({ labels: p.labels[i]!, value: p.cpuSecondsTotal[i]! })))),
      renderGauge('container_memory_working_set_bytes', HELP_MEMORY, this.proxyStates().flatMap((p) =>
        p.pods.map((pod, i) => ({ labels: p.labels[i]!, value: this.podMemoryBytes(p, pod, atMs) })))),
    ].join('');
  }

  /**
   * Aggregates of one edge over the whole ticks in [fromMs, toMs), as `reporter` saw them
   * (default: the destination's sidecar, or the source's proxy when the callee has none).
   * The range is clipped to the retention window and to the present; the result says which
   * range it covers. Equal to the difference of the cumulative counters at toMs and fromMs.
   */
  edgeWindow(edgeId: string, fromMs: number, toMs: number, reporter?: Reporter): EdgeWindow {
    const edge = this.edge(edgeId);
    const who = reporter ?? (edge.reporters.includes('destination') ? 'destination' : 'source');
    const { first, end } = this.retainedTicks(fromMs, toMs);
    const bins = new Array<number>(BIN_COUNT).fill(0);
    const w: EdgeWindow = {
      edgeId, reporter: who, protocol: edge.edge.protocol,
      fromMs: first * TICK_MS, toMs: end * TICK_MS, seconds: end - first,
      requests: 0, errors: 0,
      duration: { bounds: DURATION_BUCKETS_MS, cumulative: [], sumMs: 0 },
      requestBytes: 0, responseBytes: 0,
      tcp: { opened: 0, closed: 0, sentBytes: 0, receivedBytes: 0 },
    };
    const ring = this.rings[slotIndex(edge, who)];
    if (ring) {
      const tcp = edge.edge.protocol === 'tcp';
      for (let tick = first; tick < end; tick++) {
        const slot = ring.slotOf(tick);
        if (slot === undefined) continue;
        const s = slot * ring.sumWidth;
        if (tcp) {
          w.tcp.opened += ring.sums[s]!;
          w.tcp.closed += ring.sums[s + 1]!;
          w.tcp.sentBytes += ring.sums[s + 2]!;
          w.tcp.receivedBytes += ring.sums[s + 3]!;
          continue;
        }
        const c = slot * ring.countWidth;
        w.requests += ring.counts[c]!;
        w.errors += ring.counts[c + 1]!;
        for (let b = 0; b < BIN_COUNT; b++) bins[b]! += ring.counts[c + 2 + b]!;
        w.duration.sumMs += ring.sums[s]!;
        w.requestBytes += ring.sums[s + 1]!;
        w.responseBytes += ring.sums[s + 2]!;
      }
    }
    w.duration.cumulative = cumulate(bins);
    return w;
  }

  /** Consecutive windows of `stepMs` over [fromMs, toMs): a time series for charts. */
  edgeSeries(edgeId: string, fromMs: number, toMs: number, stepMs: number, reporter?: Reporter): EdgeWindow[] {
    if (stepMs < TICK_MS) throw new RangeError(`step must be at least ${TICK_MS} ms`);
    const out: EdgeWindow[] = [];
    for (let t = fromMs; t < toMs; t += stepMs) out.push(this.edgeWindow(edgeId, t, Math.min(t + stepMs, toMs), reporter));
    return out;
  }

  /**
   * CPU of a workload's sidecars over the whole ticks in [fromMs, toMs), clipped like
   * `edgeWindow`; undefined when the workload has no proxy.
   */
  proxyWindow(namespace: string, workload: string, fromMs: number, toMs: number): ProxyWindow | undefined {
    const proxy = this.proxyState(namespace, workload);
    if (!proxy) return undefined;
    const { first, end } = this.retainedTicks(fromMs, toMs);
    let cpuSeconds = 0;
    for (let tick = first; tick < end; tick++) {
      const slot = proxy.ring.slotOf(tick);
      if (slot !== undefined) cpuSeconds += proxy.ring.sums[slot]!;
    }
    return { workload, namespace, fromMs: first * TICK_MS, toMs: end * TICK_MS, seconds: end - first, cpuSeconds };
  }

  /** Working set of a workload's sidecars (all pods) at an instant; undefined without a proxy. */
  proxyMemoryBytesAt(namespace: string, workload: string, atMs: number): number | undefined {
    const proxy = this.proxyState(namespace, workload);
    return proxy ? proxy.pods.reduce((sum, pod) => sum + this.podMemoryBytes(proxy, pod, atMs), 0) : undefined;
  }

  /** Advance up to `toMs` (never past the present) and clip [fromMs, toMs) to retained ticks. */
  private retainedTicks(fromMs: number, toMs: number): { first: number; end: number } {
    const limit = Math.max(this.clock.now(), this.simulatedUntilMs);
    this.advanceTo(Math.min(toMs, limit));
    const oldest = Math.max(this.model.startTick, this.nextTick - this.retentionTicks);
    const first = Math.max(Math.floor(fromMs / TICK_MS), oldest);
    const end = Math.max(first, Math.min(Math.floor(toMs / TICK_MS), this.nextTick));
    return { first, end };
  }

  private proxyStates(): ProxyState[] {
    return this.proxies.filter((p): p is ProxyState => p !== undefined);
  }

  private proxyState(namespace: string, workload: string): ProxyState | undefined {
    return this.proxies.find((p) => p !== undefined && p.namespace === namespace && p.workload === workload);
  }

  private podMemoryBytes(proxy: ProxyState, pod: ProxyPod, atMs: number): number {
    const perPodRps = expectedRate(this.model, proxy.handledRate, atMs) / proxy.pods.length;
    return proxyMemoryBytes(this.model.seed, pod, atMs, perPodRps);
  }

  /** Turn the tick's work of every sidecar into CPU seconds (requests spread evenly over pods). */
  private recordProxies(tick: number): void {
    for (const p of this.proxies) {
      if (!p) continue;
      const slot = p.ring.claim(tick);
      const work = { requests: p.tickRequests / p.pods.length, tcpBytes: p.tickTcpBytes / p.pods.length };
      p.pods.forEach((pod, i) => {
        const cpu = proxyTickCpuSeconds(this.model.seed, pod, tick, work, TICK_MS / 1000);
        p.cpuSecondsTotal[i]! += cpu;
        p.ring.sums[slot]! += cpu;
      });
      p.tickRequests = 0;
      p.tickTcpBytes = 0;
    }
  }

  /** Retention rings and series lists of an edge, for the reporters it has. */
  private allocate(edge: SimEdge): void {
    for (const reporter of REPORTERS) {
      const at = slotIndex(edge, reporter);
      this.httpByEdge[at] = [];
      this.tcpByEdge[at] = [];
      if (!edge.reporters.includes(reporter)) continue;
      this.rings[at] = edge.edge.protocol === 'tcp'
        ? new TickRing(this.retentionTicks, 0, TCP_SUMS)
        : new TickRing(this.retentionTicks, HTTP_COUNTS, HTTP_SUMS);
    }
  }

  /** A new edge (a load entry): no traffic before now, sampled with the others from now on. */
  private addEdge(e: DemoEdge): void {
    const sims = new Map<string, SimWorkload>(this.model.workloads.map((w) => [w.workload.name, w]));
    const edge = simEdge(this.app, sims, this.model.clusterName, e, this.model.edges.length);
    this.model.edges.push(edge);
    this.model.edgeById.set(edge.id, edge);
    this.allocate(edge);
  }

  private edge(edgeId: string): SimEdge {
    const edge = this.model.edgeById.get(edgeId);
    if (!edge) throw new Error(`unknown demo edge "${edgeId}" (known: ${[...this.model.edgeById.keys()].join(', ')})`);
    return edge;
  }

  private record(edge: SimEdge, sample: EdgeTickSample): void {
    const source = this.rings[slotIndex(edge, 'source')];
    const destination = this.rings[slotIndex(edge, 'destination')];
    const slots = {
      source: source ? { ring: source, slot: source.claim(sample.tick) } : undefined,
      destination: destination ? { ring: destination, slot: destination.claim(sample.tick) } : undefined,
    };
    const proxyOf = (reporter: Reporter): ProxyState | undefined => this.proxies[(reporter === 'source' ? edge.source : edge.destination).index];
    for (const g of sample.requests) {
      const proxy = proxyOf(g.reporter);
      if (proxy) proxy.tickRequests += g.count;
      const series = this.httpSeriesFor(edge, g.reporter, g.responseCode, g.grpcStatus, g.responseFlags);
      series.count += g.count;
      series.durationSum += g.durationSumMs;
      series.requestBytesSum += g.requestBytesSum;
      series.responseBytesSum += g.responseBytesSum;
      for (let b = 0; b < BIN_COUNT; b++) {
        series.durationBins[b]! += g.durationBins[b]!;
        series.requestBytesBins[b]! += g.requestBytesBins[b]!;
        series.responseBytesBins[b]! += g.responseBytesBins[b]!;
      }
      const at = slots[g.reporter];
      if (!at) continue;
      const c = at.slot * at.ring.countWidth;
      const s = at.slot * at.ring.sumWidth;
      at.ring.counts[c]! += g.count;
      if (isError(g)) at.ring.counts[c + 1]! += g.count;
      for (let b = 0; b < BIN_COUNT; b++) at.ring.counts[c + 2 + b]! += g.durationBins[b]!;
      at.ring.sums[s]! += g.durationSumMs;
      at.ring.sums[s + 1]! += g.requestBytesSum;
      at.ring.sums[s + 2]! += g.responseBytesSum;
    }
    for (const g of sample.tcp) {
      const proxy = proxyOf(g.reporter);
      if (proxy) proxy.tickTcpBytes += g.sentBytes + g.receivedBytes;
      const series = this.tcpSeriesFor(edge, g.reporter, g.responseFlags);
      series.opened += g.opened;
      series.closed += g.closed;
      series.sent += g.sentBytes;
      series.received += g.receivedBytes;
      const at = slots[g.reporter];
      if (!at) continue;
      const s = at.slot * at.ring.sumWidth;
      at.ring.sums[s]! += g.opened;
      at.ring.sums[s + 1]! += g.closed;
      at.ring.sums[s + 2]! += g.sentBytes;
      at.ring.sums[s + 3]! += g.receivedBytes;
    }
  }

  private seriesOrder(edge: SimEdge, reporter: Reporter, rest: string): string {
    return `${String(edge.index).padStart(4, '0')}|${REPORTERS.indexOf(reporter)}|${rest}`;
  }

  private httpSeriesFor(edge: SimEdge, reporter: Reporter, code: number, grpcStatus: string, flags: string): HttpSeries {
    const list = this.httpByEdge[slotIndex(edge, reporter)]!;
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      if (x.responseCode === code && x.grpcStatus === grpcStatus && x.responseFlags === flags) return x;
    }
    const order = this.seriesOrder(edge, reporter, `${code}|${grpcStatus}|${flags}`);
    const s: HttpSeries = {
      order, responseCode: code, grpcStatus, responseFlags: flags,
      labels: renderLabels([
        ...edge.labels[reporter],
        ['response_code', String(code)],
        ['grpc_response_status', grpcStatus],
        ['response_flags', flags],
        ['connection_security_policy', securityPolicy(edge, reporter)],
      ]),
      count: 0,
      durationBins: new Float64Array(BIN_COUNT), durationSum: 0,
      requestBytesBins: new Float64Array(BIN_COUNT), requestBytesSum: 0,
      responseBytesBins: new Float64Array(BIN_COUNT), responseBytesSum: 0,
    };
    this.httpSeries.set(order, s);
    list.push(s);
    return s;
  }

  private tcpSeriesFor(edge: SimEdge, reporter: Reporter, flags: string): TcpSeries {
    const list = this.tcpByEdge[slotIndex(edge, reporter)]!;
    const found = list.find((x) => x.responseFlags === flags);
    if (found) return found;
    const order = this.seriesOrder(edge, reporter, flags);
    const s: TcpSeries = {
      order, responseFlags: flags,
      labels: renderLabels([
        ...edge.labels[reporter],
        ['response_flags', flags],
        ['connection_security_policy', securityPolicy(edge, reporter)],
      ]),
      opened: 0, closed: 0, sent: 0, received: 0,
    };
    this.tcpSeries.set(order, s);
    list.push(s);
    return s;
  }
}

export function createSimulator(options: SimulatorOptions = {}): TrafficSimulator {
  return new TrafficSimulator(options);
}
