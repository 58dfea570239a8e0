import { describe, expect, it } from 'vitest';
import type { WorkloadSignals } from '../../core/traffic/signals.js';
import type { WorkloadSignalsQuery } from '../../telemetry/port.js';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { alignRange, healthStepMs } from '../views/health-view.js';
import { ask } from './testing.js';

interface Cell { from: string; to: string; state: string; reasons: string[] }
interface Timeline { from: string; to: string; stepSeconds: number; cells: Cell[] }

/** The demo with made-up inbound signals: movies-v1 clean, movies-v3 failing half its requests. */
async function withSignals(test: (backend: DemoBackend, calls: WorkloadSignalsQuery[]) => Promise<void>): Promise<void> {
  const demo = await createDemoBackend({ seed: 4 });
  const calls: WorkloadSignalsQuery[] = [];
  const workloadSignals = (q: WorkloadSignalsQuery): Promise<WorkloadSignals[]> => {
    calls.push(q);
    const { fromMs, toMs, stepMs } = q.range;
    const n = Math.round((toMs - fromMs) / stepMs);
    const s = (v: number) => ({ startMs: fromMs + stepMs, stepMs, values: Array<number>(n).fill(v) });
    const at = (workload: string, errorRate: number): WorkloadSignals => ({
      cluster: demo.clusterName, namespace: 'smm-demo', workload, signals: { requestsPerSecond: s(10), errorRate: s(errorRate), p95Ms: s(50) },
    });
    return Promise.resolve([at('movies-v1', 0), at('movies-v3', 0.5)]);
  };
  try {
    await test({ ...demo, telemetry: { ...demo.telemetry!, workloadSignals } }, calls);
  } finally {
    await demo.close();
  }
}

describe('health timelines', () => {
  it('picks about 30 readable steps and aligns cells to them', () => {
    expect(healthStepMs(30 * 60_000)).toBe(60_000);
    expect(healthStepMs(6 * 3_600_000)).toBe(900_000);
    expect(healthStepMs(60_000)).toBe(15_000);
    expect(alignRange({ fromMs: 1_000_030_000, toMs: 1_001_830_000 })).toEqual({ fromMs: 1_000_020_000, toMs: 1_001_820_000, stepMs: 60_000 });
  });

  it('scores every workload of a list from one telemetry call that includes the baseline', async () => {
    await withSignals(async (backend, calls) => {
      const { data, errors } = await ask<{ workloads: { name: string; healthTimeline: Timeline }[] }>(backend,
        '{ workloads(namespace: "smm-demo") { name healthTimeline { from to stepSeconds cells { from to state reasons } } } }');
      expect(errors).toBeUndefined();
      expect(calls).toHaveLength(1);
      const { fromMs, toMs, stepMs } = calls[0]!.range;
      expect(stepMs).toBe(60_000);
      // 30 cells asked, 30 more steps of latency baseline before them.
      expect((toMs - fromMs) / stepMs).toBe(60);
      const byName = new Map(data!.workloads.map((w) => [w.name, w.healthTimeline]));
      const v1 = byName.get('movies-v1')!;
      expect(v1.stepSeconds).toBe(60);
      expect(v1.cells).toHaveLength(30);
      expect(Date.parse(v1.to)).toBe(toMs);
      expect(Date.parse(v1.from)).toBe(toMs - 30 * 60_000);
      expect(v1.cells[0]!.from).toBe(v1.from);
      expect(v1.cells[29]!.to).toBe(v1.to);
      expect(new Set(v1.cells.map((c) => c.state))).toEqual(new Set(['healthy']));
      const v3 = byName.get('movies-v3')!;
      expect(new Set(v3.cells.map((c) => c.state))).toEqual(new Set(['failing']));
      expect(v3.cells[0]!.reasons[0]).toMatch(/^success rate 50% < 95%/);
      // No inbound traffic: nothing to judge.
      expect(new Set(byName.get('frontpage-v1')!.cells.map((c) => c.state))).toEqual(new Set(['unknown']));
    });
  });

  it('scores a service on the traffic of all its workloads, and honours the range', async () => {
    await withSignals(async (backend) => {
      const { data, errors } = await ask<{ service: { healthTimeline: Timeline } }>(backend,
        '{ service(namespace: "smm-demo", name: "movies") { healthTimeline(from: "2025-06-01T10:00:00Z", to: "2025-06-01T11:00:00Z", stepSeconds: 300) { from to stepSeconds cells { state } } } }');
      expect(errors).toBeUndefined();
      const t = data!.service.healthTimeline;
      expect(t).toMatchObject({ from: '2025-06-01T10:00:00.000Z', to: '2025-06-01T11:00:00.000Z', stepSeconds: 300 });
      expect(t.cells).toHaveLength(12);
      // v1 clean, v3 at 50 % errors, v2 silent: 25 % of the service's requests fail.
      expect(new Set(t.cells.map((c) => c.state))).toEqual(new Set(['failing']));
    });
  });

  it('is null with TELEMETRY_UNAVAILABLE without a metrics source, the inventory still answering', async () => {
    const demo = await createDemoBackend({ seed: 4 });
    try {
      const { data, errors } = await ask<{ workload: { name: string; healthTimeline: Timeline | null } }>({ ...demo, telemetry: undefined },
        '{ workload(namespace: "smm-demo", name: "movies-v1") { name healthTimeline { stepSeconds } } }');
      expect(data!.workload).toEqual({ name: 'movies-v1', healthTimeline: null });
      expect(errors?.[0]?.extensions?.code).toBe('TELEMETRY_UNAVAILABLE');
    } finally {
      await demo.close();
    }
  });
});
