// The installer as an in-cluster operator (`smm operator run`): candidates elect a leader on a
// Lease; the leader watches ControlPlane objects and runs the reconcile engine on each change,
// the others stand by. Losing the lease ends the term at once: the informer stops and an
// in-flight reconcile is aborted, so two operators never reconcile at the same time for long.

import type { ClusterPort } from '../../kube/port.js';
import { systemClock, type Clock } from './clock.js';
import { ControlPlaneController, type ReconcileFn } from './controller.js';
import { LEADER_ELECTION_DEFAULTS, LeaderElector } from './leader-election.js';
import { OperatorMetrics } from './metrics.js';

export interface OperatorOptions {
  port: ClusterPort;
  /** This candidate's name in the Lease; unique per replica (the pod name). */
  identity: string;
  /** Where the Lease lives (the operator's own namespace). */
  namespace: string;
  /** Lease name; default `smm-operator`. */
  leaseName?: string;
  reconcile: ReconcileFn;
  /** Reconcile every ControlPlane this often even when nothing changed. Default 10 min. */
  resyncMs?: number;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Backoff of a failed reconcile: first delay (default 1 s), doubling up to the cap (default 5 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  clock?: Clock;
  log?: (line: string) => void;
  metrics?: OperatorMetrics;
}

export interface OperatorStatus {
  identity: string;
  /** The campaign loop runs and is not stuck (`/healthz`). */
  alive: boolean;
  /** The Lease was read at least once: connected, leading or standing by (`/readyz`). */
  ready: boolean;
  leader: boolean;
  /** The holder last seen in the Lease. */
  holder?: string;
}

export interface OperatorHandle {
  /** Resolves once the first Lease read succeeded; rejects if stopped before that. */
  ready: Promise<void>;
  /** Graceful shutdown: end the term (abort the reconcile), then release the Lease. */
  stop(): Promise<void>;
  isLeader(): boolean;
  status(): OperatorStatus;
  readonly metrics: OperatorMetrics;
}

export const OPERATOR_DEFAULTS = {
  leaseName: 'smm-operator',
  resyncMs: 10 * 60_000,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  ...LEADER_ELECTION_DEFAULTS,
} as const;

export function runOperator(options: OperatorOptions): OperatorHandle {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const metrics = options.metrics ?? new OperatorMetrics();
  let term: Promise<void> | undefined;

  const elector = new LeaderElector({
    port: options.port,
    namespace: options.namespace,
    name: options.leaseName ?? OPERATOR_DEFAULTS.leaseName,
    identity: options.identity,
    leaseDurationMs: options.leaseDurationMs,
    renewDeadlineMs: options.renewDeadlineMs,
    retryPeriodMs: options.retryPeriodMs,
    clock,
    log,
    onStartedLeading: (signal) => {
      metrics.setLeader(true);
      const controller = new ControlPlaneController({
        port: options.port,
        reconcile: options.reconcile,
        clock,
        metrics,
        log,
        resyncMs: options.resyncMs ?? OPERATOR_DEFAULTS.resyncMs,
        retryBaseMs: options.retryBaseMs ?? OPERATOR_DEFAULTS.retryBaseMs,
        retryMaxMs: options.retryMaxMs ?? OPERATOR_DEFAULTS.retryMaxMs,
      }, signal);
      term = controller.run().catch((e: unknown) => log(`operator term failed: ${e instanceof Error ? e.message : String(e)}`));
    },
    onStoppedLeading: async () => {
      metrics.setLeader(false);
      // Wait for the term to wind down, so a new term never overlaps the old one.
      await term;
      term = undefined;
    },
  });
  elector.start();

  return {
    ready: elector.firstObservation,
    stop: () => elector.release(),
    isLeader: () => elector.isLeader(),
    status: () => ({
      identity: options.identity,
      alive: elector.isAlive(),
      ready: elector.hasObservedLease(),
      leader: elector.isLeader(),
      holder: elector.leader,
    }),
    metrics,
  };
}
