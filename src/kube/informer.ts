// An informer: a local cache of one kind kept equal to the server by list-then-watch.
// It re-watches from the last version seen when a stream ends, relists on 410 Gone (and
// turns the difference into events), and never emits the same change twice. It works on
// any ClusterPort, so both adapters share it and the contract suite tests it on both.

import { isKubeError } from './errors.js';
import type { KubeObject } from './object.js';
import type { ClusterPort, ListOptions, WatchEventType } from './port.js';
import type { ResourceType } from './resources.js';

export interface InformerEvent {
  type: Exclude<WatchEventType, 'BOOKMARK'>;
  object: KubeObject;
}

export interface InformerOptions extends ListOptions {
  /** Delay before retrying after an error (doubles up to maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Told about each failure that made the informer retry; for logs and status. */
  onError?: (error: unknown) => void;
}

export type InformerListener = (event: InformerEvent) => void;

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly listeners = new Set<InformerListener>();
  private lastVersion = '';
  private abort = new AbortController();
  private running = false;
  private loop: Promise<void> | undefined;
  private syncedResolve!: () => void;
  private syncedReject!: (e: unknown) => void;
  /** Resolves once the first list has filled the cache. */
  readonly synced: Promise<void>;
  /** Counters, for tests and metrics: how often the informer listed and watched. */
  readonly stats = { lists: 0, watches: 0, errors: 0 };

  constructor(
    private readonly port: ClusterPort,
    readonly type: ResourceType,
    private readonly options: InformerOptions = {},
  ) {
    this.synced = new Promise((resolve, reject) => {
      this.syncedResolve = resolve;
      this.syncedReject = reject;
    });
    // A caller that never awaits `synced` must not see an unhandled rejection.
    this.synced.catch(() => undefined);
  }

  /** Start and wait for the first sync. A failing first list rejects (wrong kind, forbidden). */
  async start(): Promise<void> {
    if (this.running) return this.synced;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
    return this.synced;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  subscribe(listener: InformerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    return this.cache.get(`${namespace ?? ''}/${name}`);
  }

  get resourceVersion(): string {
    return this.lastVersion;
  }

  private emit(type: InformerEvent['type'], object: KubeObject): void {
    // Listeners share the cached object: they must not mutate it.
    for (const l of this.listeners) l({ type, object });
  }

  /** Replace the cache with a fresh list, emitting only what changed since the old cache. */
  private async relist(): Promise<void> {
    this.stats.lists++;
    const { items, resourceVersion } = await this.port.list(this.type, this.listOptions());
    const seen = new Set<string>();
    for (const o of items) {
      const k = keyOf(o);
      seen.add(k);
      const old = this.cache.get(k);
      this.cache.set(k, o);
      if (!old) this.emit('ADDED', o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.emit('MODIFIED', o);
    }
    for (const [k, o] of [...this.cache]) {
      if (!seen.has(k)) {
        this.cache.delete(k);
        this.emit('DELETED', o);
      }
    }
    this.lastVersion = resourceVersion;
  }

  private listOptions(): ListOptions {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return { namespace, labelSelector, fieldSelector };
  }

  private apply(type: InformerEvent['type'], o: KubeObject): void {
    const k = keyOf(o);
    const old = this.cache.get(k);
    if (type === 'DELETED') {
      if (!old) return;
      this.cache.delete(k);
      this.emit('DELETED', o);
      return;
    }
    // A change already in the cache (e.g. seen by a relist) is not news.
    if (old && old.metadata.resourceVersion === o.metadata.resourceVersion) return;
    this.cache.set(k, o);
    this.emit(old ? 'MODIFIED' : 'ADDED', o);
  }

  private async run(): Promise<void> {
    let needList = true;
    let backoff = this.options.backoffMs ?? 200;
    let first = true;
    while (this.running) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
          if (first) {
            first = false;
            this.syncedResolve();
          }
        }
        this.stats.watches++;
        const stream = this.port.watch(this.type, { ...this.listOptions(), resourceVersion: this.lastVersion, signal: this.abort.signal });
        for await (const ev of stream) {
          if (!this.running) break;
          if (ev.type !== 'BOOKMARK') this.apply(ev.type, ev.object);
          if (ev.object.metadata.resourceVersion) this.lastVersion = ev.object.metadata.resourceVersion;
          backoff = this.options.backoffMs ?? 200;
        }
        // The stream ended (server timeout, restart): watch again from the last version.
      } catch (e) {
        if (!this.running) break;
        if (first) {
          this.running = false;
          this.syncedReject(e);
          return;
        }
        this.stats.errors++;
        this.options.onError?.(e);
        if (isKubeError(e, 'Gone')) {
          needList = true;
          continue;
        }
        await sleep(backoff, this.abort.signal);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
