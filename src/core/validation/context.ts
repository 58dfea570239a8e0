// Everything a rule may look up about the mesh, built once per snapshot from the clusters'
// objects. Indexes are built lazily on first use and memoized, so a rule that needs no index
// costs nothing. Pure: no I/O; the analyzer feeds it snapshots of the cluster cache or files.

import { buildMeshModel, type MeshModel, type Pod } from '../model/index.js';
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

const key = (...parts: (string | undefined)[]): string => parts.map((p) => p ?? '').join('\u0000');

function groupBy<T>(items: Iterable<T>, keyOf: (t: T) => string): Map<string, T[]> {
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
  private readonly byKind = new Map<string, ConfigObject[]>();
  private readonly byName = new Map<string, ConfigObject>();
  private readonly memo = new Map<string, unknown>();

  constructor(readonly input: AnalysisInput) {
    this.domain = input.domain ?? 'cluster.local';
    for (const c of input.clusters) {
      for (const object of c.objects) {
        const o = { cluster: c.name, object };
        const list = this.byKind.get(object.kind);
        if (list) list.push(o);
        else this.byKind.set(object.kind, [o]);
        this.byName.set(key(object.kind, c.name, object.metadata.namespace, object.metadata.name), o);
      }
    }
  }

  private once<T>(name: string, build: () => T): T {
    if (!this.memo.has(name)) this.memo.set(name, build());
    return this.memo.get(name) as T;
  }

  get clusters(): string[] {
    return this.input.clusters.map((c) => c.name);
  }

  /** The mesh model (workloads, pods with sidecars, namespaces' injection, control planes). */
  get model(): MeshModel {
    return this.once('model', () => buildMeshModel(this.input.clusters.map((c) => ({ cluster: c.name, objects: c.objects }))));
  }

  /** Every object of a kind, in every cluster. */
  all(kind: string): readonly ConfigObject[] {
    return this.byKind.get(kind) ?? [];
  }

  inNamespace(kind: string, cluster: string, namespace: string): ConfigObject[] {
    return this.once(`ns:${kind}`, () => groupBy(this.all(kind), (o) => key(o.cluster, o.object.metadata.namespace)))
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
    return this.once('nsRevision', () => revisionsByNamespace(this.model)).get(key(cluster, namespace));
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
    return this.once(`hosts:${cluster}`, () => {
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
    const exact = this.once(`hostIndex:${cluster}`, () => groupBy(this.hostTargets(cluster), (t) => t.host));
    if (!wanted.includes('*')) {
      const direct = exact.get(wanted) ?? [];
      // A ServiceEntry may declare a wildcard that covers the host.
      const wildcards = this.once(`wildcards:${cluster}`, () => this.hostTargets(cluster).filter((t) => t.host.includes('*')));
      const wild = wildcards.filter((t) => hostMatches(t.host, wanted));
      return wild.length > 0 ? [...direct, ...wild] : direct;
    }
    return this.hostTargets(cluster).filter((t) => hostsOverlap(wanted, t.host));
  }

  /** Pods (and VM WorkloadEntries) of a namespace (or all namespaces) whose labels match. */
  podsMatching(cluster: string, namespace: string | undefined, selector: Record<string, string> | undefined): Pod[] {
    const pods = namespace === undefined
      ? this.model.pods.filter((p) => p.cluster === cluster)
      : this.once('podsByNs', () => groupBy(this.model.pods, (p) => key(p.cluster, p.namespace))).get(key(cluster, namespace)) ?? [];
    return pods.filter((p) => labelsMatch(selector, p.labels));
  }

  secretExists(cluster: string, namespace: string, name: string): boolean {
    return this.get('Secret', cluster, namespace, name) !== undefined;
  }

  serviceAccountExists(cluster: string, namespace: string, name: string): boolean {
    return this.get('ServiceAccount', cluster, namespace, name) !== undefined;
  }
}
