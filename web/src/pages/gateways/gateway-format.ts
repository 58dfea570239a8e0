// How the gateways pages write ports, destinations, TLS and status. Pure.
import type { GatewayDetail, GatewayServerInfo, KubeEventInfo, PortInfo, RouteDestination } from './api';

/** `http2 80/HTTP2 → 8080`, the dashboard's port notation. */
export function formatPort(p: PortInfo): string {
  return `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}${p.targetPort && p.targetPort !== String(p.port) ? ` → ${p.targetPort}` : ''}`;
}

/** `80/HTTP2, 443/HTTPS`: the list's Open ports column. */
export function openPorts(ports: readonly PortInfo[]): string {
  return ports.length ? ports.map((p) => `${p.port}/${p.protocol}`).join(', ') : '–';
}

/** `movies:8080 (v1) 90%`. */
export function formatDestination(d: RouteDestination): string {
  return `${d.host}${d.port ? `:${d.port}` : ''}${d.subset ? ` (${d.subset})` : ''}${d.weight !== null && d.weight !== undefined ? ` ${d.weight}%` : ''}`;
}

/** `SIMPLE · secret app-cert`, `redirect to HTTPS`, or `–`. */
export function formatTls(s: Pick<GatewayServerInfo, 'tlsMode' | 'credentialName' | 'httpsRedirect'>): string {
  const parts = [s.tlsMode ?? '', s.credentialName ? `secret ${s.credentialName}` : '', s.httpsRedirect ? 'redirect to HTTPS' : ''].filter(Boolean);
  return parts.length ? parts.join(' · ') : '–';
}

export function statusTone(status: string): 'ok' | 'warn' | 'bad' | '' {
  const s = status.toLowerCase();
  if (s === 'available') return 'ok';
  if (s === 'degraded' || s === 'reconciling' || s === 'progressing' || s === 'scaled to zero') return 'warn';
  if (s === 'unavailable' || s === 'failed' || s === 'error') return 'bad';
  return '';
}

/** Events about a workload: the controller itself, its ReplicaSets and its pods (names start with it). */
export function eventsOf(events: readonly KubeEventInfo[], workload: string): KubeEventInfo[] {
  return events.filter((e) => e.involvedObject.name === workload || e.involvedObject.name.startsWith(`${workload}-`));
}

/**
 * The pod labels a new Istio Gateway should select to serve on this gateway: the labels an
 * IstioMeshGateway gives its pods, else Istio's `istio` label, else the app label.
 */
export function gatewaySelector(gw: Pick<GatewayDetail, 'name' | 'type' | 'source' | 'workload'>): Record<string, string> | undefined {
  if (gw.source === 'IstioMeshGateway' && (gw.type === 'ingress' || gw.type === 'egress')) return { 'gateway-name': gw.name, 'gateway-type': gw.type };
  const labels = gw.workload?.labels ?? {};
  if (labels['gateway-name']) return { 'gateway-name': labels['gateway-name'] };
  if (labels['istio']) return { istio: labels['istio'] };
  if (labels['app']) return { app: labels['app'] };
  return undefined;
}
