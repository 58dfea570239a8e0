import { describe, expect, it } from 'vitest';
import { KubeError } from '../../kube/errors.js';
import type { KubeObject } from '../../kube/object.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import { FakeClock } from './clock.js';
import { LeaderElector, leaseSpecOf, microTime, type LeaseSpec } from './leader-election.js';

const NS = 'default';
const LEASE = 'smm-operator';
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** The port with some methods replaced, to simulate partitions and competing writers. */
function intercept(port: ClusterPort, hooks: Partial<Pick<ClusterPort, 'get' | 'create' | 'update'>>): ClusterPort {
  return new Proxy(port, {
    get(target, prop) {
      const hook = hooks[prop as keyof typeof hooks];
      if (hook) return hook;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

interface Candidate {
  elector: LeaderElector;
  /** `started@<ms>` / `stopped@<ms>` / `leader <id>`, in order. */
  events: string[];
  signals: AbortSignal[];
}

function setup() {
  const clock = new FakeClock();
  const cluster = new MemoryCluster({ now: () => new Date(clock.now()) });
  const admin = cluster.port();
  const t0 = clock.now();
  const at = (): number => clock.now() - t0;
  const candidate = (identity: string, port: ClusterPort = admin): Candidate => {
    const events: string[] = [];
    const signals: AbortSignal[] = [];
    const elector = new LeaderElector({
      port, namespace: NS, name: LEASE, identity, clock,
      onStartedLeading: (signal) => {
        events.push(`started@${at()}`);
        signals.push(signal);
      },
      onStoppedLeading: () => {
        events.push(`stopped@${at()}`);
      },
      onNewLeader: (id) => events.push(`leader ${id}`),
    });
    return { elector, events, signals };
  };
  const lease = async (): Promise<LeaseSpec> => leaseSpecOf(await admin.get(Resources.Lease, LEASE, NS));
  return { clock, admin, candidate, lease, at };
}

describe('LeaderElector', () => {
  it('elects one of two candidates and fills the Lease like client-go', async () => {
    const { clock, candidate, lease } = setup();
    const a = candidate('a');
    const b = candidate('b');
    a.elector.start();
    b.elector.start();
    await clock.advance(0);
    expect(a.elector.isLeader()).toBe(true);
    expect(b.elector.isLeader()).toBe(false);
    expect(b.elector.hasObservedLease()).toBe(true);
    expect(b.elector.leader).toBe('a');
    const first = await lease();
    expect(first).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect(first.acquireTime).toMatch(MICRO_TIME);
    expect(first.renewTime).toBe(first.acquireTime);

    // The leader renews every retry period; the other keeps standing by.
    await clock.advance(30_000);
    const later = await lease();
    expect(later.holderIdentity).toBe('a');
    expect(later.acquireTime).toBe(first.acquireTime);
    expect(later.renewTime).toBe(microTime(clock.now()));
    expect(b.elector.isLeader()).toBe(false);
    expect(a.events).toEqual(['leader a', 'started@0']);
    expect(b.events).toEqual(['leader a']);
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  it('takes over once the leader stopped renewing, counting expiry from its own observation', async () => {
    const { clock, admin, candidate, lease } = setup();
    let partitioned = false;
    const unreachable = (): Promise<never> => Promise.reject(new KubeError('Unavailable', 'connection refused'));
    const aPort = intercept(admin, {
      get: (...args) => (partitioned ? unreachable() : admin.get(...args)),
      update: (o) => (partitioned ? unreachable() : admin.update(o)),
    });
    const a = candidate('a', aPort);
    const b = candidate('b');
    a.elector.start();
    await clock.advance(1_000);
    b.elector.start(); // b first sees the lease at 1 s (renewed by a at 0 s)
    await clock.advance(0);
    partitioned = true; // a's renewals at 2 s, 4 s, ... fail
    await clock.advance(8_999);
    expect(a.elector.isLeader()).toBe(true);
    await clock.advance(1); // 10 s: a's renew deadline, well before anyone may take over
    expect(a.events).toContain('stopped@10000');
    // b polls at odd seconds. At 15 s a's renewTime is 15 s old, but b saw the record only
    // 14 s ago: judged by its own observation, the lease is still live.
    await clock.advance(5_000);
    expect(b.elector.isLeader()).toBe(false);
    await clock.advance(2_000); // 17 s: b's first poll more than 15 s after its observation
    expect(b.elector.isLeader()).toBe(true);
    expect(b.events).toContain('started@17000');
    expect(await lease()).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  it('does not trust a remote renewTime: an ancient one still gets a full lease duration', async () => {
    const { clock, admin, candidate } = setup();
    const ancient = '2000-01-01T00:00:00.000000Z';
    await admin.create({
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: LEASE, namespace: NS },
      spec: { holderIdentity: 'skewed', leaseDurationSeconds: 15, acquireTime: ancient, renewTime: ancient, leaseTransitions: 3 },
    } as KubeObject);
    const b = candidate('b');
    b.elector.start();
    await clock.advance(14_000);
    expect(b.elector.isLeader()).toBe(false);
    await clock.advance(2_000);
    expect(b.elector.isLeader()).toBe(true);
    await b.elector.stop();
  });

  it('hands over at once on a graceful release', async () => {
    const { clock, candidate, lease, at } = setup();
    const a = candidate('a');
    const b = candidate('b');
    a.elector.start();
    b.elector.start();
    await clock.advance(5_000);
    await a.elector.release();
    expect(a.events.at(-1)).toBe(`stopped@${at()}`);
    expect(await lease()).toMatchObject({ holderIdentity: '', leaseTransitions: 0 });
    await clock.advance(2_000); // b's next poll, not a lease duration later
    expect(b.elector.isLeader()).toBe(true);
    expect(await lease()).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(a.elector.isAlive()).toBe(false);
    await b.elector.stop();
  });

  it('stops leading at once when a competing writer wins the renewal (Conflict)', async () => {
    const { clock, admin, candidate, at } = setup();
    let intrude = false;
    const aPort = intercept(admin, {
      update: async (o) => {
        if (intrude) {
          // Another writer takes the lease between a's read and a's write.
          intrude = false;
          const current = await admin.get(Resources.Lease, LEASE, NS);
          await admin.update({ ...current, spec: { ...leaseSpecOf(current), holderIdentity: 'intruder', renewTime: microTime(clock.now()) } } as KubeObject);
        }
        return admin.update(o);
      },
    });
    const a = candidate('a', aPort);
    a.elector.start();
    await clock.advance(0);
    expect(a.elector.isLeader()).toBe(true);
    intrude = true;
    await clock.advance(2_000);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.events.at(-1)).toBe(`stopped@${at()}`);
    expect(a.signals[0]?.aborted).toBe(true);
    expect(a.elector.leader).toBe('intruder');
    await a.elector.stop();
  });

  it('refuses timings where the leader could outlive its lease', () => {
    const { admin } = setup();
    const base = { port: admin, namespace: NS, name: LEASE, identity: 'a', onStartedLeading: () => undefined, onStoppedLeading: () => undefined };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 5_000, renewDeadlineMs: 5_000 })).toThrow(/leaseDurationMs/);
    expect(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toThrow(/renewDeadlineMs/);
  });

  it('formats MicroTime as the API server expects', () => {
    expect(microTime(Date.UTC(2025, 0, 2, 3, 4, 5, 67))).toBe('2025-01-02T03:04:05.067000Z');
  });
});
