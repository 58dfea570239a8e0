// One second of one edge: how many requests (or TCP connections and bytes) went over it, how
// they ended and how long they took, as each reporting proxy saw them. A pure function of
// (seed, tick, edge) given the app: any tick can be recomputed on its own, in any order. (TCP
// connections closing look back at ticks before; none close that opened before the start.)

import { Normals, rngFor, stochasticRound, type Rng } from '../random.js';
import { ENVOY_DEFAULT_BUCKETS } from './buckets.js';
import { burstInSlot, type FaultBurst } from './faults.js';
import { expectedRate, extraRateAt, type Reporter, type SimEdge, type SimModel } from './model.js';

export interface RequestGroup {
  reporter: Reporter;
  responseCode: number;
  /** `0` (OK) or a gRPC status for gRPC, empty for plain HTTP, as Istio reports it. */
  grpcStatus: string;
  responseFlags: string;
  count: number;
  /** Per-bin counts over the default buckets (the last bin is `+Inf`), not cumulative. */
  durationBins: number[];
  durationSumMs: number;
  requestBytesBins: number[];
  requestBytesSum: number;
  responseBytesBins: number[];
  responseBytesSum: number;
}

export interface TcpGroup {
  reporter: Reporter;
  responseFlags: string;
  opened: number;
  closed: number;
  sentBytes: number;
  receivedBytes: number;
}

export interface EdgeTickSample {
  edgeId: string;
  tick: number;
  requests: RequestGroup[];
  tcp: TcpGroup[];
}

export const TICK_MS = 1000;

// Separate random streams, so e.g. connection churn can be recomputed without replaying requests.
const LOAD_STREAM = 0x10ad;
const EDGE_STREAM = 0xed9e;
const CONNECTION_STREAM = 0xc044;

/** Pooled database connections: a few new ones a minute, each living about half a minute. */
const CONNECTIONS_PER_QUERY = 0.02;
const CONNECTION_LIFETIME_TICKS = 30;
/** Bytes of Envoy's "upstream connect error or disconnect/reset before headers" body. */
const RESET_BODY_BYTES = 91;
/** A short error body, like the app's "service unavailable". */
const ERROR_BODY_BYTES = 19;

/** A load wobble shared by all edges in a tick (the generator's own jitter), about ±4 %. */
export function loadNoise(seed: number, tick: number): number {
  const rng = rngFor(seed, LOAD_STREAM, tick);
  const n = (rng() + rng() + rng() - 1.5) / 0.5; // ~N(0, 1), bounded to ±3
  return 1 + 0.04 * n;
}

/** Expected requests (or queries) on an edge during a tick. */
export function edgeRateAt(model: SimModel, edge: SimEdge, tick: number): number {
  return (expectedRate(model, edge.rate, tick * TICK_MS) + extraRateAt(edge, tick)) * loadNoise(model.seed, tick);
}

function faultAt(model: SimModel, edge: SimEdge, tick: number): FaultBurst | undefined {
  if (model.faults.burstsPerHour <= 0) return undefined;
  const target = edge.destination;
  const ms = tick * TICK_MS;
  const slot = Math.floor(ms / model.faults.slotMs);
  let burst = target.burstBySlot.get(slot);
  if (burst === undefined) {
    burst = burstInSlot(model.seed, target, slot, model.faults) ?? null;
    target.burstBySlot.set(slot, burst);
  }
  return burst && burst.startMs <= ms && ms < burst.endMs ? burst : undefined;
}

// Module-local copies for the per-request hot path (imported bindings cost an indirection
// per access in some module loaders).
const BOUNDS = Float64Array.from(ENVOY_DEFAULT_BUCKETS);
const BINS = BOUNDS.length + 1;

/** The bin of a value: the first bound it does not exceed, or `+Inf`. Most values fall low. */
function binOf(value: number): number {
  for (let i = 0; i < BOUNDS.length; i++) if (value <= BOUNDS[i]!) return i;
  return BOUNDS.length;
}

/** Requests of a tick grouped by how they ended (a handful of groups: a linear scan wins). */
class GroupSet {
  readonly groups: RequestGroup[] = [];

  private find(reporter: Reporter, code: number, grpcStatus: string, flags: string): RequestGroup | undefined {
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i]!;
      if (g.reporter === reporter && g.responseCode === code && g.grpcStatus === grpcStatus && g.responseFlags === flags) return g;
    }
    return undefined;
  }

  // Scalars rather than an observation object: this runs twice per simulated request.
  add(reporter: Reporter, code: number, grpcStatus: string, flags: string,
    durationMs: number, durationBin: number, requestBytes: number, requestBin: number, responseBytes: number, responseBin: number): void {
    let g = this.find(reporter, code, grpcStatus, flags);
    if (!g) {
      g = {
        reporter, responseCode: code, grpcStatus, responseFlags: flags, count: 0,
        durationBins: new Array<number>(BINS).fill(0), durationSumMs: 0,
        requestBytesBins: new Array<number>(BINS).fill(0), requestBytesSum: 0,
        responseBytesBins: new Array<number>(BINS).fill(0), responseBytesSum: 0,
      };
      this.groups.push(g);
    }
    g.count++;
    g.durationBins[durationBin]!++;
    g.durationSumMs += durationMs;
    g.requestBytesBins[requestBin]!++;
    g.requestBytesSum += requestBytes;
    g.responseBytesBins[responseBin]!++;
    g.responseBytesSum += responseBytes;
  }
}

function sampleRequests(model: SimModel, edge: SimEdge, tick: number, rng: Rng): RequestGroup[] {
  const normals = new Normals(rng);
  const dst = edge.destination.workload;
  const grpc = edge.edge.protocol === 'grpc';
  const okStatus = grpc ? '0' : '';
  const fault = faultAt(model, edge, tick);
  const reportsSource = edge.reporters.includes('source');
  const reportsDestination = edge.reporters.includes('destination');
  const count = stochasticRound(rng, edgeRateAt(model, edge, tick));
  const groups = new GroupSet();
  const latency = edge.destination.latencyMs;
  const slow = fault?.kind === 'slowdown' ? fault.severity : fault?.kind === 'overload' ? 2 : 1;

  for (let i = 0; i < count; i++) {
    const requestBytes = Math.round(normals.logNormal(dst.requestBytes.median, dst.requestBytes.sigma));
    const requestBin = binOf(requestBytes);
    if (fault?.kind === 'upstream-reset' && rng() < fault.severity) {
      // Envoy could not connect (after its retries): only the caller's proxy sees the request.
      if (reportsSource) {
        const d = normals.logNormal(3, 0.6);
        groups.add('source', 503, grpc ? '14' : '', 'UF,URX', d, binOf(d), requestBytes, requestBin, RESET_BODY_BYTES, binOf(RESET_BODY_BYTES));
      }
      continue;
    }
    const failed = rng() < dst.errorRate || (fault?.kind === 'overload' && rng() < fault.severity);
    // Failures come back faster than full answers: the app gives up early.
    const durationMs = normals.logNormal(latency.median, latency.sigma) * slow * (failed ? 0.5 : 1);
    const code = failed && !grpc ? dst.errorCode : 200;
    const grpcStatus = failed && grpc ? dst.grpcErrorStatus : okStatus;
    const responseBytes = failed ? ERROR_BODY_BYTES : Math.round(normals.logNormal(dst.responseBytes.median, dst.responseBytes.sigma));
    const proxyOverheadMs = normals.logNormal(0.8, 0.4); // the caller's sidecar and the network hop
    const responseBin = binOf(responseBytes);
    if (reportsDestination) {
      groups.add('destination', code, grpcStatus, '-', durationMs, binOf(durationMs), requestBytes, requestBin, responseBytes, responseBin);
    }
    if (reportsSource) {
      const total = durationMs + proxyOverheadMs;
      groups.add('source', code, grpcStatus, '-', total, binOf(total), requestBytes, requestBin, responseBytes, responseBin);
    }
  }
  return groups.groups;
}

const meanOf = (d: { median: number; sigma: number }): number => d.median * Math.exp((d.sigma * d.sigma) / 2);

/** New pooled connections of a TCP edge in a tick (its own stream, so `closed` can look back). */
function connectionsOpened(model: SimModel, edge: SimEdge, tick: number): number {
  if (tick < model.startTick) return 0;
  const rng = rngFor(model.seed, CONNECTION_STREAM, tick, edge.idHash);
  return stochasticRound(rng, edgeRateAt(model, edge, tick) * CONNECTIONS_PER_QUERY);
}

function sampleTcp(model: SimModel, edge: SimEdge, tick: number, rng: Rng): TcpGroup[] {
  const normals = new Normals(rng);
  const dst = edge.destination.workload;
  const queries = stochasticRound(rng, edgeRateAt(model, edge, tick));
  // Byte totals of many small queries: the sum's mean with a little noise, not one draw per query.
  const received = Math.round(queries * meanOf(dst.requestBytes) * Math.max(0.5, 1 + 0.08 * normals.next()));
  const sent = Math.round(queries * meanOf(dst.responseBytes) * Math.max(0.5, 1 + 0.15 * normals.next()));
  const opened = connectionsOpened(model, edge, tick);
  const closed = connectionsOpened(model, edge, tick - CONNECTION_LIFETIME_TICKS);
  const out: TcpGroup[] = edge.reporters.map((reporter) => ({ reporter, responseFlags: '-', opened, closed, sentBytes: sent, receivedBytes: received }));
  const fault = faultAt(model, edge, tick);
  if (fault?.kind === 'upstream-reset' && edge.reporters.includes('source')) {
    // Refused connections: opened and closed at once, no bytes, seen by the caller only.
    const failed = stochasticRound(rng, 1 + fault.severity * 4);
    out.push({ reporter: 'source', responseFlags: 'UF', opened: failed, closed: failed, sentBytes: 0, receivedBytes: 0 });
  }
  return out;
}

export function sampleEdgeTick(model: SimModel, edge: SimEdge, tick: number): EdgeTickSample {
  const rng = rngFor(model.seed, EDGE_STREAM, tick, edge.idHash);
  return edge.edge.protocol === 'tcp'
    ? { edgeId: edge.id, tick, requests: [], tcp: sampleTcp(model, edge, tick, rng) }
    : { edgeId: edge.id, tick, requests: sampleRequests(model, edge, tick, rng), tcp: [] };
}

/** What counts as an error in windows and health: a 5xx, or a gRPC status other than OK. */
export function isError(g: Pick<RequestGroup, 'responseCode' | 'grpcStatus'>): boolean {
  return g.responseCode >= 500 || (g.grpcStatus !== '' && g.grpcStatus !== '0');
}
