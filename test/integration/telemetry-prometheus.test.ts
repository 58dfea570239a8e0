// The Prometheus adapter against the lab's real Prometheus scraping the demo simulator, and
// the in-process adapter over the same simulator: for the same traffic they must agree
// (RPS within 10 %, error rate within 1 point). A Prometheus that goes away is a clear error.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LabControlClient } from '../../lab/control-client.js';
import type { EdgeTraffic } from '../../src/core/traffic/types.js';
import { createDemoBackend, type DemoBackend } from '../../src/server/demo-backend.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { PrometheusTelemetry, TelemetryError } from '../../src/telemetry/prometheus/prometheus-telemetry.js';
import { SimulatorTelemetry } from '../../src/telemetry/simulator/simulator-telemetry.js';

const lab = inject('lab');
const key = (e: EdgeTraffic): string => `${e.source.workload}->${e.destination.workload} ${e.protocol}`;

describe('Prometheus telemetry adapter on the lab', () => {
  let backend: DemoBackend;
  let server: RunningServer;

  beforeAll(async () => {
    backend = await createDemoBackend({ seed: 11 });
    server = await startServer({ backend, port: 0 });
    await new LabControlClient(lab.control).addScrapeTarget('telemetry-it', `${server.url}/demo/metrics`);
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
