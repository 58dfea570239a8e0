// The cluster cache: one informer per kind the mesh model and the validator read, over any
// ClusterPort (Secrets reduced to their metadata before they are stored).
// It hands out snapshots (plain object arrays) and a version that changes with every event,
// so views rebuild only when something changed.

import { isKubeError } from './errors.js';
import { Informer, type InformerEvent } from './informer.js';
import type { KubeObject } from './object.js';
import type { ClusterPort } from './port.js';
import { Resources, type ResourceType } from './resources.js';

/** Kinds the mesh model is built from. */
export const MODEL_KINDS: ResourceType[] = [
  Resources.Namespace, Resources.Node, Resources.Pod, Resources.Service,
  Resources.Deployment, Resources.ReplicaSet, Resources.StatefulSet, Resources.DaemonSet,
  Resources.Job, Resources.CronJob,
  Resources.WorkloadGroup, Resources.WorkloadEntry, Resources.IstioControlPlane,
  Resources.Gateway, Resources.VirtualService, Resources.DestinationRule, Resources.ServiceEntry,
  Resources.Sidecar, Resources.PeerAuthentication, Resources.AuthorizationPolicy,
];

/**
 * Kinds the mesh validator reads beyond the model's (src/core/validation): Secrets (metadata
 * only, see CACHE_TRANSFORMS) for gateway certificates, ServiceAccounts for authorization
 * principals, Endpoints for services without selectors, the other Istio security and extension kinds, and smm's mesh gateways.
 */
export const VALIDATION_KINDS: ResourceType[] = [
  Resources.Secret, Resources.ServiceAccount, Resources.Endpoints, Resources.RequestAuthentication,
  Resources.EnvoyFilter, Resources.Telemetry, Resources.WasmPlugin, Resources.IstioMeshGateway,
];

/** What a cache watches by default: the model's kinds and the validator's. */
export const CACHE_KINDS: ResourceType[] = [...MODEL_KINDS, ...VALIDATION_KINDS];

export type ObjectTransform = (o: KubeObject) => KubeObject;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret without its payload: `data` and `stringData` are dropped, and so are the
 * annotations and managed fields that can carry a copy of them (kubectl's last-applied
 * configuration). The validator only needs to know a Secret exists and its type.
 */
export function secretMetadataOnly(o: KubeObject): KubeObject {
  const { managedFields: _managed, annotations, ...metadata } = o.metadata;
  const kept = annotations ? Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED)) : undefined;
  const type = (o as { type?: unknown }).type;
  return {
    apiVersion: o.apiVersion, kind: o.kind,
    metadata: { ...metadata, ...(kept && Object.keys(kept).length > 0 ? { annotations: kept } : {}) },
    ...(typeof type === 'string' ? { type } : {}),
  } as KubeObject;
}

/** Applied to every object of the kind before the cache stores it (and before listeners see it). */
export const CACHE_TRANSFORMS: Readonly<Record<string, ObjectTransform>> = { Secret: secretMetadataOnly };

/** The port as one informer sees it: list and watch results transformed, the rest untouched. */
function transformedPort(port: ClusterPort, transform: ObjectTransform): ClusterPort {
  return new Proxy(port, {
    get(target, prop) {
      if (prop === 'list') {
        return async (...args: Parameters<ClusterPort['list']>) => {
          const list = await target.list(...args);
          return { ...list, items: list.items.map(transform) };
        };
      }
      if (prop === 'watch') {
        return (...args: Parameters<ClusterPort['watch']>) => {
          const source = target.watch(...args);
          return {
            async* [Symbol.asyncIterator]() {
              for await (const ev of source) yield ev.type === 'BOOKMARK' ? ev : { ...ev, object: transform(ev.object) };
            },
          };
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface KindStatus {
  kind: string;
  /** `synced`; `absent` when the cluster does not serve the kind (CRD not installed); `forbidden`. */
  state: 'synced' | 'absent' | 'forbidden' | 'failed';
  message?: string;
}

/** What one change was, for listeners that say why they react (a live view's "reason"). */
export interface CacheChange {
  cluster: string;
  type: InformerEvent['type'];
  kind: string;
  namespace?: string;
  name: string;
}

export type CacheChangeListener = (change: CacheChange | undefined) => void;

export interface ClusterCacheOptions {
  /** Default: CACHE_KINDS. */
  kinds?: ResourceType[];
  /** Per-kind transforms (default: CACHE_TRANSFORMS, which strips Secret payloads). */
  transforms?: Readonly<Record<string, ObjectTransform>>;
  onError?: (kind: string, error: unknown) => void;
}

export class ClusterCache {
  private readonly informers: Informer[] = [];
  private readonly listeners = new Set<CacheChangeListener>();
  private version = 0;
  readonly status: KindStatus[] = [];

  constructor(readonly cluster: string, private readonly port: ClusterPort, private readonly options: ClusterCacheOptions = {}) {}

  /**
   * Start every informer and wait for the first sync. Kinds the cluster does not serve or
   * the user may not read are recorded in `status` and skipped, not fatal: a cluster without
   * the Cisco CRDs still has a mesh to show.
   */
  async start(): Promise<void> {
    const kinds = this.options.kinds ?? CACHE_KINDS;
    const transforms = this.options.transforms ?? CACHE_TRANSFORMS;
    await Promise.all(kinds.map(async (t) => {
      const transform = transforms[t.kind];
      const informer = new Informer(transform ? transformedPort(this.port, transform) : this.port, t, { onError: (e) => this.options.onError?.(t.kind, e) });
      informer.subscribe((e) => this.bump({
        cluster: this.cluster, type: e.type, kind: t.kind, name: e.object.metadata.name ?? '',
        ...(e.object.metadata.namespace ? { namespace: e.object.metadata.namespace } : {}),
      }));
      try {
        await informer.start();
        this.informers.push(informer);
        this.status.push({ kind: t.kind, state: 'synced' });
      } catch (e) {
        const state = isKubeError(e, 'NotFound') ? 'absent' : isKubeError(e, 'Forbidden') ? 'forbidden' : 'failed';
        this.status.push({ kind: t.kind, state, message: e instanceof Error ? e.message : String(e) });
        if (state === 'failed') throw e;
      }
    }));
    this.bump();
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  private bump(change?: CacheChange): void {
    this.version++;
    for (const l of this.listeners) l(change);
  }

  /**
   * Called after any change, with what changed (undefined once the first sync is done); cheap,
   * so callers debounce if they rebuild heavy views.
   */
  onChange(listener: CacheChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get changeVersion(): number {
    return this.version;
  }

  snapshot(): KubeObject[] {
    return this.informers.flatMap((i) => i.list());
  }
}
