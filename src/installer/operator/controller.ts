// One leadership term of the operator: an informer on ControlPlanes feeds a work queue that
// coalesces events per object, reconciles one object at a time, skips events that changed
// nothing the user asked for (same metadata.generation as the last successful reconcile:
// status writes, including the engine's own), retries failures with capped exponential
// backoff, and resyncs everything periodically. Everything here ends with the term's signal.

import type { KubeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';
import { Informer, type InformerEvent } from '../../kube/informer.js';
import { Resources } from '../../kube/resources.js';
import type { ControlPlane } from '../api/types.js';
import type { ReconcileResult } from '../engine/types.js';
import type { Clock } from './clock.js';
import type { OperatorMetrics } from './metrics.js';

export type ReconcileFn = (cp: ControlPlane, signal: AbortSignal) => Promise<ReconcileResult>;

/** Why an object is in the queue; `resync` and `retry` reconcile even an unchanged generation. */
export type ReconcileReason = 'created' | 'changed' | 'resync' | 'retry';

export interface ControllerOptions {
  port: ClusterPort;
  reconcile: ReconcileFn;
  clock: Clock;
  metrics: OperatorMetrics;
  log: (line: string) => void;
  /** Reconcile every ControlPlane this often even without changes (drift repair). */
  resyncMs: number;
  /** First retry delay after a failure; doubles per consecutive failure up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** What the controller remembers per ControlPlane name during a term. */
interface ObjectState {
  succeededGeneration?: number;
  /** The generation a running reconcile works on: events for it are the run's own echo. */
  inFlightGeneration?: number;
  failedGeneration?: number;
  failures: number;
  /** Aborts the pending retry timer. */
  retry?: AbortController;
}

const nameOf = (o: KubeObject): string => o.metadata.name ?? '';
/** Objects without a generation (no spec) count as generation 0. */
const generationOf = (o: KubeObject): number => o.metadata.generation ?? 0;
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function retryDelayMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

export class ControlPlaneController {
  private readonly states = new Map<string, ObjectState>();
  /** Names waiting, in arrival order, with the reason they were queued for. */
  private readonly pending = new Map<string, ReconcileReason>();
  private informer: Informer | undefined;
  private worker: Promise<void> | undefined;

  constructor(private readonly options: ControllerOptions, private readonly signal: AbortSignal) {}

  /** Run until the term's signal aborts; resolves once the informer and any reconcile have stopped. */
  async run(): Promise<void> {
    const informer = await this.startInformer();
    if (informer) await this.resyncUntilAborted(informer);
    for (const s of this.states.values()) s.retry?.abort();
    this.pending.clear();
    await informer?.stop();
    await this.worker;
  }

  /** Start an informer, retrying with backoff: a first list can fail (CRD not yet installed, RBAC). */
  private async startInformer(): Promise<Informer | undefined> {
    const { port, log, clock, retryBaseMs, retryMaxMs } = this.options;
    for (let failures = 1; !this.signal.aborted; failures++) {
      const informer = new Informer(port, Resources.ControlPlane, {
        onError: (e) => log(`watching ControlPlanes: ${messageOf(e)} (retrying)`),
      });
      this.informer = informer;
      const unsubscribe = informer.subscribe((event) => this.onEvent(event));
      try {
        // The informer cannot be stopped out of a pending first list: race it with the term.
        await Promise.race([informer.start(), aborted(this.signal)]);
        if (this.signal.aborted) {
          await informer.stop();
          return undefined;
        }
        log(`watching ControlPlanes: ${informer.list().length} found`);
        return informer;
      } catch (e) {
        unsubscribe();
        const delay = retryDelayMs(failures, retryBaseMs, retryMaxMs);
        log(`listing ControlPlanes failed: ${messageOf(e)}; retrying in ${delay} ms`);
        await clock.sleep(delay, this.signal);
      }
    }
    return undefined;
  }

  private async resyncUntilAborted(informer: Informer): Promise<void> {
    while (!this.signal.aborted) {
      await this.options.clock.sleep(this.options.resyncMs, this.signal);
      if (this.signal.aborted) return;
      for (const o of informer.list()) this.consider(o, 'resync');
    }
  }

  private onEvent(event: InformerEvent): void {
    if (this.signal.aborted) return;
    const name = nameOf(event.object);
    if (event.type === 'DELETED') {
      // What uninstall means is the caller's decision; the operator only notes it.
      this.options.log(`ControlPlane ${name} was deleted; not reconciling it`);
      this.states.get(name)?.retry?.abort();
      this.states.delete(name);
      this.pending.delete(name);
      return;
    }
    this.consider(event.object, event.type === 'ADDED' ? 'created' : 'changed');
  }

  /** Queue the object unless a reconcile already done, running or scheduled covers it. */
  private consider(o: KubeObject, reason: ReconcileReason): void {
    const name = nameOf(o);
    const generation = generationOf(o);
    const state = this.stateOf(name);
    const forced = reason === 'resync' || reason === 'retry';
    if (!forced && generation === state.succeededGeneration) return;
    if (generation === state.inFlightGeneration) return;
    if (state.retry && generation === state.failedGeneration) return;
    // A newer generation does not wait out the backoff of an older one's failure.
    state.retry?.abort();
    state.retry = undefined;
    this.enqueue(name, reason);
  }

  private enqueue(name: string, reason: ReconcileReason): void {
    const queued = this.pending.get(name);
    // Coalesce: one entry per name; a forcing reason wins over a plain change.
    if (queued === undefined || reason === 'resync' || reason === 'retry') this.pending.set(name, queued === 'retry' ? queued : reason);
    this.pump();
  }

  private pump(): void {
    if (this.worker || this.signal.aborted) return;
    this.worker = this.drain().finally(() => {
      this.worker = undefined;
      if (this.pending.size > 0) this.pump();
    });
  }

  private async drain(): Promise<void> {
    while (!this.signal.aborted) {
      const next = this.pending.entries().next();
      if (next.done) return;
      const [name, reason] = next.value;
      this.pending.delete(name);
      await this.reconcileOne(name, reason);
    }
  }

  private async reconcileOne(name: string, reason: ReconcileReason): Promise<void> {
    const { clock, metrics, log } = this.options;
    // Work on the latest state, not the event that queued the name.
    const current = this.informer?.get(name);
    if (!current) return;
    const generation = generationOf(current);
    const state = this.stateOf(name);
    if ((reason === 'created' || reason === 'changed') && generation === state.succeededGeneration) return;
    state.retry?.abort();
    state.retry = undefined;
    state.inFlightGeneration = generation;
    const run = new AbortController();
    const abortRun = (): void => run.abort(this.signal.reason);
    this.signal.addEventListener('abort', abortRun, { once: true });
    const startedAt = clock.now();
    log(`reconciling ControlPlane ${name} (generation ${generation}, ${reason})`);
    try {
      const result = await this.options.reconcile(structuredClone(current) as ControlPlane, run.signal);
      if (result.status === 'Failed') throw new Error(result.error ?? 'reconcile failed');
      metrics.observeReconcile('success', (clock.now() - startedAt) / 1000, clock.now());
      state.succeededGeneration = generation;
      state.failedGeneration = undefined;
      state.failures = 0;
      log(`reconciled ControlPlane ${name} (generation ${generation}): ${result.changes} change(s)`);
    } catch (e) {
      metrics.observeReconcile('error', (clock.now() - startedAt) / 1000, clock.now());
      if (this.signal.aborted) {
        log(`reconcile of ControlPlane ${name} aborted: leadership ended`);
        return;
      }
      state.failures++;
      state.failedGeneration = generation;
      const delay = retryDelayMs(state.failures, this.options.retryBaseMs, this.options.retryMaxMs);
      log(`reconcile of ControlPlane ${name} (generation ${generation}) failed: ${messageOf(e)}; retry ${state.failures} in ${delay} ms`);
      this.scheduleRetry(name, state, delay);
    } finally {
      state.inFlightGeneration = undefined;
      this.signal.removeEventListener('abort', abortRun);
    }
  }

  private scheduleRetry(name: string, state: ObjectState, delayMs: number): void {
    const timer = new AbortController();
    state.retry = timer;
    void this.options.clock.sleep(delayMs, timer.signal).then(() => {
      if (timer.signal.aborted || this.signal.aborted) return;
      state.retry = undefined;
      if (this.states.get(name) === state) this.enqueue(name, 'retry');
    });
  }

  private stateOf(name: string): ObjectState {
    let s = this.states.get(name);
    if (!s) {
      s = { failures: 0 };
      this.states.set(name, s);
    }
    return s;
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
