// Everything a rule may look up about the mesh, built once per snapshot from the clusters'
// objects. Indexes are built lazily on first use and memoized, so a rule that needs no index
// costs nothing. Pure: no I/O; the analyzer feeds it snapshots of the cluster cache or files.

import { buildMeshModel, MODEL_INPUT_KINDS, type MeshModel, type Pod } from '../model/index.js';
import type { KubeObject } from '../model/k8s.js';
import type { ConfigObject } from './types.js';

export interface AnalysisInput {
  clusters: readonly { name: string; objects: readonly KubeObject[] }[];
  /** The mesh's DNS suffix (`cluster.local`). */
  domain?: string;
}

/** Something a host name resolves to: a Kubernetes Service or a ServiceEntry host. */
export interface HostTarget {
  kind: 'Service' | 'ServiceEntry';
  cluster: string;
  namespace: string;
  name: string;
  /** The host as the target declares it (FQDN for Services). */
  host: string;
  ports: { number: number; name?: string; protocol?: string }[];
  /** Pod labels the target selects (Service selector, ServiceEntry workloadSelector); absent: none. */
  selector?: Record<string, string>;
}

const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** A composite map key (NUL never occurs in Kubernetes names). */
export const key = (...parts: (string | undefined)[]): string => parts.map((p) => p ?? '').join('\u0000');

export function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The kinds an index is computed from; `all` when it may read anything (never reused). */
export type IndexDeps = readonly string[] | 'all';

const HOST_KINDS = ['Service', 'ServiceEntry'];

export function groupBy<T>(items: Iterable<T>, keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = keyOf(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Does `pattern` (a host, possibly `*.example.com` or `*`) cover `host`? */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
  return false;
}

/** Do two host patterns overlap (some host matches both)? */
export function hostsOverlap(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

/**
 * Each namespace's control plane, as `name.namespace` (the manual's `istioRevision`): the one
 * its injection label asks for; else the one installed in it (gateways in istio-system belong
 * to it); else the cluster's only control plane. Keyed by `cluster NUL namespace`.
 */
export function revisionsByNamespace(model: MeshModel): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const n of model.namespaces) {
    const inCluster = model.controlPlanes.filter((cp) => cp.cluster === n.cluster);
    const cp = n.injection.controlPlane ?? inCluster.find((c) => c.namespace === n.name) ?? (inCluster.length === 1 ? inCluster[0] : undefined);
    out.set(key(n.cluster, n.name), cp ? `${cp.name}.${cp.namespace}` : undefined);
  }
  return out;
}

export class AnalysisContext {
  readonly domain: string;
  private readonly byKind: Map<string, ConfigObject[]>;
  private readonly byName: Map<string, ConfigObject>;
  private readonly memos = new Map<string, { deps: IndexDeps; value: unknown }>();

  constructor(readonly input: AnalysisInput, prebuilt?: { byKind: Map<string, ConfigObject[]>; byName: Map<string, ConfigObject> }) {
    this.domain = input.domain ?? 'cluster.local';
    if (prebuilt) {
      this.byKind = prebuilt.byKind;
      this.byName = prebuilt.byName;
      return;
    }
    this.byKind = new Map();
    this.byName = new Map();
    for (const c of input.clusters) {
      for (const object of c.objects) {
        const o = { cluster: c.name, object };
        push(this.byKind, object.kind, o);
        this.byName.set(key(object.kind, c.name, object.metadata.namespace, object.metadata.name), o);
      }
    }
  }

  /**
   * The context of the next snapshot, in which only objects of `changedKinds` changed. Indexes
   * of unchanged kinds, and memos that depend on none of the changed kinds, carry over: one
   * changed VirtualService does not rebuild the mesh model. The caller vouches for changedKinds.
   */
  next(input: AnalysisInput, changedKinds: ReadonlySet<string>): AnalysisContext {
    const byKind = new Map<string, ConfigObject[]>();
    for (const [kind, list] of this.byKind) if (!changedKinds.has(kind)) byKind.set(kind, list);
    for (const c of input.clusters) {
      for (const object of c.objects) if (changedKinds.has(object.kind)) push(byKind, object.kind, { cluster: c.name, object });
    }
    const byName = new Map(this.byName);
    const nameOf = (o: ConfigObject): string => key(o.object.kind, o.cluster, o.object.metadata.namespace, o.object.metadata.name);
    for (const kind of changedKinds) for (const o of this.byKind.get(kind) ?? []) byName.delete(nameOf(o));
    for (const kind of changedKinds) for (const o of byKind.get(kind) ?? []) byName.set(nameOf(o), o);
    const next = new AnalysisContext(input, { byKind, byName });
    for (const [name, m] of this.memos) {
      if (m.deps !== 'all' && !m.deps.some((k) => changedKinds.has(k))) next.memos.set(name, m);
    }
    return next;
  }

  /** An index over the snapshot, built once; `deps` says which kinds it reads (see `next`). */
  memo<T>(name: string, deps: IndexDeps, build: () => T): T {
    let m = this.memos.get(name);
    if (!m) this.memos.set(name, (m = { deps, value: build() }));
    return m.value as T;
  }

  get clusters(): string[] {
    return this.input.clusters.map((c) => c.name);
  }

  /** The mesh model (workloads, pods with sidecars, namespaces' injection, control planes). */
  get model(): MeshModel {
    return this.memo('model', MODEL_INPUT_KINDS, () => buildMeshModel(this.input.clusters.map((c) => ({ cluster: c.name, objects: c.objects }))));
  }

  /** Every object of a kind, in every cluster. */
  all(kind: string): readonly ConfigObject[] {
    return this.byKind.get(kind) ?? [];
  }

  inNamespace(kind: string, cluster: string, namespace: string): ConfigObject[] {
    return this.memo(`ns:${kind}`, [kind], () => groupBy(this.all(kind), (o) => key(o.cluster, o.object.metadata.namespace)))
      .get(key(cluster, namespace)) ?? [];
  }

  get(kind: string, cluster: string, namespace: string | undefined, name: string): ConfigObject | undefined {
    return this.byName.get(key(kind, cluster, namespace, name));
  }

  namespaceExists(cluster: string, namespace: string): boolean {
    return this.get('Namespace', cluster, undefined, namespace) !== undefined;
  }

  /** Istio's root namespace (mesh-wide policies live there): the control plane's namespace. */
  rootNamespace(cluster: string): string {
    return this.model.controlPlanes.find((cp) => cp.cluster === cluster)?.namespace ?? DEFAULT_ROOT_NAMESPACE;
  }

  /** `cp-v115x.istio-system`: the control plane a namespace's proxies belong to, when known. */
  revisionOf(cluster: string, namespace: string | undefined): string | undefined {
    if (!namespace) return undefined;
    return this.memo('nsRevision', MODEL_INPUT_KINDS, () => revisionsByNamespace(this.model)).get(key(cluster, namespace));
  }

  /**
   * A host as Istio reads it in a resource of `namespace` (Istio's ResolveShortnameToFQDN): a
   * name without a dot is a Service of that namespace (`reviews` → `reviews.NS.svc.cluster.local`);
   * anything with a dot, `*` and IPs stay as written (`reviews.other` is NOT expanded).
   */
  fqdn(host: string, namespace: string): string {
    if (host === '*' || host.includes('.') || host.includes(':')) return host;
    return `${host}.${namespace}.svc.${this.domain}`;
  }

  /** Every host a Service or ServiceEntry declares, in one cluster. */
  hostTargets(cluster: string): readonly HostTarget[] {
    return this.memo(`hosts:${cluster}`, HOST_KINDS, () => {
      const out: HostTarget[] = [];
      for (const o of this.all('Service')) {
        if (o.cluster !== cluster) continue;
        const { name = '', namespace = '' } = o.object.metadata;
        const spec = (o.object.spec ?? {}) as { selector?: Record<string, string>; ports?: { port: number; name?: string; protocol?: string }[] };
        out.push({
          kind: 'Service', cluster, namespace, name, host: `${name}.${namespace}.svc.${this.domain}`,
          ports: (spec.ports ?? []).map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })),
          ...(spec.selector ? { selector: spec.selector } : {}),
        });
      }
      for (const o of this.all('ServiceEntry')) {
        if (o.cluster !== cluster) continue;
        const { name = '', namespace = '' } = o.object.metadata;
        const spec = (o.object.spec ?? {}) as { hosts?: string[]; ports?: { number: number; name?: string; protocol?: string }[]; workloadSelector?: { labels?: Record<string, string> } };
        for (const host of spec.hosts ?? []) {
          out.push({
            kind: 'ServiceEntry', cluster, namespace, name, host, ports: spec.ports ?? [],
            ...(spec.workloadSelector?.labels ? { selector: spec.workloadSelector.labels } : {}),
          });
        }
      }
      return out;
    });
  }

  /** What a host (as written in a resource of `namespace`) resolves to; wildcards match many. */
  resolveHost(cluster: string, namespace: string, host: string): HostTarget[] {
    const wanted = this.fqdn(host, namespace);
    const exact = this.memo(`hostIndex:${cluster}`, HOST_KINDS, () => groupBy(this.hostTargets(cluster), (t) => t.host));
    if (!wanted.includes('*')) {
      const direct = exact.get(wanted) ?? [];
      // A ServiceEntry may declare a wildcard that covers the host.
      const wildcards = this.memo(`wildcards:${cluster}`, HOST_KINDS, () => this.hostTargets(cluster).filter((t) => t.host.includes('*')));
      const wild = wildcards.filter((t) => hostMatches(t.host, wanted));
      return wild.length > 0 ? [...direct, ...wild] : direct;
    }
    return this.hostTargets(cluster).filter((t) => hostsOverlap(wanted, t.host));
  }

  /** Pods (and VM WorkloadEntries) of a namespace (or all namespaces) whose labels match. */
  podsMatching(cluster: string, namespace: string | undefined, selector: Record<string, string> | undefined): Pod[] {
    const pods = namespace === undefined
      ? this.model.pods.filter((p) => p.cluster === cluster)
      : this.memo('podsByNs', MODEL_INPUT_KINDS, () => groupBy(this.model.pods, (p) => key(p.cluster, p.namespace))).get(key(cluster, namespace)) ?? [];
    return pods.filter((p) => labelsMatch(selector, p.labels));
  }

  secretExists(cluster: string, namespace: string, name: string): boolean {
    return this.get('Secret', cluster, namespace, name) !== undefined;
  }

  serviceAccountExists(cluster: string, namespace: string, name: string): boolean {
    return this.get('ServiceAccount', cluster, namespace, name) !== undefined;
  }
}
