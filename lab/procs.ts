// Starts and stops the lab's processes. Every process gets its own process group (detached), so
// stopping it also stops anything it forked, and every group is killed when the owning Node.js
// process exits, is interrupted, or fails during start: the lab must never leave orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labCacheDir } from './paths.js';

/** Stop order: higher tiers first (clients before the API server, API server before etcd). */
export enum Tier {
  Storage = 0,
  ApiServer = 1,
  Client = 2,
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Set once the process has exited. */
  readonly exitCode: number | null | undefined;
  /** Resolves when the process has exited, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

interface Entry {
  tier: Tier;
  command: string;
}

/** Process groups of every live Supervisor in this Node.js process, for the exit hooks. */
const liveSupervisors = new Set<Supervisor>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export class Supervisor {
  private readonly entries = new Map<ManagedProcess, Entry>();
  private readonly registryFile: string;
  /** Once stopping, nothing new may start: a cluster still starting must not outlive the lab. */
  private closed = false;

  /** `temporaryStateDir`: the lab made the folder itself, so a reaper may delete it. */
  constructor(
    private readonly stateDir: string,
    private readonly log: (line: string) => void,
    private readonly temporaryStateDir = false,
  ) {
    installExitHooks();
    liveSupervisors.add(this);
    // Registered so that a later lab can reap this one's processes if this Node.js process is
    // killed with SIGKILL, which no hook here can catch.
    const registry = join(labCacheDir(), 'running');
    mkdirSync(registry, { recursive: true });
    this.registryFile = join(registry, `${process.pid}-${Date.now()}.json`);
    this.saveRegistry();
  }

  start(
    name: string,
    command: string,
    args: string[],
    opts: { tier: Tier; logFile: string; cwd?: string },
  ): ManagedProcess {
    if (this.closed) throw new Error(`not starting ${name}: the lab is stopping`);
    const out = openSync(opts.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: opts.cwd ?? this.stateDir,
        detached: true,
        stdio: ['ignore', out, out],
      });
    } finally {
      closeSync(out); // the child has its own copy
    }
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${name} (${command})`);

    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => {
        exitCode = code;
        // Anything the process forked into its group goes with it.
        killGroup(pid, 'SIGKILL');
        resolve(code);
      });
    });
    child.once('error', (err) => this.log(`${name}: ${err.message}`));

    const proc: ManagedProcess = {
      name,
      pid,
      logFile: opts.logFile,
      exited,
      get exitCode() {
        return exitCode;
      },
      stop: async (graceMs = 10_000) => {
        if (exitCode === undefined) {
          killGroup(pid, 'SIGTERM');
          const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        this.forget(proc);
      },
    };
    this.entries.set(proc, { tier: opts.tier, command });
    void exited.then(() => this.forget(proc));
    this.saveRegistry();
    return proc;
  }

  /** Stops every process, tier by tier, the processes of one tier in parallel. */
  async stopAll(): Promise<void> {
    this.closed = true;
    const tiers = new Set([...this.entries.values()].map((e) => e.tier));
    for (const tier of [...tiers].sort((a, b) => b - a)) {
      const batch = [...this.entries].filter(([, e]) => e.tier === tier).map(([proc]) => proc);
      await Promise.all(batch.map((proc) => proc.stop()));
    }
    this.close();
  }

  /** Last resort from exit hooks: no waiting is possible there. */
  killAllSync(): void {
    this.closed = true;
    for (const proc of this.entries.keys()) killGroup(proc.pid, 'SIGKILL');
    this.entries.clear();
    this.close();
  }

  private forget(proc: ManagedProcess): void {
    this.entries.delete(proc);
    this.saveRegistry();
  }

  private close(): void {
    liveSupervisors.delete(this);
    rmSync(this.registryFile, { force: true });
  }

  private saveRegistry(): void {
    if (!liveSupervisors.has(this)) return;
    const record: RegistryRecord = {
      owner: process.pid,
      stateDir: this.temporaryStateDir ? this.stateDir : undefined,
      processes: [...this.entries].map(([proc, e]) => ({ pid: proc.pid, command: e.command })),
    };
    writeFileSync(this.registryFile, JSON.stringify(record));
  }
}

interface RegistryRecord {
  owner: number;
  /** Only for a temporary state folder, deleted with the processes. */
  stateDir?: string | undefined;
  processes: { pid: number; command: string }[];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** argv[0] of a live process, so a reused pid is never mistaken for one of ours. */
function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return undefined;
  }
}

/**
 * Kills the processes of labs whose owning Node.js process died without cleaning up (SIGKILL,
 * OOM, a crashed test runner), so they do not pile up across runs.
 */
export function reapStaleLabs(log: (line: string) => void): void {
  const registry = join(labCacheDir(), 'running');
  let files: string[];
  try {
    files = readdirSync(registry);
  } catch {
    return;
  }
  for (const file of files) {
    const path = join(registry, file);
    let record: RegistryRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as RegistryRecord;
    } catch {
      continue; // being written right now, or not ours
    }
    if (isAlive(record.owner)) continue;
    for (const p of record.processes) {
      if (commandOf(p.pid) === p.command) {
        log(`reaping process ${p.pid} (${p.command}) left by dead lab owner ${record.owner}`);
        killGroup(p.pid, 'SIGKILL');
      }
    }
    if (record.stateDir) rmSync(record.stateDir, { recursive: true, force: true });
    rmSync(path, { force: true });
  }
}

let hooksInstalled = false;

function killEverythingSync(): void {
  for (const s of [...liveSupervisors]) s.killAllSync();
}

/**
 * On exit, kill synchronously. On SIGINT/SIGTERM/SIGHUP with no other listener (a plain script),
 * kill and exit as the default action would. When someone else listens (lab/main.ts, a test
 * runner), they decide: they stop the lab gracefully or exit, and the exit hook is the backstop.
 */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killEverythingSync);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      killEverythingSync();
      process.exit(code);
    });
  }
}

/** Tail of a log file, for error messages when a process fails to start. */
export function tailOf(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
