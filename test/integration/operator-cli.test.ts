// Operator mode end to end on a real API server (lab-b): two `smm operator run` processes
// with the real installer. The leader installs the ControlPlane; it is killed; the standby
// takes the Lease and reconciles a later change of the ControlPlane.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectCluster } from '../../src/kube/clientnode/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { ClusterPort } from '../../src/kube/port.js';
import { Resources } from '../../src/kube/resources.js';
import { defaultControlPlane } from '../../src/installer/api/defaults.js';
import type { ControlPlaneStatus } from '../../src/installer/api/types.js';
import { ensureSmmCrds, uninstallControlPlane } from '../../src/installer/installer.js';

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
    operators.push(startOperator('op-a'), startOperator('op-b'));
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

  it('the leader installs an applied ControlPlane; after it is killed the standby reconciles the next change', async () => {
    const first = await until('a Lease holder', holder);
    expect(['op-a', 'op-b']).toContain(first);
    // GitOps style: the user only applies the ControlPlane object.
    const cp = defaultControlPlane({ meshManager: { istio: { sidecarInjectorFailurePolicy: 'Ignore' } } });
    await port.apply(cp as KubeObject, { fieldManager: 'gitops' });
    const installed = await until('status Succeeded for generation 1', async () => {
      const s = await status();
      return s.status === 'Succeeded' && s.observedGeneration === s.generation ? s : undefined;
    });
    expect(installed.components?.tracing).toMatchObject({ status: 'Available' });
    const leader = operators.find((o) => o.id === first)!;
    expect(leader.log()).toMatch(/ControlPlane smm generation 1: ✓ smm reconciled/);

    leader.child.kill('SIGKILL');
    const second = await until('the standby to take the Lease', async () => {
      const h = await holder();
      return h && h !== first ? h : undefined;
    });

    const current = await port.get(Resources.ControlPlane, 'smm');
    await port.apply({ ...cp, spec: { ...cp.spec, smm: { ...cp.spec.smm, tracing: { ...cp.spec.smm?.tracing, enabled: false } } } } as KubeObject, { fieldManager: 'gitops' });
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
