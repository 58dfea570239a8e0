// The operator against a real API server: two replicas as separate processes elect a leader
// on a Lease; the leader reconciles a ControlPlane; after the leader is killed (SIGKILL, no
// release) the other takes the Lease once it expires and reconciles the next spec change.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectCluster } from '../../src/kube/clientnode/index.js';
import { isKubeError } from '../../src/kube/errors.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { ClusterPort } from '../../src/kube/port.js';
import { Resources } from '../../src/kube/resources.js';
import { leaseSpecOf } from '../../src/installer/operator/leader-election.js';
import { CONTROL_PLANE_CRD_NAME, minimalControlPlaneCrd } from './fixtures/controlplane-crd.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = new URL('./fixtures/operator-process.ts', import.meta.url).pathname;
const RECORD_CONFIGMAP = 'operator-reconciled';
const LEASE = 'smm-operator';
/** Short timings, so a takeover takes seconds instead of the default 15 s lease. */
const TIMINGS = ['--lease-duration-ms', '4000', '--renew-deadline-ms', '3000', '--retry-period-ms', '500'];

const lab = inject('lab');
const cluster = lab.clusters[0]!;
const suffix = Math.random().toString(36).slice(2, 7);
const ns = `operator-it-${suffix}`;
const cpName = `operator-it-${suffix}`;

interface Replica {
  identity: string;
  child: ChildProcess;
  httpPort: number;
  stderr: () => string;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Install a minimal ControlPlane CRD unless one (maybe the real one) is there; wait until served. */
async function ensureControlPlaneKind(admin: ClusterPort): Promise<void> {
  try {
    await admin.get(Resources.CustomResourceDefinition, CONTROL_PLANE_CRD_NAME);
  } catch (e) {
    if (!isKubeError(e, 'NotFound')) throw e;
    await admin.apply(minimalControlPlaneCrd, { fieldManager: 'smm-operator-it' });
  }
  await until('the ControlPlane CRD to be Established', async () => {
    const crd = await admin.get(Resources.CustomResourceDefinition, CONTROL_PLANE_CRD_NAME);
    const conditions = (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
  });
  await until('ControlPlanes to be served', async () => (await admin.list(Resources.ControlPlane)).resourceVersion);
}

/** Start a replica in its own process group; resolves once it printed `ready <port>`. */
function startReplica(identity: string): Promise<Replica> {
  const child = spawn(process.execPath, [
    '--import', 'tsx', FIXTURE,
    '--kubeconfig', cluster.kubeconfigs.admin, '--identity', identity, '--namespace', ns, '--control-plane', cpName, ...TIMINGS,
  ], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${identity} did not get ready in 60 s; stderr:\n${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ identity, child, httpPort: Number(m[1]), stderr: () => err });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${identity} exited (${code ?? signal}) before it was ready; stderr:\n${err}`));
    });
  });
}

function killGroup(r: Replica | undefined): void {
  if (!r?.child.pid) return;
  try {
    process.kill(-r.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('operator on a real API server', () => {
  let admin: ClusterPort;
  const replicas: Replica[] = [];

  const holder = async (): Promise<string | undefined> =>
    leaseSpecOf(await admin.get(Resources.Lease, LEASE, ns)).holderIdentity || undefined;
  const record = async (): Promise<Record<string, string> | undefined> =>
    (await admin.get(Resources.ConfigMap, RECORD_CONFIGMAP, ns) as KubeObject & { data?: Record<string, string> }).data;

  beforeAll(async () => {
    admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    await ensureControlPlaneKind(admin);
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    replicas.push(...await Promise.all([startReplica('op-a'), startReplica('op-b')]));
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) killGroup(r);
    // The CRD stays: another test may use it, and the lab is thrown away after the run.
    await admin?.delete(Resources.ControlPlane, cpName).catch(() => undefined);
    await admin?.delete(Resources.Namespace, ns).catch(() => undefined);
  });

  it('fails over to the standby after the leader is killed, and the new leader reconciles', async () => {
    const leaderId = await until('a Lease holder', holder);
    const leader = replicas.find((r) => r.identity === leaderId)!;
    const standby = replicas.find((r) => r.identity !== leaderId)!;
    expect(leader).toBeDefined();

    await admin.create({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: cpName }, spec: { clusterName: 'one' } } as KubeObject);
    await until(`generation 1 reconciled by ${leader.identity}`, async () => {
      const data = await record();
      return data?.['generation'] === '1' && data['by'] === leader.identity ? data : undefined;
    });
    const standbyMetrics = await (await fetch(`http://127.0.0.1:${standby.httpPort}/metrics`)).text();
    expect(standbyMetrics.split('\n')).toContain('smm_operator_leader 0');
    expect((await fetch(`http://127.0.0.1:${standby.httpPort}/readyz`)).status).toBe(200);

    const killedAt = Date.now();
    killGroup(leader);
    await until(`${standby.identity} to hold the Lease`, async () => ((await holder()) === standby.identity ? true : undefined));
    const takeoverMs = Date.now() - killedAt;
    // Lease 4 s, polled every 0.5 s: well under 10 s, and not before the lease could expire.
    expect(takeoverMs).toBeLessThan(10_000);
    expect(takeoverMs).toBeGreaterThan(2_000);

    const cp = await admin.get(Resources.ControlPlane, cpName);
    await admin.update({ ...cp, spec: { clusterName: 'two' } });
    await until(`generation 2 reconciled by ${standby.identity}`, async () => {
      const data = await record();
      return data?.['generation'] === '2' && data['by'] === standby.identity ? data : undefined;
    });
    const metrics = await (await fetch(`http://127.0.0.1:${standby.httpPort}/metrics`)).text();
    expect(metrics.split('\n')).toContain('smm_operator_leader 1');
    expect(metrics).toMatch(/^smm_operator_reconcile_total\{result="success"\} [1-9]/m);
    const lease = leaseSpecOf(await admin.get(Resources.Lease, LEASE, ns));
    expect(lease).toMatchObject({ holderIdentity: standby.identity, leaseDurationSeconds: 4, leaseTransitions: 1 });
    console.log(`operator failover: ${takeoverMs} ms from SIGKILL to the standby holding the Lease`);
  });
});
