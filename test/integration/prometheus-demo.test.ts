// A real Prometheus (the lab's) scrapes the demo traffic simulator through smm's own server
// and holds istio_requests_total series for every HTTP/gRPC edge of the demo graph.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LabControlClient } from '../../lab/control-client.js';
import { createDemoBackend, type DemoBackend } from '../../src/server/demo-backend.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createDemo } from '../../src/demo/index.js';

interface PromVector { metric: Record<string, string>; value: [number, string] }

async function promQuery(base: string, query: string): Promise<PromVector[]> {
  const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = await r.json() as { status: string; data: { result: PromVector[] }; error?: string };
  if (body.status !== 'success') throw new Error(`prometheus: ${body.error}`);
  return body.data.result;
}

describe('Prometheus scrapes the demo simulator', () => {
  const lab = inject('lab');
  let backend: DemoBackend;
  let server: RunningServer;

  beforeAll(async () => {
    backend = await createDemoBackend({ seed: 3 });
    server = await startServer({ backend, port: 0 });
    await new LabControlClient(lab.control).addScrapeTarget('smm-demo-it', `${server.url}/demo/metrics`);
  });

  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  it('has istio_requests_total for every HTTP and gRPC edge, from both reporters', async () => {
    const prom = lab.prometheus!.url;
    const series = await promQuery(prom, 'istio_requests_total{job="smm-demo-it"}');
    expect(series.length).toBeGreaterThan(0);
    const seen = new Set(series.map((s) => `${s.metric.reporter} ${s.metric.source_workload} -> ${s.metric.destination_workload} ${s.metric.request_protocol}`));
    const edges = createDemo({ seed: 3 }).simulator.edges.filter((e) => e.protocol !== 'tcp');
    expect(edges.length).toBeGreaterThan(5);
    for (const e of edges) {
      for (const reporter of e.reporters) {
        expect(seen, `${reporter} ${e.source} -> ${e.destination}`).toContain(`${reporter} ${e.source} -> ${e.destination} ${e.protocol}`);
      }
    }
    // TCP edges land in the TCP families.
    const tcp = await promQuery(prom, 'istio_tcp_sent_bytes_total{job="smm-demo-it", destination_workload="mysql"}');
    expect(tcp.length).toBeGreaterThan(0);
  });

  it('carries the failing movies version as 5xx responses', async () => {
    const errors = await promQuery(lab.prometheus!.url, 'sum by (destination_workload) (istio_requests_total{job="smm-demo-it", reporter="destination", response_code=~"5.."})');
    expect(errors.map((e) => e.metric.destination_workload)).toContain('movies-v3');
  });
});
