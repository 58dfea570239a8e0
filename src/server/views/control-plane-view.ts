// What the MESH page adds to the model's control planes: their mesh settings (read from the
// mesh ConfigMap istiod loads, else the IstioControlPlane spec) and the CPU and memory of the
// sidecars they serve, summed from the telemetry port's per-namespace answers.

import { meshConfigMapNames, meshConfigOfConfigMap, meshSettings, type MeshSettings } from '../../core/model/mesh-config.js';
import type { ControlPlane, MeshModel } from '../../core/model/index.js';
import type { ProxyResources, Series, SeriesRange } from '../../core/traffic/types.js';
import { isKubeError } from '../../kube/errors.js';
import { Resources } from '../../kube/resources.js';
import type { MeshBackend } from '../backend.js';

/**
 * The ConfigMap is what istiod runs with (smm renders the IstioControlPlane's overrides into
 * it); a cluster where smm may not read it, or the demo, falls back to the spec.
 */
export async function controlPlaneMeshSettings(backend: MeshBackend, cp: ControlPlane): Promise<MeshSettings> {
  const port = backend.ports?.get(cp.cluster);
  if (port) {
    for (const name of meshConfigMapNames(cp)) {
      try {
        const mesh = meshConfigOfConfigMap(await port.get(Resources.ConfigMap, name, cp.namespace) as { data?: Record<string, string> });
        if (mesh) return meshSettings(mesh, cp.namespace, 'ConfigMap');
      } catch (e) {
        // Absent or not readable: the next name, then the spec.
        if (!isKubeError(e)) throw e;
      }
    }
  }
  return cp.meshConfig ? meshSettings(cp.meshConfig, cp.namespace, 'IstioControlPlane') : meshSettings(undefined, cp.namespace, 'defaults');
}

/** Which proxies: of one cluster, of one control plane revision (both absent: all). */
export interface ProxyFilter {
  cluster?: string;
  revision?: string;
}

/** Namespaces (per cluster) that run proxies passing the filter. */
export function proxyNamespaces(model: MeshModel, filter: ProxyFilter = {}): { cluster: string; namespace: string }[] {
  const keys = new Set<string>();
  const out: { cluster: string; namespace: string }[] = [];
  for (const p of model.proxies) {
    if (filter.cluster !== undefined && p.cluster !== filter.cluster) continue;
    if (filter.revision !== undefined && p.controlPlane?.revision !== filter.revision) continue;
    const k = `${p.cluster}/${p.namespace}`;
    if (keys.has(k)) continue;
    keys.add(k);
    out.push({ cluster: p.cluster, namespace: p.namespace });
  }
  return out;
}

/** Point-wise sums of aligned series; a point is null only where every series is. */
export function sumSeries(list: readonly Series[]): Series | undefined {
  const first = list[0];
  if (!first) return undefined;
  const length = Math.max(...list.map((s) => s.values.length));
  const values = Array.from({ length }, (_, i) => {
    const present = list.map((s) => s.values[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return present.length > 0 ? present.reduce((a, b) => a + b, 0) : null;
  });
  return { startMs: first.startMs, stepMs: first.stepMs, values };
}

export function sumProxyResources(list: readonly (ProxyResources | null)[]): ProxyResources | null {
  const present = list.filter((r): r is ProxyResources => r !== null);
  const cpu = sumSeries(present.map((r) => r.cpuCores));
  const memory = sumSeries(present.map((r) => r.memoryBytes));
  return cpu && memory ? { cpuCores: cpu, memoryBytes: memory } : null;
}

/**
 * Sidecar CPU and memory of the namespaces that run proxies passing the filter. Per namespace,
 * so a namespace with proxies of two control planes counts for both.
 */
export async function proxyResourcesOf(backend: MeshBackend, range: SeriesRange, filter: ProxyFilter = {}): Promise<ProxyResources | null> {
  const telemetry = backend.telemetry;
  if (!telemetry) return null;
  const namespaces = proxyNamespaces(backend.model(), filter);
  const answers = await Promise.all(namespaces.map((n) => telemetry.proxyResources({ kind: 'namespace', cluster: n.cluster, namespace: n.namespace }, range)));
  return sumProxyResources(answers);
}
