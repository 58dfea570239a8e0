// `smm stat <target>`: golden signals per workload, service or namespace, in the style of
// `linkerd viz stat`: inventory (MESHED) from the mesh model, traffic from the topology query.

import type { Command } from 'commander';
import type { MeshBackend } from '../../server/backend.js';
import type { CliIO } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { render, type Column } from '../output.js';
import { globalsOf } from '../program.js';
import { parseStatTarget, STAT_TARGET_FORMS, type StatTarget } from '../stat-target.js';
import { formatMs, formatPercent, formatPerSecond, formatRps, successRate } from '../traffic-format.js';
import { defaultNamespace, openTrafficBackend, queryToleratingTelemetry, trafficUnavailable } from '../traffic-source.js';
import { parseWindow } from '../traffic-window.js';

/** One row, as `-o json|yaml` prints it: raw numbers, `null` where unknown. */
export interface StatRow {
  cluster: string;
  namespace: string;
  /** Deployment, StatefulSet, ... for workloads; Service; Namespace. */
  kind: string;
  name: string;
  /** Pods with an istio-proxy sidecar, of `pods`. */
  meshedPods: number;
  pods: number;
  /** 0..1 over requests; null without requests (idle, TCP only) or without telemetry. */
  successRate: number | null;
  rps: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /** Inbound TCP connections opened per second. */
  tcpConnectionsPerSecond: number | null;
  /** healthy | degraded | failing | unknown */
  health: string;
  outlier: string | null;
}

// What the query returns, as far as stat reads it.
interface PodInfo { sidecar: boolean }
interface WorkloadInfo { cluster: string; namespace: string; name: string; kind: string; pods: PodInfo[] }
interface ServiceInfo { cluster: string; namespace: string; name: string; workloads: { cluster: string; namespace: string; name: string }[] }
interface NodeInfo {
  kind: string; name: string; namespace: string | null; cluster: string; health: string; outlier: string | null;
  rps: number; errorRate: number; p50: number | null; p95: number | null; p99: number | null; tcpConnectionsPerSecond: number;
}
export interface StatData {
  namespaces: { cluster: string; name: string }[];
  workloads: WorkloadInfo[];
  services: ServiceInfo[];
  topology: { nodes: NodeInfo[] };
}

const STAT_QUERY = `query($ns: String!, $window: Int!, $show: TopologyShow) {
  namespaces { cluster name }
  workloads(namespace: $ns) { cluster namespace name kind pods { sidecar } }
  services(namespace: $ns) { cluster namespace name workloads { cluster namespace name } }
  topology(namespaces: [$ns], windowSeconds: $window, show: $show) {
    nodes { kind name namespace cluster health outlier rps errorRate p50 p95 p99 tcpConnectionsPerSecond }
    edges { id }
  }
}`;

const key = (cluster: string, namespace: string | null, name: string): string => `${cluster}\u0000${namespace ?? ''}\u0000${name}`;

const isWorkloadNode = (n: NodeInfo): boolean => n.kind === 'workload' || n.kind === 'gateway';

/** Traffic columns of a node; all null when telemetry failed (zeros would be a lie). */
function trafficColumns(node: NodeInfo | undefined, trafficKnown: boolean): Pick<StatRow, 'successRate' | 'rps' | 'latencyP50Ms' | 'latencyP95Ms' | 'latencyP99Ms' | 'tcpConnectionsPerSecond' | 'health' | 'outlier'> {
  if (!trafficKnown || !node) {
    return { successRate: null, rps: null, latencyP50Ms: null, latencyP95Ms: null, latencyP99Ms: null, tcpConnectionsPerSecond: null, health: node?.health ?? 'unknown', outlier: null };
  }
  return {
    successRate: successRate(node.rps, node.errorRate), rps: node.rps,
    latencyP50Ms: node.p50, latencyP95Ms: node.p95, latencyP99Ms: node.p99,
    tcpConnectionsPerSecond: node.tcpConnectionsPerSecond, health: node.health, outlier: node.outlier,
  };
}

const meshed = (pods: PodInfo[]): Pick<StatRow, 'meshedPods' | 'pods'> => ({ meshedPods: pods.filter((p) => p.sidecar).length, pods: pods.length });

const byName = (a: StatRow, b: StatRow): number => a.name.localeCompare(b.name) || a.cluster.localeCompare(b.cluster);

function workloadRows(workloads: WorkloadInfo[], nodes: NodeInfo[], trafficKnown: boolean): StatRow[] {
  const nodeOf = new Map(nodes.filter(isWorkloadNode).map((n) => [key(n.cluster, n.namespace, n.name), n]));
  return workloads.map((w) => ({
    cluster: w.cluster, namespace: w.namespace, kind: w.kind, name: w.name, ...meshed(w.pods),
    ...trafficColumns(nodeOf.get(key(w.cluster, w.namespace, w.name)), trafficKnown),
  })).sort(byName);
}

function serviceRows(services: ServiceInfo[], workloads: WorkloadInfo[], nodes: NodeInfo[], trafficKnown: boolean): StatRow[] {
  const podsOf = new Map(workloads.map((w) => [key(w.cluster, w.namespace, w.name), w.pods]));
  const nodeOf = new Map(nodes.filter((n) => n.kind === 'service').map((n) => [key(n.cluster, n.namespace, n.name), n]));
  return services.map((s) => ({
    cluster: s.cluster, namespace: s.namespace, kind: 'Service', name: s.name,
    ...meshed(s.workloads.flatMap((w) => podsOf.get(key(w.cluster, w.namespace, w.name)) ?? [])),
    ...trafficColumns(nodeOf.get(key(s.cluster, s.namespace, s.name)), trafficKnown),
  })).sort(byName);
}

function namespaceRows(namespace: string, clusters: string[], workloads: WorkloadInfo[], nodes: NodeInfo[], trafficKnown: boolean): StatRow[] {
  return clusters.map((cluster) => ({
    cluster, namespace, kind: 'Namespace', name: namespace,
    ...meshed(workloads.filter((w) => w.cluster === cluster).flatMap((w) => w.pods)),
    ...trafficColumns(nodes.find((n) => n.kind === 'namespace' && n.cluster === cluster && n.name === namespace), trafficKnown),
  }));
}

const clustersWith = (data: StatData, namespace: string): string[] => data.namespaces.filter((n) => n.name === namespace).map((n) => n.cluster).sort();

/**
 * The rows for a target, or a not-found error (exit 1) naming what is missing, as kubectl does.
 * Pure: everything comes from one answer of the API.
 */
export function statRows(target: StatTarget, namespace: string, data: StatData, trafficKnown: boolean): StatRow[] {
  const nodes = data.topology.nodes;
  switch (target.type) {
    case 'namespace-workloads':
    case 'namespace': {
      const clusters = clustersWith(data, namespace);
      if (clusters.length === 0) throw new CliError(`namespace "${namespace}" not found`);
      return target.type === 'namespace' ? namespaceRows(namespace, clusters, data.workloads, nodes, trafficKnown) : workloadRows(data.workloads, nodes, trafficKnown);
    }
    case 'workload': {
      const named = data.workloads.filter((w) => w.name === target.name);
      const matching = named.filter((w) => target.kind === undefined || w.kind === target.kind);
      if (matching.length === 0) {
        // The name exists with another kind: say which, since the fix is one word.
        const other = named[0] ? ` (it is a ${named[0].kind}: use wl/${target.name})` : '';
        throw new CliError(`${target.noun} "${target.name}" not found in namespace ${namespace}${other}`);
      }
      return workloadRows(matching, nodes, trafficKnown);
    }
    case 'service': {
      const matching = data.services.filter((s) => s.name === target.name);
      if (matching.length === 0) throw new CliError(`service "${target.name}" not found in namespace ${namespace}`);
      return serviceRows(matching, data.workloads, nodes, trafficKnown);
    }
  }
}

/** The namespace the target is in: its own for namespace targets, else `-n` or the default. */
export function targetNamespace(target: StatTarget, explicit: string | undefined, fallback: () => string): string {
  if (target.type === 'namespace' || target.type === 'namespace-workloads') {
    if (explicit !== undefined && explicit !== target.namespace) {
      throw usageError(`the target names namespace ${target.namespace} but -n says ${explicit}: give one of them`);
    }
    return target.namespace;
  }
  return explicit ?? fallback();
}

export interface StatResult {
  rows: StatRow[];
  /** Why the traffic columns are empty, when telemetry failed. */
  trafficError?: string;
}

export async function loadStat(backend: MeshBackend, target: StatTarget, namespace: string, windowSeconds: number): Promise<StatResult> {
  const show = { services: target.type === 'service', namespaces: target.type === 'namespace' };
  const { data, trafficError } = await queryToleratingTelemetry<StatData>(backend, STAT_QUERY, { ns: namespace, window: windowSeconds, show });
  const rows = statRows(target, namespace, data, trafficError === undefined);
  return trafficError === undefined ? { rows } : { rows, trafficError };
}

const STAT_COLUMNS: Column<StatRow>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'meshed', value: (r) => `${r.meshedPods}/${r.pods}` },
  { header: 'success', value: (r) => formatPercent(r.successRate) },
  { header: 'rps', value: (r) => formatRps(r.rps) },
  { header: 'latency_p50', value: (r) => formatMs(r.latencyP50Ms) },
  { header: 'latency_p95', value: (r) => formatMs(r.latencyP95Ms) },
  { header: 'latency_p99', value: (r) => formatMs(r.latencyP99Ms) },
  { header: 'tcp_conn', value: (r) => formatPerSecond(r.tcpConnectionsPerSecond) },
  { header: 'health', value: (r) => r.health },
];
const OUTLIER_COLUMN: Column<StatRow> = { header: 'outlier', value: (r) => r.outlier ?? '-' };

/** OUTLIER only when some row has one: the reasons are long and usually absent. */
export const statColumns = (rows: StatRow[]): Column<StatRow>[] => (rows.some((r) => r.outlier !== null) ? [...STAT_COLUMNS, OUTLIER_COLUMN] : STAT_COLUMNS);

const STAT_HELP = `
Targets (${STAT_TARGET_FORMS}):
  NAMESPACE           one row per workload of the namespace
  ns/NAME             the namespace as one row (traffic into any of its workloads)
  deploy/NAME         one workload; also deployment/, sts/, statefulset/, ds/, daemonset/,
                      and wl/ (any kind). Looked up in -n, else the kubeconfig context's
                      namespace (the demo: smm-demo)
  svc/NAME            traffic addressed to the service; MESHED counts the pods behind it

Columns: SUCCESS is the share of requests without a 5xx (gRPC: non-OK) status; latencies
are upper bounds over the inbound edges; TCP_CONN is TCP connections opened per second;
"-" means no requests (or no telemetry). -o json|yaml print the same rows with raw numbers
(successRate 0..1, latencies in ms) and null where unknown.

Traffic comes from the demo's simulator with --demo, else from --prometheus-url (or
SMM_PROMETHEUS_URL). Without traffic the rows are still printed with empty metric columns,
the reason goes to stderr and the exit code is 1, so scripts notice. A missing target exits
1, a malformed target or --window exits 2.

Examples:
  smm stat smm-demo --demo
  smm stat deploy/movies-v3 --demo -n smm-demo --window 5m
  smm stat svc/movies --demo -o json
  smm stat ns/smm-demo --prometheus-url http://127.0.0.1:9090`;

export function registerStat(program: Command, io: CliIO): void {
  program.command('stat')
    .description('golden signals (success, rps, latency) per workload, service or namespace, like linkerd viz stat')
    .argument('<target>', STAT_TARGET_FORMS)
    .option('--window <duration>', 'time window of the rates and percentiles: 30s, 1m, 5m, 1h', '1m')
    .option('--demo', 'read the embedded demo mesh instead of a cluster')
    .option('--prometheus-url <url>', 'Prometheus with the Istio standard metrics (env SMM_PROMETHEUS_URL)')
    .addHelpText('after', STAT_HELP)
    .action(async (arg: string, flags: { window: string; demo?: boolean; prometheusUrl?: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const target = parseStatTarget(arg);
      const windowSeconds = parseWindow(flags.window);
      const namespace = targetNamespace(target, globals.namespace, () => defaultNamespace(globals, Boolean(flags.demo)));
      const backend = await openTrafficBackend(globals, flags, io);
      try {
        const { rows, trafficError } = await loadStat(backend, target, namespace, windowSeconds);
        io.stdout(render(globals.output, rows, statColumns(rows), `No workloads found in namespace ${namespace}.`));
        if (trafficError !== undefined) throw trafficUnavailable(trafficError, backend);
      } finally {
        await backend.close();
      }
    });
}
