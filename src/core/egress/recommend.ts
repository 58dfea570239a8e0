// Egress recommendations: from the traffic a workload really sent, the Istio `Sidecar` that
// limits its proxy to those hosts (`egress[].hosts` in Istio's `namespace/dnsName` form), so
// the proxy stops receiving configuration for the rest of the mesh. Pure: edges and workloads
// in, Sidecar objects out.
//
// Rules (Istio's Sidecar semantics):
//  - a service host is listed as `./host` when it lives in the Sidecar's own namespace, else
//    `ns/host`; a ServiceEntry host as `ns/host` of the ServiceEntry's namespace, or `*/host`
//    when that namespace is unknown;
//  - the control plane's namespace is always kept (`istio-system/*`), so the proxy keeps
//    reaching istiod (and the mesh's telemetry and gateways);
//  - `ns/*` covers every `ns/host`, so covered hosts are dropped;
//  - PassthroughCluster / BlackHoleCluster are not hosts: traffic to unregistered hosts is
//    reported (it depends on the outbound traffic policy, not on the Sidecar);
//  - a whole namespace gets one namespace-wide Sidecar (no workloadSelector) listing the
//    namespaces its workloads call (`./*`, `ns/*`), as the product recommends; per workload
//    the individual hosts.

import type { KubeObject } from '../model/k8s.js';
import type { EdgeTraffic } from '../traffic/types.js';

export const SIDECAR_API_VERSION = 'networking.istio.io/v1';
export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'istio-system';
/** Envoy clusters Istio reports for traffic to hosts outside its registry. */
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';

/** A workload as the recommendation needs it (the mesh model's Workload fits). */
export interface EgressWorkload {
  cluster?: string;
  namespace: string;
  name: string;
  /** Pod template labels. */
  labels: Record<string, string>;
}

/** A ServiceEntry, to place external hosts in their namespace. */
export interface EgressServiceEntry {
  namespace: string;
  hosts: string[];
}

/** An existing Sidecar, so a recommendation replaces it instead of adding a second one. */
export interface ExistingSidecar {
  namespace: string;
  name: string;
  /** `spec.workloadSelector.labels`; absent for a namespace-wide Sidecar. */
  selector?: Record<string, string>;
}

export interface SidecarEgressListener {
  hosts: string[];
  bind?: string;
  port?: { number: number; protocol?: string; name?: string };
  captureMode?: string;
}

export interface SidecarObject extends KubeObject {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    workloadSelector?: { labels: Record<string, string> };
    egress: SidecarEgressListener[];
  };
}

export interface EgressRecommendation {
  /** The workload it is for; absent for the namespace-wide Sidecar. */
  workload?: string;
  namespace: string;
  sidecar: SidecarObject;
  /** Workloads whose outbound traffic was read (one, or every workload of the namespace). */
  workloads: string[];
  /** Unregistered destinations seen (PassthroughCluster, BlackHoleCluster), sorted. */
  unregistered: string[];
}

export interface RecommendInput {
  edges: readonly EdgeTraffic[];
  /** The workloads to recommend for, all in `namespace`. */
  workloads: readonly EgressWorkload[];
  namespace: string;
  /** `workload`: one Sidecar per workload with its hosts; `namespace`: one namespace-wide Sidecar. */
  scope: 'workload' | 'namespace';
  /** Where istiod runs (default `istio-system`). */
  controlPlaneNamespace?: string;
  serviceEntries?: readonly EgressServiceEntry[];
  existing?: readonly ExistingSidecar[];
}

/** Marks the Sidecars smm recommended (and which workload they are for). */
export const RECOMMENDED_ANNOTATION = 'smm.cisco.com/egress-recommendation';

const UNKNOWN = new Set(['', 'unknown']);
const known = (v: string | undefined): v is string => v !== undefined && !UNKNOWN.has(v);

/** Whether the edge carried traffic in the window (an idle series is not a call). */
export function isActive(e: EdgeTraffic): boolean {
  return e.requestsPerSecond > 0 || e.connectionsPerSecond > 0 || e.bytesPerSecond > 0;
}

/** The edges a workload sent: its outbound traffic. */
export function outboundEdges(edges: readonly EdgeTraffic[], w: EgressWorkload): EdgeTraffic[] {
  return edges.filter((e) => e.source.namespace === w.namespace && e.source.workload === w.name
    && (w.cluster === undefined || e.source.cluster === w.cluster) && isActive(e));
}

/** The labels that select a workload's pods: app and version when it has an app label, else all. */
export function workloadSelectorOf(w: EgressWorkload): Record<string, string> {
  const app = w.labels['app'] ?? w.labels['app.kubernetes.io/name'];
  if (app === undefined) return Object.fromEntries(Object.entries(w.labels).filter(([k]) => k !== 'pod-template-hash').sort(([a], [b]) => a.localeCompare(b)));
  const appKey = w.labels['app'] !== undefined ? 'app' : 'app.kubernetes.io/name';
  const versionKey = w.labels['version'] !== undefined ? 'version' : w.labels['app.kubernetes.io/version'] !== undefined ? 'app.kubernetes.io/version' : undefined;
  return { [appKey]: app, ...(versionKey ? { [versionKey]: w.labels[versionKey]! } : {}) };
}

/** Where a ServiceEntry host is declared (exact or wildcard match), when known. */
function serviceEntryNamespace(host: string, entries: readonly EgressServiceEntry[]): string | undefined {
  const matches = (pattern: string): boolean => pattern === host || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)));
  const found = entries.filter((se) => se.hosts.some(matches)).map((se) => se.namespace).sort();
  return found[0];
}

interface Destination {
  /** Istio form, before `./` substitution: `ns/host`, `ns/*` or `*\/host`. */
  namespace: string;
  host: string;
}

/** What one edge needs in `egress.hosts`, or the unregistered cluster it went to. */
function destinationOf(e: EdgeTraffic, entries: readonly EgressServiceEntry[]): Destination | { unregistered: string } | undefined {
  const d = e.destination;
  if (d.external !== undefined) {
    if (d.external === PASSTHROUGH_CLUSTER || d.external === BLACKHOLE_CLUSTER) return { unregistered: d.external };
    const host = d.external;
    const ns = known(d.service?.namespace) ? d.service!.namespace : serviceEntryNamespace(host, entries);
    return { namespace: ns ?? '*', host };
  }
  if (d.service && known(d.service.host)) {
    if (d.service.host === PASSTHROUGH_CLUSTER || d.service.host === BLACKHOLE_CLUSTER) return { unregistered: d.service.host };
    const ns = known(d.service.namespace) ? d.service.namespace : known(d.namespace) ? d.namespace : '*';
    return { namespace: ns, host: d.service.host };
  }
  // A workload reached without a service name (e.g. by pod IP): allow its namespace.
  if (known(d.namespace)) return { namespace: d.namespace, host: '*' };
  return undefined;
}

/** `ns/host` hosts: `./` for the Sidecar's own namespace, `ns/*` swallowing `ns/host`, sorted. */
export function normalizeHosts(entries: readonly Destination[], ownNamespace: string): string[] {
  const wildcard = new Set(entries.filter((d) => d.host === '*').map((d) => d.namespace));
  const seen = new Set<string>();
  for (const d of entries) {
    if (d.host !== '*' && wildcard.has(d.namespace)) continue;
    seen.add(`${d.namespace === ownNamespace ? '.' : d.namespace}/${d.host}`);
  }
  return [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// Own namespace first, then named namespaces, then `*/` (any namespace).
const rank = (h: string): number => (h.startsWith('./') ? 0 : h.startsWith('*/') ? 2 : 1);

/** A short, stable suffix (5 of [a-z0-9]) as the product's `smm-demo-rmoy8` names have. */
export function stableSuffix(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += 'abcdefghijklmnopqrstuvwxyz0123456789'[h % 36];
    h = Math.floor(h / 36);
  }
  return out;
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean => {
  const ea = Object.entries(a ?? {});
  return ea.length === Object.keys(b ?? {}).length && ea.every(([k, v]) => (b ?? {})[k] === v);
};

/** The existing Sidecar with this selector (namespace-wide when none), else a new stable name. */
function sidecarName(namespace: string, selector: Record<string, string> | undefined, key: string, existing: readonly ExistingSidecar[]): string {
  const match = existing
    .filter((s) => s.namespace === namespace && (selector ? s.selector !== undefined && sameLabels(s.selector, selector) : s.selector === undefined || Object.keys(s.selector).length === 0))
    .map((s) => s.name).sort();
  return match[0] ?? `${namespace}-${stableSuffix(`${namespace}/${key}`)}`;
}

function sidecar(namespace: string, name: string, hosts: string[], selector: Record<string, string> | undefined, forWhat: string): SidecarObject {
  return {
    apiVersion: SIDECAR_API_VERSION,
    kind: 'Sidecar',
    metadata: { name, namespace, annotations: { [RECOMMENDED_ANNOTATION]: forWhat } },
    spec: {
      ...(selector ? { workloadSelector: { labels: selector } } : {}),
      egress: [{ hosts }],
    },
  };
}

/**
 * The recommended Sidecars: one per workload (scope `workload`) or one for the namespace.
 * Deterministic: the same input gives the same objects, names and host order.
 */
export function recommendEgress(input: RecommendInput): EgressRecommendation[] {
  const cpNamespace = input.controlPlaneNamespace || DEFAULT_CONTROL_PLANE_NAMESPACE;
  const entries = input.serviceEntries ?? [];
  const existing = input.existing ?? [];
  const ns = input.namespace;
  const workloads = [...input.workloads].filter((w) => w.namespace === ns).sort((a, b) => a.name.localeCompare(b.name));

  const destinations = (w: EgressWorkload): { dest: Destination[]; unregistered: Set<string> } => {
    const dest: Destination[] = [];
    const unregistered = new Set<string>();
    for (const e of outboundEdges(input.edges, w)) {
      const d = destinationOf(e, entries);
      if (!d) continue;
      if ('unregistered' in d) unregistered.add(d.unregistered);
      else dest.push(d);
    }
    return { dest, unregistered };
  };
  const controlPlane: Destination = { namespace: cpNamespace, host: '*' };

  if (input.scope === 'namespace') {
    const all = workloads.map(destinations);
    // Namespace granularity: every namespace called (ServiceEntry hosts of unknown namespace stay by host).
    const dest = all.flatMap((a) => a.dest).map((d) => (d.namespace === '*' ? d : { namespace: d.namespace, host: '*' }));
    const hosts = normalizeHosts([controlPlane, ...dest], ns);
    const name = sidecarName(ns, undefined, '', existing);
    return [{
      namespace: ns,
      sidecar: sidecar(ns, name, hosts, undefined, `namespace ${ns}`),
      workloads: workloads.map((w) => w.name),
      unregistered: [...new Set(all.flatMap((a) => [...a.unregistered]))].sort(),
    }];
  }

  return workloads.map((w) => {
    const { dest, unregistered } = destinations(w);
    const selector = workloadSelectorOf(w);
    const hosts = normalizeHosts([controlPlane, ...dest], ns);
    const name = sidecarName(ns, selector, w.name, existing);
    return {
      workload: w.name,
      namespace: ns,
      sidecar: sidecar(ns, name, hosts, selector, `workload ${ns}/${w.name}`),
      workloads: [w.name],
      unregistered: [...unregistered].sort(),
    };
  });
}

/** Which Sidecar Istio uses for a workload: one selecting its labels, else the namespace-wide one. */
export function sidecarsFor<T extends { selector?: Record<string, string> }>(sidecars: readonly T[], labels: Record<string, string>): T[] {
  const selecting = sidecars.filter((s) => s.selector && Object.keys(s.selector).length > 0 && Object.entries(s.selector).every(([k, v]) => labels[k] === v));
  if (selecting.length > 0) return selecting;
  return sidecars.filter((s) => !s.selector || Object.keys(s.selector).length === 0);
}
