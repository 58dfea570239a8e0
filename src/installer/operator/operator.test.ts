import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { Resources } from '../../kube/resources.js';
import type { ControlPlane } from '../api/types.js';
import type { ReconcileResult } from '../engine/types.js';
import { FakeClock } from './clock.js';
import { retryDelayMs } from './controller.js';
import { leaseSpecOf, microTime } from './leader-election.js';
import { runOperator, type OperatorHandle } from './operator.js';

const NS = 'default';
const SUCCEEDED: ReconcileResult = { status: 'Succeeded', changes: 0, components: {}, warnings: [] };

const controlPlane = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name }, spec,
});

type Behaviour = (cp: ControlPlane, signal: AbortSignal) => Promise<ReconcileResult>;

function setup(behaviour: Behaviour = async () => SUCCEEDED) {
  const clock = new FakeClock();
  const cluster = new MemoryCluster({ now: () => new Date(clock.now()) });
  cluster.registry.register(Resources.ControlPlane);
  const port = cluster.port();
  /** `name@generation`, one per reconcile call. */
  const calls: string[] = [];
  const lines: string[] = [];
  const reconcile = async (cp: ControlPlane, signal: AbortSignal): Promise<ReconcileResult> => {
    calls.push(`${cp.metadata.name}@${cp.metadata.generation}`);
    const result = await behaviour(cp, signal);
    // Like the engine: every run writes status, which comes back as a (status-only) event.
    const latest = await port.get(Resources.ControlPlane, cp.metadata.name ?? '');
    await port.updateStatus({ ...latest, status: { status: result.status, observedGeneration: cp.metadata.generation } } as KubeObject);
    return result;
  };
  const start = (): OperatorHandle => {
    const op = runOperator({
      port, identity: 'op-1', namespace: NS, reconcile, clock, log: (l) => lines.push(l),
      resyncMs: 60_000, retryBaseMs: 1_000, retryMaxMs: 4_000,
    });
    running.push(op);
    return op;
  };
  const changeSpec = async (name: string, spec: Record<string, unknown>): Promise<void> => {
    const current = await port.get(Resources.ControlPlane, name);
    await port.update({ ...current, spec });
  };
  return { clock, port, calls, lines, start, changeSpec };
}

const running: OperatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((op) => op.stop()));
});

describe('runOperator', () => {
  it('reconciles on create and on spec change, not on status-only or label-only updates', async () => {
    const { clock, port, calls, start, changeSpec } = setup();
    const op = start();
    await op.ready;
    await clock.advance(0);
    expect(op.isLeader()).toBe(true);

    await port.create(controlPlane('smm', { clusterName: 'one' }));
    await clock.advance(0);
    expect(calls).toEqual(['smm@1']);

    const current = await port.get(Resources.ControlPlane, 'smm');
    await port.updateStatus({ ...current, status: { status: 'Reconciling', message: 'someone else' } });
    const again = await port.get(Resources.ControlPlane, 'smm');
    await port.update({ ...again, metadata: { ...again.metadata, labels: { team: 'mesh' } } });
    await clock.advance(5_000);
    expect(calls).toEqual(['smm@1']);

    await changeSpec('smm', { clusterName: 'two' });
    await clock.advance(0);
    expect(calls).toEqual(['smm@1', 'smm@2']);
    expect(op.metrics.snapshot().reconciles).toEqual({ success: 2, error: 0 });
  });

  it('reconciles every ControlPlane once on becoming leader, and again on resync', async () => {
    const { clock, port, calls, start } = setup();
    await port.create(controlPlane('a'));
    await port.create(controlPlane('b'));
    start();
    await clock.advance(0);
    expect(calls.sort()).toEqual(['a@1', 'b@1']);
    await clock.advance(60_000);
    expect(calls).toHaveLength(4);
  });

  it('retries a failure with capped exponential backoff and counts it', async () => {
    let failuresLeft = 4;
    const { clock, port, calls, lines, start } = setup(async () => {
      if (failuresLeft-- > 0) return { ...SUCCEEDED, status: 'Failed', error: 'component meshManager: webhook not ready' };
      return SUCCEEDED;
    });
    const op = start();
    await port.create(controlPlane('smm'));
    await clock.advance(0);
    expect(calls).toHaveLength(1);
    // A metadata-only edit during the backoff is no reason to retry early.
    const current = await port.get(Resources.ControlPlane, 'smm');
    await port.update({ ...current, metadata: { ...current.metadata, annotations: { note: 'x' } } });
    // Delays 1 s, 2 s, 4 s, then capped at 4 s; the failed runs' own status writes do not cut them short.
    for (const [delay, expected] of [[1_000, 2], [2_000, 3], [4_000, 4], [4_000, 5]] as const) {
      await clock.advance(delay - 1);
      expect(calls).toHaveLength(expected - 1);
      await clock.advance(1);
      expect(calls).toHaveLength(expected);
    }
    await clock.advance(60_000 - 11_000 - 1); // just before the resync: nothing more
    expect(calls).toHaveLength(5);
    expect(op.metrics.snapshot().reconciles).toEqual({ success: 1, error: 4 });
    expect(lines.some((l) => l.includes('webhook not ready') && l.includes('retry 1 in 1000 ms'))).toBe(true);
    expect(retryDelayMs(10, 1_000, 300_000)).toBe(300_000);
  });

  it('reconciles a newer generation at once, without waiting out an older failure', async () => {
    const { clock, port, calls, start, changeSpec } = setup(async (cp) =>
      (cp.metadata.generation === 1 ? { ...SUCCEEDED, status: 'Failed', error: 'bad spec' } : SUCCEEDED));
    start();
    await port.create(controlPlane('smm', { clusterName: 'bad' }));
    await clock.advance(0);
    await changeSpec('smm', { clusterName: 'fixed' });
    await clock.advance(0);
    expect(calls).toEqual(['smm@1', 'smm@2']);
    await clock.advance(10_000); // the old retry was cancelled
    expect(calls).toEqual(['smm@1', 'smm@2']);
  });

  it('logs a deletion and does not reconcile it', async () => {
    const { clock, port, calls, lines, start } = setup();
    start();
    await port.create(controlPlane('smm'));
    await clock.advance(0);
    await port.delete(Resources.ControlPlane, 'smm');
    await clock.advance(0);
    expect(calls).toEqual(['smm@1']);
    expect(lines).toContain('ControlPlane smm was deleted; not reconciling it');
  });

  it('on losing the lease aborts the running reconcile and stops watching', async () => {
    let aborted = false;
    const { clock, port, calls, start } = setup((_cp, signal) => new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        reject(new Error('aborted'));
      }, { once: true });
    }));
    const op = start();
    await port.create(controlPlane('smm'));
    await clock.advance(0);
    expect(calls).toEqual(['smm@1']);
    // Another operator takes the lease (as after a partition); the next renewal sees it.
    const lease = await port.get(Resources.Lease, 'smm-operator', NS);
    await port.update({ ...lease, spec: { ...leaseSpecOf(lease), holderIdentity: 'op-2', renewTime: microTime(clock.now()) } } as KubeObject);
    await clock.advance(2_000);
    expect(op.isLeader()).toBe(false);
    expect(aborted).toBe(true);
    expect(op.metrics.snapshot().leader).toBe(false);
    await port.create(controlPlane('other'));
    await clock.advance(0);
    expect(calls).toEqual(['smm@1']);
    expect(op.status()).toMatchObject({ alive: true, ready: true, leader: false, holder: 'op-2' });
  });

  it('releases the lease on stop', async () => {
    const { clock, port, start } = setup();
    const op = start();
    await clock.advance(0);
    await op.stop();
    expect(leaseSpecOf(await port.get(Resources.Lease, 'smm-operator', NS)).holderIdentity).toBe('');
    expect(op.status()).toMatchObject({ alive: false, leader: false });
  });
});
