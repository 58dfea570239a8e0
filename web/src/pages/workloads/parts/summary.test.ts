import { describe, expect, it } from 'vitest';
import { inNamespaces, serviceTiles, trafficSummary, workloadTiles } from './summary';

describe('workloads and services tiles', () => {
  it('sums workload traffic, weights the error rate by requests and takes the slowest p95', () => {
    const s = trafficSummary([
      { kind: 'workload', rps: 30, errorRate: 0, p95: 40 },
      { kind: 'workload', rps: 10, errorRate: 0.2, p95: 120 },
      { kind: 'workload', rps: 0, errorRate: 0, p95: 900 }, // idle: its stale p95 is not the mesh's
      { kind: 'service', rps: 40, errorRate: 0.05, p95: 500 }, // services would count requests twice
    ]);
    expect(s.rps).toBe(40);
    expect(s.errorRate).toBeCloseTo(0.05);
    expect(s.p95).toBe(120);
    expect(trafficSummary([])).toEqual({ rps: 0, errorRate: null, p95: null });
  });

  it('counts pods as running over desired and workloads in mesh over total', () => {
    const t = workloadTiles([
      { cluster: 'a', sidecars: 'all', replicas: 3, pods: [{ phase: 'Running' }, { phase: 'Running' }, { phase: 'Pending' }] },
      { cluster: 'a', sidecars: 'none', replicas: 1, pods: [{ phase: 'Running' }] },
      { cluster: 'b', sidecars: 'some', replicas: 2, pods: [] },
    ]);
    expect(t).toEqual({ clusters: 2, inMesh: 1, total: 3, podsRunning: 3, podsDesired: 6 });
  });

  it('puts a service in the mesh only when every workload behind it is', () => {
    const w = (name: string, sidecars: string) => ({ cluster: 'c', namespace: 'n', name, sidecars });
    const ref = (name: string) => ({ cluster: 'c', namespace: 'n', name });
    const t = serviceTiles([
      { cluster: 'c', namespace: 'n', workloads: [ref('a'), ref('b')] },
      { cluster: 'c', namespace: 'n', workloads: [ref('a'), ref('legacy')] },
      { cluster: 'c', namespace: 'n', workloads: [] },
    ], [w('a', 'all'), w('b', 'all'), w('legacy', 'none')]);
    expect(t).toEqual({ clusters: 1, inMesh: 1, total: 3 });
  });

  it('filters by the selected namespaces, all when none', () => {
    const rows = [{ namespace: 'a' }, { namespace: 'b' }];
    expect(inNamespaces(rows, [])).toHaveLength(2);
    expect(inNamespaces(rows, ['b'])).toEqual([{ namespace: 'b' }]);
  });
});
