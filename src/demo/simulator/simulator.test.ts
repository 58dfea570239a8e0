import { describe, expect, it } from 'vitest';
import { DEMO_APP, defineDemoApp } from '../app.js';
import { ENVOY_DEFAULT_BUCKETS, histogramQuantile } from './buckets.js';
import { renderLabels } from './exposition.js';
import { TrafficSimulator, windowErrorRate, windowQuantileMs, windowRps, type Clock } from './simulator.js';

// --- a small, strict parser for the text exposition format 0.0.4 --------------------------

interface Sample {
  /** The series as written: name and label set, without the value. */
  series: string;
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  types: Map<string, string>;
  helps: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;

function unescape(v: string): string {
  return v.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const at = LABEL.lastIndex;
    const m = LABEL.exec(text);
    if (!m) throw new Error(`bad labels at: ${text.slice(at, at + 60)}`);
    if (m[1]! in out) throw new Error(`duplicate label ${m[1]!}`);
    out[m[1]!] = unescape(m[2]!);
  }
  return out;
}

function familyOf(name: string, types: Map<string, string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === 'histogram') return base;
  }
  return name;
}

function parseExposition(text: string): Exposition {
  expect(text.endsWith('\n')).toBe(true);
  const out: Exposition = { types: new Map(), helps: new Map(), samples: [] };
  for (const line of text.slice(0, -1).split('\n')) {
    const help = HELP_LINE.exec(line);
    const type = TYPE_LINE.exec(line);
    const sample = SAMPLE_LINE.exec(line);
    if (help) out.helps.set(help[1]!, help[2]!);
    else if (type) out.types.set(type[1]!, type[2]!);
    else if (sample) {
      const value = sample[3] === '+Inf' ? Infinity : Number(sample[3]);
      if (Number.isNaN(value)) throw new Error(`bad value: ${line}`);
      const name = sample[1]!;
      if (!out.types.has(familyOf(name, out.types))) throw new Error(`sample before its TYPE: ${name}`);
      out.samples.push({ series: line.slice(0, line.lastIndexOf(' ')), name, labels: parseLabels(sample[2] ?? ''), value });
    } else throw new Error(`not exposition format: ${line.slice(0, 80)}`);
  }
  return out;
}

/** Series identity without the family suffix and `le`: what a histogram's lines share. */
function histogramKey(s: Sample): string {
  return s.series.replace(/^(\w+?)_(bucket|sum|count)\{/, '$1{').replace(/,le="[^"]*"\}$/, '}');
}

function sum(samples: Sample[], name: string, match: Record<string, string>, filter: (s: Sample) => boolean = () => true): number {
  return samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v) && filter(s))
    .reduce((acc, s) => acc + s.value, 0);
}

// --- fixtures ------------------------------------------------------------------------------

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const MIN = 60_000;
const movable = (t: number): Clock & { t: number } => {
  const c = { t, now: () => c.t };
  return c;
};

// One 30-minute run without bursts, shared by the statistical checks (windows do not mutate it).
const steady = new TrafficSimulator({ seed: 11, clock: { now: () => T0 }, faults: false });
const FROM = T0 - 30 * MIN;

const HTTP_FAMILIES = ['istio_requests_total', 'istio_request_duration_milliseconds', 'istio_request_bytes', 'istio_response_bytes'];
const TCP_FAMILIES = ['istio_tcp_sent_bytes_total', 'istio_tcp_received_bytes_total', 'istio_tcp_connections_opened_total', 'istio_tcp_connections_closed_total'];
/** cAdvisor's families for the sidecars' resource use (see proxy-resources.ts). */
const PROXY_FAMILIES = ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'];

describe('traffic simulator: exposition', () => {
  const text = new TrafficSimulator({ seed: 2, clock: { now: () => T0 }, backfillMs: 5 * MIN }).renderPrometheusText(T0);
  const parsed = parseExposition(text);

  it('parses as text format 0.0.4 with every Istio family, typed and documented', () => {
    expect(parsed.types.get('istio_requests_total')).toBe('counter');
    for (const f of HTTP_FAMILIES.slice(1)) expect(parsed.types.get(f)).toBe('histogram');
    for (const f of TCP_FAMILIES) expect(parsed.types.get(f)).toBe('counter');
    expect([...parsed.helps.keys()].sort()).toEqual([...HTTP_FAMILIES, ...TCP_FAMILIES, ...PROXY_FAMILIES].sort());
    expect(parsed.types.get('container_cpu_usage_seconds_total')).toBe('counter');
    expect(parsed.types.get('container_memory_working_set_bytes')).toBe('gauge');
  });

  it('has series from both reporters in every family', () => {
    for (const family of [...HTTP_FAMILIES, ...TCP_FAMILIES]) {
      const reporters = new Set(parsed.samples.filter((s) => familyOf(s.name, parsed.types) === family).map((s) => s.labels.reporter));
      expect(reporters, family).toEqual(new Set(['source', 'destination']));
    }
  });

  it("labels series as Istio does", () => {
    const dest = parsed.samples.find((s) => s.name === 'istio_requests_total' && s.labels.reporter === 'destination' && s.labels.destination_workload === 'movies-v2')!;
    expect(dest.labels).toMatchObject({
      source_workload: 'catalog-v1', source_workload_namespace: 'smm-demo', source_app: 'catalog', source_version: 'v1',
      source_principal: 'spiffe://cluster.local/ns/smm-demo/sa/catalog', source_cluster: 'demo-cluster',
      destination_workload_namespace: 'smm-demo', destination_app: 'movies', destination_version: 'v2',
      destination_service: 'movies.smm-demo.svc.cluster.local', destination_service_name: 'movies', destination_service_namespace: 'smm-demo',
      destination_principal: 'spiffe://cluster.local/ns/smm-demo/sa/movies', destination_cluster: 'demo-cluster',
      request_protocol: 'http', response_code: '200', grpc_response_status: '', response_flags: '-', connection_security_policy: 'mutual_tls',
    });
    const src = parsed.samples.find((s) => s.name === 'istio_requests_total' && s.labels.reporter === 'source' && s.labels.destination_workload === 'database-v1')!;
    expect(src.labels).toMatchObject({ request_protocol: 'grpc', grpc_response_status: '0', connection_security_policy: 'unknown' });
    const tcp = parsed.samples.find((s) => s.name === 'istio_tcp_sent_bytes_total' && s.labels.destination_workload === 'mysql')!;
    expect(tcp.labels).toMatchObject({ request_protocol: 'tcp', destination_service: 'mysql.smm-demo.svc.cluster.local' });
    expect(tcp.labels).not.toHaveProperty('response_code');
  });

  it('writes histograms with the default buckets, cumulative, +Inf equal to _count', () => {
    const les = [...ENVOY_DEFAULT_BUCKETS.map(String), '+Inf'];
    for (const family of HTTP_FAMILIES.slice(1)) {
      const buckets = new Map<string, Sample[]>();
      const counts = new Map<string, number>();
      const sums = new Set<string>();
      for (const s of parsed.samples) {
        if (s.name === `${family}_bucket`) buckets.set(histogramKey(s), [...(buckets.get(histogramKey(s)) ?? []), s]);
        if (s.name === `${family}_count`) counts.set(histogramKey(s), s.value);
        if (s.name === `${family}_sum`) sums.add(histogramKey(s));
      }
      expect(buckets.size).toBeGreaterThan(10);
      for (const [key, series] of buckets) {
        expect(series.map((s) => s.labels.le)).toEqual(les);
        for (let i = 1; i < series.length; i++) expect(series[i]!.value).toBeGreaterThanOrEqual(series[i - 1]!.value);
        expect(counts.get(key)).toBe(series[series.length - 1]!.value);
        expect(sums.has(key)).toBe(true);
      }
    }
  });

  it('escapes label values', () => {
    const rendered = renderLabels([['a', 'x"y\\z\nw'], ['b', '']]);
    expect(rendered).toBe('a="x\\"y\\\\z\\nw",b=""');
    expect(parseLabels(rendered)).toEqual({ a: 'x"y\\z\nw', b: '' });
  });
});

describe('traffic simulator: determinism and counters', () => {
  const run = (seed: number) => new TrafficSimulator({ seed, clock: { now: () => T0 }, backfillMs: 3 * MIN }).renderPrometheusText(T0);

  it('gives identical text for the same seed and different text for another', () => {
    const a = run(5);
    expect(run(5)).toBe(a);
    expect(run(6)).not.toBe(a);
  });

  it('keeps counters monotonic across scrapes and refuses to rewind', () => {
    const clock = movable(T0);
    const sim = new TrafficSimulator({ seed: 9, clock, backfillMs: 3 * MIN, faults: { burstsPerHour: 12, slotMs: 60_000 } });
    const first = parseExposition(sim.renderPrometheusText());
    clock.t += 37_000;
    const second = new Map(parseExposition(sim.renderPrometheusText()).samples.map((s) => [s.series, s.value]));
    let grew = 0;
    // Counters and histograms only: the sidecars' working set is a gauge and may go down.
    for (const s of first.samples.filter((x) => first.types.get(familyOf(x.name, first.types)) !== 'gauge')) {
      const later = second.get(s.series);
      expect(later, s.series).toBeDefined();
      expect(later!).toBeGreaterThanOrEqual(s.value);
      if (later! > s.value) grew++;
    }
    expect(grew).toBeGreaterThan(first.samples.length / 4);
    expect(() => sim.renderPrometheusText(T0)).toThrow(RangeError);
  });

  it('computes each tick as a pure function of seed, tick and edge', () => {
    const late = new TrafficSimulator({ seed: 11, clock: { now: () => T0 }, backfillMs: MIN, faults: false });
    const tick = T0 / 1000 - 10;
    expect(late.sampleTick('catalog-v1->movies-v3', tick)).toEqual(steady.sampleTick('catalog-v1->movies-v3', tick));
    const recorded = steady.edgeWindow('catalog-v1->movies-v3', tick * 1000, tick * 1000 + 1000);
    const sample = steady.sampleTick('catalog-v1->movies-v3', tick);
    expect(recorded.requests).toBe(sample.requests.filter((g) => g.reporter === 'destination').reduce((n, g) => n + g.count, 0));
  });

  it('answers window queries with the difference of the cumulative counters', () => {
    const clock = movable(T0);
    const sim = new TrafficSimulator({ seed: 4, clock, backfillMs: 2 * MIN });
    const before = parseExposition(sim.renderPrometheusText()).samples;
    clock.t += 2 * MIN;
    const after = parseExposition(sim.renderPrometheusText()).samples;
    const diff = (name: string, match: Record<string, string>, filter?: (s: Sample) => boolean) => sum(after, name, match, filter) - sum(before, name, match, filter);

    const edge = { reporter: 'destination', source_workload: 'catalog-v1', destination_workload: 'movies-v3' };
    const w = sim.edgeWindow('catalog-v1->movies-v3', T0, clock.t);
    expect(w.seconds).toBe(120);
    expect(w.requests).toBeGreaterThan(0);
    expect(w.requests).toBe(diff('istio_requests_total', edge));
    expect(w.errors).toBe(diff('istio_requests_total', edge, (s) => s.labels.response_code!.startsWith('5')));
    ENVOY_DEFAULT_BUCKETS.forEach((le, i) => {
      expect(w.duration.cumulative[i]).toBe(diff('istio_request_duration_milliseconds_bucket', { ...edge, le: String(le) }));
    });
    expect(w.duration.sumMs).toBeCloseTo(diff('istio_request_duration_milliseconds_sum', edge), -1);
    expect(w.responseBytes).toBe(diff('istio_response_bytes_sum', edge));

    const tcpEdge = { reporter: 'source', source_workload: 'database-v1', destination_workload: 'mysql' };
    const t = sim.edgeWindow('database-v1->mysql', T0, clock.t, 'source');
    expect(t.tcp.sentBytes).toBe(diff('istio_tcp_sent_bytes_total', tcpEdge));
    expect(t.tcp.receivedBytes).toBe(diff('istio_tcp_received_bytes_total', tcpEdge));
    expect(t.tcp.opened).toBe(diff('istio_tcp_connections_opened_total', tcpEdge));
    expect(t.tcp.closed).toBe(diff('istio_tcp_connections_closed_total', tcpEdge));
  });

  it('clips windows to the retention', () => {
    const sim = new TrafficSimulator({ seed: 1, clock: { now: () => T0 }, backfillMs: 3 * MIN, retentionMs: MIN });
    const w = sim.edgeWindow('bombardier->frontpage-v1', T0 - 3 * MIN, T0);
    expect([w.fromMs, w.toMs, w.seconds]).toEqual([T0 - MIN, T0, 60]);
    expect(() => sim.edgeWindow('nope', T0 - MIN, T0)).toThrow(/unknown demo edge/);
  });
});

describe('traffic simulator: the traffic itself', () => {
  it('keeps the entry rate between minRPS and maxRPS, swinging over the period', () => {
    const series = steady.edgeSeries('bombardier->frontpage-v1', FROM, T0, 10_000);
    expect(series).toHaveLength(180);
    const rps = series.map(windowRps);
    for (const r of rps) {
      expect(r).toBeGreaterThanOrEqual(10 * 0.85);
      expect(r).toBeLessThanOrEqual(30 * 1.15);
    }
    // 30 minutes cover the whole 23-minute swing: both ends are reached.
    expect(Math.min(...rps)).toBeLessThan(13);
    expect(Math.max(...rps)).toBeGreaterThan(27);
  });

  it('multiplies load along the call graph by each edge fan-out', () => {
    const total = (id: string) => steady.edgeWindow(id, FROM, T0).requests;
    const intoFrontpage = total('bombardier->frontpage-v1') + total('smm-ingressgateway->frontpage-v1');
    expect(total('frontpage-v1->catalog-v1') / intoFrontpage).toBeCloseTo(1, 1);
    const movies = total('catalog-v1->movies-v1') + total('catalog-v1->movies-v2') + total('catalog-v1->movies-v3');
    expect(movies / total('frontpage-v1->catalog-v1')).toBeCloseTo(1.5, 1);
    expect(total('catalog-v1->movies-v3') / movies).toBeCloseTo(0.2, 1);
  });

  it('fails movies-v3 at its configured rate and nothing else', () => {
    for (const e of steady.edges.filter((x) => x.protocol !== 'tcp')) {
      const w = steady.edgeWindow(e.id, FROM, T0);
      if (e.destination === 'movies-v3') expect(Math.abs(windowErrorRate(w) - 0.05)).toBeLessThan(0.012);
      else expect(w.errors, e.id).toBe(0);
    }
  });

  it('gives services their own latencies', () => {
    const p50 = (id: string) => windowQuantileMs(steady.edgeWindow(id, FROM, T0), 0.5);
    const frontpage = p50('bombardier->frontpage-v1');
    const catalog = p50('frontpage-v1->catalog-v1');
    const analytics = p50('bookings-v1->analytics-v1');
    const database = p50('analytics-v1->database-v1');
    expect(frontpage).toBeGreaterThan(catalog);
    expect(catalog).toBeGreaterThan(analytics);
    expect(analytics).toBeGreaterThan(database);
    expect(frontpage).toBeGreaterThan(80);
    expect(frontpage).toBeLessThan(300);
    const v3 = steady.edgeWindow('catalog-v1->movies-v3', FROM, T0);
    expect(windowQuantileMs(v3, 0.99)).toBeGreaterThan(windowQuantileMs(steady.edgeWindow('catalog-v1->movies-v1', FROM, T0), 0.99));
  });

  it('reports only the destination side for a caller without a proxy', () => {
    const app = defineDemoApp({ ...DEMO_APP, workloads: DEMO_APP.workloads.map((w) => (w.name === 'bombardier' ? { ...w, proxy: 'none' as const } : w)) });
    const sim = new TrafficSimulator({ app, seed: 1, clock: { now: () => T0 }, backfillMs: MIN });
    const samples = parseExposition(sim.renderPrometheusText()).samples.filter((s) => s.name === 'istio_requests_total' && s.labels.source_workload === 'bombardier');
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.labels).toMatchObject({ reporter: 'destination', source_principal: 'unknown', connection_security_policy: 'none' });
    }
    expect(sim.edgeWindow('bombardier->frontpage-v1', T0 - MIN, T0).reporter).toBe('destination');
  });

  it('adds rare, seeded fault bursts that the right reporters see', () => {
    const faults = { burstsPerHour: 12, slotMs: 5 * MIN }; // one burst per workload per slot
    const make = () => new TrafficSimulator({ seed: 21, clock: { now: () => T0 }, backfillMs: 10 * MIN, faults });
    const sim = make();
    const bursts = sim.faultBursts(T0 - 10 * MIN, T0);
    expect(make().faultBursts(T0 - 10 * MIN, T0)).toEqual(bursts);
    expect(new Set(bursts.map((b) => b.workload)).has('bombardier')).toBe(false); // nothing calls it

    const reset = bursts.find((b) => b.kind === 'upstream-reset' && sim.edges.some((e) => e.destination === b.workload && e.protocol !== 'tcp'));
    expect(reset).toBeDefined();
    const edge = sim.edges.find((e) => e.destination === reset!.workload && e.protocol !== 'tcp')!;
    const atSource = sim.edgeWindow(edge.id, reset!.startMs, reset!.endMs, 'source');
    const atDestination = sim.edgeWindow(edge.id, reset!.startMs, reset!.endMs, 'destination');
    expect(atSource.errors).toBeGreaterThan(0);
    expect(atSource.requests - atDestination.requests).toBe(atSource.errors - atDestination.errors);
    expect(sim.renderPrometheusText()).toContain('response_flags="UF,URX"');

    const overload = bursts.find((b) => b.kind === 'overload');
    if (overload) {
      const into = sim.edges.find((e) => e.destination === overload.workload && e.protocol !== 'tcp')!;
      expect(sim.edgeWindow(into.id, overload.startMs, overload.endMs).errors).toBeGreaterThan(0);
    }
  });
});

describe('histogramQuantile', () => {
  it('interpolates inside the bucket like PromQL', () => {
    expect(histogramQuantile(0.5, [10, 20], [0, 10, 10])).toBe(15);
    expect(histogramQuantile(0.5, [10, 20], [4, 4, 4])).toBe(5);
    expect(histogramQuantile(0.99, [10, 20], [0, 0, 5])).toBe(20);
    expect(histogramQuantile(0.5, [10], [0, 0])).toBeNaN();
  });
});
