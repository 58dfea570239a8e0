// The Prometheus adapter against the lab's real Prometheus scraping the demo simulator, and
// the in-process adapter over the same simulator: for the same traffic they must agree
// (RPS within 10 %, error rate within 1 point). A Prometheus that goes away is a clear error.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LabControlClient } from '../../lab/control-client.js';
import type { EdgeTraffic } from '../../src/core/traffic/types.js';
import { binOf, DURATION_BUCKETS_MS } from '../../src/demo/simulator/buckets.js';
import { createDemoBackend, type DemoBackend } from '../../src/server/demo-backend.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { PrometheusTelemetry, TelemetryError } from '../../src/telemetry/prometheus/prometheus-telemetry.js';
import { SimulatorTelemetry } from '../../src/telemetry/simulator/simulator-telemetry.js';

const lab = inject('lab');
const key = (e: EdgeTraffic): string => `${e.source.workload}->${e.destination.workload} ${e.protocol}`;

describe('Prometheus telemetry adapter on the lab', () => {
  let backend: DemoBackend;
  let server: RunningServer;
  let scrapedSinceMs: number;

  beforeAll(async () => {
    backend = await createDemoBackend({ seed: 11 });
    server = await startServer({ backend, port: 0 });
    await new LabControlClient(lab.control).addScrapeTarget('telemetry-it', `${server.url}/demo/metrics`);
    scrapedSinceMs = Date.now();
    // Enough 1 s scrapes for rates over a 15 s window.
    await new Promise((r) => setTimeout(r, 20_000));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  it('agrees with the in-process adapter for the same traffic', async () => {
    const prometheus = new PrometheusTelemetry({ url: lab.prometheus!.url, labelFilter: 'job="telemetry-it"' });
    const inProcess = new SimulatorTelemetry(backend.simulator, backend.app, backend.clusterName);
    // A window that ends at the last completed scrape.
    const toMs = Date.now() - 2_000;
    const window = { fromMs: toMs - 15_000, toMs };
    const [fromProm, fromSim] = await Promise.all([prometheus.edgeTraffic({ window }), inProcess.edgeTraffic({ window })]);
    const prom = new Map(fromProm.edges.map((e) => [key(e), e]));
    expect(fromSim.edges.length).toBeGreaterThan(10);
    for (const s of fromSim.edges) {
      const p = prom.get(key(s));
      expect(p, key(s)).toBeDefined();
      if (s.protocol === 'tcp') {
        expect(p!.bytesPerSecond, key(s)).toBeGreaterThan(0);
        continue;
      }
      expect(Math.abs(p!.requestsPerSecond - s.requestsPerSecond) / s.requestsPerSecond, `${key(s)} rps ${p!.requestsPerSecond} vs ${s.requestsPerSecond}`).toBeLessThan(0.1);
      expect(Math.abs(p!.errorRate - s.errorRate), `${key(s)} error rate`).toBeLessThan(0.01);
      expect(p!.mtls).toBe(s.mtls);
      expect(p!.p95Ms, key(s)).toBeGreaterThan(0);
    }
    // Nothing counted twice: one edge per pair and protocol.
    expect(fromProm.edges.length).toBe(prom.size);
  });

  it('agrees with the in-process adapter on per-entity series', async () => {
    // Two whole 30 s steps of scrapes (1 s apart), the last ending at a completed scrape. Not
    // 15 s: movies-v3 fails ~5 % of ~4 rps, so a 15 s step holds ~3 errors and one request on
    // either side of a step boundary (scrape timing) moved the error rate by 1.5 points.
    const wait = scrapedSinceMs + 70_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // The lab scrapes every second, so rate() over the step itself has enough samples.
    const prometheus = new PrometheusTelemetry({ url: lab.prometheus!.url, labelFilter: 'job="telemetry-it"', scrapeIntervalMs: 1_000 });
    const inProcess = new SimulatorTelemetry(backend.simulator, backend.app, backend.clusterName);
    const toMs = Math.floor((Date.now() - 2_000) / 1000) * 1000;
    const range = { fromMs: toMs - 60_000, toMs, stepMs: 30_000 };
    const cases = [
      { entity: { kind: 'workload' as const, namespace: 'smm-demo', name: 'frontpage-v1' }, direction: 'inbound' as const },
      { entity: { kind: 'workload' as const, namespace: 'smm-demo', name: 'movies-v3' }, direction: 'inbound' as const },
      { entity: { kind: 'workload' as const, namespace: 'smm-demo', name: 'catalog-v1' }, direction: 'outbound' as const },
      { entity: { kind: 'service' as const, namespace: 'smm-demo', name: 'movies' }, direction: 'inbound' as const },
    ];
    for (const c of cases) {
      const name = `${c.entity.kind} ${c.entity.name} ${c.direction}`;
      const [p, s] = await Promise.all([prometheus.entityMetrics({ ...c, range }), inProcess.entityMetrics({ ...c, range })]);
      expect(p.requestsPerSecond.startMs, name).toBe(s.requestsPerSecond.startMs);
      expect(p.requestsPerSecond.values, name).toHaveLength(2);
      for (let i = 0; i < 2; i++) {
        const at = `${name} point ${i}`;
        const [pr, sr] = [p.requestsPerSecond.values[i]!, s.requestsPerSecond.values[i]!];
        expect(sr, at).toBeGreaterThan(0);
        expect(Math.abs(pr - sr) / sr, `${at} rps ${pr} vs ${sr}`).toBeLessThan(0.1);
        expect(Math.abs(p.errorRate.values[i]! - s.errorRate.values[i]!), `${at} error rate ${p.errorRate.values[i]} vs ${s.errorRate.values[i]}`).toBeLessThan(0.01);
        const [pp, sp] = [p.p95Ms.values[i]!, s.p95Ms.values[i]!];
        expect(Math.abs(binOf(pp, DURATION_BUCKETS_MS) - binOf(sp, DURATION_BUCKETS_MS)), `${at} p95 ${pp} vs ${sp}`).toBeLessThanOrEqual(1);
      }
      if (c.entity.name === 'movies-v3') expect(p.errorRate.values.every((v) => v! > 0), name).toBe(true);
      if (c.entity.name === 'catalog-v1') {
        // catalog also queries postgresql over TCP.
        expect(p.tcpSentBytesPerSecond.values.every((v) => v! > 0), name).toBe(true);
      }
    }
  });

  it('agrees with the in-process adapter on every workload\'s health signals (one range query each)', async () => {
    const prometheus = new PrometheusTelemetry({ url: lab.prometheus!.url, labelFilter: 'job="telemetry-it"', scrapeIntervalMs: 1_000 });
    const inProcess = new SimulatorTelemetry(backend.simulator, backend.app, backend.clusterName);
    const toMs = Math.floor((Date.now() - 2_000) / 1000) * 1000;
    const range = { fromMs: toMs - 60_000, toMs, stepMs: 30_000 };
    const [fromProm, fromSim] = await Promise.all([
      prometheus.workloadSignals({ range, namespaces: ['smm-demo'] }),
      inProcess.workloadSignals({ range, namespaces: ['smm-demo'] }),
    ]);
    const prom = new Map(fromProm.map((w) => [w.workload, w]));
    expect(fromSim.length).toBeGreaterThan(8);
    expect(prom.size).toBe(fromSim.length);
    for (const s of fromSim) {
      const p = prom.get(s.workload);
      expect(p, s.workload).toBeDefined();
      expect(p!.signals.requestsPerSecond.startMs).toBe(s.signals.requestsPerSecond.startMs);
      for (let i = 0; i < 2; i++) {
        const [pr, sr] = [p!.signals.requestsPerSecond.values[i]!, s.signals.requestsPerSecond.values[i]!];
        expect(Math.abs(pr - sr) / sr, `${s.workload} rps ${pr} vs ${sr}`).toBeLessThan(0.1);
        expect(Math.abs(p!.signals.errorRate.values[i]! - s.signals.errorRate.values[i]!), `${s.workload} error rate`).toBeLessThan(0.01);
      }
    }
    expect(prom.get('movies-v3')!.signals.errorRate.values.every((v) => v! > 0)).toBe(true);
  });

  it('reads the sidecars\' CPU and memory the simulator exposes', async () => {
    const prometheus = new PrometheusTelemetry({ url: lab.prometheus!.url, labelFilter: 'job="telemetry-it"', scrapeIntervalMs: 1_000 });
    const inProcess = new SimulatorTelemetry(backend.simulator, backend.app, backend.clusterName);
    const toMs = Math.floor((Date.now() - 2_000) / 1000) * 1000;
    const range = { fromMs: toMs - 30_000, toMs, stepMs: 15_000 };
    for (const entity of [
      { kind: 'workload' as const, namespace: 'smm-demo', name: 'frontpage-v1' },
      { kind: 'service' as const, namespace: 'smm-demo', name: 'movies' },
    ]) {
      const [p, s] = await Promise.all([prometheus.proxyResources(entity, range), inProcess.proxyResources(entity, range)]);
      for (let i = 0; i < 2; i++) {
        const [pc, sc] = [p!.cpuCores.values[i]!, s!.cpuCores.values[i]!];
        expect(Math.abs(pc - sc) / sc, `${entity.name} cpu ${pc} vs ${sc}`).toBeLessThan(0.15);
        const [pm, sm] = [p!.memoryBytes.values[i]!, s!.memoryBytes.values[i]!];
        expect(Math.abs(pm - sm) / sm, `${entity.name} memory ${pm} vs ${sm}`).toBeLessThan(0.02);
      }
    }
    expect(await prometheus.proxyResources({ kind: 'workload', namespace: 'smm-demo', name: 'nothing' }, range)).toBeNull();
  });

  it('filters by namespace', async () => {
    const prometheus = new PrometheusTelemetry({ url: lab.prometheus!.url, labelFilter: 'job="telemetry-it"' });
    const window = { fromMs: Date.now() - 17_000, toMs: Date.now() - 2_000 };
    expect((await prometheus.edgeTraffic({ window, namespaces: ['nowhere'] })).edges).toEqual([]);
    expect((await prometheus.edgeTraffic({ window, namespaces: ['smm-demo'] })).edges.length).toBeGreaterThan(10);
  });

  it('turns an unreachable Prometheus and a refused query into clear errors', async () => {
    const gone = new PrometheusTelemetry({ url: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    const err = await gone.edgeTraffic({ window: { fromMs: 0, toMs: 60_000 } }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TelemetryError);
    expect((err as Error).message).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:9 is unreachable/);
    const refused = await new PrometheusTelemetry({ url: lab.prometheus!.url }).query('sum(', Date.now()).then(() => undefined, (e: unknown) => e);
    expect((refused as Error).message).toMatch(/refused the query: .*parse error/);
  });
});
