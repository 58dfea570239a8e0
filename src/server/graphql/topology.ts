// createGraphQLError builds errors with the graphql instance yoga uses; a GraphQLError from
// another copy would be masked as "Unexpected error.".
import { createGraphQLError } from 'graphql-yoga';
import type { TopologyEdge, TopologyNode } from '../../core/topology/index.js';
import { topologyView, type TopologyResult } from '../views/topology-view.js';
import type { GraphQLContext } from './context.js';

export const typeDefs = /* GraphQL */ `

  type TopologyNode {
    "Stable, URL-safe id: wl:CLUSTER/NS/NAME, svc:..., app:..., ns:..., cl:..., unknown:..., ext:HOST"
    id: String!
    kind: String!
    name: String!
    namespace: String
    cluster: String!
    app: String
    version: String
    "Id of the group node (app, namespace or cluster) when groups are shown."
    parent: String
    "healthy | degraded | failing | unknown (from success rate, latency and saturation)"
    health: String!
    "Why this workload stands out from its peers or its own baseline, when it does."
    outlier: String
    isVM: Boolean
    "Inbound requests per second, error rate (0..1) and p95 (ms)."
    rps: Float!
    errorRate: Float!
    p95: Float
    "Inbound p50 and p99 (ms): upper bounds, the largest among the inbound edges."
    p50: Float
    p99: Float
    "Inbound TCP connections opened per second."
    tcpConnectionsPerSecond: Float!
    "Inbound bytes per second, both ways."
    bytesPerSecond: Float!
  }

  type TopologyEdge {
    id: String!
    source: String!
    target: String!
    "http, grpc or tcp"
    protocol: String!
    rps: Float!
    errorRate: Float!
    p50: Float
    p95: Float
    p99: Float
    bytesPerSecond: Float!
    "TCP connections opened per second (0 for HTTP and gRPC)."
    tcpConnectionsPerSecond: Float!
    "mutual, plaintext, mixed or unknown"
    mtls: String!
  }

  type TimeWindow {
    from: String!
    to: String!
  }

  type Topology {
    window: TimeWindow!
    nodes: [TopologyNode!]!
    "Null with an error (code TELEMETRY_UNAVAILABLE) when the metrics source failed; nodes still arrive."
    edges: [TopologyEdge!]
  }

  input TopologyShow {
    clusters: Boolean
    namespaces: Boolean
    apps: Boolean
    services: Boolean
  }

  extend type Query {
    "Who talks to whom. 'at' (ISO time) picks a point in the past (timeline); absent means live."
    topology(namespaces: [String!], at: String, windowSeconds: Int = 60, show: TopologyShow): Topology!
  }
`;

interface TopologyQueryArgs {
  namespaces?: string[] | null;
  at?: string | null;
  windowSeconds?: number | null;
  show?: { clusters?: boolean | null; namespaces?: boolean | null; apps?: boolean | null; services?: boolean | null } | null;
}

function parseAt(at: string | null | undefined): number | undefined {
  if (!at) return undefined;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw createGraphQLError(`invalid "at": ${at} is not an ISO 8601 time`, { extensions: { code: 'BAD_USER_INPUT', argument: 'at' } });
  return ms;
}

export const resolvers = {
  Query: {
    topology: async (_: unknown, args: TopologyQueryArgs, ctx: GraphQLContext): Promise<TopologyResult> => {
      const windowSeconds = args.windowSeconds ?? 60;
      if (windowSeconds < 1 || windowSeconds > 86_400) {
        throw createGraphQLError('windowSeconds must be between 1 and 86400', { extensions: { code: 'BAD_USER_INPUT', argument: 'windowSeconds' } });
      }
      const show = Object.fromEntries(Object.entries(args.show ?? {}).map(([k, v]) => [k, Boolean(v)]));
      return topologyView(ctx.backend, { namespaces: args.namespaces ?? undefined, atMs: parseAt(args.at), windowMs: windowSeconds * 1000, show });
    },
  },
  Topology: {
    window: (r: TopologyResult) => ({ from: new Date(r.topology.window.fromMs).toISOString(), to: new Date(r.topology.window.toMs).toISOString() }),
    nodes: (r: TopologyResult) => r.topology.nodes,
    edges: (r: TopologyResult) => {
      if (r.trafficError) throw createGraphQLError(`traffic unavailable: ${r.trafficError.message}`, { extensions: { code: 'TELEMETRY_UNAVAILABLE' } });
      return r.topology.edges;
    },
  },
  TopologyNode: {
    outlier: (n: TopologyNode) => n.outlier?.reason ?? null,
    p50: (n: TopologyNode) => n.p50Ms ?? null,
    p95: (n: TopologyNode) => n.p95Ms ?? null,
    p99: (n: TopologyNode) => n.p99Ms ?? null,
    tcpConnectionsPerSecond: (n: TopologyNode) => n.connectionsPerSecond,
  },
  TopologyEdge: {
    p50: (e: TopologyEdge) => e.p50 ?? null,
    tcpConnectionsPerSecond: (e: TopologyEdge) => e.connectionsPerSecond,
  },
};
