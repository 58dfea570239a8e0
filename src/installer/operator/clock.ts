// Time for the operator and its leader election, behind an interface so unit tests can step
// through lease expiry and retry backoff without waiting for them.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  }),
};

interface PendingSleep {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * A clock that moves only when told to. `advance` wakes sleepers in time order and lets the
 * promise chains they start run before moving on, so a test reads like a timeline.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly sleepers = new Set<PendingSleep>();

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const entry: PendingSleep = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        wake: () => {
          this.sleepers.delete(entry);
          signal?.removeEventListener('abort', entry.wake);
          resolve();
        },
      };
      this.sleepers.add(entry);
      signal?.addEventListener('abort', entry.wake, { once: true });
    });
  }

  /** Move time forward by `ms`, waking every sleeper that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > end) break;
      this.time = Math.max(this.time, next.at);
      next.wake();
      await settle();
    }
    this.time = end;
    await settle();
  }

  /** How many sleepers are waiting: lets a test check nothing is scheduled. */
  get pending(): number {
    return this.sleepers.size;
  }

  private earliest(): PendingSleep | undefined {
    let best: PendingSleep | undefined;
    for (const s of this.sleepers) {
      if (!best || s.at < best.at || (s.at === best.at && s.seq < best.seq)) best = s;
    }
    return best;
  }
}

/** Let every queued promise continuation (and the I/O-free work it starts) run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
