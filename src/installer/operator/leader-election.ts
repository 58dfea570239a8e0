// Leader election on a `coordination.k8s.io/v1` Lease, with client-go's semantics: take the
// lease by create (AlreadyExists: someone else was first) or, once the holder's lease has
// expired, by an update carrying the observed resourceVersion (Conflict: someone else won).
// Expiry is judged by when THIS process last saw the lease record change, on its own clock,
// never by the holder's renewTime, so clock skew between machines cannot cut a lease short.
// The leader renews every retry period and steps down when it has not renewed for the renew
// deadline (shorter than the lease duration, so it stops before anyone else may start).

import { isKubeError, KubeError } from '../../kube/errors.js';
import type { KubeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import { systemClock, type Clock } from './clock.js';

/** The Lease's spec as leader election writes it. Times are MicroTime strings. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaderElectorOptions {
  port: ClusterPort;
  /** Namespace and name of the Lease. */
  namespace: string;
  name: string;
  /** Unique per candidate (the pod name in a cluster). */
  identity: string;
  /** How long others wait, after they last saw the lease change, before taking it. Default 15 s. */
  leaseDurationMs?: number;
  /** How long the leader keeps leading without a successful renewal. Default 10 s. */
  renewDeadlineMs?: number;
  /** Between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  clock?: Clock;
  /** Called on becoming leader; `signal` aborts when leadership ends. Not awaited. */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Called after leadership ended (the signal is already aborted); awaited before campaigning again. */
  onStoppedLeading: () => void | Promise<void>;
  /** Called when the observed holder changes (this candidate included). */
  onNewLeader?: (identity: string) => void;
  log?: (line: string) => void;
}

export const LEADER_ELECTION_DEFAULTS = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 } as const;

/** One try at acquiring or renewing. */
type Attempt =
  | { kind: 'acquired' }
  /** A live lease of another holder. */
  | { kind: 'held'; holder: string }
  /** Another writer got there first (AlreadyExists, Conflict): re-read at once. */
  | { kind: 'contended'; error: unknown }
  | { kind: 'failed'; error: unknown };

interface Observation {
  lease: KubeObject;
  record: LeaseSpec;
  /** The record as JSON, to tell a change from a re-read. */
  raw: string;
}

/** Go's `2006-01-02T15:04:05.000000Z`, what the API server expects of a MicroTime. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function leaseSpecOf(lease: KubeObject): LeaseSpec {
  const spec = (lease as { spec?: unknown }).spec;
  return typeof spec === 'object' && spec !== null ? spec as LeaseSpec : {};
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class LeaderElector {
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly log: (line: string) => void;
  private readonly campaign = new AbortController();
  private loop: Promise<void> | undefined;
  private loopEnded = false;
  private heartbeatAt = 0;
  private observed: Observation | undefined;
  /** Local time at which the observed record last changed: the base of expiry. */
  private observedAt = 0;
  private leading: AbortController | undefined;
  private lastRenewAt = 0;
  private reportedLeader: string | undefined;
  private resolveObserved!: () => void;
  private rejectObserved!: (e: unknown) => void;
  private hasObserved = false;
  /** Resolves once the first read of the Lease succeeded (found or not): connected. */
  readonly firstObservation: Promise<void>;

  constructor(private readonly options: LeaderElectorOptions) {
    this.clock = options.clock ?? systemClock;
    this.leaseDurationMs = options.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs;
    this.renewDeadlineMs = options.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs;
    this.retryPeriodMs = options.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs;
    this.log = options.log ?? (() => undefined);
    validateTimings(this.leaseDurationMs, this.renewDeadlineMs, this.retryPeriodMs);
    if (!options.identity) throw new Error('leader election needs a non-empty identity');
    this.firstObservation = new Promise((resolve, reject) => {
      this.resolveObserved = resolve;
      this.rejectObserved = reject;
    });
    this.firstObservation.catch(() => undefined);
  }

  /** Begin campaigning (and renewing, once leader). */
  start(): void {
    if (this.loop) return;
    this.heartbeatAt = this.clock.now();
    this.loop = this.run().catch((e: unknown) => this.log(`leader election stopped on an unexpected error: ${messageOf(e)}`))
      .finally(() => {
        this.loopEnded = true;
        this.rejectObserved(new Error('leader election stopped before the Lease could be read'));
      });
  }

  /** Stop campaigning and step down, leaving the Lease as it is (it expires on its own). */
  async stop(): Promise<void> {
    this.campaign.abort();
    await this.loop;
    await this.stepDown('stopped');
  }

  /** Graceful shutdown: stop, then clear holderIdentity so the next candidate takes over at once. */
  async release(): Promise<void> {
    await this.stop();
    const seen = this.observed;
    if (!seen || seen.record.holderIdentity !== this.options.identity) return;
    const now = this.clock.now();
    const released: LeaseSpec = {
      ...seen.record, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: microTime(now), renewTime: microTime(now),
    };
    try {
      await withTimeout(this.options.port.update({ ...seen.lease, spec: released }), this.renewDeadlineMs, this.clock, 'releasing the lease');
      this.log(`${this.options.identity} released lease ${this.leaseName}`);
    } catch (e) {
      // Conflict: someone else already holds it; anything else: it expires on its own.
      this.log(`could not release lease ${this.leaseName}: ${messageOf(e)}`);
    }
  }

  isLeader(): boolean {
    return this.leading !== undefined;
  }

  /** The holder last seen in the Lease, if any. */
  get leader(): string | undefined {
    return this.observed?.record.holderIdentity || undefined;
  }

  /** The first Lease read succeeded. */
  hasObservedLease(): boolean {
    return this.hasObserved;
  }

  /**
   * The campaign loop is running and not stuck: every lease call is bounded by the renew
   * deadline, so an iteration older than twice the lease duration means something hangs.
   */
  isAlive(): boolean {
    return this.loop !== undefined && !this.loopEnded && this.clock.now() - this.heartbeatAt < 2 * this.leaseDurationMs;
  }

  private get leaseName(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }

  private async run(): Promise<void> {
    const stopped = this.campaign.signal;
    let retryAtOnce = false;
    while (!stopped.aborted) {
      this.heartbeatAt = this.clock.now();
      const attempt = await this.attempt();
      if (stopped.aborted) break;
      retryAtOnce = await this.handle(attempt, retryAtOnce);
      if (!retryAtOnce) await this.clock.sleep(this.nextAttemptInMs(), stopped);
    }
  }

  /** A leader never sleeps past its renew deadline: the last try comes at the deadline. */
  private nextAttemptInMs(): number {
    if (!this.leading) return this.retryPeriodMs;
    return Math.min(this.retryPeriodMs, Math.max(0, this.lastRenewAt + this.renewDeadlineMs - this.clock.now()));
  }

  /** Act on an attempt; true asks for another attempt right away. */
  private async handle(attempt: Attempt, justRetried: boolean): Promise<boolean> {
    switch (attempt.kind) {
      case 'acquired':
        this.lastRenewAt = this.clock.now();
        if (!this.leading) this.startLeading();
        return false;
      case 'held':
        // Someone else holds a live lease: whatever we believed, we are not leading.
        await this.stepDown(`lease ${this.leaseName} is held by ${attempt.holder}`);
        return false;
      case 'contended':
        // Another writer changed the lease under us: re-read once at once to learn who won.
        if (!justRetried) return true;
        await this.stepDownIfPastDeadline();
        return false;
      case 'failed':
        this.log(`${this.isLeader() ? 'renewing' : 'acquiring'} lease ${this.leaseName} failed: ${messageOf(attempt.error)}`);
        await this.stepDownIfPastDeadline();
        return false;
    }
  }

  private async stepDownIfPastDeadline(): Promise<void> {
    if (this.leading && this.clock.now() - this.lastRenewAt >= this.renewDeadlineMs) {
      await this.stepDown(`no renewal of lease ${this.leaseName} for ${this.renewDeadlineMs} ms`);
    }
  }

  /** One acquire-or-renew, never throwing and never outliving the renew deadline. */
  private async attempt(): Promise<Attempt> {
    // A leader's attempt may not run past its deadline: it must stop before others may start.
    const budget = this.leading ? Math.max(0, this.lastRenewAt + this.renewDeadlineMs - this.clock.now()) : this.renewDeadlineMs;
    try {
      return await withTimeout(this.acquireOrRenew(), budget, this.clock, `lease ${this.leaseName} request`);
    } catch (error) {
      return isKubeError(error, 'Conflict') || isKubeError(error, 'AlreadyExists') ? { kind: 'contended', error } : { kind: 'failed', error };
    }
  }

  private async acquireOrRenew(): Promise<Attempt> {
    const { port, namespace, name, identity } = this.options;
    let lease: KubeObject;
    try {
      lease = await port.get(Resources.Lease, name, namespace);
    } catch (e) {
      if (!isKubeError(e, 'NotFound')) throw e;
      this.markObserved();
      const created = await port.create({
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace },
        spec: this.nextRecord(undefined),
      } as KubeObject);
      this.observe(created);
      return { kind: 'acquired' };
    }
    this.observe(lease);
    const record = leaseSpecOf(lease);
    const holder = record.holderIdentity ?? '';
    if (holder !== '' && holder !== identity && !this.expired(record)) return { kind: 'held', holder };
    // resourceVersion rides along in metadata: the update fails with Conflict if anyone wrote since.
    const updated = await port.update({ ...lease, spec: { ...record, ...this.nextRecord(record) } } as KubeObject);
    this.observe(updated);
    return { kind: 'acquired' };
  }

  private nextRecord(old: LeaseSpec | undefined): LeaseSpec {
    const now = microTime(this.clock.now());
    const renewing = old?.holderIdentity === this.options.identity;
    const transitions = old?.leaseTransitions ?? 0;
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.max(1, Math.ceil(this.leaseDurationMs / 1000)),
      acquireTime: renewing && old?.acquireTime ? old.acquireTime : now,
      renewTime: now,
      leaseTransitions: old === undefined || renewing ? transitions : transitions + 1,
    };
  }

  /** Expired when it has not changed for its duration, counted from our own observation. */
  private expired(record: LeaseSpec): boolean {
    const durationMs = record.leaseDurationSeconds && record.leaseDurationSeconds > 0 ? record.leaseDurationSeconds * 1000 : this.leaseDurationMs;
    return this.clock.now() >= this.observedAt + durationMs;
  }

  private observe(lease: KubeObject): void {
    this.markObserved();
    const record = leaseSpecOf(lease);
    const raw = JSON.stringify(record);
    if (raw !== this.observed?.raw) this.observedAt = this.clock.now();
    this.observed = { lease, record, raw };
    const holder = record.holderIdentity ?? '';
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      this.log(`lease ${this.leaseName} is held by ${holder}`);
      this.options.onNewLeader?.(holder);
    }
  }

  private markObserved(): void {
    if (this.hasObserved) return;
    this.hasObserved = true;
    this.resolveObserved();
  }

  private startLeading(): void {
    const term = new AbortController();
    this.leading = term;
    this.log(`${this.options.identity} started leading (lease ${this.leaseName})`);
    void (async () => this.options.onStartedLeading(term.signal))()
      .catch((e: unknown) => this.log(`onStartedLeading failed: ${messageOf(e)}`));
  }

  private async stepDown(why: string): Promise<void> {
    const term = this.leading;
    if (!term) return;
    this.leading = undefined;
    term.abort();
    this.log(`${this.options.identity} stopped leading: ${why}`);
    try {
      await this.options.onStoppedLeading();
    } catch (e) {
      this.log(`onStoppedLeading failed: ${messageOf(e)}`);
    }
  }
}

function validateTimings(leaseDurationMs: number, renewDeadlineMs: number, retryPeriodMs: number): void {
  if (!(retryPeriodMs > 0)) throw new Error(`retryPeriodMs must be positive (got ${retryPeriodMs})`);
  // The leader must give up before the others may take over, and get a few tries before that.
  if (!(renewDeadlineMs > retryPeriodMs)) throw new Error(`renewDeadlineMs (${renewDeadlineMs}) must exceed retryPeriodMs (${retryPeriodMs})`);
  if (!(leaseDurationMs > renewDeadlineMs)) throw new Error(`leaseDurationMs (${leaseDurationMs}) must exceed renewDeadlineMs (${renewDeadlineMs})`);
}

/** Race `work` against the clock; the loser's outcome is dropped (a late write is harmless: see release). */
async function withTimeout<T>(work: Promise<T>, ms: number, clock: Clock, what: string): Promise<T> {
  work.catch(() => undefined);
  const cancel = new AbortController();
  const timeout = clock.sleep(ms, cancel.signal).then((): never => {
    throw new KubeError('Timeout', `${what} took longer than ${ms} ms`);
  });
  timeout.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    cancel.abort();
  }
}
