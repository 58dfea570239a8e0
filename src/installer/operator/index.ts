// The operator mode of the installer: leader election, the ControlPlane controller, probes.
export { FakeClock, systemClock, type Clock } from './clock.js';
export { retryDelayMs, type ReconcileFn, type ReconcileReason } from './controller.js';
export { startOperatorHttp, type OperatorHttpOptions, type OperatorHttpServer } from './http.js';
export { LEADER_ELECTION_DEFAULTS, LeaderElector, leaseSpecOf, microTime, type LeaderElectorOptions, type LeaseSpec } from './leader-election.js';
export { OperatorMetrics, RECONCILE_DURATION_BUCKETS, type ReconcileOutcome } from './metrics.js';
export { OPERATOR_DEFAULTS, runOperator, type OperatorHandle, type OperatorOptions, type OperatorStatus } from './operator.js';
