import type { MeshModel, Pod, Service } from '../../core/model/index.js';
import { matchesLocation, type GraphQLContext, type LocationArgs } from './context.js';
import { locationKey, paginate, type PageArgs } from './pagination.js';

export const typeDefs = /* GraphQL */ `
  "Application protocol as Istio selects it (appProtocol, then the port name prefix)."
  enum Protocol { HTTP HTTP2 HTTPS GRPC GRPC_WEB TCP TLS UDP MONGO MYSQL REDIS UNKNOWN }

  type ServicePort {
    name: String
    port: Int!
    targetPort: String
    protocol: Protocol!
    "appProtocol | name | transport | auto (Istio sniffs the protocol)"
    protocolSource: String!
  }

  type Service {
    cluster: String!
    namespace: String!
    name: String!
    type: String!
    clusterIP: String
    labels: JSON!
    "Absent for a service without a selector."
    selector: JSON
    ports: [ServicePort!]!
    workloads: [WorkloadRef!]!
    "RFC 3339"
    createdAt: String
    "The pods of the workloads its selector matches, whose labels it matches."
    pods: [Pod!]!
  }

  type ServiceEdge {
    cursor: String!
    node: Service!
  }

  type ServiceConnection {
    edges: [ServiceEdge!]!
    pageInfo: PageInfo!
    "All services matching the filters, on every page."
    totalCount: Int!
  }

  extend type Query {
    services(namespace: String, cluster: String): [Service!]!
    "One service; null when there is none."
    service(namespace: String!, name: String!, cluster: String): Service
    "Services a page at a time, by cluster, namespace and name. 'first' is capped at 500."
    servicesConnection(namespace: String, cluster: String, first: Int = 100, after: String): ServiceConnection!
  }
`;

const serviceKey = (s: Service): string => locationKey(s.cluster, s.namespace, s.name);

/** The pods behind a service: those of its workloads that its selector matches (not every pod of a workload need match). */
export function servicePods(model: MeshModel, s: Service): Pod[] {
  const selector = s.selector;
  if (!selector) return [];
  const workloads = new Set(s.workloads.map((w) => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`));
  return model.pods.filter((p) => workloads.has(`${p.workload.cluster}/${p.workload.namespace}/${p.workload.kind}/${p.workload.name}`)
    && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
}

export const resolvers = {
  Query: {
    servicesConnection: (_: unknown, args: LocationArgs & PageArgs, ctx: GraphQLContext) =>
      paginate(ctx.backend.model().services.filter((s) => matchesLocation(s, args)), serviceKey, args),
    services: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().services.filter((s) => matchesLocation(s, args)),
    service: (_: unknown, args: { namespace: string; name: string; cluster?: string | null }, ctx: GraphQLContext) =>
      ctx.backend.model().services.find((s) => s.name === args.name && matchesLocation(s, args)) ?? null,
  },
  Service: {
    pods: (s: Service, _: unknown, ctx: GraphQLContext) => servicePods(ctx.backend.model(), s),
  },
  ServicePort: {
    protocol: (p: { protocol: string }) => p.protocol.replace('-', '_'),
    targetPort: (p: { targetPort?: number | string }) => (p.targetPort === undefined ? null : String(p.targetPort)),
  },
};
