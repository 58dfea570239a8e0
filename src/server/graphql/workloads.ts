import type { Pod, Workload } from '../../core/model/index.js';
import { matchesLocation, type GraphQLContext, type LocationArgs } from './context.js';
import { locationKey, paginate, type PageArgs } from './pagination.js';

export const typeDefs = /* GraphQL */ `
  type WorkloadRef {
    cluster: String!
    namespace: String!
    kind: String!
    name: String!
  }

  type Replicas {
    desired: Int!
    current: Int!
    ready: Int!
    available: Int!
  }

  type Workload {
    cluster: String!
    namespace: String!
    name: String!
    "Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod or WorkloadGroup"
    kind: String!
    app: String
    version: String
    labels: JSON!
    "RFC 3339, when the top controller (or the bare pod) was created."
    createdAt: String
    "Desired replicas."
    replicas: Int!
    replicaStatus: Replicas!
    "all | some | none | unknown (no pods)"
    sidecars: String!
    serviceAccounts: [String!]!
    services: [String!]!
    "The controller chain from the top, e.g. Deployment then ReplicaSet."
    controllers: [ControllerRef!]!
    pods: [Pod!]!
  }

  type ControllerRef {
    kind: String!
    name: String!
  }

  type Container {
    name: String!
    image: String!
    ready: Boolean!
    restarts: Int!
    "running | waiting | terminated | unknown (no status yet)"
    state: String!
    "Why it waits or terminated, e.g. CrashLoopBackOff, Completed."
    stateReason: String
  }

  type SidecarProxy {
    image: String!
    version: String
    ready: Boolean!
  }

  type Pod {
    cluster: String!
    namespace: String!
    name: String!
    "Pod, or WorkloadEntry for a VM"
    source: String!
    phase: String!
    ready: Boolean!
    node: String
    ip: String
    labels: JSON!
    containers: [Container!]!
    "Whether the pod runs an istio-proxy sidecar."
    sidecar: Boolean!
    proxy: SidecarProxy
    "The namespace asks for injection but this pod has no sidecar."
    missingSidecar: Boolean!
    revision: String
    workload: WorkloadRef!
    serviceAccount: String
    "RFC 3339"
    createdAt: String
    "RFC 3339, status.startTime: when the kubelet accepted the pod."
    startedAt: String
    "The IP of the node it runs on."
    hostIP: String
  }

  type WorkloadEdge {
    cursor: String!
    node: Workload!
  }

  type WorkloadConnection {
    edges: [WorkloadEdge!]!
    pageInfo: PageInfo!
    "All workloads matching the filters, on every page."
    totalCount: Int!
  }

  type PodEdge {
    cursor: String!
    node: Pod!
  }

  type PodConnection {
    edges: [PodEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  extend type Query {
    workloads(namespace: String, cluster: String): [Workload!]!
    "One workload; null when there is none."
    workload(namespace: String!, name: String!, kind: String, cluster: String): Workload
    "Workloads a page at a time, by cluster, namespace, kind and name. 'first' is capped at 500."
    workloadsConnection(namespace: String, cluster: String, first: Int = 100, after: String): WorkloadConnection!
    pods(namespace: String, cluster: String): [Pod!]!
    "One pod; null when there is none."
    pod(namespace: String!, name: String!, cluster: String): Pod
    "Pods a page at a time, by cluster, namespace and name. 'first' is capped at 500."
    podsConnection(namespace: String, cluster: String, first: Int = 100, after: String): PodConnection!
  }
`;

const workloadKey = (w: Workload): string => locationKey(w.cluster, w.namespace, w.kind, w.name);
const podKey = (p: Pod): string => locationKey(p.cluster, p.namespace, p.name);

export const resolvers = {
  Query: {
    workloads: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().workloads.filter((w) => matchesLocation(w, args)),
    workload: (_: unknown, args: { namespace: string; name: string; kind?: string | null; cluster?: string | null }, ctx: GraphQLContext) =>
      ctx.backend.model().workloads.find((w) => w.name === args.name && (!args.kind || w.kind === args.kind) && matchesLocation(w, args)) ?? null,
    workloadsConnection: (_: unknown, args: LocationArgs & PageArgs, ctx: GraphQLContext) =>
      paginate(ctx.backend.model().workloads.filter((w) => matchesLocation(w, args)), workloadKey, args),
    pods: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().pods.filter((p) => matchesLocation(p, args)),
    podsConnection: (_: unknown, args: LocationArgs & PageArgs, ctx: GraphQLContext) =>
      paginate(ctx.backend.model().pods.filter((p) => matchesLocation(p, args)), podKey, args),
    pod: (_: unknown, args: { namespace: string; name: string; cluster?: string | null }, ctx: GraphQLContext) =>
      ctx.backend.model().pods.find((p) => p.name === args.name && matchesLocation(p, args)) ?? null,
  },
  Workload: {
    replicas: (w: Workload) => w.replicas.desired,
    replicaStatus: (w: Workload) => w.replicas,
  },
  Pod: {
    sidecar: (p: Pod) => p.sidecar !== undefined,
    proxy: (p: Pod) => p.sidecar ?? null,
  },
};
