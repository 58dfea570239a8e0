// The MESH pages' queries and the types of their answers.
import type { MetricSeries } from '../../components/TimeSeriesChart';

export const MESH = /* GraphQL */ `query MeshPage {
  clusters { name namespaces nodes controlPlanes }
  controlPlanes {
    cluster namespace name revision version source status proxies syncState
    istiodPods { name ready version }
    validationCounts { error warning info total }
  }
  proxies { cluster namespace pod version revision ready phase syncState workload { kind name } controlPlane { name namespace } }
  meshProxyResources(stepSeconds: 60) { cpuCores { start stepSeconds values } memoryBytes { start stepSeconds values } }
}`;

export const CONTROL_PLANE = /* GraphQL */ `query ControlPlanePage($cluster: String, $namespace: String!, $name: String!) {
  controlPlane(cluster: $cluster, namespace: $namespace, name: $name) {
    cluster namespace name revision version source status proxies syncState
    istiodPods { name ready version }
    validationCounts { error warning info total }
    meshSettings { rootNamespace trustDomains autoMtls outboundTrafficPolicy source }
  }
}`;

export const CONTROL_PLANE_PROXIES = /* GraphQL */ `query ControlPlaneProxies($cluster: String) {
  proxies(cluster: $cluster) { cluster namespace pod version revision ready phase syncState workload { kind name } controlPlane { name namespace } }
}`;

export const CONTROL_PLANE_METRICS = /* GraphQL */ `query ControlPlaneMetrics($cluster: String, $namespace: String!, $name: String!) {
  controlPlane(cluster: $cluster, namespace: $namespace, name: $name) {
    proxyResources(stepSeconds: 60) { cpuCores { start stepSeconds values } memoryBytes { start stepSeconds values } }
  }
}`;

export type SyncState = 'SYNCED' | 'NOT_SENT' | 'STALE' | 'UNKNOWN';

export interface ValidationCounts { error: number; warning: number; info: number; total: number }

export interface ControlPlane {
  cluster: string;
  namespace: string;
  name: string;
  revision: string;
  version: string | null;
  /** IstioControlPlane (smm-managed) or istiod (found from its Deployment). */
  source: string;
  status: string | null;
  proxies: number;
  syncState: SyncState;
  istiodPods: { name: string; ready: boolean; version: string | null }[];
  validationCounts: ValidationCounts | null;
}

export interface MeshSettings {
  rootNamespace: string;
  trustDomains: string[];
  autoMtls: boolean;
  outboundTrafficPolicy: string;
  source: string;
}

export interface ControlPlaneDetails extends ControlPlane {
  meshSettings: MeshSettings;
}

export interface Proxy {
  cluster: string;
  namespace: string;
  pod: string;
  version: string | null;
  revision: string | null;
  ready: boolean;
  phase: string;
  syncState: SyncState;
  workload: { kind: string; name: string };
  controlPlane: { name: string; namespace: string } | null;
}

export interface Cluster { name: string; namespaces: number; nodes: number; controlPlanes: string[] }

export interface ProxyResources { cpuCores: MetricSeries; memoryBytes: MetricSeries }

export interface MeshAnswer {
  clusters: Cluster[];
  controlPlanes: ControlPlane[];
  proxies: Proxy[];
  meshProxyResources: ProxyResources | null;
}
