import { describe, expect, it } from 'vitest';
import { buildMeshModel } from '../../core/model/index.js';
import type { WorkloadSignals } from '../../core/traffic/signals.js';
import type { Series } from '../../core/traffic/types.js';
import { meshHistory } from './mesh-history.js';

const STEP = 60_000;
const series = (values: (number | null)[]): Series => ({ startMs: 0, stepMs: STEP, values });

const deployment = (name: string) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', uid: `d-${name}` },
  spec: { replicas: 1, selector: { matchLabels: { app: name } } }, status: { replicas: 1 },
});
const pod = (name: string) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `${name}-1`, namespace: 'shop', labels: { app: name }, ownerReferences: [{ kind: 'Deployment', name, uid: `d-${name}`, controller: true }] },
  spec: { containers: [{ name, image: `${name}:1` }] }, status: { phase: 'Running' },
});
const service = (name: string, app: string) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { app }, ports: [{ name: 'http', port: 80 }] },
});

// Three workloads: `good` serves fine, `bad` fails 20% from step 3 on, `idle` has no traffic.
// Services: `front` selects good, `back` selects bad, `none` selects idle.
const model = buildMeshModel([{
  cluster: 'c1',
  objects: ['good', 'bad', 'idle'].flatMap((n) => [deployment(n), pod(n)]).concat([service('front', 'good'), service('back', 'bad'), service('none', 'idle')] as never[]) as never[],
}]);

const signals = (workload: string, rps: number[], errorRate: number[]): WorkloadSignals => ({
  cluster: 'c1', namespace: 'shop', workload,
  signals: { requestsPerSecond: series(rps), errorRate: series(errorRate), p95Ms: series(rps.map(() => (workload === 'bad' ? 300 : 50))) },
});

describe('meshHistory', () => {
  const n = 6;
  const history = meshHistory(model, [
    signals('good', Array(n).fill(10), Array(n).fill(0)),
    signals('bad', Array(n).fill(5), [0, 0, 0, 0.2, 0.2, 0.2]),
  ], { startMs: 2 * STEP, stepMs: STEP, points: 4 });

  it('counts workloads by health state per step, without traffic as unknown', () => {
    // Grid steps are signal steps 2..5: `bad` fails from the second grid step on.
    expect(history.workloads.healthy.values).toEqual([2, 1, 1, 1]);
    expect(history.workloads.failing.values).toEqual([0, 1, 1, 1]);
    expect(history.workloads.degraded.values).toEqual([0, 0, 0, 0]);
    expect(history.workloads.unknown.values).toEqual([1, 1, 1, 1]);
    expect(history.workloads.healthy.startMs).toBe(2 * STEP);
  });

  it('gives a service the worst state of its workloads', () => {
    expect(history.services.healthy.values).toEqual([2, 1, 1, 1]);
    expect(history.services.failing.values).toEqual([0, 1, 1, 1]);
    expect(history.services.unknown.values).toEqual([1, 1, 1, 1]);
  });

  it('sums the mesh traffic: rps, request-weighted error rate, slowest p95', () => {
    expect(history.requestsPerSecond.values).toEqual([15, 15, 15, 15]);
    expect(history.errorRate.values[0]).toBe(0);
    expect(history.errorRate.values[1]).toBeCloseTo(1 / 15, 10);
    expect(history.p95Ms.values).toEqual([300, 300, 300, 300]);
  });

  it('has no error rate and no p95 where there were no requests', () => {
    const quiet = meshHistory(model, [], { startMs: 0, stepMs: STEP, points: 2 });
    expect(quiet.requestsPerSecond.values).toEqual([0, 0]);
    expect(quiet.errorRate.values).toEqual([null, null]);
    expect(quiet.p95Ms.values).toEqual([null, null]);
    expect(quiet.workloads.unknown.values).toEqual([3, 3]);
  });
});
