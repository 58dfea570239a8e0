import { matchesLocation, type GraphQLContext, type LocationArgs } from './context.js';

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
  }

  extend type Query {
    services(namespace: String, cluster: String): [Service!]!
    service(namespace: String!, name: String!, cluster: String): Service
  }
`;

export const resolvers = {
  Query: {
    services: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().services.filter((s) => matchesLocation(s, args)),
    service: (_: unknown, args: { namespace: string; name: string; cluster?: string | null }, ctx: GraphQLContext) =>
      ctx.backend.model().services.find((s) => s.name === args.name && matchesLocation(s, args)) ?? null,
  },
  ServicePort: {
    protocol: (p: { protocol: string }) => p.protocol.replace('-', '_'),
    targetPort: (p: { targetPort?: number | string }) => (p.targetPort === undefined ? null : String(p.targetPort)),
  },
};
