// The demo application as typed data: the product's demo app (the `allspark` services of the
// smm-demo namespace), its load generator and the call graph between them. Both the Kubernetes
// objects (objects.ts) and the traffic simulator (simulator/) are derived from this one value,
// so what the inventory shows and what the metrics say always agree.

// --- types -------------------------------------------------------------------------------

/** The request protocol Istio reports (`request_protocol`). */
export type DemoProtocol = 'http' | 'grpc' | 'tcp';

export interface DemoPort {
  /** Istio-style port name: the prefix before the first `-` selects the protocol. */
  name: string;
  port: number;
  targetPort: number;
  protocol: DemoProtocol;
}

/** A log-normal distribution given by its median and the sigma of the underlying normal. */
export interface LogNormal {
  median: number;
  sigma: number;
}

/**
 * Which Envoy sees the workload's traffic: an injected sidecar, a gateway (a proxy that only
 * ever reports as the source of what it forwards), or nothing (only the callee reports).
 */
export type DemoProxy = 'sidecar' | 'gateway' | 'none';

/** Where a workload's own requests come from when nothing calls it (a traffic origin). */
export type DemoOrigin =
  | { kind: 'swing' }            // follows the DemoApplication load: minRPS..maxRPS over swingPeriod
  | { kind: 'constant'; rps: number };

export interface DemoWorkload {
  /** Controller name, also `destination_workload` in metrics (e.g. `movies-v3`). */
  name: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet';
  app: string;
  /** `version` label; absent ones surface as `unknown` (and canonical revision `latest`). */
  version?: string;
  replicas: number;
  serviceAccount: string;
  containerName: string;
  image: string;
  /** Ports the application container listens on. */
  ports: DemoPort[];
  proxy: DemoProxy;
  /** Extra pod labels (gateways carry `istio: ingressgateway`, ...). */
  extraLabels?: Record<string, string>;
  /** Own processing time, without the time spent waiting for callees. */
  latencyMs: LogNormal;
  /** Fraction of requests the application itself fails. */
  errorRate: number;
  /** HTTP status of those failures (gRPC failures report 200 + `grpcErrorStatus`). */
  errorCode: number;
  grpcErrorStatus: string;
  requestBytes: LogNormal;
  responseBytes: LogNormal;
  origin?: DemoOrigin;
}

export interface DemoService {
  name: string;
  namespace: string;
  type: 'ClusterIP' | 'LoadBalancer';
  selector: Record<string, string>;
  ports: DemoPort[];
  /**
   * How traffic to the service is split over the workloads behind it (the VirtualService's
   * weighted routes to version subsets). Absent: a single workload takes everything.
   */
  split?: { workload: string; subset: string; weight: number }[];
}

/** A workload calling a service: `ratio` requests per request the caller handles. */
export interface DemoCall {
  from: string;
  service: string;
  port: string;
  ratio: number;
}

/**
 * One workload → workload edge of the call graph, as metrics see it (a service with a split
 * yields one edge per destination workload). `ratio` already includes the split weight.
 */
export interface DemoEdge {
  id: string;
  source: string;
  destination: string;
  service: string;
  port: DemoPort;
  protocol: DemoProtocol;
  ratio: number;
}

export interface DemoLoad {
  minRPS: number;
  maxRPS: number;
  /** As the DemoApplication CR spells it: a Go duration in nanoseconds. */
  swingPeriodNs: number;
}

export interface DemoApp {
  namespace: string;
  /** Istio revision the namespace and the pods are labelled with. */
  revision: string;
  version: string;
  load: DemoLoad;
  workloads: DemoWorkload[];
  services: DemoService[];
  calls: DemoCall[];
  edges: DemoEdge[];
}

// --- the product's demo app ---------------------------------------------------------------

export const DEMO_NAMESPACE = 'smm-demo';
export const ISTIO_NAMESPACE = 'istio-system';
export const CONTROL_PLANE_NAME = 'cp-v115x';
export const ISTIO_REVISION = `${CONTROL_PLANE_NAME}.${ISTIO_NAMESPACE}`;
export const ISTIO_VERSION = '1.15.3';
export const DEMO_APP_VERSION = '0.1.4';
export const DEMO_CLUSTER_NAME = 'demo-cluster';
export const DEMO_LOAD: DemoLoad = { minRPS: 10, maxRPS: 30, swingPeriodNs: 1_380_000_000_000 };
export const GATEWAY_NAME = 'smm-ingressgateway';

const ALLSPARK_IMAGE = `ghcr.io/cisco-open/allspark:${DEMO_APP_VERSION}`;

// allspark serves all three on every instance (the product docs list these three ports).
const ALLSPARK_PORTS: DemoPort[] = [
  { name: 'http', port: 8080, targetPort: 8080, protocol: 'http' },
  { name: 'grpc', port: 8082, targetPort: 8082, protocol: 'grpc' },
  { name: 'tcp', port: 8083, targetPort: 8083, protocol: 'tcp' },
];
const POSTGRESQL_PORTS: DemoPort[] = [{ name: 'tcp-postgresql', port: 5432, targetPort: 5432, protocol: 'tcp' }];
const MYSQL_PORTS: DemoPort[] = [{ name: 'tcp-mysql', port: 3306, targetPort: 3306, protocol: 'tcp' }];
const GATEWAY_PORTS: DemoPort[] = [{ name: 'http2', port: 80, targetPort: 8080, protocol: 'http' }];

interface WorkloadShape {
  latency: LogNormal;
  errorRate?: number;
  request?: LogNormal;
  response?: LogNormal;
}

function allspark(app: string, version: string | undefined, shape: WorkloadShape): DemoWorkload {
  return {
    name: version ? `${app}-${version}` : app,
    namespace: DEMO_NAMESPACE,
    kind: 'Deployment',
    app,
    ...(version ? { version } : {}),
    replicas: 1,
    serviceAccount: app,
    containerName: app,
    image: ALLSPARK_IMAGE,
    ports: ALLSPARK_PORTS,
    proxy: 'sidecar',
    latencyMs: shape.latency,
    errorRate: shape.errorRate ?? 0,
    errorCode: 503,
    grpcErrorStatus: '14', // UNAVAILABLE
    requestBytes: shape.request ?? { median: 640, sigma: 0.15 },
    responseBytes: shape.response ?? { median: 2_400, sigma: 0.5 },
  };
}

function database(app: 'postgresql' | 'mysql', image: string, ports: DemoPort[], latency: LogNormal): DemoWorkload {
  // The product runs both as single-replica Deployments (pods `postgresql-<hash>-<id>`).
  return {
    ...allspark(app, undefined, { latency, request: { median: 180, sigma: 0.4 }, response: { median: 1_100, sigma: 0.8 } }),
    image, ports, containerName: app,
  };
}

const WORKLOADS: DemoWorkload[] = [
  {
    ...allspark('bombardier', undefined, { latency: { median: 0.2, sigma: 0.2 } }),
    image: 'docker.io/alpine/bombardier:v1.2.5', ports: [], origin: { kind: 'swing' },
  },
  allspark('frontpage', 'v1', { latency: { median: 9, sigma: 0.35 }, response: { median: 14_000, sigma: 0.3 } }),
  allspark('catalog', 'v1', { latency: { median: 14, sigma: 0.4 }, response: { median: 6_500, sigma: 0.4 } }),
  allspark('bookings', 'v1', { latency: { median: 22, sigma: 0.45 }, request: { median: 1_300, sigma: 0.25 } }),
  allspark('movies', 'v1', { latency: { median: 38, sigma: 0.3 }, response: { median: 4_200, sigma: 0.35 } }),
  allspark('movies', 'v2', { latency: { median: 52, sigma: 0.35 }, response: { median: 5_100, sigma: 0.35 } }),
  // v3 is the slow, flaky one: the demo's steady source of errors and of latency outliers.
  allspark('movies', 'v3', { latency: { median: 85, sigma: 0.6 }, errorRate: 0.05, response: { median: 5_600, sigma: 0.4 } }),
  allspark('payments', 'v1', { latency: { median: 31, sigma: 0.5 }, request: { median: 1_700, sigma: 0.2 }, response: { median: 380, sigma: 0.2 } }),
  allspark('notifications', 'v1', { latency: { median: 11, sigma: 0.3 }, response: { median: 120, sigma: 0.2 } }),
  allspark('analytics', 'v1', { latency: { median: 6, sigma: 0.3 }, response: { median: 90, sigma: 0.2 } }),
  allspark('database', 'v1', { latency: { median: 4, sigma: 0.35 }, response: { median: 1_800, sigma: 0.6 } }),
  database('postgresql', 'docker.io/bitnami/postgresql:14.5.0', POSTGRESQL_PORTS, { median: 2.5, sigma: 0.5 }),
  database('mysql', 'docker.io/library/mysql:8.0.30', MYSQL_PORTS, { median: 3, sigma: 0.5 }),
  {
    // The mesh's ingress gateway: a few "real visitors" next to the load generator.
    ...allspark(GATEWAY_NAME, undefined, { latency: { median: 0.4, sigma: 0.3 } }),
    namespace: ISTIO_NAMESPACE,
    serviceAccount: `${GATEWAY_NAME}-service-account`,
    containerName: 'istio-proxy',
    image: 'ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc.0',
    ports: GATEWAY_PORTS,
    proxy: 'gateway',
    extraLabels: { istio: 'ingressgateway', 'gateway-name': GATEWAY_NAME, 'gateway-type': 'ingress' },
    origin: { kind: 'constant', rps: 1.5 },
  },
];

function serviceFor(app: string, ports: DemoPort[]): DemoService {
  return { name: app, namespace: DEMO_NAMESPACE, type: 'ClusterIP', selector: { app }, ports };
}

const SERVICES: DemoService[] = [
  serviceFor('frontpage', ALLSPARK_PORTS),
  serviceFor('catalog', ALLSPARK_PORTS),
  serviceFor('bookings', ALLSPARK_PORTS),
  {
    ...serviceFor('movies', ALLSPARK_PORTS),
    split: [
      { workload: 'movies-v1', subset: 'v1', weight: 50 },
      { workload: 'movies-v2', subset: 'v2', weight: 30 },
      { workload: 'movies-v3', subset: 'v3', weight: 20 },
    ],
  },
  serviceFor('payments', ALLSPARK_PORTS),
  serviceFor('notifications', ALLSPARK_PORTS),
  serviceFor('analytics', ALLSPARK_PORTS),
  serviceFor('database', ALLSPARK_PORTS),
  serviceFor('postgresql', POSTGRESQL_PORTS),
  serviceFor('mysql', MYSQL_PORTS),
  {
    name: GATEWAY_NAME, namespace: ISTIO_NAMESPACE, type: 'LoadBalancer',
    selector: { app: GATEWAY_NAME, istio: 'ingressgateway' }, ports: GATEWAY_PORTS,
  },
];

const CALLS: DemoCall[] = [
  { from: 'bombardier', service: 'frontpage', port: 'http', ratio: 1 },
  { from: GATEWAY_NAME, service: 'frontpage', port: 'http', ratio: 1 },
  { from: 'frontpage-v1', service: 'catalog', port: 'http', ratio: 1 },
  { from: 'frontpage-v1', service: 'bookings', port: 'http', ratio: 0.5 },
  { from: 'catalog-v1', service: 'movies', port: 'http', ratio: 1.5 },
  { from: 'catalog-v1', service: 'postgresql', port: 'tcp-postgresql', ratio: 1 },
  { from: 'bookings-v1', service: 'payments', port: 'http', ratio: 1 },
  { from: 'bookings-v1', service: 'analytics', port: 'http', ratio: 1 },
  { from: 'bookings-v1', service: 'postgresql', port: 'tcp-postgresql', ratio: 2 },
  { from: 'payments-v1', service: 'notifications', port: 'http', ratio: 1 },
  { from: 'movies-v1', service: 'database', port: 'grpc', ratio: 1 },
  { from: 'movies-v2', service: 'database', port: 'grpc', ratio: 1 },
  { from: 'movies-v3', service: 'database', port: 'grpc', ratio: 2 },
  { from: 'analytics-v1', service: 'database', port: 'grpc', ratio: 2 },
  { from: 'database-v1', service: 'mysql', port: 'tcp-mysql', ratio: 1 },
];

// --- derivation ---------------------------------------------------------------------------

export function edgeId(source: string, destination: string): string {
  return `${source}->${destination}`;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function workloadLabels(w: DemoWorkload): Record<string, string> {
  return { app: w.app, ...(w.version ? { version: w.version } : {}), ...(w.extraLabels ?? {}) };
}

/** Turn service-level calls into workload-level edges, applying each service's split. */
export function deriveEdges(workloads: readonly DemoWorkload[], services: readonly DemoService[], calls: readonly DemoCall[]): DemoEdge[] {
  const edges: DemoEdge[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    const service = services.find((s) => s.name === call.service);
    if (!service) throw new Error(`demo call from ${call.from}: no service ${call.service}`);
    if (!workloads.some((w) => w.name === call.from)) throw new Error(`demo call: no workload ${call.from}`);
    const port = service.ports.find((p) => p.name === call.port);
    if (!port) throw new Error(`demo call from ${call.from}: service ${service.name} has no port ${call.port}`);
    const behind = workloads.filter((w) => w.namespace === service.namespace && matches(service.selector, workloadLabels(w)));
    // Shares as weight / total, multiplied in that order so round weights give round ratios.
    const targets = service.split
      ? service.split.map((s) => ({ workload: s.workload, weight: s.weight, total: service.split!.reduce((sum, x) => sum + x.weight, 0) }))
      : behind.map((w) => ({ workload: w.name, weight: 1, total: behind.length }));
    if (targets.length === 0) throw new Error(`demo service ${service.name} selects no workload`);
    for (const t of targets) {
      if (!behind.some((w) => w.name === t.workload)) throw new Error(`demo service ${service.name} does not select ${t.workload}`);
      const id = edgeId(call.from, t.workload);
      if (seen.has(id)) throw new Error(`demo edge ${id} declared twice`);
      seen.add(id);
      edges.push({ id, source: call.from, destination: t.workload, service: service.name, port, protocol: port.protocol, ratio: (call.ratio * t.weight) / t.total });
    }
  }
  return edges;
}

export function defineDemoApp(parts: Omit<DemoApp, 'edges'>): DemoApp {
  return { ...parts, edges: deriveEdges(parts.workloads, parts.services, parts.calls) };
}

/** The demo application smm ships (the DemoApplication `smm-demo` with every component). */
export const DEMO_APP: DemoApp = defineDemoApp({
  namespace: DEMO_NAMESPACE,
  revision: ISTIO_REVISION,
  version: DEMO_APP_VERSION,
  load: DEMO_LOAD,
  workloads: WORKLOADS,
  services: SERVICES,
  calls: CALLS,
});

/** The components the DemoApplication CR enables (movies covers its three versions). */
export const DEMO_COMPONENTS = [
  'frontpage', 'catalog', 'bookings', 'postgresql', 'payments', 'notifications', 'movies', 'analytics', 'database', 'mysql',
] as const;
