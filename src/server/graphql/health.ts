// Health over time on Workload and Service: the cells of the list timelines and the HEALTH
// tab. Every row of one request shares one telemetry call per range (memoized per request).

import type { HealthPoint, HealthTimeline } from '../../core/health/index.js';
import type { Service, Workload } from '../../core/model/index.js';
import { alignRange, loadHealthSource, serviceHealth, workloadHealth, type HealthSource } from '../views/health-view.js';
import type { GraphQLContext } from './context.js';
import { asError, NO_TELEMETRY, telemetryUnavailable } from './errors.js';
import { seriesRange, type SeriesArgs } from './metrics.js';

export const typeDefs = /* GraphQL */ `
  "One step of a health timeline: the health of the traffic between 'from' and 'to'."
  type HealthCell {
    from: String!
    to: String!
    "healthy | degraded | failing | unknown (too little traffic to judge)"
    state: String!
    "0..1, 1 is perfect; null when unknown."
    score: Float
    "Why it is not healthy (or unknown), worst first."
    reasons: [String!]!
    "successRate | latency | saturation: the signal with the lowest score."
    drivenBy: String
  }

  "Metrics-based health over a range, from success rate, latency against its baseline, and saturation."
  type HealthTimeline {
    from: String!
    to: String!
    stepSeconds: Int!
    cells: [HealthCell!]!
  }

  extend type Workload {
    "Health per step; the last 30 minutes in about 30 cells by default. Null with TELEMETRY_UNAVAILABLE when the metrics source fails."
    healthTimeline(from: String, to: String, stepSeconds: Int): HealthTimeline
  }

  extend type Service {
    "Health per step of the traffic to the service's workloads, scored as one; defaults as on Workload."
    healthTimeline(from: String, to: String, stepSeconds: Int): HealthTimeline
  }
`;

const sources = new WeakMap<GraphQLContext, Map<string, Promise<HealthSource>>>();

function healthSource(args: SeriesArgs, ctx: GraphQLContext): Promise<HealthSource> {
  const range = alignRange(seriesRange(args, Date.now()));
  const telemetry = ctx.backend.telemetry;
  if (!telemetry) return Promise.reject(telemetryUnavailable(new Error(NO_TELEMETRY)));
  const perRequest = sources.get(ctx) ?? new Map<string, Promise<HealthSource>>();
  sources.set(ctx, perRequest);
  const key = `${range.fromMs}/${range.toMs}/${range.stepMs}`;
  let source = perRequest.get(key);
  if (!source) {
    source = loadHealthSource(telemetry, range, ctx.backend.healthThresholds).catch((e: unknown) => { throw telemetryUnavailable(asError(e)); });
    perRequest.set(key, source);
  }
  return source;
}

interface TimelineView { timeline: HealthTimeline; range: { fromMs: number; toMs: number; stepMs: number } }

const view = (timeline: HealthTimeline, source: HealthSource): TimelineView => ({ timeline, range: source.range });

export const resolvers = {
  Workload: {
    healthTimeline: async (w: Workload, args: SeriesArgs, ctx: GraphQLContext) => {
      const source = await healthSource(args, ctx);
      return view(workloadHealth(source, w), source);
    },
  },
  Service: {
    healthTimeline: async (s: Service, args: SeriesArgs, ctx: GraphQLContext) => {
      const source = await healthSource(args, ctx);
      return view(serviceHealth(source, s), source);
    },
  },
  HealthTimeline: {
    from: (v: TimelineView) => new Date(v.range.fromMs).toISOString(),
    to: (v: TimelineView) => new Date(v.range.toMs).toISOString(),
    stepSeconds: (v: TimelineView) => Math.round(v.range.stepMs / 1000),
    // Each point is stamped with the end of the step it scores.
    cells: (v: TimelineView) => v.timeline.points.map((p) => ({ ...p, stepMs: v.range.stepMs })),
  },
  HealthCell: {
    from: (p: HealthPoint & { stepMs: number }) => new Date(p.timeMs - p.stepMs).toISOString(),
    to: (p: HealthPoint) => new Date(p.timeMs).toISOString(),
  },
};
