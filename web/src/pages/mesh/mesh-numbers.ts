// "The mesh in numbers" and the other small derivations of the MESH pages: latest values of
// series, proxies by version, the link to a control plane and the object its CONFIG shows.
import { pathTo } from '../../app/router';
import type { MetricSeries } from '../../components/TimeSeriesChart';
import type { ControlPlane, Proxy } from './api';

/** The last non-null value of a series (the chart's right edge), or null. */
export function latest(series: MetricSeries | null | undefined): number | null {
  const values = series?.values ?? [];
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/** A proxy is not running when its pod is not Running or its istio-proxy container is not ready. */
export function notRunning(proxies: readonly Proxy[]): Proxy[] {
  return proxies.filter((p) => p.phase !== 'Running' || !p.ready);
}

/** Proxies per version, most used first; a missing version is "unknown". */
export function proxyVersions(proxies: readonly Proxy[]): { version: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of proxies) counts.set(p.version ?? 'unknown', (counts.get(p.version ?? 'unknown') ?? 0) + 1);
  return [...counts].map(([version, count]) => ({ version, count })).sort((a, b) => b.count - a.count || a.version.localeCompare(b.version));
}

/** The proxies a control plane serves. */
export function proxiesOf(cp: Pick<ControlPlane, 'cluster' | 'name' | 'namespace'>, proxies: readonly Proxy[]): Proxy[] {
  return proxies.filter((p) => p.cluster === cp.cluster && p.controlPlane?.name === cp.name && p.controlPlane.namespace === cp.namespace);
}

export function controlPlanePath(cp: Pick<ControlPlane, 'cluster' | 'namespace' | 'name'>, tab?: string): string {
  return pathTo('mesh', 'controlplanes', cp.cluster, cp.namespace, cp.name) + (tab ? `?tab=${encodeURIComponent(tab)}` : '');
}

/** What CONFIG shows: the IstioControlPlane smm manages, or the istiod Deployment it was found from. */
export function configObject(cp: Pick<ControlPlane, 'cluster' | 'namespace' | 'name' | 'source'>): { cluster: string; kind: string; group: string; namespace: string; name: string } {
  return cp.source === 'IstioControlPlane'
    ? { cluster: cp.cluster, kind: 'IstioControlPlane', group: 'servicemesh.cisco.com', namespace: cp.namespace, name: cp.name }
    : { cluster: cp.cluster, kind: 'Deployment', group: 'apps', namespace: cp.namespace, name: cp.name };
}
