// Metric series on the detail types (Workload, Service, Namespace, Pod): the charts of a
// detail page. Arguments are validated here, before any query reaches the metrics source,
// so a bad range is the client's error (BAD_USER_INPUT) and never a slow Prometheus query.

import type { Namespace, Pod, Service, Workload } from '../../core/model/index.js';
import type { EntityMetrics, EntityRef, ProxyResources, Series, SeriesRange, TrafficDirection } from '../../core/traffic/types.js';
import type { GraphQLContext } from './context.js';
import { asError, badUserInput, NO_TELEMETRY, telemetryUnavailable } from './errors.js';

export const DEFAULT_RANGE_MS = 30 * 60_000;
export const MAX_RANGE_MS = 7 * 86_400_000;
/** More points than any chart draws; also bounds the work one field asks of Prometheus. */
export const MAX_POINTS = 1000;

export interface SeriesArgs {
  from?: string | null;
  to?: string | null;
  stepSeconds?: number | null;
}

export interface EntityMetricsArgs extends SeriesArgs {
  direction?: 'INBOUND' | 'OUTBOUND' | null;
}

// ISO 8601 only: Date.parse also accepts "March 7" and friends, which clients should not rely on.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseTime(argument: 'from' | 'to', value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw badUserInput(argument, `invalid "${argument}": ${value} is not an ISO 8601 time`);
  return ms;
}

/** The range a series field asks for: the last 30 minutes by default, validated. */
export function seriesRange(args: SeriesArgs, nowMs: number): SeriesRange {
  const parsedFrom = parseTime('from', args.from);
  const toMs = parseTime('to', args.to) ?? nowMs;
  const fromMs = parsedFrom ?? toMs - DEFAULT_RANGE_MS;
  if (fromMs >= toMs) throw badUserInput('from', `"from" (${new Date(fromMs).toISOString()}) must be before "to" (${new Date(toMs).toISOString()})`);
  const rangeMs = toMs - fromMs;
  if (rangeMs > MAX_RANGE_MS) throw badUserInput('from', `the range from "from" to "to" must not exceed 7 days (got ${(rangeMs / 86_400_000).toFixed(1)} days)`);
  if (args.stepSeconds === null || args.stepSeconds === undefined) return { fromMs, toMs };
  const stepMs = args.stepSeconds * 1000;
  if (args.stepSeconds < 1) throw badUserInput('stepSeconds', `"stepSeconds" must be at least 1 (got ${args.stepSeconds})`);
  if (stepMs > rangeMs) throw badUserInput('stepSeconds', `"stepSeconds" (${args.stepSeconds}) must not exceed the range (${rangeMs / 1000} s)`);
  if (rangeMs / stepMs > MAX_POINTS) {
    throw badUserInput('stepSeconds', `"stepSeconds" ${args.stepSeconds} gives ${Math.ceil(rangeMs / stepMs)} points; at most ${MAX_POINTS} (use a step of at least ${Math.ceil(rangeMs / 1000 / MAX_POINTS)} s)`);
  }
  return { fromMs, toMs, stepMs };
}

export const directionOf = (d: EntityMetricsArgs['direction']): TrafficDirection => (d === 'OUTBOUND' ? 'outbound' : 'inbound');

export const workloadRef = (w: Workload): EntityRef => ({ kind: 'workload', cluster: w.cluster, namespace: w.namespace, name: w.name });
export const serviceRef = (s: Service): EntityRef => ({ kind: 'service', cluster: s.cluster, namespace: s.namespace, name: s.name });
export const namespaceRef = (n: Namespace): EntityRef => ({ kind: 'namespace', cluster: n.cluster, namespace: n.name });

async function entityMetrics(entity: EntityRef, args: EntityMetricsArgs, ctx: GraphQLContext): Promise<EntityMetrics> {
  const range = seriesRange(args, Date.now());
  if (!ctx.backend.telemetry) throw telemetryUnavailable(new Error(NO_TELEMETRY));
  try {
    return await ctx.backend.telemetry.entityMetrics({ entity, direction: directionOf(args.direction), range });
  } catch (e) {
    throw telemetryUnavailable(asError(e));
  }
}

async function proxyResources(entity: EntityRef, args: SeriesArgs, ctx: GraphQLContext): Promise<ProxyResources | null> {
  const range = seriesRange(args, Date.now());
  if (!ctx.backend.telemetry) throw telemetryUnavailable(new Error(NO_TELEMETRY));
  try {
    return await ctx.backend.telemetry.proxyResources(entity, range);
  } catch (e) {
    throw telemetryUnavailable(asError(e));
  }
}

export const typeDefs = /* GraphQL */ `
  "Which traffic of an entity: what it serves (INBOUND) or what it sends (OUTBOUND)."
  enum TrafficDirection { INBOUND OUTBOUND }

  "One signal over time: values[i] is at start + i * stepSeconds; null where there was no data."
  type MetricSeries {
    start: String!
    stepSeconds: Int!
    values: [Float]
  }

  "The traffic charts of a workload, service or namespace. Rates per second, latencies in ms, errorRate 0..1."
  type EntityMetrics {
    requestsPerSecond: MetricSeries!
    "HTTP 5xx or gRPC non-OK over all requests; null where there were no requests."
    errorRate: MetricSeries!
    p50: MetricSeries!
    p95: MetricSeries!
    p99: MetricSeries!
    requestBytesPerSecond: MetricSeries!
    responseBytesPerSecond: MetricSeries!
    tcpSentBytesPerSecond: MetricSeries!
    tcpReceivedBytesPerSecond: MetricSeries!
    tcpConnectionsOpenedPerSecond: MetricSeries!
    tcpConnectionsClosedPerSecond: MetricSeries!
  }

  "CPU and memory of the istio-proxy sidecars, summed over the pods."
  type ProxyResources {
    cpuCores: MetricSeries!
    memoryBytes: MetricSeries!
  }

  extend type Workload {
    "Traffic series; the last 30 minutes by default. Null with TELEMETRY_UNAVAILABLE when the metrics source fails."
    metrics(direction: TrafficDirection = INBOUND, from: String, to: String, stepSeconds: Int): EntityMetrics
    "Sidecar CPU and memory; null when the metrics source has none."
    proxyResources(from: String, to: String, stepSeconds: Int): ProxyResources
  }

  extend type Service {
    "Traffic addressed to (INBOUND) or, rarely useful, sent by (OUTBOUND) the service; the last 30 minutes by default."
    metrics(direction: TrafficDirection = INBOUND, from: String, to: String, stepSeconds: Int): EntityMetrics
    "CPU and memory of the sidecars of the workloads behind the service; null when the metrics source has none."
    proxyResources(from: String, to: String, stepSeconds: Int): ProxyResources
  }

  extend type Namespace {
    "Traffic of all workloads in the namespace; the last 30 minutes by default."
    metrics(direction: TrafficDirection = INBOUND, from: String, to: String, stepSeconds: Int): EntityMetrics
  }

  extend type Pod {
    "Sidecar CPU and memory of this pod. Null for now: the metrics source cannot yet address a single pod."
    proxyResources(from: String, to: String, stepSeconds: Int): ProxyResources
  }
`;

export const resolvers = {
  MetricSeries: {
    start: (s: Series) => new Date(s.startMs).toISOString(),
    stepSeconds: (s: Series) => Math.max(1, Math.round(s.stepMs / 1000)),
  },
  EntityMetrics: {
    p50: (m: EntityMetrics) => m.p50Ms,
    p95: (m: EntityMetrics) => m.p95Ms,
    p99: (m: EntityMetrics) => m.p99Ms,
  },
  Workload: {
    metrics: (w: Workload, args: EntityMetricsArgs, ctx: GraphQLContext) => entityMetrics(workloadRef(w), args, ctx),
    proxyResources: (w: Workload, args: SeriesArgs, ctx: GraphQLContext) => proxyResources(workloadRef(w), args, ctx),
  },
  Service: {
    metrics: (s: Service, args: EntityMetricsArgs, ctx: GraphQLContext) => entityMetrics(serviceRef(s), args, ctx),
    proxyResources: (s: Service, args: SeriesArgs, ctx: GraphQLContext) => proxyResources(serviceRef(s), args, ctx),
  },
  Namespace: {
    metrics: (n: Namespace, args: EntityMetricsArgs, ctx: GraphQLContext) => entityMetrics(namespaceRef(n), args, ctx),
  },
  Pod: {
    // EntityRef (core/traffic) has no 'pod' kind yet; asking for the pod's workload would
    // answer with other pods' data. Arguments are still validated so clients see errors now.
    proxyResources: (_p: Pod, args: SeriesArgs) => {
      seriesRange(args, Date.now());
      return null;
    },
  },
};
