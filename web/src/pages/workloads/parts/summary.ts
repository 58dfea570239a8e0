// The summary tiles of the Workloads and Services pages, from the lists and topology nodes on
// screen, so they follow the namespace filter and the point in time.

export interface TrafficNode {
  kind: string;
  rps: number;
  errorRate: number;
  p95: number | null;
}

export interface TrafficSummary {
  rps: number;
  /** 5xx over all requests, weighted by requests; null without requests. */
  errorRate: number | null;
  /** The slowest workload's p95: an upper bound of the p95 of all requests. */
  p95: number | null;
}

/** Inbound traffic of the workload nodes: what the workloads served. */
export function trafficSummary(nodes: readonly TrafficNode[]): TrafficSummary {
  const workloads = nodes.filter((n) => n.kind === 'workload');
  const rps = workloads.reduce((s, n) => s + n.rps, 0);
  const failed = workloads.reduce((s, n) => s + n.rps * n.errorRate, 0);
  const p95s = workloads.filter((n) => n.rps > 0 && n.p95 !== null).map((n) => n.p95 as number);
  return { rps, errorRate: rps > 0 ? failed / rps : null, p95: p95s.length ? Math.max(...p95s) : null };
}

export interface WorkloadCounts {
  cluster: string;
  sidecars: string;
  replicas: number;
  pods: { phase: string }[];
}

export function workloadTiles(workloads: readonly WorkloadCounts[]): { clusters: number; inMesh: number; total: number; podsRunning: number; podsDesired: number } {
  return {
    clusters: new Set(workloads.map((w) => w.cluster)).size,
    inMesh: workloads.filter((w) => w.sidecars === 'all').length,
    total: workloads.length,
    podsRunning: workloads.reduce((s, w) => s + w.pods.filter((p) => p.phase === 'Running').length, 0),
    podsDesired: workloads.reduce((s, w) => s + w.replicas, 0),
  };
}

export interface ServiceCounts {
  cluster: string;
  namespace: string;
  workloads: { cluster: string; namespace: string; name: string }[];
}

/** A service is in the mesh when it has workloads and all of them are (as the overview counts it). */
export function serviceTiles(services: readonly ServiceCounts[], workloads: readonly { cluster: string; namespace: string; name: string; sidecars: string }[]): { clusters: number; inMesh: number; total: number } {
  const inMesh = new Map(workloads.map((w) => [`${w.cluster}/${w.namespace}/${w.name}`, w.sidecars === 'all']));
  return {
    clusters: new Set(services.map((s) => s.cluster)).size,
    inMesh: services.filter((s) => s.workloads.length > 0 && s.workloads.every((w) => inMesh.get(`${w.cluster}/${w.namespace}/${w.name}`) === true)).length,
    total: services.length,
  };
}

/** Keeps what is in the selected namespaces (all when none is selected). */
export function inNamespaces<T extends { namespace: string }>(rows: readonly T[], namespaces: readonly string[]): T[] {
  return namespaces.length === 0 ? [...rows] : rows.filter((r) => namespaces.includes(r.namespace));
}
