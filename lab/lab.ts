// The lab: one or two real Kubernetes control planes (pods simulated by kwok) and a Prometheus,
// on 127.0.0.1 only, for integration tests (test/integration/globalSetup.ts) and for people
// (`npm run lab`). Prerequisites come from `bash lab/setup.sh`.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCluster, LAB_USER_NAMES, type LabCluster, type LabUserName } from './cluster.js';
import { findArtifacts } from './paths.js';
import { startPrometheus, type LabPrometheus } from './prometheus.js';
import { reapStaleLabs, Supervisor } from './procs.js';

export { LAB_USER_NAMES, type LabCluster, type LabUserName } from './cluster.js';
export type { LabPrometheus } from './prometheus.js';
export { DEMO_NAMESPACE } from './bootstrap.js';
export { LabSetupError } from './paths.js';

export interface LabUser {
  name: LabUserName;
  /** Absolute path. */
  kubeconfig: string;
}

export interface Lab {
  /** Logs, certificates, kubeconfigs, etcd and Prometheus data. */
  stateDir: string;
  clusters: LabCluster[];
  prometheus?: LabPrometheus;
  /** Stops every process of the lab; safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartLabOptions {
  clusters?: 1 | 2;
  prometheus?: boolean;
  /** Default: a new temporary folder, removed by stop(). A given folder is kept. */
  stateDir?: string;
  log?: (line: string) => void;
}

export const CLUSTER_NAMES = ['lab-a', 'lab-b'] as const;

export function usersOf(cluster: LabCluster): LabUser[] {
  return LAB_USER_NAMES.map((name) => ({ name, kubeconfig: cluster.kubeconfigs[name] }));
}

export async function startLab(opts: StartLabOptions = {}): Promise<Lab> {
  const log = opts.log ?? ((): void => undefined);
  // Before anything else: a missing setup should say so, not fail half-way.
  const artifacts = findArtifacts();
  reapStaleLabs(log);

  const ownStateDir = opts.stateDir === undefined;
  const stateDir = opts.stateDir !== undefined ? resolve(opts.stateDir) : await mkdtemp(join(tmpdir(), 'smm-lab-'));
  await mkdir(stateDir, { recursive: true });
  // A lab is throwaway: a reused state folder starts from empty cluster and Prometheus folders.
  const names = CLUSTER_NAMES.slice(0, opts.clusters ?? 2);
  await Promise.all([...names, 'prometheus'].map((d) => rm(join(stateDir, d), { recursive: true, force: true })));

  const supervisor = new Supervisor(stateDir, log, ownStateDir);
  const started = Date.now();
  try {
    const [clusters, prometheus] = await Promise.all([
      Promise.all(
        names.map((name, index) =>
          startCluster({ name, index, dir: join(stateDir, name), artifacts, supervisor, log }),
        ),
      ),
      opts.prometheus === false
        ? Promise.resolve(undefined)
        : startPrometheus({ binary: artifacts.prometheus, dir: join(stateDir, 'prometheus'), supervisor, log }),
    ]);
    log(`lab ready in ${((Date.now() - started) / 1000).toFixed(1)} s (state: ${stateDir})`);

    let stopping: Promise<void> | undefined;
    const lab: Lab = {
      stateDir,
      clusters,
      stop: () => {
        stopping ??= (async () => {
          await supervisor.stopAll();
          if (ownStateDir) await rm(stateDir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
    if (prometheus) lab.prometheus = prometheus;
    return lab;
  } catch (err) {
    // Nothing may outlive a failed start. The state folder stays, for its logs.
    await supervisor.stopAll();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`smm lab failed to start (logs in ${stateDir}): ${message}`, { cause: err });
  }
}
