import { describe, expect, it } from 'vitest';
import type { DemoBackend } from '../demo-backend.js';
import { createDemoBackend } from '../demo-backend.js';
import { MAX_RANGE_MS, seriesRange } from './metrics.js';
import { ask, fakeSeriesTelemetry, type FakeSeriesTelemetry } from './testing.js';

interface Series { start: string; stepSeconds: number; values: (number | null)[] }

async function withFakeTelemetry(test: (backend: DemoBackend & { telemetry: FakeSeriesTelemetry }) => Promise<void>, options: { fail?: Error } = {}): Promise<void> {
  const demo = await createDemoBackend({ seed: 4 });
  try {
    await test({ ...demo, telemetry: fakeSeriesTelemetry(demo.telemetry!, options) });
  } finally {
    await demo.close();
  }
}

describe('metric series arguments', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const codeOf = (f: () => unknown): unknown => {
    try {
      f();
      return undefined;
    } catch (e) {
      return (e as { extensions?: unknown }).extensions;
    }
  };

  it('default to the last 30 minutes ending now, the step left to the source', () => {
    expect(seriesRange({}, now)).toEqual({ fromMs: now - 30 * 60_000, toMs: now });
    expect(seriesRange({ to: '2025-06-01T11:00:00Z' }, now)).toEqual({ fromMs: now - 90 * 60_000, toMs: now - 60 * 60_000 });
    expect(seriesRange({ from: '2025-06-01T11:00:00Z', stepSeconds: 60 }, now)).toEqual({ fromMs: now - 3_600_000, toMs: now, stepMs: 60_000 });
  });

  it('are refused, naming the argument, when they cannot make a chart', () => {
    expect(codeOf(() => seriesRange({ from: 'an hour ago' }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'from' });
    expect(codeOf(() => seriesRange({ to: 'June 1, 2025' }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect(codeOf(() => seriesRange({ from: '2025-06-01T12:00:00Z', to: '2025-06-01T12:00:00Z' }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'from' });
    expect(codeOf(() => seriesRange({ from: new Date(now - MAX_RANGE_MS - 1000).toISOString() }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'from' });
    expect(codeOf(() => seriesRange({ stepSeconds: 0 }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'stepSeconds' });
    expect(codeOf(() => seriesRange({ stepSeconds: 1801 }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'stepSeconds' });
    // 30 minutes at 1 s is 1800 points.
    expect(codeOf(() => seriesRange({ stepSeconds: 1 }, now))).toEqual({ code: 'BAD_USER_INPUT', argument: 'stepSeconds' });
    expect(codeOf(() => seriesRange({ stepSeconds: 2 }, now))).toBeUndefined();
  });
});

describe('GraphQL metrics on the detail types', () => {
  it('asks the telemetry port for the workload, service and namespace, inbound by default', async () => {
    await withFakeTelemetry(async (backend) => {
      const before = Date.now();
      const { data, errors } = await ask<{ workload: { metrics: { requestsPerSecond: Series; p95: Series } } }>(backend,
        '{ workload(namespace: "smm-demo", name: "movies-v3") { metrics { requestsPerSecond { start stepSeconds values } p95 { values } } } }');
      expect(errors).toBeUndefined();
      const [call] = backend.telemetry.entityCalls;
      expect(call).toMatchObject({ entity: { kind: 'workload', cluster: backend.clusterName, namespace: 'smm-demo', name: 'movies-v3' }, direction: 'inbound' });
      expect(call!.range.toMs - call!.range.fromMs).toBe(30 * 60_000);
      expect(call!.range.toMs).toBeGreaterThanOrEqual(before);
      const rps = data!.workload.metrics.requestsPerSecond;
      expect(rps).toEqual({ start: new Date(call!.range.fromMs).toISOString(), stepSeconds: 60, values: [null, ...Array.from({ length: 29 }, (_, i) => 2 + i)] });
      expect(data!.workload.metrics.p95.values[1]).toBe(5);

      await ask(backend, `{ service(namespace: "smm-demo", name: "movies") { metrics(direction: OUTBOUND, from: "2025-06-01T10:00:00Z", to: "2025-06-01T11:00:00Z", stepSeconds: 30) { errorRate { values } } }
        namespace(name: "smm-demo") { metrics { tcpSentBytesPerSecond { stepSeconds } } } }`);
      expect(backend.telemetry.entityCalls.slice(1)).toEqual([
        { entity: { kind: 'service', cluster: backend.clusterName, namespace: 'smm-demo', name: 'movies' }, direction: 'outbound',
          range: { fromMs: Date.parse('2025-06-01T10:00:00Z'), toMs: Date.parse('2025-06-01T11:00:00Z'), stepMs: 30_000 } },
        expect.objectContaining({ entity: { kind: 'namespace', cluster: backend.clusterName, namespace: 'smm-demo' }, direction: 'inbound' }),
      ]);
    });
  });

  it('gives sidecar resources of a workload; a pod\'s are null until the port can address pods', async () => {
    await withFakeTelemetry(async (backend) => {
      const pod = backend.model().workloads.find((w) => w.name === 'catalog-v1')!.pods[0]!.name;
      const { data, errors } = await ask<{ workload: { proxyResources: { cpuCores: Series } }; pod: { proxyResources: null } }>(backend,
        `{ workload(namespace: "smm-demo", name: "catalog-v1") { proxyResources(stepSeconds: 300) { cpuCores { stepSeconds values } } }
           pod(namespace: "smm-demo", name: "${pod}") { proxyResources { memoryBytes { values } } } }`);
      expect(errors).toBeUndefined();
      expect(data!.workload.proxyResources.cpuCores).toEqual({ stepSeconds: 300, values: [0.05, 0.05, 0.05, 0.05, 0.05, 0.05] });
      expect(data!.pod.proxyResources).toBeNull();
      expect(backend.telemetry.resourceCalls).toHaveLength(1);
    });
  });

  it('refuses a bad range before asking the telemetry source', async () => {
    await withFakeTelemetry(async (backend) => {
      const { data, errors } = await ask<{ workload: { name: string; metrics: null } }>(backend,
        '{ workload(namespace: "smm-demo", name: "movies-v3") { name metrics(from: "2025-06-02T00:00:00Z", to: "2025-06-01T00:00:00Z") { p99 { values } } } }');
      expect(data!.workload).toEqual({ name: 'movies-v3', metrics: null });
      expect(errors![0]).toMatchObject({ message: expect.stringContaining('must be before "to"'), extensions: { code: 'BAD_USER_INPUT', argument: 'from' } });
      const tooLong = await ask(backend, '{ namespace(name: "smm-demo") { metrics(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { p99 { values } } } }');
      expect(tooLong.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'from' } });
      const badPodRange = await ask(backend, '{ pods(namespace: "smm-demo") { proxyResources(stepSeconds: 0) { cpuCores { values } } } }');
      expect(badPodRange.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'stepSeconds' } });
      expect(backend.telemetry.entityCalls).toHaveLength(0);
    });
  });

  it('answers the rest of the workload, with metrics null and coded, when telemetry fails', async () => {
    await withFakeTelemetry(async (backend) => {
      const { data, errors } = await ask<{ workload: { name: string; metrics: null } }>(backend,
        '{ workload(namespace: "smm-demo", name: "movies-v3") { name metrics { requestsPerSecond { values } } } }');
      expect(data!.workload).toEqual({ name: 'movies-v3', metrics: null });
      expect(errors).toHaveLength(1);
      expect(errors![0]).toMatchObject({ path: ['workload', 'metrics'], message: expect.stringContaining('Prometheus is down'), extensions: { code: 'TELEMETRY_UNAVAILABLE' } });
    }, { fail: new Error('Prometheus is down') });
  });
});
