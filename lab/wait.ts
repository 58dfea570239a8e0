// Polling with a deadline that also fails fast, with the log's tail, when a process it depends
// on has died: a crashed etcd should not cost a 60 s timeout and a vague message.
import { setTimeout as sleep } from 'node:timers/promises';
import { tailOf, type ManagedProcess } from './procs.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Processes that must stay alive while waiting. */
  watch?: ManagedProcess[];
}

function deadProcess(watch: ManagedProcess[]): ManagedProcess | undefined {
  return watch.find((p) => p.exitCode !== undefined);
}

function diedError(what: string, proc: ManagedProcess): Error {
  return new Error(
    `${what}: ${proc.name} exited with code ${String(proc.exitCode)}; last lines of ${proc.logFile}:\n${tailOf(proc.logFile)}`,
  );
}

/** Calls `check` until it returns a value other than undefined/false, and returns that value. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  opts: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const watch = opts.watch ?? [];
  let lastError: unknown;
  for (;;) {
    const dead = deadProcess(watch);
    if (dead) throw diedError(what, dead);
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const logs = watch.map((p) => `\n--- ${p.logFile}:\n${tailOf(p.logFile, 8)}`).join('');
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}${why}${logs}`);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}
