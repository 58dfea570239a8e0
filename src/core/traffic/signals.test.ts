import { describe, expect, it } from 'vitest';
import { inboundSignalsByWorkload } from './signals.js';
import type { EdgeTraffic, TrafficSnapshot } from './types.js';

const edge = (src: string, dst: string, rps: number, errorRate: number, p95: number, protocol: EdgeTraffic['protocol'] = 'http'): EdgeTraffic => ({
  source: { cluster: 'c', namespace: 'n', workload: src }, destination: { cluster: 'c', namespace: 'n', workload: dst, app: 'a' },
  protocol, requestsPerSecond: rps, errorRate, p95Ms: p95, bytesPerSecond: 0, connectionsPerSecond: 0, mtls: 'mutual',
});
const snap = (i: number, edges: EdgeTraffic[]): TrafficSnapshot => ({ window: { fromMs: i * 30_000, toMs: (i + 1) * 30_000 }, edges });

describe('inboundSignalsByWorkload', () => {
  it('sums rps, weights error rate by requests, takes the largest p95, per step', () => {
    const m = inboundSignalsByWorkload([
      snap(0, [edge('x', 'w', 10, 0.1, 50), edge('y', 'w', 30, 0, 80), edge('x', 'db', 5, 0, 1, 'tcp')]),
      snap(1, [edge('x', 'w', 20, 0, 40)]),
      snap(2, []),
    ]);
    const w = m.get('c/n/w')!;
    expect(w.signals.requestsPerSecond).toEqual({ startMs: 30_000, stepMs: 30_000, values: [40, 20, 0] });
    expect(w.signals.errorRate.values).toEqual([0.025, 0, null]);
    expect(w.signals.p95Ms.values).toEqual([80, 40, null]);
    expect(m.has('c/n/db')).toBe(false);
  });
});
