// The GraphQL the gateways pages send, and the types of the answers they read.
import type { MetricSeries } from '../../components/TimeSeriesChart';

export interface PortInfo { name: string | null; port: number; protocol: string; targetPort: string | null }

export interface GatewayRow {
  cluster: string;
  namespace: string;
  name: string;
  type: string;
  source: string;
  serviceType: string | null;
  addresses: string[];
  status: string;
  error: string | null;
  ports: PortInfo[];
  hosts: string[];
  routeCount: number;
  requestsPerSecond: number | null;
  errorRate: number | null;
}

export const GATEWAYS_QUERY = /* GraphQL */ `query GatewaysList {
  gateways {
    cluster namespace name type source serviceType addresses status error
    ports { name port protocol targetPort } hosts routeCount requestsPerSecond errorRate
  }
}`;
export interface GatewaysAnswer { gateways: GatewayRow[] }

export interface GatewayServerInfo {
  gatewayNamespace: string;
  gatewayName: string;
  port: number;
  portName: string | null;
  protocol: string;
  hosts: string[];
  tlsMode: string | null;
  credentialName: string | null;
  httpsRedirect: boolean;
  gatewayYaml: string;
}

export interface RouteDestination { host: string; port: number | null; subset: string | null; weight: number | null }

export interface GatewayRouteInfo {
  virtualServiceNamespace: string;
  virtualServiceName: string;
  gateways: string[];
  hosts: string[];
  protocol: string;
  match: string[];
  destinations: RouteDestination[];
  actions: string[];
  virtualServiceYaml: string;
}

export interface GatewayWorkload {
  cluster: string;
  namespace: string;
  name: string;
  kind: string;
  replicaStatus: { desired: number; ready: number; available: number };
  serviceAccounts: string[];
  controllers: { kind: string; name: string }[];
  labels: Record<string, string>;
  pods: { name: string; ready: boolean; phase: string; node: string | null; ip: string | null }[];
}

export interface GatewayService {
  name: string;
  type: string;
  clusterIP: string | null;
  labels: Record<string, string>;
  selector: Record<string, string> | null;
  ports: PortInfo[];
}

export interface GatewayDetail extends GatewayRow {
  controlPlane: string | null;
  meshGatewayYaml: string | null;
  servers: GatewayServerInfo[];
  routes: GatewayRouteInfo[];
  workload: GatewayWorkload | null;
  service: GatewayService | null;
}

export const GATEWAY_QUERY = /* GraphQL */ `query GatewayDetail($namespace: String!, $name: String!) {
  gateway(namespace: $namespace, name: $name) {
    cluster namespace name type source serviceType addresses status error controlPlane
    ports { name port protocol targetPort } hosts routeCount requestsPerSecond errorRate meshGatewayYaml
    servers { gatewayNamespace gatewayName port portName protocol hosts tlsMode credentialName httpsRedirect gatewayYaml }
    routes { virtualServiceNamespace virtualServiceName gateways hosts protocol match destinations { host port subset weight } actions virtualServiceYaml }
    workload {
      cluster namespace name kind replicaStatus { desired ready available } serviceAccounts controllers { kind name } labels
      pods { name ready phase node ip }
    }
    service { name type clusterIP labels selector ports { name port protocol targetPort } }
  }
}`;
export interface GatewayAnswer { gateway: GatewayDetail | null }

export const GATEWAY_METRICS_QUERY = /* GraphQL */ `query GatewayMetrics($namespace: String!, $name: String!) {
  gateway(namespace: $namespace, name: $name) {
    metrics {
      requestsPerSecond { start stepSeconds values }
      errorRate { start stepSeconds values }
      p50 { start stepSeconds values }
      p95 { start stepSeconds values }
      p99 { start stepSeconds values }
      requestBytesPerSecond { start stepSeconds values }
      responseBytesPerSecond { start stepSeconds values }
    }
  }
}`;
export interface GatewayMetricsAnswer {
  gateway: { metrics: Record<'requestsPerSecond' | 'errorRate' | 'p50' | 'p95' | 'p99' | 'requestBytesPerSecond' | 'responseBytesPerSecond', MetricSeries> | null } | null;
}

export interface KubeEventInfo {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string;
  involvedObject: { kind: string; name: string };
}

export const EVENTS_QUERY = /* GraphQL */ `query GatewayEvents($cluster: String, $namespace: String) {
  events(cluster: $cluster, namespace: $namespace, limit: 200) { type reason message count lastSeen involvedObject { kind name } }
}`;
export interface EventsAnswer { events: KubeEventInfo[] }
