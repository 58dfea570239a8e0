// The live validator: the analyzer over the server's cluster caches. The first read analyzes
// the whole mesh; from then on every cache change is collected and, after a quiet period
// (debounced, 100 ms by default), re-validated incrementally: only the rules the changed
// kinds can affect run again. A read with changes still pending re-validates them first, so
// a client never sees findings older than the cache it reads the model from.

import { IncrementalAnalyzer, ruleOfCheck, type ChangedObject } from '../../core/validation/analyze.js';
import type { AnalysisInput } from '../../core/validation/context.js';
import type { Finding, Rule } from '../../core/validation/types.js';
import type { CacheChange, KindStatus } from '../../kube/cluster-cache.js';
import type { KubeObject } from '../../kube/object.js';
import { VALIDATION_RULES } from './catalogue.js';

/** What the validator needs of a cluster cache (ClusterCache satisfies it). */
export interface ValidatedCache {
  readonly cluster: string;
  readonly status: readonly KindStatus[];
  snapshot(): KubeObject[];
  onChange(listener: (change: CacheChange | undefined) => void): () => void;
}

/** What the server's surfaces (GraphQL, overview) read. */
export interface MeshValidation {
  /** The rule catalogue the validator runs. */
  readonly rules: readonly Rule[];
  /** Current findings (pending changes are re-validated first). */
  findings(): readonly Finding[];
  /** Called after each re-validation with the new findings. */
  onUpdate(listener: (findings: readonly Finding[]) => void): () => void;
  stop(): void;
}

export interface MeshValidatorOptions {
  rules?: readonly Rule[];
  /** Quiet period before changes are re-validated in the background (default 100 ms). */
  debounceMs?: number;
  /** Analyze at once instead of on the first read. */
  eager?: boolean;
  /** Told when a re-validation fails (it is retried on the next change or read). */
  onError?: (error: unknown) => void;
}

/** More changes than this before a re-validation: analyze everything instead. */
const MAX_PENDING = 10_000;

export class MeshValidator implements MeshValidation {
  readonly rules: readonly Rule[];
  private readonly analyzer: IncrementalAnalyzer;
  private readonly listeners = new Set<(findings: readonly Finding[]) => void>();
  private readonly offs: (() => void)[] = [];
  private pending: ChangedObject[] = [];
  /** A change without details (a cache's first sync): the next run is a full analysis. */
  private needFull = true;
  private analyzed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: readonly Finding[] = [];
  /** How many analyses ran (full or incremental), for tests and logs. */
  runs = 0;

  constructor(private readonly caches: readonly ValidatedCache[], private readonly options: MeshValidatorOptions = {}) {
    this.rules = options.rules ?? VALIDATION_RULES;
    this.analyzer = new IncrementalAnalyzer(this.rules);
    for (const c of caches) this.offs.push(c.onChange((change) => this.changed(change)));
    if (options.eager) this.flush();
  }

  private changed(change: CacheChange | undefined): void {
    // Nobody has asked yet: the first read analyzes everything anyway.
    if (!this.analyzed) return;
    if (!change || this.pending.length >= MAX_PENDING) {
      // A resync, or a burst so large that one full analysis is cheaper than the bookkeeping.
      this.needFull = true;
      this.pending = [];
    } else if (!this.needFull) {
      this.pending.push({ kind: change.kind, cluster: change.cluster, name: change.name, ...(change.namespace ? { namespace: change.namespace } : {}) });
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (e) {
        this.options.onError?.(e);
      }
    }, this.options.debounceMs ?? 100);
    this.timer.unref?.();
  }

  private input(): AnalysisInput {
    return { clusters: this.caches.map((c) => ({ name: c.cluster, objects: c.snapshot() })) };
  }

  /** Re-validate what is pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.analyzed && !this.needFull && this.pending.length === 0) return;
    const changes = this.pending;
    const full = this.needFull || !this.analyzed;
    this.pending = [];
    this.needFull = false;
    try {
      const findings = full ? this.analyzer.full(this.input()) : this.analyzer.update(this.input(), changes);
      this.current = this.visible(findings);
      this.analyzed = true;
      this.runs++;
    } catch (e) {
      // Keep what was pending for the next attempt.
      this.pending = [...changes, ...this.pending];
      this.needFull ||= full;
      throw e;
    }
    for (const l of this.listeners) l(this.current);
  }

  /**
   * Findings a cluster cannot back up are dropped: a rule that reads a kind the server may not
   * list there (Secrets are often forbidden) would report everything as missing.
   */
  private visible(findings: readonly Finding[]): readonly Finding[] {
    const unreadable = new Map<string, Set<string>>();
    for (const c of this.caches) {
      const kinds = c.status.filter((s) => s.state === 'forbidden' || s.state === 'failed').map((s) => s.kind);
      if (kinds.length > 0) unreadable.set(c.cluster, new Set(kinds));
    }
    if (unreadable.size === 0) return findings;
    const reads = new Map<string, readonly string[]>();
    const readsOf = (checkID: string): readonly string[] => {
      let r = reads.get(checkID);
      if (!r) reads.set(checkID, r = ruleOfCheck(this.rules, checkID)?.reads ?? []);
      return r;
    };
    return findings.filter((f) => {
      const kinds = unreadable.get(f.subject.cluster);
      return !kinds || !readsOf(f.checkID).some((k) => kinds.has(k));
    });
  }

  findings(): readonly Finding[] {
    this.flush();
    return this.current;
  }

  onUpdate(listener: (findings: readonly Finding[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const off of this.offs) off();
    this.offs.length = 0;
    this.listeners.clear();
  }
}
