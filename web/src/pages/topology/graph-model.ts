// From the API's topology to what the canvas draws: node shapes by kind, health and outlier
// classes, edge labels for the chosen mode, and the golden signals the side panel shows.
import { formatBytes, formatMs, formatPercent, formatRps } from '../../components/format';
import type { Topology, TopologyEdge, TopologyNode } from './api';
import type { LabelMode } from './view-state';

export const GROUP_KINDS = new Set(['app', 'namespace', 'cluster']);

export function isGroup(node: Pick<TopologyNode, 'kind'>): boolean {
  return GROUP_KINDS.has(node.kind);
}

/** The text on an edge for a label mode. TCP has no requests: throughput instead (scenario 23). */
export function edgeLabel(edge: TopologyEdge, mode: LabelMode): string {
  const protocol = edge.protocol.toUpperCase();
  switch (mode) {
    case 'traffic':
      return edge.protocol === 'tcp' ? `${protocol} ${formatBytes(edge.bytesPerSecond, '/s')}` : `${protocol} ${formatRps(edge.rps)} rps`;
    case 'latency':
      return edge.p95 === null ? (edge.protocol === 'tcp' ? 'TCP' : 'p95 –') : `p95 ${formatMs(edge.p95)}`;
    case 'mtls':
      return MTLS_LABEL[edge.mtls] ?? MTLS_LABEL.unknown!;
  }
}

// Words and marks rather than lock emoji: minimal Linux fonts (DejaVu) have no lock glyph.
const MTLS_LABEL: Record<string, string> = {
  mutual: 'mTLS ✓',
  plaintext: 'plaintext ✗',
  mixed: 'mTLS partial',
  unknown: 'mTLS ?',
};

/** The node's caption: its name, a warning sign when it is an outlier, "VM" for a VM workload. */
export function nodeLabel(node: TopologyNode): string {
  const name = node.kind === 'namespace' || node.kind === 'cluster' ? `${node.kind}: ${node.name}` : node.name;
  return `${node.outlier ? '⚠ ' : ''}${name}${node.isVM ? ' [VM]' : ''}`;
}

export interface NodeData {
  id: string;
  label: string;
  kind: string;
  health: string;
  parent?: string;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  label: string;
  protocol: string;
  mtls: string;
  /** 0..1 of the edge's requests failing: colours failing edges. */
  errorRate: number;
}

export interface GraphElements {
  nodes: { data: NodeData; classes: string }[];
  edges: { data: EdgeData; classes: string }[];
}

/** Elements for the canvas. Edges whose ends are missing (a partial answer) are dropped. */
export function toElements(topology: Topology, mode: LabelMode): GraphElements {
  const ids = new Set(topology.nodes.map((n) => n.id));
  const nodes = topology.nodes.map((n) => {
    const classes = [`kind-${n.kind}`, `health-${n.health}`];
    if (isGroup(n)) classes.push('group');
    if (n.outlier) classes.push('outlier');
    if (n.isVM) classes.push('vm');
    const data: NodeData = { id: n.id, label: nodeLabel(n), kind: n.kind, health: n.health };
    if (n.parent && ids.has(n.parent)) data.parent = n.parent;
    return { data, classes: classes.join(' ') };
  });
  const edges = (topology.edges ?? []).filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({
    data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e, mode), protocol: e.protocol, mtls: e.mtls, errorRate: e.errorRate },
    classes: [`protocol-${e.protocol}`, `mtls-${e.mtls}`, e.errorRate >= 0.05 ? 'failing' : e.errorRate > 0 ? 'degraded' : ''].filter(Boolean).join(' '),
  }));
  return { nodes, edges };
}

export interface Signals {
  rps: number;
  errorRate: number;
  p95: number | null;
  bytesPerSecond: number;
}

/** Outbound signals of a node, summed over its outgoing edges (error rate weighted by requests, p95 the worst). */
export function outboundSignals(nodeId: string, edges: readonly TopologyEdge[]): Signals {
  let rps = 0;
  let errors = 0;
  let p95: number | null = null;
  let bytes = 0;
  for (const e of edges) {
    if (e.source !== nodeId) continue;
    rps += e.rps;
    errors += e.rps * e.errorRate;
    bytes += e.bytesPerSecond;
    if (e.p95 !== null) p95 = Math.max(p95 ?? 0, e.p95);
  }
  return { rps, errorRate: rps > 0 ? errors / rps : 0, p95, bytesPerSecond: bytes };
}

export function inboundSignals(node: TopologyNode): Signals {
  return { rps: node.rps, errorRate: node.errorRate, p95: node.p95, bytesPerSecond: node.bytesPerSecond };
}

export function describeSignals(s: Signals): string {
  return `${formatRps(s.rps)} rps · ${formatPercent(s.errorRate)} errors · p95 ${formatMs(s.p95)} · ${formatBytes(s.bytesPerSecond, '/s')}`;
}

/** Where a node's details live in the dashboard, parsed from its id (wl:CLUSTER/NS/NAME, svc:...). */
export function nodeRef(node: Pick<TopologyNode, 'id' | 'kind' | 'name' | 'namespace' | 'cluster'>): { type: 'workload' | 'service'; cluster: string; namespace: string; name: string } | null {
  if (!node.namespace) return null;
  if (node.kind === 'workload' || node.kind === 'gateway') return { type: 'workload', cluster: node.cluster, namespace: node.namespace, name: node.name };
  if (node.kind === 'service') return { type: 'service', cluster: node.cluster, namespace: node.namespace, name: node.name };
  return null;
}

/** Nodes whose name, kind, namespace or app contain every typed word (the node finder). */
export function matchNodes(nodes: readonly TopologyNode[], text: string): TopologyNode[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return nodes.filter((n) => {
    const hay = `${n.name} ${n.kind} ${n.namespace ?? ''} ${n.app ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
