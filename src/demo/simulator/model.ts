// The simulation model: the demo app's call graph with everything the sampler needs worked
// out once — expected request rates per edge, end-to-end latency per workload, the Istio
// label values of each edge and reporter.

import type { DemoApp, DemoEdge, DemoLoad, DemoService, DemoWorkload, LogNormal } from '../app.js';
import { hashString } from '../random.js';
import { ALL_FAULT_KINDS, type FaultBurst, type FaultConfig, type FaultKind, type FaultTarget } from './faults.js';

export type Reporter = 'source' | 'destination';
export const REPORTERS: readonly Reporter[] = ['source', 'destination'];

/** An expected rate as a linear function of the swinging load: `swing · load(t) + constant`. */
export interface RateCoefficients {
  swing: number;
  constant: number;
}

export interface SimWorkload extends FaultTarget {
  workload: DemoWorkload;
  /** Own latency plus the expected time spent waiting for callees. */
  latencyMs: LogNormal;
  inboundRate: RateCoefficients;
  /** Memo of `burstInSlot` per slot (a pure function; recomputing it per tick is wasteful). */
  burstBySlot: Map<number, FaultBurst | null>;
}

export interface SimEdge {
  index: number;
  id: string;
  idHash: number;
  edge: DemoEdge;
  service: DemoService;
  source: SimWorkload;
  destination: SimWorkload;
  rate: RateCoefficients;
  /** Which proxies report this edge: the caller's (source) and the callee's sidecar (destination). */
  reporters: Reporter[];
  /** Istio's label values, by reporter, without the per-request ones (code, flags, security). */
  labels: Record<Reporter, [string, string][]>;
  mtls: boolean;
  /** Time-bounded extra rate from test-load runs (load.ts), on top of `rate`; usually empty. */
  extra: ExtraRate[];
}

/** A constant extra rate over the ticks [fromTick, untilTick). */
export interface ExtraRate {
  rps: number;
  fromTick: number;
  untilTick: number;
}

export interface SimModel {
  seed: number;
  clusterName: string;
  load: DemoLoad;
  swingPeriodMs: number;
  startTick: number;
  faults: FaultConfig;
  workloads: SimWorkload[];
  edges: SimEdge[];
  edgeById: Map<string, SimEdge>;
}

export interface ModelInput {
  app: DemoApp;
  seed: number;
  clusterName: string;
  swingPeriodMs: number;
  startTick: number;
  faults: FaultConfig;
}

/** Workloads ordered so every caller comes before its callees; throws on a cycle. */
function topologicalOrder(app: DemoApp): DemoWorkload[] {
  const indegree = new Map(app.workloads.map((w) => [w.name, 0]));
  for (const e of app.edges) indegree.set(e.destination, (indegree.get(e.destination) ?? 0) + 1);
  const ready = app.workloads.filter((w) => indegree.get(w.name) === 0);
  const order: DemoWorkload[] = [];
  while (ready.length > 0) {
    const w = ready.shift()!;
    order.push(w);
    for (const e of app.edges) {
      if (e.source !== w.name) continue;
      const left = (indegree.get(e.destination) ?? 0) - 1;
      indegree.set(e.destination, left);
      if (left === 0) ready.push(app.workloads.find((x) => x.name === e.destination)!);
    }
  }
  if (order.length !== app.workloads.length) throw new Error('demo call graph has a cycle');
  return order;
}

const hasProxy = (w: DemoWorkload): boolean => w.proxy !== 'none';
const principal = (w: DemoWorkload): string => `spiffe://cluster.local/ns/${w.namespace}/sa/${w.serviceAccount}`;

function edgeLabels(e: DemoEdge, src: DemoWorkload, dst: DemoWorkload, service: DemoService, cluster: string, reporter: Reporter): [string, string][] {
  return [
    ['reporter', reporter],
    ['source_workload', src.name],
    ['source_canonical_service', src.app],
    ['source_canonical_revision', src.version ?? 'latest'],
    ['source_workload_namespace', src.namespace],
    ['source_principal', hasProxy(src) ? principal(src) : 'unknown'],
    ['source_app', src.app],
    ['source_version', src.version ?? 'unknown'],
    ['source_cluster', cluster],
    ['destination_workload', dst.name],
    ['destination_workload_namespace', dst.namespace],
    ['destination_principal', dst.proxy === 'sidecar' ? principal(dst) : 'unknown'],
    ['destination_app', dst.app],
    ['destination_version', dst.version ?? 'unknown'],
    ['destination_service', `${service.name}.${service.namespace}.svc.cluster.local`],
    ['destination_canonical_service', dst.app],
    ['destination_canonical_revision', dst.version ?? 'latest'],
    ['destination_service_name', service.name],
    ['destination_service_namespace', service.namespace],
    ['destination_cluster', cluster],
    ['request_protocol', e.protocol],
  ];
}

/** Bursts hit what is called: HTTP/gRPC servers get every kind, plain TCP servers only resets. */
function faultKindsOf(app: DemoApp, w: DemoWorkload): readonly FaultKind[] {
  const inbound = app.edges.filter((e) => e.destination === w.name);
  if (inbound.length === 0) return [];
  return inbound.every((e) => e.protocol === 'tcp') ? ['upstream-reset'] : ALL_FAULT_KINDS;
}

export function buildModel(input: ModelInput): SimModel {
  const { app } = input;
  const order = topologicalOrder(app);
  const sims = new Map<string, SimWorkload>(app.workloads.map((w, index) => [w.name, {
    name: w.name, index, kinds: faultKindsOf(app, w), workload: w, latencyMs: w.latencyMs,
    inboundRate: { swing: 0, constant: 0 }, burstBySlot: new Map(),
  }]));
  const sim = (name: string): SimWorkload => sims.get(name)!;

  // Rates flow from the origins down the graph: what a workload handles, times each edge's ratio.
  const edgeRates = new Map<string, RateCoefficients>();
  for (const w of order) {
    const s = sim(w.name);
    const handled: RateCoefficients = w.origin
      ? (w.origin.kind === 'swing' ? { swing: 1, constant: 0 } : { swing: 0, constant: w.origin.rps })
      : s.inboundRate;
    for (const e of app.edges.filter((x) => x.source === w.name)) {
      const rate = { swing: handled.swing * e.ratio, constant: handled.constant * e.ratio };
      edgeRates.set(e.id, rate);
      const d = sim(e.destination).inboundRate;
      d.swing += rate.swing;
      d.constant += rate.constant;
    }
  }

  // Latency flows back up: a caller waits (sequentially) for its expected calls.
  for (const w of [...order].reverse()) {
    const s = sim(w.name);
    const waiting = app.edges
      .filter((e) => e.source === w.name)
      .reduce((sum, e) => sum + e.ratio * sim(e.destination).latencyMs.median, 0);
    s.latencyMs = { median: w.latencyMs.median + waiting, sigma: w.latencyMs.sigma };
  }

  const edges = app.edges.map((e, index) => simEdge(app, sims, input.clusterName, e, index, edgeRates.get(e.id)));

  return {
    seed: input.seed,
    clusterName: input.clusterName,
    load: app.load,
    swingPeriodMs: input.swingPeriodMs,
    startTick: input.startTick,
    faults: input.faults,
    workloads: [...sims.values()],
    edges,
    edgeById: new Map(edges.map((e) => [e.id, e])),
  };
}

/** One edge of the simulation (also for edges added later, such as test-load entries). */
export function simEdge(app: DemoApp, sims: ReadonlyMap<string, SimWorkload>, clusterName: string, e: DemoEdge, index: number, rate?: RateCoefficients): SimEdge {
  const source = sims.get(e.source)!;
  const destination = sims.get(e.destination)!;
  const service = app.services.find((s) => s.name === e.service)!;
  const reporters: Reporter[] = [];
  if (hasProxy(source.workload)) reporters.push('source');
  if (destination.workload.proxy === 'sidecar') reporters.push('destination');
  const labels = {
    source: edgeLabels(e, source.workload, destination.workload, service, clusterName, 'source'),
    destination: edgeLabels(e, source.workload, destination.workload, service, clusterName, 'destination'),
  };
  return {
    index, id: e.id, idHash: hashString(e.id), edge: e, service, source, destination,
    rate: rate ?? { swing: 0, constant: 0 },
    reporters, labels,
    mtls: hasProxy(source.workload) && destination.workload.proxy === 'sidecar',
    extra: [],
  };
}

/** Extra requests per second on an edge at a tick from the load runs covering it. */
export function extraRateAt(edge: SimEdge, tick: number): number {
  let rps = 0;
  for (const x of edge.extra) if (x.fromTick <= tick && tick < x.untilTick) rps += x.rps;
  return rps;
}

/**
 * The load generator's target rate at a moment: a cosine swing from minRPS (at multiples of
 * the period, counted from the Unix epoch so any instant is recomputable) up to maxRPS.
 */
export function swingLoad(load: DemoLoad, periodMs: number, atMs: number): number {
  const phase = (((atMs % periodMs) + periodMs) % periodMs) / periodMs;
  return load.minRPS + (load.maxRPS - load.minRPS) * (1 - Math.cos(2 * Math.PI * phase)) / 2;
}

export function expectedRate(model: SimModel, rate: RateCoefficients, atMs: number): number {
  return rate.swing * swingLoad(model.load, model.swingPeriodMs, atMs) + rate.constant;
}
