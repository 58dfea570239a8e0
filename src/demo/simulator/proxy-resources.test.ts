import { describe, expect, it } from 'vitest';
import { DEMO_APP } from '../app.js';
import { buildDemoObjects } from '../objects.js';
import { CPU_SECONDS_PER_REQUEST, demoPodNames, IDLE_CORES, proxyMemoryBytes, proxyPodsOf, proxyTickCpuSeconds } from './proxy-resources.js';
import { TrafficSimulator } from './simulator.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const MIN = 60_000;

describe('sidecar resource model', () => {
  it('names the same pods as the demo objects', () => {
    const seed = 7;
    const pods = buildDemoObjects({ seed, now: new Date(T0) }).filter((o) => o.kind === 'Pod').map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    for (const w of DEMO_APP.workloads) {
      for (const name of demoPodNames(seed, w)) expect(pods, w.name).toContain(`${w.namespace}/${name}`);
    }
  });

  it('has no sidecar for a workload without a proxy', () => {
    expect(proxyPodsOf(1, { ...DEMO_APP.workloads[1]!, proxy: 'none' })).toEqual([]);
  });

  it('burns an idle cost plus a cost per request, with a little jitter, deterministically', () => {
    const [pod] = proxyPodsOf(3, DEMO_APP.workloads[1]!);
    const idle = proxyTickCpuSeconds(3, pod!, 100, { requests: 0, tcpBytes: 0 });
    const busy = proxyTickCpuSeconds(3, pod!, 100, { requests: 100, tcpBytes: 0 });
    expect(idle).toBeGreaterThan(IDLE_CORES * 0.9);
    expect(idle).toBeLessThan(IDLE_CORES * 1.1);
    expect(busy / idle).toBeCloseTo((IDLE_CORES + 100 * CPU_SECONDS_PER_REQUEST) / IDLE_CORES, 6);
    expect(proxyTickCpuSeconds(3, pod!, 100, { requests: 100, tcpBytes: 0 })).toBe(busy);
  });

  it('keeps memory plausible: tens of MiB, drifting slowly, more under load', () => {
    const [pod] = proxyPodsOf(3, DEMO_APP.workloads[1]!);
    const at = (ms: number, rps = 10): number => proxyMemoryBytes(3, pod!, ms, rps);
    expect(at(T0)).toBeGreaterThan(30 * 2 ** 20);
    expect(at(T0)).toBeLessThan(60 * 2 ** 20);
    expect(at(T0) % 4096).toBe(0);
    expect(Math.abs(at(T0 + 15_000) - at(T0))).toBeLessThan(2 ** 20);
    expect(at(T0 + 20 * MIN)).not.toBe(at(T0));
    expect(at(T0, 100)).toBeGreaterThan(at(T0, 10));
  });
});

describe('sidecar resources in the simulator', () => {
  it('exposes cAdvisor series for every sidecar, counters agreeing with proxy windows', () => {
    const clock = { t: T0, now: () => clock.t };
    const sim = new TrafficSimulator({ seed: 4, clock, backfillMs: 2 * MIN });
    const cpuOf = (text: string, pod: string): number => {
      const line = text.split('\n').find((l) => l.startsWith('container_cpu_usage_seconds_total{') && l.includes(`pod="${pod}"`))!;
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const before = sim.renderPrometheusText();
    clock.t += MIN;
    const after = sim.renderPrometheusText();
    const frontpage = sim.proxyPods.find((p) => p.workload === 'frontpage-v1')!;
    expect(after).toMatch(new RegExp(`^container_memory_working_set_bytes\\{container="istio-proxy",namespace="smm-demo",pod="${frontpage.pod}"\\} \\d+$`, 'm'));
    expect(after).toContain(`pod="${sim.proxyPods.find((p) => p.workload === 'smm-ingressgateway')!.pod}"`);
    const w = sim.proxyWindow('smm-demo', 'frontpage-v1', T0, clock.t)!;
    expect(w.seconds).toBe(60);
    expect(cpuOf(after, frontpage.pod) - cpuOf(before, frontpage.pod)).toBeCloseTo(w.cpuSeconds, 2);
    // ~20 RPS in and ~30 out through frontpage's sidecar: tens of millicores, more than idle.
    expect(w.cpuSeconds / w.seconds).toBeGreaterThan(IDLE_CORES * 2);
    expect(w.cpuSeconds / w.seconds).toBeLessThan(0.2);
    expect(sim.proxyMemoryBytesAt('smm-demo', 'frontpage-v1', clock.t)).toBe(Number(after.match(new RegExp(`^container_memory_working_set_bytes\\{[^}]*pod="${frontpage.pod}"\\} (\\d+)$`, 'm'))![1]));
    expect(sim.proxyWindow('smm-demo', 'nothing', T0, clock.t)).toBeUndefined();
  });

  it('gives the same CPU for the same seed', () => {
    const run = (): number => new TrafficSimulator({ seed: 8, clock: { now: () => T0 }, backfillMs: MIN }).proxyWindow('smm-demo', 'catalog-v1', T0 - MIN, T0)!.cpuSeconds;
    expect(run()).toBe(run());
  });
});
