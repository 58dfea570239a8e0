// buildTopology: the mesh model (every workload, even idle ones) plus a traffic snapshot
// (aggregates per source → destination) become a graph of nodes and edges. Pure and
// deterministic: the same inputs in any order give the same output (nodes sorted by id, sums in
// fixed point: see aggregate.ts). Cost is linear in workloads + traffic edges (maps keyed by the
// input's own names and by node objects, no id strings per traffic edge) plus the final sorts.

import type { MeshModel, Service, Workload } from '../model/types.js';
import type { EdgeTraffic, TrafficDestination, TrafficProtocol, TrafficSnapshot, TrafficSource } from '../traffic/types.js';
import { TrafficSum } from './aggregate.js';
import { appId, clusterId, edgeId, externalId, namespaceId, serviceId, unknownId, workloadId } from './ids.js';
import type { NodeHealth, Topology, TopologyEdge, TopologyNode, TopologyOptions, TopologyShow } from './types.js';

/** A node being built: its traffic is attached once all edges are seen. */
type Draft = Omit<TopologyNode, 'health' | 'rps' | 'errorRate' | 'connectionsPerSecond' | 'bytesPerSecond'>;

/** One edge's traffic as it accumulates; `next` chains the rare other protocols between the same pair. */
class EdgeDraft extends TrafficSum {
  next: EdgeDraft | undefined = undefined;

  constructor(readonly source: NodeState, readonly target: NodeState, readonly protocol: TrafficProtocol) {
    super();
  }
}

/**
 * Per-node working state. Traffic is routed between these objects (maps keyed by object, not
 * by id strings built per traffic edge): that keeps the build linear and light on garbage.
 */
interface NodeState {
  draft: Draft;
  /** Traffic reaching this node (for groups: their member workloads); absent while none. */
  inbound: TrafficSum | undefined;
  /** Outgoing edges by target (each chaining its protocols); absent while none (most nodes). */
  outgoing: Map<NodeState, EdgeDraft> | undefined;
  /** Position in the sorted node list, to order edges without comparing strings. */
  rank: number;
}

/** cluster → namespace → name → value, so lookups use the input's strings as they are. */
class LocatedIndex<T> {
  private readonly byCluster = new Map<string, Map<string, Map<string, T>>>();

  get(cluster: string, namespace: string, name: string): T | undefined {
    return this.byCluster.get(cluster)?.get(namespace)?.get(name);
  }

  set(cluster: string, namespace: string, name: string, value: T): void {
    let byNamespace = this.byCluster.get(cluster);
    if (!byNamespace) this.byCluster.set(cluster, byNamespace = new Map());
    let byName = byNamespace.get(namespace);
    if (!byName) byNamespace.set(namespace, byName = new Map());
    byName.set(name, value);
  }
}

const GATEWAY_LABEL_VALUES = new Set(['ingressgateway', 'egressgateway']);
const GATEWAY_NAME = /-(ingress|egress)gateway$/;

/** Istio's ingress/egress gateways: by their `istio` label, or by the conventional name. */
export function isGateway(name: string, labels: Record<string, string> = {}): boolean {
  const istio = labels.istio;
  return (istio !== undefined && GATEWAY_LABEL_VALUES.has(istio)) || GATEWAY_NAME.test(name);
}

const isVirtualMachine = (w: Workload): boolean => w.kind === 'WorkloadGroup' || w.pods.some((p) => p.source === 'WorkloadEntry');

function workloadDraft(w: Workload): Draft {
  const d: Draft = {
    id: workloadId(w.cluster, w.namespace, w.name),
    kind: isGateway(w.name, w.labels) ? 'gateway' : 'workload',
    name: w.name, namespace: w.namespace, cluster: w.cluster,
    isVM: isVirtualMachine(w), sidecar: w.sidecars,
  };
  if (w.app !== undefined) d.app = w.app;
  if (w.version !== undefined) d.version = w.version;
  return d;
}

/** A workload seen only in traffic (not in the model, e.g. deleted since): what the metrics say. */
function trafficWorkloadDraft(e: TrafficSource | TrafficDestination): Draft {
  const d: Draft = {
    id: workloadId(e.cluster, e.namespace, e.workload),
    kind: isGateway(e.workload) ? 'gateway' : 'workload',
    name: e.workload, namespace: e.namespace, cluster: e.cluster,
  };
  if (e.app !== undefined) d.app = e.app;
  if (e.version !== undefined) d.version = e.version;
  return d;
}

function serviceDraft(s: Service): Draft {
  const d: Draft = { id: serviceId(s.cluster, s.namespace, s.name), kind: 'service', name: s.name, namespace: s.namespace, cluster: s.cluster };
  // The app a service belongs to, so it sits in that app's group.
  const app = s.selector?.app ?? s.labels.app;
  if (app !== undefined) d.app = app;
  return d;
}

/** `undefined` means no filter. */
function namespaceFilter(namespaces: string[] | undefined): ((ns: string) => boolean) | undefined {
  if (!namespaces || namespaces.length === 0) return undefined;
  const selected = new Set(namespaces);
  return (ns) => selected.has(ns);
}

function touches(t: EdgeTraffic, inFilter: (ns: string) => boolean): boolean {
  return inFilter(t.source.namespace) || inFilter(t.destination.namespace)
    || (t.destination.service !== undefined && inFilter(t.destination.service.namespace));
}

/** Builds the graph: collect nodes, route traffic into edges, then add groups. */
class TopologyBuilder {
  /** Every node, by id. */
  readonly nodes = new Map<string, NodeState>();
  private readonly workloadNodes = new LocatedIndex<NodeState>();
  private readonly serviceNodes = new LocatedIndex<NodeState>();
  private readonly otherNodes = new Map<string, NodeState>(); // unknown and external, few
  private readonly modelWorkloads = new LocatedIndex<Workload>();
  private readonly modelServices = new LocatedIndex<Service>();

  constructor(model: MeshModel, private readonly show: TopologyShow) {
    for (const w of model.workloads) this.modelWorkloads.set(w.cluster, w.namespace, w.name, w);
    for (const s of model.services) this.modelServices.set(s.cluster, s.namespace, s.name, s);
  }

  private add(draft: Draft): NodeState {
    const state: NodeState = { draft, inbound: undefined, outgoing: undefined, rank: 0 };
    this.nodes.set(draft.id, state);
    return state;
  }

  addWorkload(w: Workload): void {
    if (!this.workloadNodes.get(w.cluster, w.namespace, w.name)) this.workloadNodes.set(w.cluster, w.namespace, w.name, this.add(workloadDraft(w)));
  }

  addService(s: Service): void {
    if (!this.serviceNodes.get(s.cluster, s.namespace, s.name)) this.serviceNodes.set(s.cluster, s.namespace, s.name, this.add(serviceDraft(s)));
  }

  addTraffic(t: EdgeTraffic): void {
    const source = this.sourceNode(t.source);
    const dst = t.destination;
    if (dst.external !== undefined) {
      connect(source, this.externalNode(dst.external, t.source.cluster), t);
    } else if (dst.workload !== 'unknown') {
      const target = this.workloadNode(dst);
      if (this.show.services && dst.service) {
        const service = this.serviceNode(dst.cluster, dst.service);
        connect(source, service, t);
        connect(service, target, t);
      } else {
        connect(source, target, t);
      }
    } else if (dst.service) {
      // Addressed to a service but served by no workload (e.g. no healthy upstream): the
      // service is the only thing to point at, so it is shown even with services hidden.
      connect(source, this.serviceNode(dst.cluster, dst.service), t);
    } else {
      connect(source, this.unknownNode(dst.cluster), t);
    }
  }

  private sourceNode(src: TrafficSource): NodeState {
    return src.workload === 'unknown' ? this.unknownNode(src.cluster) : this.workloadNode(src);
  }

  private workloadNode(e: TrafficSource | TrafficDestination): NodeState {
    const found = this.workloadNodes.get(e.cluster, e.namespace, e.workload);
    if (found) return found;
    const known = this.modelWorkloads.get(e.cluster, e.namespace, e.workload);
    const state = this.add(known ? workloadDraft(known) : trafficWorkloadDraft(e));
    this.workloadNodes.set(e.cluster, e.namespace, e.workload, state);
    return state;
  }

  private serviceNode(cluster: string, s: NonNullable<TrafficDestination['service']>): NodeState {
    const found = this.serviceNodes.get(cluster, s.namespace, s.name);
    if (found) return found;
    const known = this.modelServices.get(cluster, s.namespace, s.name);
    const state = this.add(known ? serviceDraft(known) : { id: serviceId(cluster, s.namespace, s.name), kind: 'service', name: s.name, namespace: s.namespace, cluster });
    this.serviceNodes.set(cluster, s.namespace, s.name, state);
    return state;
  }

  private unknownNode(cluster: string): NodeState {
    const id = unknownId(cluster);
    let state = this.otherNodes.get(id);
    if (!state) this.otherNodes.set(id, state = this.add({ id, kind: 'unknown', name: 'unknown', cluster }));
    return state;
  }

  private externalNode(host: string, fromCluster: string): NodeState {
    const id = externalId(host);
    const state = this.otherNodes.get(id);
    if (!state) {
      const added = this.add({ id, kind: 'external', name: host, cluster: fromCluster });
      this.otherNodes.set(id, added);
      return added;
    }
    if (fromCluster < state.draft.cluster) state.draft.cluster = fromCluster; // the smallest name: independent of order
    return state;
  }

  /** Create the shown group nodes and set each node's parent (innermost shown group). */
  addGroups(): void {
    const { apps, namespaces, clusters } = this.show;
    if (!apps && !namespaces && !clusters) return;
    const groups = new Map<string, Draft>();
    const clusterGroup = (cluster: string): string | undefined => {
      if (!clusters) return undefined;
      const id = clusterId(cluster);
      if (!groups.has(id)) groups.set(id, { id, kind: 'cluster', name: cluster, cluster });
      return id;
    };
    const namespaceGroup = (cluster: string, ns: string): string | undefined => {
      if (!namespaces) return clusterGroup(cluster);
      const id = namespaceId(cluster, ns);
      if (!groups.has(id)) groups.set(id, withParent({ id, kind: 'namespace', name: ns, namespace: ns, cluster }, clusterGroup(cluster)));
      return id;
    };
    const appGroup = (cluster: string, ns: string, app: string | undefined): string | undefined => {
      if (!apps || app === undefined) return namespaceGroup(cluster, ns);
      const id = appId(cluster, ns, app);
      if (!groups.has(id)) groups.set(id, withParent({ id, kind: 'app', name: app, namespace: ns, cluster, app }, namespaceGroup(cluster, ns)));
      return id;
    };
    for (const { draft: d } of this.nodes.values()) {
      if (d.kind === 'external') continue; // outside every cluster
      const parent = d.namespace === undefined ? clusterGroup(d.cluster) : appGroup(d.cluster, d.namespace, d.app);
      if (parent !== undefined) d.parent = parent;
    }
    for (const g of groups.values()) this.add(g);
  }
}

function connect(source: NodeState, target: NodeState, t: EdgeTraffic): void {
  const outgoing = source.outgoing ??= new Map<NodeState, EdgeDraft>();
  const first = outgoing.get(target);
  let edge = first;
  while (edge && edge.protocol !== t.protocol) edge = edge.next;
  if (!edge) {
    edge = new EdgeDraft(source, target, t.protocol);
    if (first) { edge.next = first.next; first.next = edge; } else outgoing.set(target, edge);
  }
  edge.add(t);
  (target.inbound ??= new TrafficSum()).add(t);
}

function withParent(d: Draft, parent: string | undefined): Draft {
  if (parent !== undefined) d.parent = parent;
  return d;
}

const compareIds = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const PROTOCOL_ORDER: Record<TrafficProtocol, number> = { grpc: 0, http: 1, tcp: 2 };

/** Source, then target, then protocol: integer comparisons over the nodes' sorted ranks. */
const compareEdges = (a: EdgeDraft, b: EdgeDraft): number =>
  a.source.rank - b.source.rank || a.target.rank - b.target.rank || PROTOCOL_ORDER[a.protocol] - PROTOCOL_ORDER[b.protocol];

const isLeafWorkload = (kind: TopologyNode['kind']): boolean => kind === 'workload' || kind === 'gateway';

function toEdge(e: EdgeDraft): TopologyEdge {
  const source = e.source.draft.id;
  const target = e.target.draft.id;
  const edge: TopologyEdge = {
    id: edgeId(source, target, e.protocol), source, target, protocol: e.protocol,
    rps: e.rps, errorRate: e.errorRate, bytesPerSecond: e.bytesPerSecond, connectionsPerSecond: e.connectionsPerSecond, mtls: e.mtls ?? 'unknown',
  };
  if (e.p50Ms !== undefined) edge.p50 = e.p50Ms;
  if (e.p95Ms !== undefined) edge.p95 = e.p95Ms;
  if (e.p99Ms !== undefined) edge.p99 = e.p99Ms;
  return edge;
}

/** Groups have no edges of their own: their traffic is what reaches their member workloads. */
function addGroupTraffic(nodes: Iterable<NodeState>, byId: Map<string, NodeState>): void {
  for (const { draft, inbound } of nodes) {
    if (!inbound || !isLeafWorkload(draft.kind)) continue;
    for (let g = draft.parent === undefined ? undefined : byId.get(draft.parent); g; g = g.draft.parent === undefined ? undefined : byId.get(g.draft.parent)) {
      (g.inbound ??= new TrafficSum()).addSum(inbound);
    }
  }
}

function toNode({ draft, inbound }: NodeState, h: NodeHealth | undefined): TopologyNode {
  const node: TopologyNode = {
    ...draft, health: h?.health ?? 'unknown', rps: inbound?.rps ?? 0, errorRate: inbound?.errorRate ?? 0,
    connectionsPerSecond: inbound?.connectionsPerSecond ?? 0, bytesPerSecond: inbound?.bytesPerSecond ?? 0,
  };
  if (h?.outlier) node.outlier = h.outlier;
  if (inbound?.p50Ms !== undefined) node.p50Ms = inbound.p50Ms;
  if (inbound?.p95Ms !== undefined) node.p95Ms = inbound.p95Ms;
  if (inbound?.p99Ms !== undefined) node.p99Ms = inbound.p99Ms;
  return node;
}

export function buildTopology(model: MeshModel, traffic: TrafficSnapshot, options: TopologyOptions): Topology {
  const inFilter = namespaceFilter(options.namespaces);
  const keep = (ns: string): boolean => inFilter === undefined || inFilter(ns);
  const b = new TopologyBuilder(model, options.show);

  for (const w of model.workloads) if (keep(w.namespace)) b.addWorkload(w);
  if (options.show.services) for (const s of model.services) if (keep(s.namespace)) b.addService(s);
  for (const t of traffic.edges) if (inFilter === undefined || touches(t, inFilter)) b.addTraffic(t);
  b.addGroups();

  addGroupTraffic(b.nodes.values(), b.nodes);

  const sorted = [...b.nodes.values()].sort((x, y) => compareIds(x.draft, y.draft));
  sorted.forEach((s, i) => { s.rank = i; });
  const nodes = sorted.map((s) => toNode(s, options.healthByNode?.get(s.draft.id)));

  const edgeDrafts: EdgeDraft[] = [];
  for (const s of sorted) if (s.outgoing) for (const e of s.outgoing.values()) for (let p: EdgeDraft | undefined = e; p; p = p.next) edgeDrafts.push(p);
  const edges = edgeDrafts.sort(compareEdges).map(toEdge);
  return { window: traffic.window, nodes, edges };
}
