// Shared lookups of the policy rule families (DestinationRule, PeerAuthentication,
// AuthorizationPolicy, RequestAuthentication, Service, injection): spec shapes, label-indexed
// pod selection, host resolution without wildcard scans, effective mTLS modes and proxy
// versions. Anything that would be quadratic over the mesh is an index built once per
// AnalysisContext and kept in a WeakMap, so whole-mesh analysis stays linear.

import { MODEL_INPUT_KINDS, type ControlPlane, type ControlPlaneRef, type Namespace, type Pod, type Proxy, type Service } from '../../model/index.js';
import type { KubeObject, PodObject } from '../../model/k8s.js';
import { key as K, labelsMatch, push, type AnalysisContext, type IndexDeps } from '../context.js';
import type { ConfigObject } from '../types.js';

// --- spec shapes (everything optional: input is untrusted) ---

export interface ClientTls {
  mode?: string; clientCertificate?: string; privateKey?: string; caCertificates?: string;
  credentialName?: string; sni?: string; subjectAltNames?: string[]; insecureSkipVerify?: boolean;
}
export interface OutlierDetection {
  consecutiveErrors?: number; consecutive5xxErrors?: number; consecutiveGatewayErrors?: number; consecutiveLocalOriginFailures?: number;
  interval?: string; baseEjectionTime?: string; maxEjectionPercent?: number; minHealthPercent?: number;
}
export interface ConnectionPool {
  tcp?: { maxConnections?: number; connectTimeout?: string; maxConnectionDuration?: string; idleTimeout?: string };
  http?: {
    http1MaxPendingRequests?: number; http2MaxRequests?: number; maxRequestsPerConnection?: number; maxRetries?: number;
    idleTimeout?: string; maxConcurrentStreams?: number;
  };
}
export interface LoadBalancer {
  simple?: string;
  consistentHash?: {
    httpHeaderName?: string; httpCookie?: { name?: string; ttl?: string; path?: string }; useSourceIp?: boolean; httpQueryParameterName?: string;
    ringHash?: unknown; maglev?: unknown; minimumRingSize?: number;
  };
}
export interface TrafficPolicy {
  tls?: ClientTls;
  outlierDetection?: OutlierDetection;
  connectionPool?: ConnectionPool;
  loadBalancer?: LoadBalancer;
  portLevelSettings?: (Omit<TrafficPolicy, 'portLevelSettings'> & { port?: { number?: number } })[];
}
export interface Subset { name?: string; labels?: Record<string, string>; trafficPolicy?: TrafficPolicy }
export interface DestinationRuleSpec {
  host?: string;
  trafficPolicy?: TrafficPolicy;
  subsets?: Subset[];
  exportTo?: string[];
  workloadSelector?: { matchLabels?: Record<string, string> };
}

export interface PeerAuthenticationSpec {
  selector?: { matchLabels?: Record<string, string> };
  mtls?: { mode?: string };
  portLevelMtls?: Record<string, { mode?: string }>;
}

export interface AuthSource {
  principals?: string[]; notPrincipals?: string[]; namespaces?: string[]; notNamespaces?: string[];
  requestPrincipals?: string[]; ipBlocks?: string[];
}
export interface AuthOperation {
  hosts?: string[]; notHosts?: string[]; ports?: string[]; notPorts?: string[];
  methods?: string[]; notMethods?: string[]; paths?: string[]; notPaths?: string[];
}
export interface AuthRule { from?: { source?: AuthSource }[]; to?: { operation?: AuthOperation }[]; when?: unknown[] }
export interface AuthorizationPolicySpec {
  selector?: { matchLabels?: Record<string, string> };
  targetRef?: unknown;
  targetRefs?: unknown[];
  action?: string;
  provider?: { name?: string };
  rules?: AuthRule[];
}

export interface JwtRule { issuer?: string; jwksUri?: string; jwks?: string }
export interface RequestAuthenticationSpec { selector?: { matchLabels?: Record<string, string> }; jwtRules?: JwtRule[] }

export const specOf = <T>(o: ConfigObject): T => ((o.object.spec && typeof o.object.spec === 'object') ? o.object.spec : {}) as T;
export const nsOf = (o: ConfigObject): string => o.object.metadata.namespace ?? '';
export const nameOf = (o: ConfigObject): string => o.object.metadata.name ?? '';
export const refOf = (o: ConfigObject): string => `${nsOf(o)}/${nameOf(o)}`;
export const arr = <T>(v: T[] | undefined | null): T[] => (Array.isArray(v) ? v : []);
export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const upper = (v: unknown): string => (typeof v === 'string' ? v.toUpperCase() : '');

/** `base.key`, or `base["key"]` when the key is not a plain identifier (`labels["istio.io/rev"]`). */
export function prop(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** A canonical string for a label selector. */
export function selectorKey(selector: Record<string, string> | undefined): string {
  return Object.entries(selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',');
}

export const sortedJoin = (items: Iterable<string>): string => [...new Set(items)].sort().join(', ');

/** At most `max` items joined, with `(+N more)` for the rest. */
export function listSome(items: readonly string[], max = 5): string {
  const sorted = [...new Set(items)].sort();
  return sorted.length <= max ? sorted.join(', ') : `${sorted.slice(0, max).join(', ')} (+${sorted.length - max} more)`;
}

/** A label selector object (`matchLabels`), or undefined when absent or empty. */
export function matchLabelsOf(s: { matchLabels?: Record<string, string> } | undefined): Record<string, string> | undefined {
  const labels = isRecord(s) && isRecord(s.matchLabels) ? s.matchLabels : undefined;
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

/** A Go duration (`1s`, `1m30s`, `100ms`) in milliseconds, or undefined when malformed. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };
  let total = 0;
  let rest = v;
  const re = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/;
  while (rest !== '') {
    const m = re.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

// --- per-context memo ---

/** Builds `name` once per context (an index over the whole snapshot); `deps` are the kinds it reads. */
export function memo<T>(ctx: AnalysisContext, name: string, deps: IndexDeps, build: () => T): T {
  return ctx.memo(`policy:${name}`, deps, build);
}

export { key as K, push } from '../context.js';

/** Objects of a kind grouped by the keys `keysOf` gives each, once per context. */
export function indexBy(ctx: AnalysisContext, name: string, kind: string, keysOf: (o: ConfigObject) => string[]): Map<string, ConfigObject[]> {
  return memo(ctx, name, [kind], () => {
    const m = new Map<string, ConfigObject[]>();
    for (const o of ctx.all(kind)) for (const k of keysOf(o)) push(m, k, o);
    return m;
  });
}

// --- model lookups ---

interface ModelIndex {
  pods: Map<string, Pod>;
  podObjects: Map<string, PodObject>;
  proxies: Map<string, Proxy>;
  namespaces: Map<string, Namespace>;
  services: Map<string, Service>;
  servicesByNs: Map<string, Service[]>;
  planes: Map<string, ControlPlane>;
  podsAll: Map<string, Pod[]>;
  podsByLabel: Map<string, Pod[]>;
}

function modelIndex(ctx: AnalysisContext): ModelIndex {
  return memo(ctx, 'model', MODEL_INPUT_KINDS, () => {
    const m = ctx.model;
    const idx: ModelIndex = {
      pods: new Map(), podObjects: new Map(), proxies: new Map(), namespaces: new Map(), services: new Map(),
      servicesByNs: new Map(), planes: new Map(), podsAll: new Map(), podsByLabel: new Map(),
    };
    for (const p of m.pods) {
      if (p.source === 'Pod') idx.pods.set(K(p.cluster, p.namespace, p.name), p);
      push(idx.podsAll, K(p.cluster), p);
      push(idx.podsAll, K(p.cluster, p.namespace), p);
      for (const [k, v] of Object.entries(p.labels)) {
        push(idx.podsByLabel, K(p.cluster, '*', k, v), p);
        push(idx.podsByLabel, K(p.cluster, p.namespace, k, v), p);
      }
    }
    for (const o of ctx.all('Pod')) idx.podObjects.set(K(o.cluster, o.object.metadata.namespace, o.object.metadata.name), o.object as PodObject);
    for (const p of m.proxies) idx.proxies.set(K(p.cluster, p.namespace, p.pod), p);
    for (const n of m.namespaces) idx.namespaces.set(K(n.cluster, n.name), n);
    for (const s of m.services) {
      idx.services.set(K(s.cluster, s.namespace, s.name), s);
      push(idx.servicesByNs, K(s.cluster, s.namespace), s);
    }
    for (const cp of m.controlPlanes) idx.planes.set(K(cp.cluster, cp.namespace, cp.name), cp);
    return idx;
  });
}

export const modelPod = (ctx: AnalysisContext, cluster: string, namespace: string, name: string): Pod | undefined =>
  modelIndex(ctx).pods.get(K(cluster, namespace, name));
export const podObject = (ctx: AnalysisContext, pod: Pod): PodObject | undefined => modelIndex(ctx).podObjects.get(K(pod.cluster, pod.namespace, pod.name));
export const proxyOf = (ctx: AnalysisContext, pod: Pod): Proxy | undefined => modelIndex(ctx).proxies.get(K(pod.cluster, pod.namespace, pod.name));
export const modelNamespace = (ctx: AnalysisContext, cluster: string, name: string): Namespace | undefined => modelIndex(ctx).namespaces.get(K(cluster, name));
export const modelService = (ctx: AnalysisContext, cluster: string, namespace: string, name: string): Service | undefined =>
  modelIndex(ctx).services.get(K(cluster, namespace, name));
export const servicesIn = (ctx: AnalysisContext, cluster: string, namespace: string): Service[] => modelIndex(ctx).servicesByNs.get(K(cluster, namespace)) ?? [];
export const controlPlaneOf = (ctx: AnalysisContext, ref: ControlPlaneRef): ControlPlane | undefined => modelIndex(ctx).planes.get(K(ref.cluster, ref.namespace, ref.name));
export const podsIn = (ctx: AnalysisContext, cluster: string, namespace?: string): Pod[] =>
  modelIndex(ctx).podsAll.get(namespace === undefined ? K(cluster) : K(cluster, namespace)) ?? [];

/**
 * Pods (and grouped VM WorkloadEntries) of a cluster, in `namespace` or everywhere, whose labels
 * match `selector` (absent or empty: all). Cost: the pods of the selector's rarest label.
 */
export function selectPods(ctx: AnalysisContext, cluster: string, namespace: string | undefined, selector: Record<string, string> | undefined): Pod[] {
  const idx = modelIndex(ctx);
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return podsIn(ctx, cluster, namespace);
  let best: Pod[] | undefined;
  for (const [k, v] of entries) {
    const list = idx.podsByLabel.get(K(cluster, namespace ?? '*', k, String(v))) ?? [];
    if (list.length === 0) return [];
    if (!best || list.length < best.length) best = list;
  }
  return (best ?? []).filter((p) => (namespace === undefined || p.namespace === namespace) && labelsMatch(selector, p.labels));
}

/**
 * The pods a policy with this selector applies to: its namespace's, or every namespace's when
 * the policy lives in the root namespace (Istio applies root-namespace policies mesh-wide).
 */
export function policyPods(ctx: AnalysisContext, policy: ConfigObject, selector: Record<string, string> | undefined): Pod[] {
  const ns = nsOf(policy);
  return selectPods(ctx, policy.cluster, ns === ctx.rootNamespace(policy.cluster) ? undefined : ns, selector);
}

/** Services of the pods' namespaces that select at least one of the pods. */
export function servicesOfPods(ctx: AnalysisContext, pods: readonly Pod[]): Service[] {
  const labelSets = new Map<string, Pod>();
  for (const p of pods) labelSets.set(K(p.cluster, p.namespace, selectorKey(p.labels)), p);
  const out = new Set<Service>();
  for (const p of labelSets.values()) {
    for (const s of servicesIn(ctx, p.cluster, p.namespace)) if (s.selector && labelsMatch(s.selector, p.labels)) out.add(s);
  }
  return [...out];
}

/** Does the snapshot hold any object of this kind in the cluster (else we cannot tell what is missing)? */
export function kindKnown(ctx: AnalysisContext, kind: string, cluster: string): boolean {
  return memo(ctx, `known:${kind}:${cluster}`, [kind], () => ctx.all(kind).some((o) => o.cluster === cluster));
}

export function namespaceExistsAnywhere(ctx: AnalysisContext, namespace: string): boolean {
  return ctx.clusters.some((c) => ctx.namespaceExists(c, namespace));
}

// --- hosts ---

// Host resolution is shared with the networking rules.
export { resolveHostAnywhere, resolveHostIn } from './lookups-networking.js';

// --- mTLS ---

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

export function peerAuthMode(o: ConfigObject): MtlsMode {
  const mode = upper(specOf<PeerAuthenticationSpec>(o).mtls?.mode);
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : 'UNSET';
}

export const peerAuthSelector = (o: ConfigObject): Record<string, string> | undefined => matchLabelsOf(specOf<PeerAuthenticationSpec>(o).selector);

/** Oldest first, then by name: the one Istio honours when several compete. */
const byAge = (a: ConfigObject, b: ConfigObject): number =>
  (a.object.metadata.creationTimestamp ?? '').localeCompare(b.object.metadata.creationTimestamp ?? '') || refOf(a).localeCompare(refOf(b));

interface PeerAuthIndex {
  /** Mesh-wide policies by cluster (root namespace, no selector). */
  mesh: Map<string, ConfigObject[]>;
  /** Namespace-wide policies by (cluster, namespace), root namespace excluded. */
  namespace: Map<string, ConfigObject[]>;
  /** Policies with a selector by (cluster, namespace); the root namespace's apply everywhere. */
  workload: Map<string, ConfigObject[]>;
}

export function peerAuthIndex(ctx: AnalysisContext): PeerAuthIndex {
  return memo(ctx, 'peerauth', ['PeerAuthentication'], () => {
    const idx: PeerAuthIndex = { mesh: new Map(), namespace: new Map(), workload: new Map() };
    for (const pa of [...ctx.all('PeerAuthentication')].sort(byAge)) {
      const ns = nsOf(pa);
      const root = ns === ctx.rootNamespace(pa.cluster);
      if (peerAuthSelector(pa)) push(idx.workload, K(pa.cluster, ns), pa);
      else if (root) push(idx.mesh, K(pa.cluster), pa);
      else push(idx.namespace, K(pa.cluster, ns), pa);
    }
    return idx;
  });
}

export interface EffectiveMtls { mode: Exclude<MtlsMode, 'UNSET'>; policy?: ConfigObject }

/** The mTLS mode a namespace's workloads get from namespace-wide, then mesh-wide policies (PERMISSIVE by default). */
export function namespaceMtls(ctx: AnalysisContext, cluster: string, namespace: string): EffectiveMtls {
  const idx = peerAuthIndex(ctx);
  for (const pa of [...(idx.namespace.get(K(cluster, namespace)) ?? []).slice(0, 1), ...(idx.mesh.get(K(cluster)) ?? []).slice(0, 1)]) {
    const mode = peerAuthMode(pa);
    if (mode !== 'UNSET') return { mode, policy: pa };
  }
  return { mode: 'PERMISSIVE' };
}

/** The mTLS mode a pod's sidecar enforces: a workload policy's, else its namespace's. */
export function podMtls(ctx: AnalysisContext, pod: Pod): EffectiveMtls {
  const idx = peerAuthIndex(ctx);
  const root = ctx.rootNamespace(pod.cluster);
  const candidates = [...(idx.workload.get(K(pod.cluster, pod.namespace)) ?? []), ...(pod.namespace === root ? [] : idx.workload.get(K(pod.cluster, root)) ?? [])];
  for (const pa of candidates) {
    const mode = peerAuthMode(pa);
    if (mode !== 'UNSET' && labelsMatch(peerAuthSelector(pa), pod.labels)) return { mode, policy: pa };
  }
  return namespaceMtls(ctx, pod.cluster, pod.namespace);
}

// --- proxies and control planes ---

const baseVersion = (v: string): string => v.split('-')[0]!;
const stripDigest = (image: string): string => (image.includes('@') ? image.slice(0, image.indexOf('@')) : image);

/** The IstioControlPlane object of a model control plane, when smm manages it. */
export function controlPlaneObject(ctx: AnalysisContext, cp: ControlPlaneRef): KubeObject | undefined {
  return ctx.get('IstioControlPlane', cp.cluster, cp.namespace, cp.name)?.object;
}

export interface ExpectedProxy { image?: string; version?: string }

/**
 * What a control plane injects now: the IstioControlPlane's `spec.proxy.image` when set, and a
 * version — the istiod pods' full image tag (`1.15.3-bzc.0`) when known, else the plane's.
 */
export function expectedProxy(ctx: AnalysisContext, cp: ControlPlaneRef): ExpectedProxy {
  return memo(ctx, `expected:${K(cp.cluster, cp.namespace, cp.name)}`, MODEL_INPUT_KINDS, () => {
    const plane = controlPlaneOf(ctx, cp);
    const spec = controlPlaneObject(ctx, cp)?.spec as { proxy?: { image?: unknown } } | undefined;
    const image = typeof spec?.proxy?.image === 'string' && spec.proxy.image !== '' ? spec.proxy.image : undefined;
    const podVersion = plane?.istiodPods.map((p) => p.version).find((v): v is string => !!v);
    const version = podVersion && plane?.version && baseVersion(podVersion) === baseVersion(plane.version) ? podVersion : plane?.version;
    return { ...(image ? { image } : {}), ...(version ? { version } : {}) };
  });
}

/**
 * Is the sidecar (image, version) what the control plane injects now? Images are compared when
 * the plane names one; else versions, where a plane version without a build suffix (`1.15.3`)
 * accepts any build of it (`1.15.3-bzc.0`). Undefined: nothing to compare with.
 */
export function proxyUpToDate(sidecar: { image: string; version?: string }, expected: ExpectedProxy): boolean | undefined {
  if (expected.image) return stripDigest(sidecar.image) === stripDigest(expected.image);
  if (!expected.version || !sidecar.version) return undefined;
  if (sidecar.version === expected.version) return true;
  return !expected.version.includes('-') && baseVersion(sidecar.version) === expected.version;
}

/** The index of the pod's istio-proxy container and its path in the object. */
export function proxyContainerPath(pod: PodObject | undefined): string {
  const containers = arr(pod?.spec?.containers);
  const i = containers.findIndex((c) => c?.name === 'istio-proxy');
  if (i >= 0) return `spec.containers[${i}].image`;
  const j = arr(pod?.spec?.initContainers).findIndex((c) => c?.name === 'istio-proxy');
  return j >= 0 ? `spec.initContainers[${j}].image` : 'spec.containers';
}

/** A pod that is a gateway (istio-proxy is its only container), not an application with a sidecar. */
export function isGatewayPod(pod: Pod): boolean {
  return pod.containers.length > 0 && pod.containers.every((c) => c.name === 'istio-proxy');
}
