// The kinds the ISTIO RESOURCES pages list, create and edit, with the selector's labels
// (the product's six, then the other Istio kinds the API edits).

export interface KindInfo {
  kind: string;
  label: string;
  description: string;
}

export const DASHBOARD_KINDS: readonly KindInfo[] = [
  { kind: 'AuthorizationPolicy', label: 'Authorization policy', description: 'Access control on workloads: ALLOW, DENY or CUSTOM' },
  { kind: 'DestinationRule', label: 'Destination rule', description: 'Load balancing, connection pool, outlier detection, subsets' },
  { kind: 'Gateway', label: 'Gateway', description: 'Ports, protocols, hosts and TLS of a gateway deployment' },
  { kind: 'IstioMeshGateway', label: 'Mesh gateway', description: 'An ingress or egress gateway deployment managed by smm' },
  { kind: 'PeerAuthentication', label: 'Peer authentication', description: 'mTLS mode for the traffic a sidecar accepts' },
  { kind: 'VirtualService', label: 'Virtual service', description: 'Host-based routing: matches, splits, retries, rewrites' },
  { kind: 'ServiceEntry', label: 'Service entry', description: 'An external service the mesh may call' },
  { kind: 'Sidecar', label: 'Sidecar', description: 'What the proxies of a namespace learn and accept' },
];

export function kindLabel(kind: string): string {
  return DASHBOARD_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}
