// Controllers: the objects between a workload and its pods (Deployment → ReplicaSet,
// CronJob → Job, …) as the mesh model records them in each workload's controller chain.

import type { MeshModel, Pod, Replicas, Workload } from '../../core/model/index.js';
import type { GraphQLContext } from './context.js';

export interface Controller {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  workloads: Workload[];
  pods: Pod[];
  labels: Record<string, string>;
  createdAt?: string;
  replicas?: Replicas;
  app?: string;
  version?: string;
}

export interface ControllerArgs {
  cluster?: string | null;
  namespace: string;
  kind: string;
  name: string;
}

const isTop = (w: Workload, kind: string, name: string): boolean => w.kind === kind && w.name === name;
const inChain = (w: Workload, kind: string, name: string): boolean =>
  isTop(w, kind, name) || w.controllers.some((c) => c.kind === kind && c.name === name);

/**
 * Pods of a controller below the top of a chain. The model keeps one chain per workload, so
 * the pod's own labels decide: a ReplicaSet is `<deployment>-<pod-template-hash>`, a Job sets
 * `job-name`. Kinds without such a label get all the workload's pods.
 */
function podsUnder(w: Workload, kind: string, name: string): Pod[] {
  if (isTop(w, kind, name)) return w.pods;
  if (kind === 'ReplicaSet') return w.pods.filter((p) => p.labels['pod-template-hash'] !== undefined && `${w.name}-${p.labels['pod-template-hash']}` === name);
  if (kind === 'Job') return w.pods.filter((p) => (p.labels['batch.kubernetes.io/job-name'] ?? p.labels['job-name']) === name);
  return w.pods;
}

export function findController(model: MeshModel, args: ControllerArgs): Controller | null {
  const workloads = model.workloads.filter((w) => w.namespace === args.namespace && (!args.cluster || w.cluster === args.cluster)
    && inChain(w, args.kind, args.name));
  const first = workloads[0];
  if (!first) return null;
  // Without a cluster, a name found in several clusters answers for the first one only.
  const same = workloads.filter((w) => w.cluster === first.cluster);
  const pods = same.flatMap((w) => podsUnder(w, args.kind, args.name));
  // The top of a chain is the workload itself; a lower link has what the model saw of its object.
  const link = first.controllers.find((c) => c.kind === args.kind && c.name === args.name);
  const top = isTop(first, args.kind, args.name);
  const replicas = top ? first.replicas : link?.replicas;
  const createdAt = link?.createdAt ?? (top ? first.createdAt : undefined);
  return {
    cluster: first.cluster, namespace: args.namespace, kind: args.kind, name: args.name, workloads: same, pods,
    labels: link?.labels ?? (top ? first.labels : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(replicas ? { replicas } : {}),
    ...(first.app ? { app: first.app } : {}),
    ...(first.version ? { version: first.version } : {}),
  };
}

export const typeDefs = /* GraphQL */ `
  "A Deployment, StatefulSet, ReplicaSet, Job, … known from the workloads' controller chains."
  type Controller {
    cluster: String!
    namespace: String!
    kind: String!
    name: String!
    "The workloads this controller is (part of)."
    workloads: [Workload!]!
    "The pods it controls (for a ReplicaSet or Job: by their pod-template-hash or job-name label)."
    pods: [Pod!]!
    labels: JSON!
    "RFC 3339, when known."
    createdAt: String
    "Desired, current, ready and available replicas, when the object has them."
    replicas: Replicas
    "The app and version of its workload."
    app: String
    version: String
  }

  extend type Query {
    "One controller, e.g. kind 'ReplicaSet'; null when no workload's chain has it."
    controller(cluster: String, namespace: String!, kind: String!, name: String!): Controller
  }
`;

export const resolvers = {
  Query: {
    controller: (_: unknown, args: ControllerArgs, ctx: GraphQLContext) => findController(ctx.backend.model(), args),
  },
};
