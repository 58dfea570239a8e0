// `smm edges`: who talks to whom, in the style of `linkerd viz edges`: one row per
// source → destination → protocol of the topology (workloads, plus the unknown callers and
// external hosts the topology names), with its traffic and mTLS state.

import type { Command } from 'commander';
import type { MeshBackend } from '../../server/backend.js';
import type { CliIO } from '../context.js';
import { render, type Column } from '../output.js';
import { globalsOf } from '../program.js';
import { formatMs, formatMtls, formatPercent, formatRps, successRate } from '../traffic-format.js';
import { openTrafficBackend, queryToleratingTelemetry, trafficUnavailable } from '../traffic-source.js';
import { parseWindow } from '../traffic-window.js';

/** One row, as `-o json|yaml` prints it: raw numbers, `null` where unknown. */
export interface EdgeRow {
  src: string;
  /** Node kind: workload, gateway, service, unknown or external. */
  srcKind: string;
  srcNamespace: string | null;
  dst: string;
  dstKind: string;
  dstNamespace: string | null;
  /** The source's cluster (external hosts belong to none). */
  cluster: string;
  protocol: string;
  rps: number;
  /** 0..1 over requests; null without requests (TCP). */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  tcpConnectionsPerSecond: number;
  bytesPerSecond: number;
  /** mutual, plaintext, mixed or unknown */
  mtls: string;
}

interface NodeInfo { id: string; kind: string; name: string; namespace: string | null; cluster: string }
interface EdgeInfo {
  source: string; target: string; protocol: string; rps: number; errorRate: number;
  p50: number | null; p95: number | null; p99: number | null; tcpConnectionsPerSecond: number; bytesPerSecond: number; mtls: string;
}
export interface EdgesData { topology: { nodes: NodeInfo[]; edges: EdgeInfo[] | null } }

const EDGES_QUERY = `query($nss: [String!], $window: Int!) {
  topology(namespaces: $nss, windowSeconds: $window) {
    nodes { id kind name namespace cluster }
    edges { source target protocol rps errorRate p50 p95 p99 tcpConnectionsPerSecond bytesPerSecond mtls }
  }
}`;

/** An edge end the nodes do not list cannot happen in one answer; keep the id rather than fail. */
const endOf = (id: string, nodes: ReadonlyMap<string, NodeInfo>): Pick<NodeInfo, 'kind' | 'name' | 'namespace' | 'cluster'> =>
  nodes.get(id) ?? { kind: 'unknown', name: id, namespace: null, cluster: '' };

/** Edge ids become names through the topology's nodes. Pure. */
export function edgeRows(edges: EdgeInfo[], nodes: NodeInfo[]): EdgeRow[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return edges.map((e) => {
    const src = endOf(e.source, byId);
    const dst = endOf(e.target, byId);
    return {
      src: src.name, srcKind: src.kind, srcNamespace: src.namespace,
      dst: dst.name, dstKind: dst.kind, dstNamespace: dst.namespace,
      cluster: src.cluster, protocol: e.protocol, rps: e.rps, successRate: successRate(e.rps, e.errorRate),
      p50Ms: e.p50, p95Ms: e.p95, p99Ms: e.p99, tcpConnectionsPerSecond: e.tcpConnectionsPerSecond, bytesPerSecond: e.bytesPerSecond, mtls: e.mtls,
    };
  });
}

export async function loadEdges(backend: MeshBackend, namespace: string | undefined, windowSeconds: number): Promise<EdgeRow[]> {
  const { data, trafficError } = await queryToleratingTelemetry<EdgesData>(backend, EDGES_QUERY, { nss: namespace ? [namespace] : null, window: windowSeconds });
  // Unlike stat there is no inventory to fall back on: without traffic there are no edges.
  if (trafficError !== undefined || data.topology.edges === null) throw trafficUnavailable(trafficError ?? 'traffic unavailable', backend);
  return edgeRows(data.topology.edges, data.topology.nodes);
}

const EDGE_COLUMNS: Column<EdgeRow>[] = [
  { header: 'src', value: (r) => r.src },
  { header: 'dst', value: (r) => r.dst },
  { header: 'src_ns', value: (r) => r.srcNamespace ?? '-' },
  { header: 'dst_ns', value: (r) => r.dstNamespace ?? '-' },
  { header: 'protocol', value: (r) => r.protocol },
  { header: 'rps', value: (r) => formatRps(r.rps) },
  { header: 'success', value: (r) => formatPercent(r.successRate) },
  { header: 'p95', value: (r) => formatMs(r.p95Ms) },
  { header: 'secured', value: (r) => formatMtls(r.mtls) },
];

const EDGES_HELP = `
One row per source → destination → protocol. With -n, the edges with either end in that
namespace; without, every edge. SUCCESS is the share of requests without a 5xx (gRPC:
non-OK) status ("-" for TCP); SECURED is √ for mutual TLS, else plaintext, mixed (some of
the traffic mutual) or "-" (unknown). Callers without a mesh identity show as "unknown",
destinations outside the mesh by host. -o json|yaml print the same rows with raw numbers and
null where unknown.

Traffic comes from the demo's simulator with --demo, else from --prometheus-url (or
SMM_PROMETHEUS_URL); without it the command fails (exit 1) with the reason. A malformed
--window exits 2.

Examples:
  smm edges --demo -n smm-demo
  smm edges --demo --window 5m -o json
  smm edges -n shop --prometheus-url http://127.0.0.1:9090`;

export function registerEdges(program: Command, io: CliIO): void {
  program.command('edges')
    .description('who talks to whom: traffic and mTLS per source and destination, like linkerd viz edges')
    .option('--window <duration>', 'time window of the rates and percentiles: 30s, 1m, 5m, 1h', '1m')
    .option('--demo', 'read the embedded demo mesh instead of a cluster')
    .option('--prometheus-url <url>', 'Prometheus with the Istio standard metrics (env SMM_PROMETHEUS_URL)')
    .addHelpText('after', EDGES_HELP)
    .action(async (flags: { window: string; demo?: boolean; prometheusUrl?: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const windowSeconds = parseWindow(flags.window);
      const backend = await openTrafficBackend(globals, flags, io);
      try {
        const rows = await loadEdges(backend, globals.namespace, windowSeconds);
        const where = globals.namespace ? ` for namespace ${globals.namespace}` : '';
        io.stdout(render(globals.output, rows, EDGE_COLUMNS, `No traffic found${where}.`));
      } finally {
        await backend.close();
      }
    });
}
