// The topology view: inventory from the mesh model, traffic from the telemetry port, health
// and outliers from the core. A failing telemetry source still yields the inventory (every
// workload as a node) with the error reported, never a crash.

import { currentHealth, detectOutliers, healthScore, type HealthThresholdsInput, type PeerGroup } from '../../core/health/index.js';
import { buildTopology, type NodeHealth, type Topology, type TopologyShow } from '../../core/topology/index.js';
import { workloadId } from '../../core/topology/ids.js';
import type { TrafficSnapshot } from '../../core/traffic/types.js';
import type { TelemetryPort } from '../../telemetry/port.js';
import type { MeshBackend } from '../backend.js';
import { NO_TELEMETRY } from '../graphql/errors.js';

export interface TopologyArgs {
  namespaces?: string[];
  /** End of the window (epoch ms); now when absent (live). */
  atMs?: number;
  windowMs?: number;
  show?: TopologyShow;
}

export interface TopologyResult {
  topology: Topology;
  /** Why traffic (edges, rates, health) is missing, when the telemetry source failed. */
  trafficError?: Error;
}

/** Health needs history: a baseline of this many steps before the latest window. */
const HEALTH_STEPS = 36;
const HEALTH_STEP_MS = 30_000;

async function healthByNode(telemetry: TelemetryPort, atMs: number, namespaces: string[] | undefined, thresholds: HealthThresholdsInput | undefined): Promise<Map<string, NodeHealth>> {
  const range = { fromMs: atMs - HEALTH_STEPS * HEALTH_STEP_MS, toMs: atMs, stepMs: HEALTH_STEP_MS };
  const signals = await telemetry.workloadSignals({ range, namespaces });
  const health = new Map<string, NodeHealth>();
  for (const w of signals.values()) {
    health.set(workloadId(w.cluster, w.namespace, w.workload), { health: currentHealth(healthScore(w.signals, thresholds)).state });
  }
  // Peers: the versions of one app in one namespace.
  const groups = new Map<string, PeerGroup>();
  for (const w of signals.values()) {
    const id = `${w.cluster}/${w.namespace}/${w.app ?? w.workload}`;
    if (!groups.has(id)) groups.set(id, { id, members: [] });
    groups.get(id)!.members.push({ id: workloadId(w.cluster, w.namespace, w.workload), signals: w.signals });
  }
  // A member may stand out on several signals: every reason is kept.
  for (const o of detectOutliers([...groups.values()])) {
    const h = health.get(o.member) ?? { health: 'unknown' };
    const name = decodeURIComponent(o.member.slice(o.member.lastIndexOf('/') + 1));
    const reason = o.reason.replaceAll(o.member, name);
    health.set(o.member, { ...h, outlier: { reason: h.outlier ? `${h.outlier.reason}; ${reason}` : reason } });
  }
  return health;
}

export async function topologyView(backend: MeshBackend, args: TopologyArgs): Promise<TopologyResult> {
  const model = backend.model();
  const atMs = args.atMs ?? Date.now();
  const windowMs = args.windowMs ?? 60_000;
  const namespaces = args.namespaces && args.namespaces.length > 0 ? args.namespaces : undefined;
  const options = { namespaces, show: args.show ?? {} };
  const empty: TrafficSnapshot = { window: { fromMs: atMs - windowMs, toMs: atMs }, edges: [] };
  if (!backend.telemetry) {
    return { topology: buildTopology(model, empty, options), trafficError: new Error(NO_TELEMETRY) };
  }
  try {
    const [traffic, health] = await Promise.all([
      backend.telemetry.edgeTraffic({ window: { fromMs: atMs - windowMs, toMs: atMs }, namespaces }),
      healthByNode(backend.telemetry, atMs, namespaces, backend.healthThresholds),
    ]);
    return { topology: buildTopology(model, traffic, { ...options, healthByNode: health }) };
  } catch (e) {
    return { topology: buildTopology(model, empty, options), trafficError: e instanceof Error ? e : new Error(String(e)) };
  }
}
