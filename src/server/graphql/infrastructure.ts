import type { MeshModel } from '../../core/model/index.js';
import { matchesLocation, type GraphQLContext, type LocationArgs } from './context.js';

export const typeDefs = /* GraphQL */ `
  type Cluster {
    name: String!
    namespaces: Int!
    nodes: Int!
    controlPlanes: [String!]!
  }

  type Node {
    cluster: String!
    name: String!
    ready: Boolean!
    internalIP: String
    zone: String
    kubeletVersion: String
    labels: JSON!
    capacity: JSON!
    pods: Int!
  }

  type ControlPlaneRef {
    cluster: String!
    namespace: String!
    name: String!
    revision: String!
  }

  type IstiodPod {
    name: String!
    ready: Boolean!
    version: String
  }

  type ControlPlane {
    cluster: String!
    namespace: String!
    name: String!
    revision: String!
    version: String
    "IstioControlPlane (managed by smm) or istiod (found from its Deployment)"
    source: String!
    status: String
    istiodPods: [IstiodPod!]!
    "Sidecar proxies connected to this control plane's revision."
    proxies: Int!
  }

  type Proxy {
    cluster: String!
    namespace: String!
    pod: String!
    workload: WorkloadRef!
    version: String
    revision: String
    controlPlane: ControlPlaneRef
  }

  extend type Query {
    clusters: [Cluster!]!
    nodes(cluster: String): [Node!]!
    controlPlanes(cluster: String): [ControlPlane!]!
    proxies(namespace: String, cluster: String): [Proxy!]!
  }
`;

type ControlPlane = MeshModel['controlPlanes'][number];

export const resolvers = {
  Query: {
    clusters: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.backend.model().clusters,
    nodes: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().nodes.filter((n) => matchesLocation(n, { cluster: args.cluster })),
    controlPlanes: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().controlPlanes.filter((c) => matchesLocation(c, { cluster: args.cluster })),
    proxies: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().proxies.filter((p) => matchesLocation(p, args)),
  },
  ControlPlane: {
    proxies: (c: ControlPlane, _: unknown, ctx: GraphQLContext) =>
      ctx.backend.model().proxies.filter((p) => p.controlPlane?.revision === c.revision && p.cluster === c.cluster).length,
  },
};
