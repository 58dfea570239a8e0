// The mesh overview: the dashboard's landing numbers in one query.

import { overviewView, type MeshTraffic, type OverviewResult } from '../views/overview-view.js';
import type { GraphQLContext } from './context.js';
import { meshHistoryView } from '../views/mesh-history-view.js';
import type { MeshHistory } from '../views/mesh-history.js';
import { asError, badUserInput, telemetryUnavailable } from './errors.js';
import { seriesRange, type SeriesArgs } from './metrics.js';

const HISTORY_STEP_SECONDS = 60;

export const typeDefs = /* GraphQL */ `
  "How many of a kind of entity are in the mesh, out of all of them."
  type MeshCount {
    inMesh: Int!
    total: Int!
  }

  "Mesh-wide request traffic (HTTP and gRPC edges) over the window."
  type MeshTraffic {
    "Requests per second."
    rps: Float!
    "Failed requests over all requests (0..1), weighted by requests; null when there were none."
    errorRate: Float
    "Upper bound of the mesh-wide 95th percentile latency in ms (never above the slowest edge's p95); null without latency data."
    p95: Float
  }

  type MeshOverview {
    window: TimeWindow!
    clusters: Int!
    controlPlanes: Int!
    "In mesh: every backing workload is in the mesh (services without workloads are not)."
    services: MeshCount!
    "In mesh: every pod has a sidecar."
    workloads: MeshCount!
    "In mesh: the pod has a sidecar (or is a mesh VM)."
    pods: MeshCount!
    "Null with an error (code TELEMETRY_UNAVAILABLE) when the metrics source failed; the inventory still arrives."
    traffic: MeshTraffic
    "How many configuration problems the mesh validator found (all severities; the list is Query.validationIssues); null without a validator."
    validationIssues: Int
  }

  "Per step, how many workloads or services were in each health state (counts as series)."
  type HealthStateCounts {
    healthy: MetricSeries!
    degraded: MetricSeries!
    failing: MetricSeries!
    "Too little traffic to judge (or none)."
    unknown: MetricSeries!
  }

  "The overview's charts: health over time and the mesh's traffic, on one step grid."
  type MeshHistory {
    workloads: HealthStateCounts!
    "A service takes the worst state of the workloads behind it."
    services: HealthStateCounts!
    "Inbound HTTP/gRPC requests per second over all workloads."
    requestsPerSecond: MetricSeries!
    "0..1, weighted by requests; null in steps without requests."
    errorRate: MetricSeries!
    "The slowest workload's inbound p95 in ms (an upper bound of the mesh's)."
    p95: MetricSeries!
  }

  extend type MeshOverview {
    "Health and traffic over time; the last 30 minutes at 60 s steps by default. Null with TELEMETRY_UNAVAILABLE when the metrics source fails."
    history(from: String, to: String, stepSeconds: Int): MeshHistory
  }

  extend type Query {
    "Inventory and mesh-wide traffic over the last windowSeconds (1..86400)."
    meshOverview(windowSeconds: Int = 60): MeshOverview!
  }
`;

export const resolvers = {
  Query: {
    meshOverview: (_: unknown, args: { windowSeconds?: number | null }, ctx: GraphQLContext): Promise<OverviewResult> => {
      const windowSeconds = args.windowSeconds ?? 60;
      if (windowSeconds < 1 || windowSeconds > 86_400) throw badUserInput('windowSeconds', 'windowSeconds must be between 1 and 86400');
      return overviewView(ctx.backend, { nowMs: Date.now(), windowMs: windowSeconds * 1000 });
    },
  },
  MeshOverview: {
    window: (r: OverviewResult) => ({ from: new Date(r.window.fromMs).toISOString(), to: new Date(r.window.toMs).toISOString() }),
    clusters: (r: OverviewResult) => r.inventory.clusters,
    controlPlanes: (r: OverviewResult) => r.inventory.controlPlanes,
    services: (r: OverviewResult) => r.inventory.services,
    workloads: (r: OverviewResult) => r.inventory.workloads,
    pods: (r: OverviewResult) => r.inventory.pods,
    traffic: (r: OverviewResult): MeshTraffic => {
      if (r.trafficError || !r.traffic) throw telemetryUnavailable(r.trafficError ?? new Error('no traffic'));
      return r.traffic;
    },
    validationIssues: (_: OverviewResult, __: unknown, ctx: GraphQLContext) => ctx.backend.validation?.findings().length ?? null,
    history: async (r: OverviewResult, args: SeriesArgs, ctx: GraphQLContext): Promise<MeshHistory> => {
      // Health is judged per step: a minute says more than the 15 s a 30-minute chart would pick.
      const range = seriesRange({ ...args, stepSeconds: args.stepSeconds ?? HISTORY_STEP_SECONDS }, r.window.toMs);
      try {
        return await meshHistoryView(ctx.backend, { ...range, stepMs: range.stepMs ?? HISTORY_STEP_SECONDS * 1000 });
      } catch (e) {
        throw telemetryUnavailable(asError(e));
      }
    },
  },
  MeshHistory: {
    p95: (h: MeshHistory) => h.p95Ms,
  },
  MeshTraffic: {
    errorRate: (t: MeshTraffic) => t.errorRate ?? null,
    p95: (t: MeshTraffic) => t.p95Ms ?? null,
  },
};
