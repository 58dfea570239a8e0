// The cluster cache: one informer per kind the mesh model reads, over any ClusterPort.
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
  kinds?: ResourceType[];
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
    const kinds = this.options.kinds ?? MODEL_KINDS;
    await Promise.all(kinds.map(async (t) => {
      const informer = new Informer(this.port, t, { onError: (e) => this.options.onError?.(t.kind, e) });
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
