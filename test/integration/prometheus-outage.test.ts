// A Prometheus that goes away while a query is in flight: the API answers with what it has
// (the inventory: every workload as a node), reports the traffic as unavailable with a code a
// client can act on, keeps serving, and recovers when Prometheus is back.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LabControlClient } from '../../lab/control-client.js';
import { createDemoBackend, type DemoBackend } from '../../src/server/demo-backend.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { PrometheusTelemetry } from '../../src/telemetry/prometheus/prometheus-telemetry.js';

const lab = inject('lab');
const control = new LabControlClient(lab.control);

interface TopologyAnswer {
  data?: { topology: { nodes: { id: string; kind: string }[]; edges: { rps: number }[] | null } };
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

describe('Prometheus stopping during a query', () => {
  let demo: DemoBackend;
  let server: RunningServer;

  const topology = async (): Promise<TopologyAnswer> => {
    const res = await fetch(`${server.url}/api/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'query { topology(namespaces: ["smm-demo"]) { nodes { id kind } edges { rps } } }' }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as TopologyAnswer;
  };

  beforeAll(async () => {
    demo = await createDemoBackend({ seed: 5 });
    // The demo's inventory, with traffic from the lab's Prometheus scraping the demo's simulator.
    const telemetry = new PrometheusTelemetry({ url: lab.prometheus!.url, labelFilter: 'job="outage-it"' });
    server = await startServer({ backend: { ...demo, telemetry }, port: 0 });
    await control.addScrapeTarget('outage-it', `${server.url}/demo/metrics`);
    await new Promise((r) => setTimeout(r, 5_000));
  }, 60_000);

  afterAll(async () => {
    await control.startPrometheus();
    await server?.close();
    await demo?.close();
  }, 60_000);

  it('answers with the inventory and a TELEMETRY_UNAVAILABLE error, then recovers', async () => {
    const before = await topology();
    expect(before.errors).toBeUndefined();
    expect(before.data!.topology.edges!.length).toBeGreaterThan(0);
    const workloads = before.data!.topology.nodes.filter((n) => n.kind === 'workload').length;

    // The query issues dozens of PromQL queries (edges and a health baseline); stop Prometheus
    // while they are in flight.
    const during = topology();
    await control.stopPrometheus();
    const partial = await during;
    const after = await topology();
    for (const answer of [partial, after]) {
      expect(answer.data!.topology.nodes.filter((n) => n.kind === 'workload').length).toBe(workloads);
      if (answer === partial && answer.errors === undefined) continue; // the query won the race
      expect(answer.data!.topology.edges).toBeNull();
      expect(answer.errors).toEqual([expect.objectContaining({ path: ['topology', 'edges'], extensions: expect.objectContaining({ code: 'TELEMETRY_UNAVAILABLE' }) })]);
      // While it shuts down Prometheus may still answer, with 503; once stopped it is unreachable.
      const cause = answer === partial ? '(is unreachable|answered HTTP 503)' : 'is unreachable';
      expect(answer.errors![0]!.message).toMatch(new RegExp(`Prometheus at http://127\\.0\\.0\\.1:\\d+ ${cause}`));
    }

    await control.startPrometheus();
    const recovered = await topology();
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data!.topology.edges!.length).toBeGreaterThan(0);
  }, 90_000);
});
