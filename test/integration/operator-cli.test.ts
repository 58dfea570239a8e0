// Operator mode end to end on a real API server (lab-b). A ControlPlane first managed with
// `smm reconcile --from-file` (reconciler mode); then two `smm operator run` processes with
// the real installer: the leader adopts it; it is killed; the standby takes the Lease and
// reconciles a later change of the ControlPlane.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectCluster } from '../../src/kube/clientnode/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { ClusterPort } from '../../src/kube/port.js';
import { Resources } from '../../src/kube/resources.js';
import { defaultControlPlane } from '../../src/installer/api/defaults.js';
import type { ControlPlaneStatus } from '../../src/installer/api/types.js';
import { ensureSmmCrds, uninstallControlPlane } from '../../src/installer/installer.js';
import type { CliIO } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const lab = inject('lab');
const cluster = lab.clusters[1]!;
const leaseNamespace = 'kube-system';
const leaseName = 'smm-operator';

interface OperatorProcess { id: string; child: ChildProcess; log: () => string }

function startOperator(id: string): OperatorProcess {
  const child = spawn(process.execPath, [`${ROOT}node_modules/.bin/smm`, '--kubeconfig', cluster.kubeconfigs.admin, '-n', leaseNamespace, 'operator', 'run', '--identity', id, '--lease-duration', '4s', '--http-address', '127.0.0.1:0'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  return { id, child, log: () => log };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('smm operator run (two replicas, real installer)', () => {
  let port: ClusterPort;
  const operators: OperatorProcess[] = [];

  const holder = async (): Promise<string | undefined> => {
    const lease = await port.get(Resources.Lease, leaseName, leaseNamespace);
    return (lease.spec as { holderIdentity?: string }).holderIdentity || undefined;
  };
  const status = async (): Promise<ControlPlaneStatus & { generation?: number }> => {
    const cp = await port.get(Resources.ControlPlane, 'smm');
    return { ...(cp.status as ControlPlaneStatus), generation: cp.metadata.generation };
  };

  beforeAll(async () => {
    port = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    await ensureSmmCrds(port);
  });

  afterAll(async () => {
    for (const o of operators) {
      try {
        process.kill(-o.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await port?.delete(Resources.Lease, leaseName, leaseNamespace).catch(() => undefined);
    if (port) await uninstallControlPlane(port, 'smm');
  });

  it('adopts a ControlPlane managed with smm reconcile; after the leader is killed the standby reconciles the next change', async () => {
    // Reconciler mode first: the CLI stores and reconciles the ControlPlane.
    const cp = defaultControlPlane({ meshManager: { istio: { sidecarInjectorFailurePolicy: 'Ignore' } } });
    const file = join(mkdtempSync(join(tmpdir(), 'smm-op-')), 'cp.yaml');
    writeFileSync(file, stringify(cp));
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => { err += t; }, isTTY: false, env: {} };
    expect(await runCli(['--kubeconfig', cluster.kubeconfigs.admin, 'reconcile', '--from-file', file], io), err).toBe(0);
    const installed = await status();
    expect(installed).toMatchObject({ status: 'Succeeded', observedGeneration: installed.generation });

    // Then operator mode: the leader adopts it as it is (nothing to change).
    operators.push(startOperator('op-a'), startOperator('op-b'));
    const first = await until('a Lease holder', holder);
    expect(['op-a', 'op-b']).toContain(first);
    const leader = operators.find((o) => o.id === first)!;
    await until('the leader to reconcile the existing ControlPlane', async () => (/ControlPlane smm generation 1: ✓ no changes/.test(leader.log()) ? true : undefined)).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; leader log:\n${leader.log()}`);
    });
    expect(installed.components?.tracing).toMatchObject({ status: 'Available' });

    leader.child.kill('SIGKILL');
    const second = await until('the standby to take the Lease', async () => {
      const h = await holder();
      return h && h !== first ? h : undefined;
    });

    // GitOps style from here on: the user only changes the ControlPlane object.
    const current = await port.get(Resources.ControlPlane, 'smm');
    await port.apply({ ...cp, spec: { ...cp.spec, smm: { ...cp.spec.smm, tracing: { ...cp.spec.smm?.tracing, enabled: false } } } } as KubeObject, { fieldManager: 'smm-cli' });
    const changed = await until('status Succeeded for the new generation', async () => {
      const s = await status();
      return s.status === 'Succeeded' && s.generation! > current.metadata.generation! && s.observedGeneration === s.generation ? s : undefined;
    });
    expect(changed.components?.tracing).toMatchObject({ status: 'Removed' });
    await expect(port.get(Resources.Deployment, 'smm-tracing', 'smm-system')).rejects.toMatchObject({ reason: 'NotFound' });
    const standby = operators.find((o) => o.id === second)!;
    expect(standby.log()).toMatch(new RegExp(`ControlPlane smm generation ${changed.generation}: ✓ smm reconciled`));
  });
});
