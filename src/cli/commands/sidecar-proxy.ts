// `smm sidecar-proxy egress recommend|get`: limit what a workload's proxy can reach (and is
// configured for) to the hosts it really calls, as Istio `Sidecar` resources. The
// recommendation comes from observed traffic (the core's recommendEgress); `--apply` writes it
// with server-side apply.

import type { Command } from 'commander';
import {
  DEFAULT_CONTROL_PLANE_NAMESPACE, recommendEgress, sidecarsFor,
  type EgressRecommendation, type EgressServiceEntry, type ExistingSidecar, type SidecarEgressListener, type SidecarObject,
} from '../../core/egress/recommend.js';
import type { MeshModel } from '../../core/model/index.js';
import { isKubeError } from '../../kube/errors.js';
import type { KubeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import type { MeshBackend } from '../../server/backend.js';
import { renderBlockTable, type BlockRow } from '../block-table.js';
import type { CliIO } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { backendCluster, openClusterTarget, openMeshBackend } from '../mesh-session.js';
import type { OutputFormat } from '../output.js';
import { globalsOf } from '../program.js';
import { stringify } from 'yaml';
import { parseWindow } from '../traffic-window.js';

/** The field manager of what these commands write. */
export const SIDECAR_FIELD_MANAGER = 'smm';

export const SIDECAR_HEADERS = ['Sidecar', 'Selector', 'Hosts', 'Bind', 'Port', 'Capture Mode'];

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `spec.workloadSelector.labels` of a Sidecar, when it has one. */
export function selectorOf(o: KubeObject): Record<string, string> | undefined {
  const spec = isMap(o['spec']) ? o['spec'] : {};
  const ws = isMap(spec['workloadSelector']) ? spec['workloadSelector'] : undefined;
  const labels = ws && isMap(ws['labels']) ? ws['labels'] : undefined;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function egressOf(o: KubeObject): SidecarEgressListener[] {
  const spec = isMap(o['spec']) ? o['spec'] : {};
  const egress = Array.isArray(spec['egress']) ? spec['egress'] : [];
  return egress.filter(isMap).map((l) => ({
    hosts: strings(l['hosts']),
    ...(typeof l['bind'] === 'string' ? { bind: l['bind'] } : {}),
    ...(isMap(l['port']) && typeof l['port']['number'] === 'number' ? { port: { number: l['port']['number'], ...(typeof l['port']['protocol'] === 'string' ? { protocol: l['port']['protocol'] } : {}) } } : {}),
    ...(typeof l['captureMode'] === 'string' ? { captureMode: l['captureMode'] } : {}),
  }));
}

/** One table row per Sidecar: selector labels and hosts one per line, listener settings beside their hosts. */
export function sidecarRow(o: KubeObject): BlockRow {
  const selector = Object.entries(selectorOf(o) ?? {}).map(([k, v]) => `${k}="${v}"`);
  const hosts: string[] = [];
  const bind: string[] = [];
  const port: string[] = [];
  const capture: string[] = [];
  const listeners = egressOf(o);
  for (const l of listeners.length > 0 ? listeners : [{ hosts: [] }] as SidecarEgressListener[]) {
    const lines = Math.max(1, l.hosts.length);
    for (let i = 0; i < lines; i++) {
      hosts.push(l.hosts[i] ?? '');
      bind.push(i === 0 ? l.bind ?? '-' : '');
      port.push(i === 0 ? (l.port ? `${l.port.number}${l.port.protocol ? `/${l.port.protocol}` : ''}` : '-') : '');
      capture.push(i === 0 ? l.captureMode ?? '-' : '');
    }
  }
  return [[o.metadata.name ?? ''], selector, hosts, bind, port, capture];
}

/** Objects as `-o json|yaml` print them: without managedFields, as kubectl does by default. */
function printable(o: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

function renderObjects(format: OutputFormat, objects: KubeObject[]): string {
  const items = objects.map(printable);
  return format === 'json' ? JSON.stringify(items, null, 2) + '\n' : stringify(items);
}

// --- recommend -------------------------------------------------------------------------------

export interface RecommendRequest {
  namespace: string;
  /** One workload; the whole namespace when absent. */
  workload?: string;
  /** With the whole namespace: one Sidecar per workload instead of one namespace-wide Sidecar. */
  perWorkload?: boolean;
  windowSeconds: number;
  /** Epoch ms the window ends at (default: now). */
  nowMs?: number;
}

export interface RecommendResult {
  recommendations: EgressRecommendation[];
  controlPlaneNamespace: string;
}

/** Where istiod serves this namespace: the namespace's control plane, else the cluster's, else istio-system. */
export function controlPlaneNamespaceOf(model: MeshModel, cluster: string, namespace: string): string {
  const ns = model.namespaces.find((n) => n.cluster === cluster && n.name === namespace);
  return ns?.injection.controlPlane?.namespace
    ?? model.controlPlanes.filter((c) => c.cluster === cluster).map((c) => c.namespace).sort()[0]
    ?? DEFAULT_CONTROL_PLANE_NAMESPACE;
}

/** A list that may not exist on this cluster (Istio's CRDs absent) or may be forbidden: empty then. */
async function listOrEmpty(port: ClusterPort, kind: keyof typeof Resources, namespace?: string): Promise<KubeObject[]> {
  try {
    return (await port.list(Resources[kind], namespace ? { namespace } : {})).items;
  } catch (e) {
    if (isKubeError(e, 'NotFound') || isKubeError(e, 'Forbidden')) return [];
    throw e;
  }
}

const NO_TELEMETRY = 'cannot recommend egress rules without traffic: no telemetry for this cluster (pass --prometheus-url or set SMM_PROMETHEUS_URL)';

export async function loadEgressRecommendation(backend: MeshBackend, request: RecommendRequest): Promise<RecommendResult> {
  const telemetry = backend.telemetry;
  if (!telemetry) {
    throw new CliError(NO_TELEMETRY);
  }
  const { name: cluster, port } = backendCluster(backend);
  const model = backend.model();
  const { namespace } = request;
  if (!model.namespaces.some((n) => n.cluster === cluster && n.name === namespace)) throw new CliError(`namespace "${namespace}" not found`);
  const inNamespace = model.workloads.filter((w) => w.cluster === cluster && w.namespace === namespace);
  const workloads = request.workload === undefined ? inNamespace : inNamespace.filter((w) => w.name === request.workload);
  if (request.workload !== undefined && workloads.length === 0) throw new CliError(`workload "${request.workload}" not found in namespace ${namespace}`);

  const toMs = request.nowMs ?? Date.now();
  let edges;
  try {
    edges = (await telemetry.edgeTraffic({ window: { fromMs: toMs - request.windowSeconds * 1000, toMs }, namespaces: [namespace] })).edges;
  } catch (e) {
    throw new CliError(`traffic unavailable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const serviceEntries: EgressServiceEntry[] = (await listOrEmpty(port, 'ServiceEntry')).map((o) => ({
    namespace: o.metadata.namespace ?? '',
    hosts: strings(isMap(o['spec']) ? o['spec']['hosts'] : undefined),
  }));
  const existing: ExistingSidecar[] = (await listOrEmpty(port, 'Sidecar', namespace)).map((o) => {
    const selector = selectorOf(o);
    return { namespace: o.metadata.namespace ?? namespace, name: o.metadata.name ?? '', ...(selector ? { selector } : {}) };
  });
  const controlPlaneNamespace = controlPlaneNamespaceOf(model, cluster, namespace);
  const recommendations = recommendEgress({
    edges, namespace, controlPlaneNamespace, serviceEntries, existing,
    workloads: workloads.map((w) => ({ namespace: w.namespace, name: w.name, labels: w.labels })),
    scope: request.workload !== undefined || request.perWorkload ? 'workload' : 'namespace',
  });
  return { recommendations, controlPlaneNamespace };
}

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** Server-side apply of each Sidecar (field manager `smm`); what happened to each, kubectl-style. */
export async function applySidecars(port: ClusterPort, sidecars: readonly SidecarObject[]): Promise<{ sidecar: SidecarObject; outcome: ApplyOutcome }[]> {
  const results: { sidecar: SidecarObject; outcome: ApplyOutcome }[] = [];
  for (const s of sidecars) {
    let before: KubeObject | undefined;
    try {
      before = await port.get(Resources.Sidecar, s.metadata.name, s.metadata.namespace);
    } catch (e) {
      if (!isKubeError(e, 'NotFound')) throw e;
    }
    // Forced: the user asked for exactly these hosts, even where someone else set them before.
    const after = await port.apply(s, { fieldManager: SIDECAR_FIELD_MANAGER, force: true });
    const outcome: ApplyOutcome = !before ? 'created' : before.metadata.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
    results.push({ sidecar: s, outcome });
  }
  return results;
}

function recommendationTitle(request: RecommendRequest): string {
  return request.workload !== undefined
    ? `Recommended sidecar egress rules for ${request.namespace}/${request.workload}`
    : `Recommended sidecar egress rules for namespace ${request.namespace}${request.perWorkload ? ' (one per workload)' : ''}`;
}

function unregisteredNotes(recommendations: EgressRecommendation[]): string {
  return recommendations.filter((r) => r.unregistered.length > 0).map((r) => {
    const who = r.workload !== undefined ? `${r.namespace}/${r.workload}` : `namespace ${r.namespace}`;
    return `smm: note: ${who} also sent traffic to hosts outside the service registry (${r.unregistered.join(', ')}); `
      + 'a Sidecar cannot list them: create ServiceEntry resources for them before restricting outbound traffic\n';
  }).join('');
}

const RECOMMEND_HELP = `
Reads the traffic each workload sent over --window (the demo's simulator with --demo, else
Prometheus from --prometheus-url or SMM_PROMETHEUS_URL) and recommends Istio Sidecar
resources (networking.istio.io/v1) whose egress hosts are what the workload really calls,
in Istio's namespace/host form: ./host for the workload's own namespace, ns/host for others,
*/host for ServiceEntry hosts of unknown namespace. The control plane's namespace
(istio-system/*) is always kept so the proxy still reaches istiod.

With --workload: one Sidecar selecting that workload (its app and version labels).
Without: one namespace-wide Sidecar (no selector) allowing the namespaces the workloads call;
--per-workload gives one Sidecar per workload instead.
An existing Sidecar with the same selector (or the namespace-wide one) is reused by name.

--apply writes the Sidecars with server-side apply (field manager smm) and prints what
changed. -o json|yaml print the Sidecar objects (apply results then go to stderr).
No telemetry, a missing namespace or workload exit 1; a bad --window exits 2.

Examples:
  smm sidecar-proxy egress recommend smm-demo --workload payments-v1 --demo
  smm sidecar-proxy egress recommend smm-demo --demo
  smm sidecar-proxy egress recommend smm-demo --workload payments-v1 --apply
  smm sidecar-proxy egress recommend smm-demo --per-workload -o yaml --prometheus-url http://127.0.0.1:9090`;

// --- get -------------------------------------------------------------------------------------

export interface EgressGetResult {
  /** The Sidecars in effect: for a workload, the one selecting it (else the namespace-wide one); else all in the namespace. */
  sidecars: KubeObject[];
}

export async function loadSidecarEgress(port: ClusterPort, namespace: string, workloadLabels?: Record<string, string>): Promise<EgressGetResult> {
  const all = (await listOrEmpty(port, 'Sidecar', namespace))
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  if (!workloadLabels) return { sidecars: all };
  const withSelector = all.map((o) => ({ o, selector: selectorOf(o) }));
  return { sidecars: sidecarsFor(withSelector, workloadLabels).map((x) => x.o) };
}

const GET_HELP = `
Shows the Sidecar resources that limit the egress of a namespace's proxies: with --workload
the one Istio uses for that workload (the Sidecar selecting its labels, else the namespace-wide
one), else every Sidecar of the namespace. -o json|yaml print the objects.

Examples:
  smm sidecar-proxy egress get smm-demo --demo
  smm sidecar-proxy egress get smm-demo --workload payments-v1 -o yaml`;

/** A positional namespace and -n must agree when both are given. */
function namespaceArgument(positional: string, explicit: string | undefined): string {
  if (explicit !== undefined && explicit !== positional) throw usageError(`the argument names namespace ${positional} but -n says ${explicit}: give one of them`);
  return positional;
}

// --- commands --------------------------------------------------------------------------------

export function registerSidecarProxy(program: Command, io: CliIO): void {
  const sidecarProxy = program.command('sidecar-proxy').description('manage the sidecar proxies of the mesh');
  const egress = sidecarProxy.command('egress')
    .description('limit the outbound traffic of sidecar proxies (Istio Sidecar resources)')
    .addHelpText('after', '\nExamples:\n  smm sidecar-proxy egress recommend smm-demo --workload payments-v1 --demo\n  smm sidecar-proxy egress get smm-demo --demo');

  egress.command('recommend')
    .description('recommend Sidecar egress rules from the traffic workloads really send; --apply applies them')
    .argument('<namespace>', 'namespace of the workloads')
    .option('--workload <name>', 'only this workload (e.g. payments-v1); default: the whole namespace')
    .option('--per-workload', 'for a whole namespace, one Sidecar per workload instead of one namespace-wide Sidecar')
    .option('--apply', 'apply the recommended Sidecars (server-side apply, field manager smm)')
    .option('--window <duration>', 'how far back to look at traffic: 30s, 5m, 1h, ...', '1h')
    .option('--demo', 'use the embedded demo mesh instead of a cluster')
    .option('--prometheus-url <url>', 'Prometheus with the Istio standard metrics (env SMM_PROMETHEUS_URL)')
    .addHelpText('after', RECOMMEND_HELP)
    .action(async (ns: string, flags: { workload?: string; perWorkload?: boolean; apply?: boolean; window: string; demo?: boolean; prometheusUrl?: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const namespace = namespaceArgument(ns, globals.namespace);
      const windowSeconds = parseWindow(flags.window);
      if (flags.workload !== undefined && flags.perWorkload) throw usageError('--per-workload is for a whole namespace: drop it or --workload');
      if (!flags.demo && !flags.prometheusUrl && !io.env.SMM_PROMETHEUS_URL) throw new CliError(NO_TELEMETRY);
      const request: RecommendRequest = { namespace, windowSeconds, perWorkload: Boolean(flags.perWorkload), ...(flags.workload !== undefined ? { workload: flags.workload } : {}) };
      const backend = await openMeshBackend(globals, flags, io);
      try {
        const { recommendations } = await loadEgressRecommendation(backend, request);
        const sidecars = recommendations.map((r) => r.sidecar);
        const structured = globals.output !== 'table';
        if (structured) io.stdout(renderObjects(globals.output, sidecars));
        else io.stdout(`${recommendationTitle(request)}\n\n${renderBlockTable(SIDECAR_HEADERS, sidecars.map(sidecarRow))}`);
        io.stderr(unregisteredNotes(recommendations));
        if (flags.apply) {
          const results = await applySidecars(backendCluster(backend).port, sidecars);
          const report = results.map((r) => `sidecar.networking.istio.io/${r.sidecar.metadata.name} ${r.outcome} in namespace ${r.sidecar.metadata.namespace}\n`).join('');
          if (structured) io.stderr(report);
          else io.stdout(`\n${report}`);
        }
      } finally {
        await backend.close();
      }
    });

  egress.command('get')
    .description('show the Sidecar egress rules of a namespace or of one workload')
    .argument('<namespace>', 'namespace to look in')
    .option('--workload <name>', 'only the Sidecar that applies to this workload')
    .option('--demo', 'use the embedded demo mesh instead of a cluster')
    .addHelpText('after', GET_HELP)
    .action(async (ns: string, flags: { workload?: string; demo?: boolean }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const namespace = namespaceArgument(ns, globals.namespace);
      let labels: Record<string, string> | undefined;
      let port: ClusterPort;
      let close = async (): Promise<void> => undefined;
      if (flags.workload !== undefined) {
        const backend = await openMeshBackend(globals, { demo: flags.demo }, io);
        close = () => backend.close();
        const { name: cluster, port: p } = backendCluster(backend);
        port = p;
        const workload = backend.model().workloads.find((w) => w.cluster === cluster && w.namespace === namespace && w.name === flags.workload);
        if (!workload) {
          await close();
          throw new CliError(`workload "${flags.workload}" not found in namespace ${namespace}`);
        }
        labels = workload.labels;
      } else {
        port = (await openClusterTarget(globals, Boolean(flags.demo))).port;
      }
      try {
        const { sidecars } = await loadSidecarEgress(port, namespace, labels);
        const what = flags.workload !== undefined ? `${namespace}/${flags.workload}` : `namespace ${namespace}`;
        if (globals.output !== 'table') io.stdout(renderObjects(globals.output, sidecars));
        else if (sidecars.length === 0) io.stdout(`No sidecar egress rules found for ${what}.\n`);
        else io.stdout(`Sidecar egress rules for ${what}\n\n${renderBlockTable(SIDECAR_HEADERS, sidecars.map(sidecarRow))}`);
      } finally {
        await close();
      }
    });
}
