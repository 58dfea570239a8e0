import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  entityMatchers, errorRateSeries, podNameRegex, PrometheusTelemetry, promDuration, promString, proxyPodMatchers, quantileQuery,
  rateWindowMs, sumRateQuery, TelemetryError, toSeries,
} from './prometheus-telemetry.js';

const IDENTITY = 'source_cluster, source_workload_namespace, source_workload, destination_cluster, destination_workload_namespace, destination_workload, destination_service_name, destination_service_namespace';

describe('PromQL builders', () => {
  it('selects an entity per direction, escaping label values', () => {
    expect(entityMatchers({ kind: 'workload', namespace: 'smm-demo', name: 'movies-v3' }, 'inbound'))
      .toEqual(['destination_workload="movies-v3"', 'destination_workload_namespace="smm-demo"']);
    expect(entityMatchers({ kind: 'workload', namespace: 'ns', name: 'a', cluster: 'c1' }, 'outbound'))
      .toEqual(['source_workload="a"', 'source_workload_namespace="ns"', 'source_cluster="c1"']);
    expect(entityMatchers({ kind: 'service', namespace: 'ns', name: 'movies' }, 'inbound'))
      .toEqual(['destination_service_name="movies"', 'destination_service_namespace="ns"']);
    expect(entityMatchers({ kind: 'service', namespace: 'ns', name: 'movies' }, 'outbound')).toBeUndefined();
    expect(entityMatchers({ kind: 'namespace', namespace: 'ns' }, 'outbound')).toEqual(['source_workload_namespace="ns"']);
    expect(promString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(entityMatchers({ kind: 'workload', namespace: 'ns', name: 'x"}' }, 'inbound')![0]).toBe('destination_workload="x\\"}"');
  });

  it('counts each request once: destination reports, source reports only where no destination reports', () => {
    expect(sumRateQuery('istio_requests_total', ['destination_workload="w"', 'job="j"'], '15s')).toBe(
      'sum(rate(istio_requests_total{reporter="destination", destination_workload="w", job="j"}[15s])'
      + ' or (rate(istio_requests_total{reporter="source", destination_workload="w", job="j"}[15s])'
      + ` unless on (${IDENTITY}) rate(istio_requests_total{reporter="destination", destination_workload="w", job="j"}[15s])))`,
    );
  });

  it('takes quantiles from buckets summed by le', () => {
    expect(quantileQuery(0.95, ['destination_workload="w"'], '1m')).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload="w"}[1m])'
      + ' or (rate(istio_request_duration_milliseconds_bucket{reporter="source", destination_workload="w"}[1m])'
      + ` unless on (${IDENTITY}) rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload="w"}[1m]))))`,
    );
  });

  it('finds a workload\'s sidecars by pod name, not by prefix', () => {
    const re = new RegExp(`^(?:${podNameRegex(['movies'])})$`);
    expect(re.test('movies-7d9f8c6b5d-x2k4q')).toBe(true);
    expect(re.test('movies-x2k4q')).toBe(true);
    expect(re.test('movies-0')).toBe(true);
    expect(re.test('movies-v1-7d9f8c6b5d-x2k4q')).toBe(false);
    expect(podNameRegex(['a.b'])).toBe('a\\.b-(?:[a-z0-9]{1,10}-)?[a-z0-9]{5}|a\\.b-[0-9]+');
    expect(proxyPodMatchers('ns', ['a.b'])).toEqual([
      'container="istio-proxy"', 'namespace="ns"', 'pod=~"a\\\\.b-(?:[a-z0-9]{1,10}-)?[a-z0-9]{5}|a\\\\.b-[0-9]+"',
    ]);
    expect(proxyPodMatchers('ns')).toEqual(['container="istio-proxy"', 'namespace="ns"']);
  });

  it('rates over the step, but at least 4 scrape intervals', () => {
    expect(rateWindowMs(15_000, 1_000)).toBe(15_000);
    expect(rateWindowMs(15_000, 15_000)).toBe(60_000);
    expect(promDuration(60_000)).toBe('60s');
    expect(promDuration(1_500)).toBe('1500ms');
  });

  it('turns a matrix into aligned series, NaN and gaps as null', () => {
    const s = toSeries([{ metric: {}, values: [[1015, '2'], [1045, 'NaN'], [1060, '4']] }], 1_015_000, 15_000, 4);
    expect(s).toEqual({ startMs: 1_015_000, stepMs: 15_000, values: [2, null, null, 4] });
    expect(errorRateSeries({ ...s, values: [2, 0, null, 4] }, { ...s, values: [1, null, null, null] }).values).toEqual([0.5, null, null, 0]);
  });
});

// A tiny stand-in for Prometheus' HTTP API: canned answers, for parsing and error paths only.
describe('Prometheus adapter over HTTP', () => {
  let server: Server;
  let url: string;
  let answer: (query: string) => { status: number; body: string };
  const queries: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => { data += c.toString(); });
      req.on('end', () => {
        const params = new URLSearchParams(data);
        const query = params.get('query') ?? '';
        queries.push(`${req.url ?? ''} ${query} ${params.get('start') ?? ''} ${params.get('end') ?? ''} ${params.get('step') ?? ''}`);
        const a = answer(query);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const matrix = (values: [number, string][]) => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } });
  const range = { fromMs: 1_000_000, toMs: 1_060_000, stepMs: 15_000 };
  const entity = { kind: 'workload' as const, namespace: 'smm-demo', name: 'movies-v3' };

  it('asks query_range for the step ends and parses the series', async () => {
    queries.length = 0;
    answer = (q) => {
      if (q.startsWith('sum((')) return { status: 200, body: matrix([[1015, '1'], [1030, '0']]) };
      if (q.startsWith('histogram_quantile')) return { status: 200, body: matrix([[1015, '120'], [1030, 'NaN']]) };
      if (q.includes('istio_requests_total')) return { status: 200, body: matrix([[1015, '10'], [1030, '0'], [1045, '5'], [1060, '5']]) };
      return { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) };
    };
    const m = await new PrometheusTelemetry({ url, labelFilter: 'job="x"', scrapeIntervalMs: 1_000 }).entityMetrics({ entity, direction: 'inbound', range });
    expect(m.requestsPerSecond).toEqual({ startMs: 1_015_000, stepMs: 15_000, values: [10, 0, 5, 5] });
    expect(m.errorRate.values).toEqual([0.1, null, 0, 0]);
    expect(m.p95Ms.values).toEqual([120, null, null, null]);
    expect(m.tcpSentBytesPerSecond.values).toEqual([null, null, null, null]);
    expect(queries).toHaveLength(11);
    for (const q of queries) {
      expect(q).toMatch(/^\/api\/v1\/query_range .* 1015\.000 1060\.000 15\.000$/);
      expect(q).toContain('[15s]');
      expect(q).toContain('destination_workload="movies-v3", destination_workload_namespace="smm-demo", job="x"');
    }
  });

  it('reads sidecar CPU and memory, null when Prometheus has none', async () => {
    answer = (q) => (q.includes('container_')
      ? { status: 200, body: matrix([[1015, q.includes('cpu') ? '0.02' : '41943040']]) }
      : { status: 200, body: JSON.stringify({ status: 'success', data: { result: [] } }) });
    const telemetry = new PrometheusTelemetry({ url });
    const r = await telemetry.proxyResources(entity, range);
    expect(r!.cpuCores.values).toEqual([0.02, null, null, null]);
    expect(r!.memoryBytes.values).toEqual([41943040, null, null, null]);
    answer = () => ({ status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) });
    expect(await telemetry.proxyResources(entity, range)).toBeNull();
    // A service's pods come from the workloads Istio saw behind it; none seen: null.
    expect(await telemetry.proxyResources({ kind: 'service', namespace: 'smm-demo', name: 'movies' }, range)).toBeNull();
  });

  it('turns HTTP errors, refused queries and connection failures into TelemetryErrors naming server and query', async () => {
    const fail = async (t: PrometheusTelemetry): Promise<Error> =>
      t.entityMetrics({ entity, direction: 'inbound', range }).then(() => { throw new Error('no error'); }, (e: unknown) => e as Error);
    answer = () => ({ status: 503, body: 'overloaded' });
    let err = await fail(new PrometheusTelemetry({ url }));
    expect(err).toBeInstanceOf(TelemetryError);
    expect(err.message).toMatch(new RegExp(`^Prometheus at ${url} answered HTTP 503 \\(.*istio_.*\\)$`));
    answer = () => ({ status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }) });
    err = await fail(new PrometheusTelemetry({ url }));
    expect(err).toBeInstanceOf(TelemetryError);
    expect(err.message).toMatch(/refused the query: parse error at char 3 \(.*istio_.*\)/);
    answer = () => ({ status: 200, body: JSON.stringify({ status: 'error', error: 'query timed out' }) });
    expect((await fail(new PrometheusTelemetry({ url }))).message).toMatch(/refused the query: query timed out/);
    answer = () => ({ status: 200, body: '<html>proxy</html>' });
    expect((await fail(new PrometheusTelemetry({ url }))).message).toMatch(/not a Prometheus API response/);

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    err = await fail(new PrometheusTelemetry({ url: gone, timeoutMs: 2_000 }));
    expect(err).toBeInstanceOf(TelemetryError);
    expect(err.message).toMatch(new RegExp(`^Prometheus at ${gone} is unreachable: .*ECONNREFUSED.* \\(.*istio_.*\\)$`));
  });
});
