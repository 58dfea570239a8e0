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
    "How many pods run on it."
    pods: Int!
    "The pods on it."
    podList: [Pod!]!
    "RFC 3339"
    createdAt: String
    "OS, architecture and OS image, from status.nodeInfo."
    system: NodeSystem!
    taints: [NodeTaint!]!
    "Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable, ..."
    conditions: [NodeCondition!]!
  }

  type NodeSystem {
    os: String
    architecture: String
    osImage: String
    kernelVersion: String
    containerRuntime: String
  }

  type NodeTaint {
    key: String!
    value: String
    "NoSchedule | PreferNoSchedule | NoExecute"
    effect: String!
  }

  type NodeCondition {
    type: String!
    "True | False | Unknown"
    status: String!
    reason: String
    message: String
    "RFC 3339"
    lastTransition: String
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
    "The least synced state among its proxies (UNKNOWN until smm reads istiod's sync status)."
    syncState: ProxySyncState!
  }

  "Whether a proxy has the configuration istiod last pushed (as istioctl proxy-status reports it)."
  enum ProxySyncState {
    SYNCED
    "istiod has not sent this proxy any configuration yet."
    NOT_SENT
    "istiod sent configuration the proxy has not acknowledged."
    STALE
    "smm does not know: it does not read istiod's sync status yet."
    UNKNOWN
  }

  type Proxy {
    cluster: String!
    namespace: String!
    pod: String!
    workload: WorkloadRef!
    version: String
    revision: String
    controlPlane: ControlPlaneRef
    syncState: ProxySyncState!
  }

  extend type Query {
    clusters: [Cluster!]!
    nodes(cluster: String): [Node!]!
    "One node; null when there is none."
    node(cluster: String, name: String!): Node
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
    node: (_: unknown, args: { cluster?: string | null; name: string }, ctx: GraphQLContext) =>
      ctx.backend.model().nodes.find((n) => n.name === args.name && matchesLocation(n, { cluster: args.cluster })) ?? null,
    proxies: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().proxies.filter((p) => matchesLocation(p, args)),
  },
  Node: {
    podList: (n: MeshModel['nodes'][number], _: unknown, ctx: GraphQLContext) =>
      ctx.backend.model().pods.filter((p) => p.cluster === n.cluster && p.node === n.name),
  },
  Proxy: {
    // The model has no xDS sync status (that needs istiod's debug endpoint), so it is not guessed.
    syncState: () => 'UNKNOWN',
  },
  ControlPlane: {
    syncState: () => 'UNKNOWN',
    proxies: (c: ControlPlane, _: unknown, ctx: GraphQLContext) =>
      ctx.backend.model().proxies.filter((p) => p.controlPlane?.revision === c.revision && p.cluster === c.cluster).length,
  },
};
