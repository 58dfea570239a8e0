import { describe, expect, it } from 'vitest';
import type { EdgeTraffic } from '../../core/traffic/types.js';
import { meshTraffic, p95UpperBound } from './overview-view.js';

const edge = (rps: number, errorRate: number, q: { p50?: number; p95?: number; p99?: number }, protocol: EdgeTraffic['protocol'] = 'http'): EdgeTraffic => ({
  source: { cluster: 'c', namespace: 'n', workload: 'a' },
  destination: { cluster: 'c', namespace: 'n', workload: 'b' },
  protocol, requestsPerSecond: rps, errorRate, p50Ms: q.p50, p95Ms: q.p95, p99Ms: q.p99,
  bytesPerSecond: 0, connectionsPerSecond: 0, mtls: 'mutual',
});

describe('mesh traffic', () => {
  it('sums request edges, weights the error rate by requests and leaves TCP out', () => {
    const t = meshTraffic([edge(90, 0, { p95: 10 }), edge(10, 0.5, { p95: 20 }), edge(0, 0, {}, 'tcp')]);
    expect(t.rps).toBe(100);
    expect(t.errorRate).toBeCloseTo(0.05);
  });

  it('has no error rate and no p95 without requests', () => {
    expect(meshTraffic([edge(0, 0, {}, 'tcp')])).toEqual({ rps: 0, errorRate: undefined, p95Ms: undefined });
  });

  it('bounds p95 by the slowest edge p95, tighter when the slow edge carries little traffic', () => {
    expect(p95UpperBound([edge(50, 0, { p95: 10 }), edge(50, 0, { p95: 30 })])).toBe(30);
    // 1% of the requests go to a slow edge: below the fast edge p99 (12 ms) at most 0.99 + 1 rps of 100 can be slower.
    expect(p95UpperBound([edge(99, 0, { p50: 5, p95: 10, p99: 12 }), edge(1, 0, { p50: 400, p95: 900, p99: 990 })])).toBe(12);
    expect(p95UpperBound([])).toBeUndefined();
  });
});
