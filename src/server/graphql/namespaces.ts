import type { Namespace } from '../../core/model/index.js';
import { matchesLocation, type GraphQLContext, type LocationArgs } from './context.js';

export const typeDefs = /* GraphQL */ `
  "How a namespace asks for sidecar injection."
  enum InjectionMode {
    "istio-injection=enabled: the default revision"
    enabled
    "an istio.io/rev label"
    revision
    "istio-injection=disabled"
    disabled
    "no injection label"
    none
  }

  type Namespace {
    cluster: String!
    name: String!
    labels: JSON!
    injection: InjectionMode!
    "The revision injection asks for ('default' for istio-injection=enabled)."
    revision: String
    "The control plane serving that revision, if any."
    controlPlane: ControlPlaneRef
    "Injection is requested but no control plane serves the revision."
    missingControlPlane: Boolean!
  }

  extend type Query {
    namespaces(cluster: String): [Namespace!]!
    namespace(name: String!, cluster: String): Namespace
  }
`;

export const resolvers = {
  Query: {
    namespaces: (_: unknown, args: LocationArgs, ctx: GraphQLContext) =>
      ctx.backend.model().namespaces.filter((n) => matchesLocation(n, { cluster: args.cluster })),
    namespace: (_: unknown, args: { name: string; cluster?: string | null }, ctx: GraphQLContext) =>
      ctx.backend.model().namespaces.find((n) => n.name === args.name && (!args.cluster || n.cluster === args.cluster)) ?? null,
  },
  Namespace: {
    injection: (n: Namespace) => n.injection.mode,
    revision: (n: Namespace) => n.injection.revision ?? null,
    controlPlane: (n: Namespace) => n.injection.controlPlane ?? null,
    missingControlPlane: (n: Namespace) => n.injection.missingControlPlane,
  },
};
