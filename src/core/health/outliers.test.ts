import { describe, expect, it } from 'vitest';
import { detectOutliers, type PeerGroup, type PeerMember } from './outliers.js';
import { seg, signals } from './testing.js';

const STEPS = 40; // 35 baseline steps, 5 in the latest window

/** A member with constant signals over the whole range. */
function steady(id: string, errorRate: number, p95Ms = 100, rps = 10): PeerMember {
  return { id, signals: signals({ rps: seg(rps, STEPS), errorRate: seg(errorRate, STEPS), p95Ms: seg(p95Ms, STEPS) }) };
}

/** A member whose signals change for the latest 5 steps. */
function regressed(id: string, before: { errorRate: number; p95Ms: number }, after: { errorRate: number; p95Ms: number }): PeerMember {
  return {
    id,
    signals: signals({
      rps: seg(10, STEPS),
      errorRate: seg(before.errorRate, STEPS - 5, after.errorRate, 5),
      p95Ms: seg(before.p95Ms, STEPS - 5, after.p95Ms, 5),
    }),
  };
}

const movies = (...members: PeerMember[]): PeerGroup => ({ id: 'smm-demo/movies', members });

describe('detectOutliers', () => {
  it('flags the failing version among three, against its peers', () => {
    const outliers = detectOutliers([movies(steady('movies-v1', 0.001), steady('movies-v2', 0.001), steady('movies-v3', 0.052))]);
    expect(outliers).toEqual([
      {
        group: 'smm-demo/movies',
        member: 'movies-v3',
        signal: 'errorRate',
        value: expect.closeTo(0.052, 12),
        peerMedian: 0.001,
        basis: ['peers'], // failing all along: its own baseline finds nothing new
        reason: 'movies-v3 error rate 5.2% vs peers 0.1% (median)',
      },
    ]);
  });

  it('says when a member departs from both its peers and its own baseline', () => {
    const outliers = detectOutliers([
      movies(steady('movies-v1', 0.001), steady('movies-v2', 0.001), regressed('movies-v3', { errorRate: 0.001, p95Ms: 100 }, { errorRate: 0.08, p95Ms: 100 })),
    ]);
    expect(outliers).toHaveLength(1);
    expect(outliers[0]).toMatchObject({ member: 'movies-v3', basis: ['peers', 'baseline'], peerMedian: 0.001, baseline: 0.001 });
    expect(outliers[0]?.reason).toBe('movies-v3 error rate 8% vs peers 0.1% (median) and its own baseline 0.1%');
  });

  it('flags nobody when all versions are equally bad-ish', () => {
    expect(detectOutliers([movies(steady('movies-v1', 0.05), steady('movies-v2', 0.055), steady('movies-v3', 0.06))])).toEqual([]);
  });

  it('flags a latency outlier', () => {
    const outliers = detectOutliers([movies(steady('movies-v1', 0, 100), steady('movies-v2', 0, 110), steady('movies-v3', 0, 900))]);
    expect(outliers).toEqual([
      expect.objectContaining({
        member: 'movies-v3',
        signal: 'latency',
        value: 900,
        peerMedian: 105,
        reason: 'movies-v3 p95 latency 900ms vs peers 105ms (median)',
      }),
    ]);
  });

  it('catches a regression of a single-member group against its own baseline', () => {
    const group: PeerGroup = { id: 'smm-demo/payments', members: [regressed('payments-v1', { errorRate: 0.001, p95Ms: 100 }, { errorRate: 0.04, p95Ms: 400 })] };
    const outliers = detectOutliers([group]);
    expect(outliers.map((o) => [o.signal, o.basis, o.baseline, o.peerMedian, o.reason])).toEqual([
      ['errorRate', ['baseline'], 0.001, undefined, 'payments-v1 error rate 4% vs its baseline 0.1%'],
      ['latency', ['baseline'], 100, undefined, 'payments-v1 p95 latency 400ms vs its baseline 100ms'],
    ]);
  });

  it('does not alarm on tiny absolute differences', () => {
    // 0.3 % vs 0.1 % is three times as many errors but a fraction of a point; 130 vs 100 ms is noise.
    expect(detectOutliers([movies(steady('movies-v1', 0.001, 100), steady('movies-v2', 0.001, 100), steady('movies-v3', 0.003, 130))])).toEqual([]);
    const single = { id: 'g', members: [regressed('a', { errorRate: 0.001, p95Ms: 100 }, { errorRate: 0.005, p95Ms: 140 })] };
    expect(detectOutliers([single])).toEqual([]);
  });

  it('does not alarm on a value within a noisy baseline', () => {
    const noisy: PeerMember = {
      id: 'catalog-v1',
      signals: signals({ rps: seg(10, STEPS), p95Ms: [...Array.from({ length: STEPS - 5 }, (_, i) => (i % 2 === 0 ? 100 : 300)), ...seg(350, 5)] }),
    };
    expect(detectOutliers([{ id: 'catalog', members: [noisy] }])).toEqual([]);
  });

  it('never alarms on a member with too little traffic', () => {
    const quiet: PeerMember = { id: 'movies-v3', signals: signals({ rps: seg(0.05, STEPS), errorRate: seg(0.5, STEPS), p95Ms: seg(5000, STEPS) }) };
    expect(detectOutliers([movies(steady('movies-v1', 0.001), steady('movies-v2', 0.001), quiet)])).toEqual([]);
    const gaps: PeerMember = { id: 'movies-v3', signals: signals({ rps: [...seg(10, STEPS - 5), ...seg(null, 4), 10], errorRate: seg(0.5, STEPS) }) };
    expect(detectOutliers([movies(steady('movies-v1', 0.001), steady('movies-v2', 0.001), gaps)])).toEqual([]);
  });

  it('in a group of two, flags only the worse member', () => {
    const outliers = detectOutliers([{ id: 'pods', members: [steady('pod-a', 0.001), steady('pod-b', 0.1)] }]);
    expect(outliers.map((o) => o.member)).toEqual(['pod-b']);
  });

  it('is deterministic and independent of input order', () => {
    const a = movies(steady('movies-v1', 0.001, 100), steady('movies-v2', 0.09, 100), steady('movies-v3', 0.001, 800));
    const b: PeerGroup = { id: 'pods', members: [steady('pod-b', 0.2), steady('pod-a', 0), steady('pod-c', 0)] };
    const first = detectOutliers([a, b]);
    expect(first.map((o) => `${o.group} ${o.member} ${o.signal}`)).toEqual([
      'pods pod-b errorRate',
      'smm-demo/movies movies-v2 errorRate',
      'smm-demo/movies movies-v3 latency',
    ]);
    const reversed = detectOutliers([{ ...b, members: [...b.members].reverse() }, { ...a, members: [...a.members].reverse() }]);
    expect(reversed).toEqual(first);
    expect(detectOutliers(structuredClone([a, b]))).toEqual(first);
  });

  it('refuses nonsense options', () => {
    expect(() => detectOutliers([], { windowSteps: 0 })).toThrow(/windowSteps/);
    expect(() => detectOutliers([], { minLatencyRatio: 0.5 })).toThrow(/minLatencyRatio/);
  });
});
