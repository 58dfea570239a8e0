import { describe, expect, it } from 'vitest';
import type { EdgeTraffic } from '../traffic/types.js';
import { mergeTraffic, TrafficSum } from './aggregate.js';

const part = (rps: number, errorRate: number, opts: Partial<EdgeTraffic> = {}): EdgeTraffic => ({
  source: { cluster: 'c1', namespace: 'n', workload: 'a' }, destination: { cluster: 'c1', namespace: 'n', workload: 'b' },
  protocol: 'http', requestsPerSecond: rps, errorRate, bytesPerSecond: 10, connectionsPerSecond: 0, mtls: 'mutual', ...opts,
});

describe('mergeTraffic', () => {
  it('sums rates, weights error rates by requests and keeps the largest percentiles', () => {
    const a = mergeTraffic([part(90, 0, { p95Ms: 10, p99Ms: 30 }), part(10, 0.5, { p95Ms: 200 })]);
    expect(a.rps).toBe(100);
    expect(a.errorRate).toBeCloseTo(0.05); // not the mean 0.25
    expect(a.bytesPerSecond).toBe(20);
    expect(a).toMatchObject({ p95Ms: 200, p99Ms: 30 });
    expect(a.p50Ms).toBeUndefined();
  });

  it('gives an error rate of 0 without requests (TCP)', () => {
    expect(mergeTraffic([part(0, 0, { protocol: 'tcp', connectionsPerSecond: 2.5 })])).toMatchObject({ errorRate: 0, connectionsPerSecond: 2.5 });
  });

  it('says mixed when mTLS states differ, whatever the order', () => {
    expect(mergeTraffic([part(1, 0), part(1, 0, { mtls: 'plaintext' })]).mtls).toBe('mixed');
    expect(mergeTraffic([part(1, 0, { mtls: 'plaintext' }), part(1, 0), part(1, 0, { mtls: 'plaintext' })]).mtls).toBe('mixed');
    expect(mergeTraffic([part(1, 0), part(2, 0)]).mtls).toBe('mutual');
    expect(mergeTraffic([]).mtls).toBeUndefined();
  });

  it('gives bit-identical sums in any order (plain float addition would not)', () => {
    const values = [0.1, 0.2, 0.3, 1e-3, 123.456789, 7.7, Math.PI / 7, Math.E * 3.3, 1 / 3];
    const forward = mergeTraffic(values.map((v) => part(v, 0.3)));
    const backward = mergeTraffic([...values].reverse().map((v) => part(v, 0.3)));
    expect(forward.rps).toBe(backward.rps);
    expect(forward.errorRate).toBe(backward.errorRate);
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1); // why the fixed point is needed
  });

  it('adds sums into sums (for group nodes)', () => {
    const group = new TrafficSum();
    group.addSum(mergeTraffic([part(3, 0)]));
    group.addSum(mergeTraffic([part(1, 1, { mtls: 'plaintext' })]));
    expect(group).toMatchObject({ rps: 4, errorRate: 0.25, mtls: 'mixed' });
  });
});
