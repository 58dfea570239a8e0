// The mesh's gateways (src/server/views/gateways-view): the GATEWAYS list and detail pages.
// Inventory comes from the caches; traffic from the telemetry port, so a failing metrics
// source leaves the list standing with TELEMETRY_UNAVAILABLE on the traffic fields only.

import type { EdgeTraffic, EntityMetrics } from '../../core/traffic/types.js';
import { buildGateways, gatewayTraffic, type GatewayRoute, type GatewayServer, type MeshGatewayView } from '../views/gateways-view.js';
import { matchesLocation, type GraphQLContext, type LocationArgs } from './context.js';
import { asError, NO_TELEMETRY, telemetryUnavailable } from './errors.js';
import { editableYaml } from './istio-resources.js';
import { seriesRange, workloadRef, type SeriesArgs } from './metrics.js';

export const typeDefs = /* GraphQL */ `
  "A gateway of the mesh: an smm IstioMeshGateway, or a gateway deployment found by Istio's labels."
  type MeshGateway {
    cluster: String!
    namespace: String!
    name: String!
    "ingress | egress | unknown"
    type: String!
    "IstioMeshGateway (managed by smm) | Workload (found by its gateway labels)"
    source: String!
    "The gateway Service's type: LoadBalancer, NodePort, ClusterIP."
    serviceType: String
    "Where clients reach it (the IstioMeshGateway's or the Service's load balancer addresses)."
    addresses: [String!]!
    "Available, Degraded, Unavailable, Reconciling, ... (the IstioMeshGateway's status when it has one)."
    status: String!
    error: String
    "namespace/name of the control plane the proxies connect to."
    controlPlane: String
    "The ports the gateway Service opens."
    ports: [ServicePort!]!
    "Distinct hosts of the Gateway servers selecting this gateway."
    hosts: [String!]!
    "Ports & Hosts: the servers of the Istio Gateways selecting this gateway."
    servers: [GatewayServer!]!
    "The rules of the VirtualServices bound to those Gateways."
    routes: [GatewayRoute!]!
    "How many VirtualServices are bound to the gateway."
    routeCount: Int!
    workload: Workload
    service: Service
    "The IstioMeshGateway as YAML, when smm manages the gateway."
    meshGatewayYaml: String
    "Upstream requests per second over the last minute (what the gateway's proxy sends)."
    requestsPerSecond: Float
    "Upstream 5xx ratio 0..1 over the last minute; null without requests."
    errorRate: Float
    "Upstream traffic series of the gateway's proxy; the last 30 minutes by default."
    metrics(from: String, to: String, stepSeconds: Int): EntityMetrics
  }

  "One server of an Istio Gateway: a port, its protocol, hosts and TLS."
  type GatewayServer {
    gatewayNamespace: String!
    gatewayName: String!
    port: Int!
    portName: String
    protocol: String!
    hosts: [String!]!
    "SIMPLE, MUTUAL, PASSTHROUGH, ISTIO_MUTUAL...; null without TLS."
    tlsMode: String
    credentialName: String
    httpsRedirect: Boolean!
    gatewayYaml: String!
  }

  type RouteDestination {
    host: String!
    port: Int
    subset: String
    weight: Int
  }

  "One rule of a VirtualService bound to a gateway."
  type GatewayRoute {
    virtualServiceNamespace: String!
    virtualServiceName: String!
    "Gateways (and mesh, for sidecars) the VirtualService applies to."
    gateways: [String!]!
    hosts: [String!]!
    "HTTP | TLS | TCP"
    protocol: String!
    "Alternatives (any may match); conditions inside one are ANDed. Empty: every request."
    match: [String!]!
    destinations: [RouteDestination!]!
    "Redirect, rewrite, timeout, retries, fault, mirror..."
    actions: [String!]!
    virtualServiceYaml: String!
  }

  extend type Query {
    "The gateways of the mesh, optionally of one cluster and namespace."
    gateways(cluster: String, namespace: String): [MeshGateway!]!
    "One gateway; null when there is none."
    gateway(cluster: String, namespace: String!, name: String!): MeshGateway
  }
`;

/** The window of the list's traffic columns (the product's "last polling interval"). */
export const TRAFFIC_WINDOW_MS = 60_000;

function gatewaysOf(ctx: GraphQLContext): MeshGatewayView[] {
  const snapshots = ctx.backend.snapshots?.() ?? [];
  return buildGateways(ctx.backend.model(), snapshots);
}

/** The last minute's edges, fetched once per request for every gateway of the list. */
const edgesPerRequest = new WeakMap<GraphQLContext, Promise<EdgeTraffic[]>>();

async function trafficOf(gw: MeshGatewayView, ctx: GraphQLContext): Promise<ReturnType<typeof gatewayTraffic>> {
  let edges = edgesPerRequest.get(ctx);
  if (!edges) {
    const telemetry = ctx.backend.telemetry;
    const now = Date.now();
    edges = telemetry
      ? telemetry.edgeTraffic({ window: { fromMs: now - TRAFFIC_WINDOW_MS, toMs: now } }).then((s) => s.edges)
      : Promise.reject(new Error(NO_TELEMETRY));
    edges.catch(() => undefined);
    edgesPerRequest.set(ctx, edges);
  }
  try {
    return gatewayTraffic(gw, await edges);
  } catch (e) {
    throw telemetryUnavailable(asError(e));
  }
}

async function gatewayMetrics(gw: MeshGatewayView, args: SeriesArgs, ctx: GraphQLContext): Promise<EntityMetrics | null> {
  const range = seriesRange(args, Date.now());
  if (!gw.workload) return null;
  if (!ctx.backend.telemetry) throw telemetryUnavailable(new Error(NO_TELEMETRY));
  try {
    return await ctx.backend.telemetry.entityMetrics({ entity: workloadRef(gw.workload), direction: 'outbound', range });
  } catch (e) {
    throw telemetryUnavailable(asError(e));
  }
}

export const resolvers = {
  Query: {
    gateways: (_: unknown, args: LocationArgs, ctx: GraphQLContext) => gatewaysOf(ctx).filter((g) => matchesLocation(g, args)),
    gateway: (_: unknown, args: LocationArgs & { namespace: string; name: string }, ctx: GraphQLContext) =>
      gatewaysOf(ctx).find((g) => g.name === args.name && matchesLocation(g, args)) ?? null,
  },
  MeshGateway: {
    serviceType: (g: MeshGatewayView) => g.serviceType ?? null,
    error: (g: MeshGatewayView) => g.error ?? null,
    controlPlane: (g: MeshGatewayView) => g.controlPlane ?? null,
    ports: (g: MeshGatewayView) => g.service?.ports ?? [],
    routeCount: (g: MeshGatewayView) => g.virtualServices,
    workload: (g: MeshGatewayView) => g.workload ?? null,
    service: (g: MeshGatewayView) => g.service ?? null,
    meshGatewayYaml: (g: MeshGatewayView) => (g.meshGateway ? editableYaml(g.meshGateway) : null),
    requestsPerSecond: async (g: MeshGatewayView, _: unknown, ctx: GraphQLContext) => (await trafficOf(g, ctx)).requestsPerSecond,
    errorRate: async (g: MeshGatewayView, _: unknown, ctx: GraphQLContext) => (await trafficOf(g, ctx)).errorRate ?? null,
    metrics: (g: MeshGatewayView, args: SeriesArgs, ctx: GraphQLContext) => gatewayMetrics(g, args, ctx),
  },
  GatewayServer: {
    gatewayNamespace: (s: GatewayServer) => s.gateway.namespace,
    gatewayName: (s: GatewayServer) => s.gateway.name,
    portName: (s: GatewayServer) => s.portName ?? null,
    tlsMode: (s: GatewayServer) => s.tlsMode ?? null,
    credentialName: (s: GatewayServer) => s.credentialName ?? null,
    gatewayYaml: (s: GatewayServer) => editableYaml(s.object),
  },
  GatewayRoute: {
    virtualServiceNamespace: (r: GatewayRoute) => r.virtualService.namespace,
    virtualServiceName: (r: GatewayRoute) => r.virtualService.name,
    virtualServiceYaml: (r: GatewayRoute) => editableYaml(r.object),
  },
};
