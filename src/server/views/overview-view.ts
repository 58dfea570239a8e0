// The mesh overview: inventory counts from the mesh model and mesh-wide traffic from the
// telemetry port. As in the topology view, a failing metrics source still yields the
// inventory, with the error kept for the traffic fields.

import type { MeshModel } from '../../core/model/index.js';
import type { EdgeTraffic, TrafficWindow } from '../../core/traffic/types.js';
import type { MeshBackend } from '../backend.js';

export interface MeshCount {
  inMesh: number;
  total: number;
}

export interface MeshInventory {
  clusters: number;
  controlPlanes: number;
  services: MeshCount;
  workloads: MeshCount;
  pods: MeshCount;
}

export interface MeshTraffic {
  /** HTTP and gRPC requests per second, all edges together. */
  rps: number;
  /** Request-weighted 0..1; undefined when there were no requests. */
  errorRate?: number;
  /** An upper bound of the mesh-wide p95 in ms (see p95UpperBound); undefined without latency data. */
  p95Ms?: number;
}

export interface OverviewResult {
  window: TrafficWindow;
  inventory: MeshInventory;
  traffic?: MeshTraffic;
  /** Why traffic is missing, when the metrics source failed or there is none. */
  trafficError?: Error;
}

const count = <T>(items: readonly T[], inMesh: (item: T) => boolean): MeshCount => ({ inMesh: items.filter(inMesh).length, total: items.length });

/** In mesh: a pod with a sidecar; a workload whose pods all have one; a service whose workloads all are. */
export function meshInventory(model: MeshModel): MeshInventory {
  const workloadInMesh = new Set(model.workloads.filter((w) => w.sidecars === 'all').map((w) => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`));
  return {
    clusters: model.clusters.length,
    controlPlanes: model.controlPlanes.length,
    pods: count(model.pods, (p) => p.sidecar !== undefined),
    workloads: count(model.workloads, (w) => w.sidecars === 'all'),
    services: count(model.services, (s) => s.workloads.length > 0
      && s.workloads.every((w) => workloadInMesh.has(`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`))),
  };
}

/**
 * The smallest latency L such that, by the edges' own quantiles, at most 5% of all requests
 * can be slower than L: an edge whose p99 ≤ L has at most 1% of its requests above L, p95 ≤ L
 * at most 5%, p50 ≤ L at most 50%, otherwise all. It is never above the largest edge p95
 * (where every edge contributes at most 5%), and tighter when slow edges carry little traffic.
 */
export function p95UpperBound(edges: readonly EdgeTraffic[]): number | undefined {
  const timed = edges.filter((e) => e.requestsPerSecond > 0 && e.p95Ms !== undefined);
  const total = timed.reduce((sum, e) => sum + e.requestsPerSecond, 0);
  if (total === 0) return undefined;
  const slowerShare = (e: EdgeTraffic, l: number): number =>
    e.p99Ms !== undefined && e.p99Ms <= l ? 0.01 : e.p95Ms! <= l ? 0.05 : e.p50Ms !== undefined && e.p50Ms <= l ? 0.5 : 1;
  const candidates = [...new Set(timed.flatMap((e) => [e.p50Ms, e.p95Ms, e.p99Ms]).filter((v): v is number => v !== undefined))].sort((a, b) => a - b);
  // Tolerance for floating-point sums: exactly 5% is allowed.
  return candidates.find((l) => timed.reduce((sum, e) => sum + e.requestsPerSecond * slowerShare(e, l), 0) <= total * 0.05 + 1e-9);
}

/** Mesh-wide request traffic; TCP edges carry no requests and are left out. */
export function meshTraffic(edges: readonly EdgeTraffic[]): MeshTraffic {
  const requests = edges.filter((e) => e.protocol !== 'tcp');
  const rps = requests.reduce((sum, e) => sum + e.requestsPerSecond, 0);
  const failing = requests.reduce((sum, e) => sum + e.requestsPerSecond * e.errorRate, 0);
  return { rps, errorRate: rps > 0 ? failing / rps : undefined, p95Ms: p95UpperBound(requests) };
}

export async function overviewView(backend: MeshBackend, args: { nowMs: number; windowMs: number }): Promise<OverviewResult> {
  const window = { fromMs: args.nowMs - args.windowMs, toMs: args.nowMs };
  const inventory = meshInventory(backend.model());
  if (!backend.telemetry) return { window, inventory, trafficError: new Error('no telemetry source: start smm with a Prometheus URL to see traffic') };
  try {
    const snapshot = await backend.telemetry.edgeTraffic({ window });
    return { window, inventory, traffic: meshTraffic(snapshot.edges) };
  } catch (e) {
    return { window, inventory, trafficError: e instanceof Error ? e : new Error(String(e)) };
  }
}
