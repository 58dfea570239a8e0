import { describe, expect, it } from 'vitest';
import { DEMO_APP } from '../app.js';
import { LoadTargetError, planLoad } from './load.js';
import { TrafficSimulator, windowRps, type Clock } from './simulator.js';

const NS = DEMO_APP.namespace;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

function simulatorAt(t: number): { sim: TrafficSimulator; clock: Clock & { t: number } } {
  const clock = { t, now() { return this.t; } };
  return { sim: new TrafficSimulator({ seed: 7, clock, backfillMs: 5 * MIN, faults: false }), clock };
}

const rps = (sim: TrafficSimulator, edge: string, from: number, to: number): number => windowRps(sim.edgeWindow(edge, from, to));

describe('planLoad', () => {
  it('enters by the service split and follows the call graph by its ratios', () => {
    const plan = planLoad(DEMO_APP, { namespace: NS, service: 'analytics', port: 8080 });
    expect(plan.entries.map((e) => e.id)).toEqual(['bombardier->analytics-v1']);
    expect(plan.factors.get('bombardier->analytics-v1')).toBe(1);
    expect(plan.factors.get('analytics-v1->database-v1')).toBe(2);
    const movies = planLoad(DEMO_APP, { namespace: NS, service: 'movies', port: 8080 });
    const entryShare = movies.entries.reduce((sum, e) => sum + movies.factors.get(e.id)!, 0);
    expect(movies.entries.length).toBeGreaterThan(1);
    expect(entryShare).toBeCloseTo(1, 9);
  });

  it('refuses what the demo does not have, naming the argument', () => {
    const fail = (service: string, port: number): LoadTargetError => {
      try {
        planLoad(DEMO_APP, { namespace: NS, service, port });
      } catch (e) {
        if (e instanceof LoadTargetError) return e;
      }
      throw new Error('no LoadTargetError');
    };
    expect(fail('nope', 8080).argument).toBe('service');
    expect(fail('analytics', 9999).argument).toBe('port');
    expect(fail('analytics', 8083).message).toMatch(/plain TCP/);
  });
});

describe('TrafficSimulator.addLoad', () => {
  it('raises the target inbound by the requested rate for the duration, and its callees by their ratios', () => {
    const { sim, clock } = simulatorAt(T0);
    const { sim: plain, clock: plainClock } = simulatorAt(T0);
    const run = sim.addLoad({ namespace: NS, service: 'analytics', port: 8080 }, 50, 60);
    expect(run).toMatchObject({ fromMs: T0, untilMs: T0 + MIN, entryEdges: ['bombardier->analytics-v1'] });
    clock.t = plainClock.t = T0 + 3 * MIN;

    expect(rps(sim, 'bombardier->analytics-v1', T0 - MIN, T0)).toBe(0);
    expect(rps(sim, 'bombardier->analytics-v1', T0, T0 + MIN)).toBeGreaterThan(45);
    expect(rps(sim, 'bombardier->analytics-v1', T0, T0 + MIN)).toBeLessThan(55);
    expect(rps(sim, 'bombardier->analytics-v1', T0 + MIN, T0 + 3 * MIN)).toBe(0);

    const extraDb = rps(sim, 'analytics-v1->database-v1', T0, T0 + MIN) - rps(plain, 'analytics-v1->database-v1', T0, T0 + MIN);
    expect(extraDb).toBeGreaterThan(90);
    expect(extraDb).toBeLessThan(110);
    // Outside the window, nothing changed: the same seed draws the same requests.
    for (const edge of ['bookings-v1->analytics-v1', 'analytics-v1->database-v1']) {
      expect(sim.edgeWindow(edge, T0 - 2 * MIN, T0)).toEqual(plain.edgeWindow(edge, T0 - 2 * MIN, T0));
      expect(sim.edgeWindow(edge, T0 + MIN, T0 + 3 * MIN)).toEqual(plain.edgeWindow(edge, T0 + MIN, T0 + 3 * MIN));
    }
    expect(sim.edges.map((e) => e.id)).toContain('bombardier->analytics-v1');
    expect(plain.edges.map((e) => e.id)).not.toContain('bombardier->analytics-v1');
  });

  it('shows in the Istio metrics and is deterministic: same seed, same runs, same numbers', () => {
    const a = simulatorAt(T0);
    const b = simulatorAt(T0);
    for (const s of [a, b]) {
      s.sim.addLoad({ namespace: NS, service: 'notifications', port: 8080 }, 20, 30);
      s.clock.t = T0 + MIN;
    }
    const text = a.sim.renderPrometheusText();
    expect(text).toEqual(b.sim.renderPrometheusText());
    expect(text).toMatch(/istio_requests_total\{reporter="destination",source_workload="bombardier",[^}]*destination_workload="notifications-v1"/);
  });

  it('starts at the first tick not yet simulated (counters cannot be rewritten)', () => {
    const { sim, clock } = simulatorAt(T0);
    clock.t = T0 + MIN;
    sim.advanceTo(T0 + MIN);
    clock.t = T0;
    const run = sim.addLoad({ namespace: NS, service: 'analytics', port: 8080 }, 10, 5);
    expect(run.fromMs).toBe(T0 + MIN);
  });
});
