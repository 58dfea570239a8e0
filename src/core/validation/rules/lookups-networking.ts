// Shared lookups of the networking rule families (Gateway, VirtualService, ServiceEntry,
// Sidecar): the spec shapes they read, host resolution for destinations, gateway references,
// gateway workloads, subsets by host, and label-selected pods. Anything that would be
// quadratic over the mesh is an index built once per AnalysisContext and kept in a WeakMap,
// so whole-mesh analysis stays linear.

import { MODEL_INPUT_KINDS, type Pod } from '../../model/index.js';
import type { KubeObject } from '../../model/k8s.js';
import { hostMatches, hostsOverlap, key as K, labelsMatch, push, type AnalysisContext, type HostTarget, type IndexDeps } from '../context.js';
import type { ConfigObject } from '../types.js';

// --- spec shapes (everything optional: input is untrusted) ---

export interface PortSpec { number?: number; name?: string; protocol?: string; targetPort?: number }
export interface GatewayServer {
  port?: PortSpec;
  hosts?: string[];
  tls?: { mode?: string; credentialName?: string; serverCertificate?: string; privateKey?: string; httpsRedirect?: boolean };
  name?: string;
}
export interface GatewaySpec { selector?: Record<string, string>; servers?: GatewayServer[] }

export interface StringMatch { exact?: string; prefix?: string; regex?: string }
export interface Destination { host?: string; subset?: string; port?: { number?: number } }
export interface RouteDestination { destination?: Destination; weight?: number }
export interface HTTPMatch {
  name?: string;
  uri?: StringMatch; scheme?: StringMatch; method?: StringMatch; authority?: StringMatch;
  headers?: Record<string, StringMatch>; queryParams?: Record<string, StringMatch>; withoutHeaders?: Record<string, StringMatch>;
  gateways?: string[];
  [field: string]: unknown;
}
export interface Percent { value?: number }
export interface HTTPRoute {
  name?: string;
  match?: HTTPMatch[];
  route?: RouteDestination[];
  redirect?: unknown;
  directResponse?: unknown;
  delegate?: { name?: string; namespace?: string };
  mirror?: Destination;
  mirrorPercentage?: Percent;
  mirrorPercent?: number;
  mirrors?: { destination?: Destination; percentage?: Percent }[];
  fault?: { delay?: { percentage?: Percent; percent?: number }; abort?: { percentage?: Percent; httpStatus?: number } };
  retries?: { attempts?: number; perTryTimeout?: string };
  timeout?: string;
}
export interface L4Match { gateways?: string[]; sniHosts?: string[]; [field: string]: unknown }
export interface L4Route { match?: L4Match[]; route?: RouteDestination[] }
export interface VirtualServiceSpec {
  hosts?: string[]; gateways?: string[];
  http?: HTTPRoute[]; tcp?: L4Route[]; tls?: L4Route[];
}

export interface ServiceEntrySpec {
  hosts?: string[];
  addresses?: string[];
  ports?: PortSpec[];
  location?: string;
  resolution?: string;
  endpoints?: { address?: string; ports?: Record<string, number>; labels?: Record<string, string> }[];
  workloadSelector?: { labels?: Record<string, string> };
}

export interface SidecarSpec {
  workloadSelector?: { labels?: Record<string, string> };
  ingress?: { port?: PortSpec; defaultEndpoint?: string }[];
  egress?: { port?: PortSpec; hosts?: string[] }[];
}

export const gatewaySpec = (o: ConfigObject): GatewaySpec => (o.object.spec ?? {}) as GatewaySpec;
export const virtualServiceSpec = (o: ConfigObject | KubeObject): VirtualServiceSpec =>
  (('object' in o ? (o as ConfigObject).object.spec : (o as KubeObject).spec) ?? {}) as VirtualServiceSpec;
export const serviceEntrySpec = (o: ConfigObject): ServiceEntrySpec => (o.object.spec ?? {}) as ServiceEntrySpec;
export const sidecarSpec = (o: ConfigObject): SidecarSpec => (o.object.spec ?? {}) as SidecarSpec;

export const nsOf = (o: ConfigObject): string => o.object.metadata.namespace ?? '';
export const nameOf = (o: ConfigObject): string => o.object.metadata.name ?? '';
export const refOf = (o: ConfigObject): string => `${nsOf(o)}/${nameOf(o)}`;
export const arr = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

/** `base.key`, or `base["key"]` when the key is not a plain identifier (`headers["end-user"]`). */
export function prop(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** A canonical string for a label selector: equal selectors, equal keys. */
export function selectorKey(selector: Record<string, string> | undefined): string {
  return Object.entries(selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',');
}

export const sortedJoin = (items: Iterable<string>): string => [...new Set(items)].sort().join(', ');

// --- per-context memo ---

/** Builds `name` once per context (an index over the whole snapshot); `deps` are the kinds it reads. */
export function memo<T>(ctx: AnalysisContext, name: string, deps: IndexDeps, build: () => T): T {
  return ctx.memo(`net:${name}`, deps, build);
}


// --- pods by label ---

interface PodIndex { all: Map<string, Pod[]>; byLabel: Map<string, Pod[]> }

function podIndex(ctx: AnalysisContext): PodIndex {
  return memo(ctx, 'pods', MODEL_INPUT_KINDS, () => {
    const idx: PodIndex = { all: new Map(), byLabel: new Map() };
    for (const p of ctx.model.pods) {
      push(idx.all, K(p.cluster), p);
      push(idx.all, K(p.cluster, p.namespace), p);
      for (const [k, v] of Object.entries(p.labels)) push(idx.byLabel, K(p.cluster, k, v), p);
    }
    return idx;
  });
}

/**
 * Pods (and grouped VM WorkloadEntries) of a cluster, in `namespace` or everywhere, whose labels
 * match `selector` (absent or empty: all). Uses a label index: cost is the rarest label's pods.
 */
export function selectPods(ctx: AnalysisContext, cluster: string, namespace: string | undefined, selector: Record<string, string> | undefined): Pod[] {
  const idx = podIndex(ctx);
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return idx.all.get(namespace === undefined ? K(cluster) : K(cluster, namespace)) ?? [];
  let best: Pod[] | undefined;
  for (const [k, v] of entries) {
    const list = idx.byLabel.get(K(cluster, k, v)) ?? [];
    if (!best || list.length < best.length) best = list;
    if (list.length === 0) return [];
  }
  return (best ?? []).filter((p) => (namespace === undefined || p.namespace === namespace) && labelsMatch(selector, p.labels));
}

// --- hosts ---

interface HostIndex { exact: Map<string, HostTarget[]>; wildcard: HostTarget[] }

function hostIndex(ctx: AnalysisContext, cluster: string): HostIndex {
  return memo(ctx, `hosts:${cluster}`, ['Service', 'ServiceEntry'], () => {
    const idx: HostIndex = { exact: new Map(), wildcard: [] };
    for (const t of ctx.hostTargets(cluster)) {
      if (t.host.includes('*')) idx.wildcard.push(t);
      else push(idx.exact, t.host, t);
    }
    return idx;
  });
}

/**
 * The names a host written in a resource of `namespace` may stand for: the context's FQDN form
 * (`reviews` → `reviews.ns.svc.cluster.local`) and, for dotted names, the name as written
 * (`api.example.com` is an external host, not `api.example.com.svc.cluster.local`).
 */
export function hostCandidates(ctx: AnalysisContext, namespace: string, host: string): string[] {
  const fqdn = ctx.fqdn(host, namespace);
  return fqdn !== host && host.includes('.') ? [fqdn, host] : [fqdn];
}

/** What a host resolves to in one cluster (Services and ServiceEntries), indexed. */
export function resolveHostIn(ctx: AnalysisContext, cluster: string, namespace: string, host: string): HostTarget[] {
  if (host.includes('*')) return ctx.resolveHost(cluster, namespace, host);
  const idx = hostIndex(ctx, cluster);
  const out: HostTarget[] = [];
  for (const h of hostCandidates(ctx, namespace, host)) {
    out.push(...(idx.exact.get(h) ?? []));
    for (const t of idx.wildcard) if (hostMatches(t.host, h)) out.push(t);
  }
  return out;
}

/** What a host resolves to: in the subject's cluster first, else in any other cluster of the mesh. */
export function resolveHostAnywhere(ctx: AnalysisContext, cluster: string, namespace: string, host: string): HostTarget[] {
  const here = resolveHostIn(ctx, cluster, namespace, host);
  if (here.length > 0) return here;
  for (const c of ctx.clusters) {
    if (c === cluster) continue;
    const there = resolveHostIn(ctx, c, namespace, host);
    if (there.length > 0) return there;
  }
  return [];
}

/** Is the host one of the mesh's own (short, `name.ns` or `*.svc.<domain>`)? External hosts are not. */
export function isClusterLocalHost(ctx: AnalysisContext, host: string): boolean {
  return !host.includes('.') || host.endsWith(`.svc.${ctx.domain}`) || host.endsWith('.svc');
}

// --- destination rules: subsets by host ---

interface SubsetIndex { exact: Map<string, Set<string>>; wildcard: { host: string; subsets: Set<string> }[] }

function subsetIndex(ctx: AnalysisContext, cluster: string): SubsetIndex {
  return memo(ctx, `subsets:${cluster}`, ['DestinationRule'], () => {
    const idx: SubsetIndex = { exact: new Map(), wildcard: [] };
    for (const dr of ctx.all('DestinationRule')) {
      if (dr.cluster !== cluster) continue;
      const spec = (dr.object.spec ?? {}) as { host?: string; subsets?: { name?: string }[] };
      if (!spec.host) continue;
      const names = arr(spec.subsets).map((s) => s?.name).filter((n): n is string => typeof n === 'string');
      for (const h of hostCandidates(ctx, nsOf(dr), spec.host)) {
        if (h.includes('*')) {
          idx.wildcard.push({ host: h, subsets: new Set(names) });
          continue;
        }
        const set = idx.exact.get(h) ?? new Set<string>();
        for (const n of names) set.add(n);
        idx.exact.set(h, set);
      }
    }
    return idx;
  });
}

/** Subsets the DestinationRules for a host define (undefined: no DestinationRule covers the host). */
export function subsetsForHost(ctx: AnalysisContext, cluster: string, namespace: string, host: string): Set<string> | undefined {
  const idx = subsetIndex(ctx, cluster);
  let out: Set<string> | undefined;
  for (const h of hostCandidates(ctx, namespace, host)) {
    const direct = idx.exact.get(h);
    if (direct) out = new Set([...(out ?? []), ...direct]);
    for (const w of idx.wildcard) {
      if (hostMatches(w.host, h)) out = new Set([...(out ?? []), ...w.subsets]);
    }
  }
  return out;
}

// --- virtual service destinations ---

export interface DestinationRef {
  /** Path of the destination object (`spec.http[0].route[1].destination`). */
  path: string;
  destination: Destination;
  role: 'route' | 'mirror';
}

/** Every destination a VirtualService names: http/tcp/tls routes, mirror and mirrors. */
export function destinationsOf(spec: VirtualServiceSpec): DestinationRef[] {
  const out: DestinationRef[] = [];
  const routes = (section: 'http' | 'tcp' | 'tls', list: { route?: RouteDestination[] }[]): void => {
    list.forEach((r, i) => arr(r?.route).forEach((d, j) => {
      if (d?.destination && typeof d.destination === 'object') out.push({ path: `spec.${section}[${i}].route[${j}].destination`, destination: d.destination, role: 'route' });
    }));
  };
  routes('http', arr(spec.http));
  arr(spec.http).forEach((r, i) => {
    if (r?.mirror && typeof r.mirror === 'object') out.push({ path: `spec.http[${i}].mirror`, destination: r.mirror, role: 'mirror' });
    arr(r?.mirrors).forEach((m, k) => {
      if (m?.destination && typeof m.destination === 'object') out.push({ path: `spec.http[${i}].mirrors[${k}].destination`, destination: m.destination, role: 'mirror' });
    });
  });
  routes('tcp', arr(spec.tcp));
  routes('tls', arr(spec.tls));
  return out;
}

// --- gateways ---

export type GatewayRef = { mesh: true } | { mesh: false; namespace: string; name: string; short: boolean };

/** A VirtualService's gateway reference: `mesh`, `ns/name`, `name` (the VS's namespace) or `name.ns.svc…`. */
export function parseGatewayRef(ref: string, vsNamespace: string): GatewayRef {
  if (ref === 'mesh') return { mesh: true };
  const slash = ref.indexOf('/');
  if (slash >= 0) return { mesh: false, namespace: ref.slice(0, slash), name: ref.slice(slash + 1), short: false };
  const parts = ref.split('.');
  if (parts.length >= 2) return { mesh: false, namespace: parts[1]!, name: parts[0]!, short: false };
  return { mesh: false, namespace: vsNamespace, name: ref, short: true };
}

/** The gateways a VirtualService is bound to, with their paths (default: `mesh`). */
export function gatewayRefsOf(spec: VirtualServiceSpec): { path: string; ref: string }[] {
  const out: { path: string; ref: string }[] = [];
  arr(spec.gateways).forEach((g, i) => { if (typeof g === 'string') out.push({ path: `spec.gateways[${i}]`, ref: g }); });
  for (const section of ['http', 'tcp', 'tls'] as const) {
    arr(spec[section] as { match?: { gateways?: string[] }[] }[] | undefined).forEach((r, i) => arr(r?.match).forEach((m, j) => arr(m?.gateways).forEach((g, k) => {
      if (typeof g === 'string') out.push({ path: `spec.${section}[${i}].match[${j}].gateways[${k}]`, ref: g });
    })));
  }
  return out;
}

/** Is the VirtualService applied to sidecars (`mesh`, explicitly or by default)? */
export function boundToMesh(spec: VirtualServiceSpec): boolean {
  const gws = arr(spec.gateways);
  return gws.length === 0 || gws.includes('mesh');
}

/** Gateways of a cluster by name (any namespace). */
export function gatewaysNamed(ctx: AnalysisContext, cluster: string, name: string): ConfigObject[] {
  return memo(ctx, 'gatewaysByName', ['Gateway'], () => {
    const m = new Map<string, ConfigObject[]>();
    for (const g of ctx.all('Gateway')) push(m, K(g.cluster, nameOf(g)), g);
    return m;
  }).get(K(cluster, name)) ?? [];
}

/** Splits a Gateway server host `ns/host` (no namespace: undefined). */
export function splitNamespacedHost(h: string): { namespace?: string; host: string } {
  const slash = h.indexOf('/');
  return slash < 0 ? { host: h } : { namespace: h.slice(0, slash), host: h.slice(slash + 1) };
}

/** The namespaces of a Gateway's workload (its pods; none found: the Gateway's own namespace). */
export function gatewayWorkloadNamespaces(ctx: AnalysisContext, gw: ConfigObject): string[] {
  const pods = selectPods(ctx, gw.cluster, undefined, gatewaySpec(gw).selector);
  const nss = [...new Set(pods.map((p) => p.namespace))].sort();
  return nss.length > 0 ? nss : [nsOf(gw)];
}

/** Protocol family of a Gateway port: ports of one family can share a listener. */
export function protocolFamily(protocol: string | undefined): string {
  const p = (protocol ?? '').toUpperCase();
  if (p === 'HTTP' || p === 'HTTP2' || p === 'GRPC' || p === 'GRPC-WEB') return 'HTTP';
  if (p === 'HTTPS' || p === 'TLS') return 'TLS';
  return p;
}

/** Do a Gateway server's hosts admit a VirtualService host of `vsNamespace`? */
export function gatewayServerAdmits(ctx: AnalysisContext, gwNamespace: string, serverHost: string, vsNamespace: string, vsHost: string): boolean {
  const { namespace, host } = splitNamespacedHost(serverHost);
  if (namespace !== undefined && namespace !== '*' && !(namespace === '.' ? gwNamespace === vsNamespace : namespace === vsNamespace)) return false;
  return hostCandidates(ctx, vsNamespace, vsHost).some((h) => hostsOverlap(host, h)) || hostsOverlap(host, vsHost);
}

// --- misc ---

/** A protobuf duration (`1.5s`, `300ms`, `2m`, `1h`) in milliseconds; undefined when malformed. */
export function durationMs(d: unknown): number | undefined {
  if (typeof d !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return n * unit;
}

/**
 * Why a regex is not valid for Envoy (RE2), or undefined when it is. JavaScript's engine
 * accepts a superset of RE2's syntax; lookarounds and backreferences are what RE2 lacks.
 */
export function regexError(re: string): string | undefined {
  try {
    new RegExp(re);
  } catch (e) {
    return (e as Error).message;
  }
  if (/\(\?<?[=!]/.test(re)) return 'lookaround assertions are not supported by RE2';
  if (/(^|[^\\])\\[1-9]/.test(re)) return 'backreferences are not supported by RE2';
  return undefined;
}

/** Does the Namespace list of the cluster say anything (offline snapshots may carry none)? */
export function namespacesKnown(ctx: AnalysisContext, cluster: string): boolean {
  return memo(ctx, `nsKnown:${cluster}`, ['Namespace'], () => ctx.all('Namespace').some((n) => n.cluster === cluster));
}

/** VirtualService hosts by namespace (for Sidecar egress imports). */
export function virtualServiceHostsIn(ctx: AnalysisContext, cluster: string, namespace: string): string[] {
  return memo(ctx, `vsHosts:${cluster}`, ['VirtualService'], () => {
    const m = new Map<string, string[]>();
    for (const vs of ctx.all('VirtualService')) {
      if (vs.cluster !== cluster) continue;
      for (const h of arr(virtualServiceSpec(vs).hosts)) if (typeof h === 'string') push(m, nsOf(vs), ctx.fqdn(h, nsOf(vs)));
    }
    return m;
  }).get(namespace) ?? [];
}

/** Group items by a key, once per context. */
export function indexBy<T>(ctx: AnalysisContext, name: string, items: () => Iterable<T>, keysOf: (t: T) => Iterable<string>): Map<string, T[]> {
  return memo(ctx, name, 'all', () => {
    const m = new Map<string, T[]>();
    for (const t of items()) for (const k of new Set(keysOf(t))) push(m, k, t);
    return m;
  });
}

export { K as indexKey };
