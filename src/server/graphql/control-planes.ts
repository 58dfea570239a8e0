// What the MESH page needs beyond the model's control planes (infrastructure.ts): one control
// plane by its location, its mesh settings, its validation counts and the CPU and memory of its
// sidecars; the mesh-wide sidecar totals; and whether each proxy's container is ready.

import type { ControlPlane, Proxy } from '../../core/model/index.js';
import type { ProxyResources } from '../../core/traffic/types.js';
import { controlPlaneMeshSettings, proxyResourcesOf, type ProxyFilter } from '../views/control-plane-view.js';
import type { GraphQLContext } from './context.js';
import { asError, telemetryUnavailable } from './errors.js';
import { seriesRange, type SeriesArgs } from './metrics.js';
import { filterFindings } from './validation.js';

export const typeDefs = /* GraphQL */ `
  "A control plane's mesh-wide settings (Istio's MeshConfig, with Istio's defaults for what it leaves out)."
  type MeshSettings {
    rootNamespace: String!
    "The trust domain, then its aliases."
    trustDomains: [String!]!
    "enableAutoMtls: sidecars send mTLS to peers that accept it without a DestinationRule."
    autoMtls: Boolean!
    "ALLOW_ANY or REGISTRY_ONLY."
    outboundTrafficPolicy: String!
    "Where the values come from: ConfigMap (what istiod runs with), IstioControlPlane (its spec.meshConfig) or defaults."
    source: String!
  }

  "How many validation issues there are, by severity."
  type ValidationCounts {
    error: Int!
    warning: Int!
    info: Int!
    total: Int!
  }

  extend type ControlPlane {
    meshSettings: MeshSettings!
    "Issues in the namespaces this control plane serves (matched by revision); null without a validator."
    validationCounts: ValidationCounts
    "CPU and memory of the sidecars in the namespaces running proxies of this control plane; null when the metrics source has none."
    proxyResources(from: String, to: String, stepSeconds: Int): ProxyResources
  }

  extend type Proxy {
    "The pod's istio-proxy container is ready."
    ready: Boolean!
    "The pod's phase (Running, Pending, ...)."
    phase: String!
  }

  extend type Query {
    "One control plane; null when there is none."
    controlPlane(cluster: String, namespace: String!, name: String!): ControlPlane
    "CPU and memory of every sidecar of the mesh (or of one cluster); null when the metrics source has none."
    meshProxyResources(cluster: String, from: String, to: String, stepSeconds: Int): ProxyResources
  }
`;

async function resources(ctx: GraphQLContext, args: SeriesArgs, filter: ProxyFilter): Promise<ProxyResources | null> {
  const range = seriesRange(args, Date.now());
  if (!ctx.backend.telemetry) return null;
  try {
    return await proxyResourcesOf(ctx.backend, range, filter);
  } catch (e) {
    throw telemetryUnavailable(asError(e));
  }
}

const podOf = (ctx: GraphQLContext, p: Proxy) => ctx.backend.model().pods.find((pod) => pod.cluster === p.cluster && pod.namespace === p.namespace && pod.name === p.pod);

export const resolvers = {
  Query: {
    controlPlane: (_: unknown, args: { cluster?: string | null; namespace: string; name: string }, ctx: GraphQLContext) =>
      ctx.backend.model().controlPlanes.find((c) => c.namespace === args.namespace && c.name === args.name && (!args.cluster || c.cluster === args.cluster)) ?? null,
    meshProxyResources: (_: unknown, args: SeriesArgs & { cluster?: string | null }, ctx: GraphQLContext) => resources(ctx, args, args.cluster ? { cluster: args.cluster } : {}),
  },
  ControlPlane: {
    meshSettings: (cp: ControlPlane, _: unknown, ctx: GraphQLContext) => controlPlaneMeshSettings(ctx.backend, cp),
    validationCounts: (cp: ControlPlane, _: unknown, ctx: GraphQLContext) => {
      const validation = ctx.backend.validation;
      if (!validation) return null;
      const mine = filterFindings(validation.findings(), { controlPlane: cp.revision }).filter((f) => f.subject.cluster === cp.cluster);
      const of = (s: string) => mine.filter((f) => f.severity === s).length;
      return { error: of('error'), warning: of('warning'), info: of('info'), total: mine.length };
    },
    proxyResources: (cp: ControlPlane, args: SeriesArgs, ctx: GraphQLContext) => resources(ctx, args, { cluster: cp.cluster, revision: cp.revision }),
  },
  Proxy: {
    ready: (p: Proxy, _: unknown, ctx: GraphQLContext) => podOf(ctx, p)?.sidecar?.ready ?? false,
    phase: (p: Proxy, _: unknown, ctx: GraphQLContext) => podOf(ctx, p)?.phase ?? 'Unknown',
  },
};
