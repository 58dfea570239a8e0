import { describe, expect, it } from 'vitest';
import type { MeshModel, Service, Workload } from '../model/types.js';
import type { EdgeTraffic, TrafficSnapshot } from '../traffic/types.js';
import { buildTopology } from './build.js';
import type { Topology, TopologyOptions } from './types.js';

// Small builders: each test states only what it is about.
function workload(namespace: string, name: string, opts: Partial<Workload> = {}): Workload {
  return {
    cluster: 'c1', namespace, name, kind: 'Deployment', labels: {}, replicas: { desired: 1, current: 1, ready: 1, available: 1 },
    pods: [], serviceAccounts: [], sidecars: 'all', services: [], controllers: [], ...opts,
  };
}
function service(namespace: string, name: string, opts: Partial<Service> = {}): Service {
  return { cluster: 'c1', namespace, name, type: 'ClusterIP', ports: [], labels: {}, workloads: [], ...opts };
}
function model(workloads: Workload[], services: Service[] = []): MeshModel {
  return { clusters: [], namespaces: [], services, workloads, pods: [], nodes: [], controlPlanes: [], proxies: [] };
}
/** A call from `from` to `to` ("ns/name"), through `via` ("ns/name" of the service) when given. */
function call(from: string, to: string, opts: Partial<EdgeTraffic> & { via?: string; external?: string } = {}): EdgeTraffic {
  const [sns = '', sname = ''] = from.split('/');
  const [dns = '', dname = ''] = to.split('/');
  const { via, external, ...rest } = opts;
  const [vns = '', vname = ''] = via?.split('/') ?? [];
  return {
    source: { cluster: 'c1', namespace: sns, workload: sname },
    destination: {
      cluster: 'c1', namespace: dns, workload: dname,
      ...(via ? { service: { name: vname, namespace: vns, host: `${vname}.${vns}.svc.cluster.local` } } : {}),
      ...(external ? { external } : {}),
    },
    protocol: 'http', requestsPerSecond: 1, errorRate: 0, bytesPerSecond: 100, connectionsPerSecond: 0, mtls: 'mutual', ...rest,
  };
}
const snapshot = (edges: EdgeTraffic[]): TrafficSnapshot => ({ window: { fromMs: 0, toMs: 60_000 }, edges });
const build = (m: MeshModel, edges: EdgeTraffic[], options: Partial<TopologyOptions> = {}): Topology =>
  buildTopology(m, snapshot(edges), { show: {}, ...options });
const node = (t: Topology, id: string) => t.nodes.find((n) => n.id === id);
const edge = (t: Topology, source: string, target: string) => t.edges.find((e) => e.source === source && e.target === target);

describe('buildTopology: nodes', () => {
  it('shows every workload of the model, with or without traffic', () => {
    const t = build(model([workload('demo', 'idle'), workload('demo', 'busy', { app: 'busy', version: 'v1' })]), []);
    expect(t.nodes.map((n) => n.id)).toEqual(['wl:c1/demo/busy', 'wl:c1/demo/idle']);
    expect(node(t, 'wl:c1/demo/idle')).toMatchObject({ kind: 'workload', name: 'idle', namespace: 'demo', cluster: 'c1', rps: 0, errorRate: 0, health: 'unknown', sidecar: 'all', isVM: false });
    expect(node(t, 'wl:c1/demo/busy')).toMatchObject({ app: 'busy', version: 'v1' });
    expect(t.edges).toEqual([]);
  });

  it('marks gateways by their istio label or their name', () => {
    const t = build(model([
      workload('istio-system', 'istio-ingressgateway'),
      workload('gw', 'edge', { labels: { istio: 'egressgateway' } }),
      workload('demo', 'frontpage'),
    ]), []);
    expect(t.nodes.map((n) => [n.name, n.kind])).toEqual([['frontpage', 'workload'], ['edge', 'gateway'], ['istio-ingressgateway', 'gateway']]);
  });

  it('marks VM workloads (WorkloadGroup)', () => {
    const t = build(model([workload('demo', 'legacy', { kind: 'WorkloadGroup' })]), []);
    expect(node(t, 'wl:c1/demo/legacy')?.isVM).toBe(true);
  });

  it('attaches health and outliers from healthByNode, unknown otherwise', () => {
    const healthByNode = new Map([['wl:c1/demo/movies-v3', { health: 'failing' as const, outlier: { reason: 'error rate 40% vs peers 1%' } }]]);
    const t = build(model([workload('demo', 'movies-v3'), workload('demo', 'movies-v1')]), [], { healthByNode });
    expect(node(t, 'wl:c1/demo/movies-v3')).toMatchObject({ health: 'failing', outlier: { reason: 'error rate 40% vs peers 1%' } });
    expect(node(t, 'wl:c1/demo/movies-v1')).toMatchObject({ health: 'unknown' });
    expect(node(t, 'wl:c1/demo/movies-v1')?.outlier).toBeUndefined();
  });

  it('puts callers without identity on one unknown node per cluster', () => {
    const t = build(model([workload('demo', 'frontpage')]), [
      call('demo/unknown', 'demo/frontpage'),
      { ...call('x/unknown', 'demo/frontpage'), source: { cluster: 'c2', namespace: 'x', workload: 'unknown' } },
    ]);
    expect(t.nodes.filter((n) => n.kind === 'unknown').map((n) => n.id)).toEqual(['unknown:c1', 'unknown:c2']);
    expect(edge(t, 'unknown:c1', 'wl:c1/demo/frontpage')?.rps).toBe(1);
    expect(node(t, 'wl:c1/demo/frontpage')?.rps).toBe(2);
  });

  it('shows external destinations: ServiceEntry hosts, PassthroughCluster, BlackHoleCluster', () => {
    const t = build(model([workload('demo', 'payments')]), [
      call('demo/payments', 'unknown/unknown', { external: 'api.stripe.com', protocol: 'tcp', requestsPerSecond: 0, bytesPerSecond: 5000 }),
      call('demo/payments', 'unknown/unknown', { external: 'PassthroughCluster' }),
      call('demo/payments', 'unknown/unknown', { external: 'BlackHoleCluster', errorRate: 1 }),
    ]);
    expect(t.nodes.filter((n) => n.kind === 'external').map((n) => n.id)).toEqual(['ext:BlackHoleCluster', 'ext:PassthroughCluster', 'ext:api.stripe.com']);
    expect(edge(t, 'wl:c1/demo/payments', 'ext:api.stripe.com')).toMatchObject({ protocol: 'tcp', rps: 0, bytesPerSecond: 5000 });
    expect(node(t, 'ext:BlackHoleCluster')).toMatchObject({ errorRate: 1, cluster: 'c1' });
  });

  it('keeps ids URL-safe when names contain separators', () => {
    const t = build(model([]), [call('demo/a', 'unknown/unknown', { external: '*.example.com/x' })]);
    expect(t.nodes.map((n) => n.id)).toEqual(['ext:*.example.com%2Fx', 'wl:c1/demo/a']);
  });
});

describe('buildTopology: namespace filter', () => {
  it('keeps edges touching a selected namespace and their endpoints, drops the rest', () => {
    const m = model([workload('demo', 'bookings'), workload('db', 'postgresql'), workload('db', 'idle'), workload('other', 'x'), workload('other', 'y')]);
    const t = build(m, [call('demo/bookings', 'db/postgresql'), call('other/x', 'other/y')], { namespaces: ['demo'] });
    expect(t.nodes.map((n) => n.id)).toEqual(['wl:c1/db/postgresql', 'wl:c1/demo/bookings']);
    expect(t.edges.map((e) => e.id)).toEqual(['wl:c1/demo/bookings~wl:c1/db/postgresql~http']);
  });

  it('keeps inbound edges from other namespaces too', () => {
    const t = build(model([workload('demo', 'frontpage'), workload('istio-system', 'istio-ingressgateway')]),
      [call('istio-system/istio-ingressgateway', 'demo/frontpage')], { namespaces: ['demo'] });
    expect(t.nodes.map((n) => [n.id, n.kind])).toEqual([['wl:c1/demo/frontpage', 'workload'], ['wl:c1/istio-system/istio-ingressgateway', 'gateway']]);
    expect(t.edges).toHaveLength(1);
  });

  it('treats an empty list as no filter', () => {
    const t = build(model([workload('a', 'x'), workload('b', 'y')]), [], { namespaces: [] });
    expect(t.nodes).toHaveLength(2);
  });
});

describe('buildTopology: edges and aggregation', () => {
  const m = model([workload('demo', 'frontpage'), workload('demo', 'bookings'), workload('demo', 'movies-v1'), workload('demo', 'movies-v2')], [service('demo', 'movies')]);
  const traffic = [
    call('demo/frontpage', 'demo/movies-v1', { via: 'demo/movies', requestsPerSecond: 30, errorRate: 0, p95Ms: 20, p50Ms: 5 }),
    call('demo/frontpage', 'demo/movies-v2', { via: 'demo/movies', requestsPerSecond: 10, errorRate: 0.4, p95Ms: 80, p50Ms: 9 }),
    call('demo/bookings', 'demo/movies-v2', { via: 'demo/movies', requestsPerSecond: 10, errorRate: 0, p95Ms: 50, mtls: 'plaintext' }),
  ];

  it('routes through service nodes: caller → service → workload, with summed rps and request-weighted error rate', () => {
    const t = build(m, traffic, { show: { services: true } });
    const intoService = edge(t, 'wl:c1/demo/frontpage', 'svc:c1/demo/movies');
    expect(intoService?.rps).toBe(40);
    expect(intoService?.errorRate).toBeCloseTo(4 / 40); // 10 rps × 40 % of 40 rps, not the mean 20 %
    expect(intoService?.p95).toBe(80); // upper bound: the max of the merged p95s
    expect(intoService?.p50).toBe(9);
    const toV2 = edge(t, 'svc:c1/demo/movies', 'wl:c1/demo/movies-v2');
    expect(toV2?.rps).toBe(20);
    expect(toV2?.errorRate).toBeCloseTo(4 / 20);
    expect(edge(t, 'svc:c1/demo/movies', 'wl:c1/demo/movies-v1')?.rps).toBe(30);
    expect(edge(t, 'wl:c1/demo/frontpage', 'wl:c1/demo/movies-v1')).toBeUndefined();
    expect(node(t, 'svc:c1/demo/movies')).toMatchObject({ kind: 'service', rps: 50, p95Ms: 80 });
    expect(node(t, 'svc:c1/demo/movies')?.errorRate).toBeCloseTo(4 / 50);
    expect(node(t, 'wl:c1/demo/movies-v2')?.errorRate).toBeCloseTo(4 / 20);
  });

  it('connects workloads directly without service nodes, merging several services between one pair', () => {
    const t = build(m, [
      ...traffic,
      call('demo/frontpage', 'demo/movies-v2', { via: 'demo/movies-canary', requestsPerSecond: 5, errorRate: 0.2 }),
    ]);
    expect(t.nodes.some((n) => n.kind === 'service')).toBe(false);
    const e = edge(t, 'wl:c1/demo/frontpage', 'wl:c1/demo/movies-v2');
    expect(e?.rps).toBe(15);
    expect(e?.errorRate).toBeCloseTo((4 + 1) / 15);
    expect(t.edges).toHaveLength(3);
  });

  it('reports mTLS mixed when merged edges differ, and keeps agreeing states', () => {
    const t = build(m, traffic, { show: { services: true } });
    expect(edge(t, 'svc:c1/demo/movies', 'wl:c1/demo/movies-v2')?.mtls).toBe('mixed');
    expect(edge(t, 'svc:c1/demo/movies', 'wl:c1/demo/movies-v1')?.mtls).toBe('mutual');
    expect(edge(t, 'wl:c1/demo/bookings', 'svc:c1/demo/movies')?.mtls).toBe('plaintext');
  });

  it('gives nodes the inbound p50/p99 upper bounds and the TCP connection and byte rates', () => {
    const t = build(m, [
      call('demo/frontpage', 'demo/movies-v1', { p50Ms: 5, p95Ms: 20, p99Ms: 40, bytesPerSecond: 100 }),
      call('demo/bookings', 'demo/movies-v1', { p50Ms: 7, p95Ms: 15, p99Ms: 90, bytesPerSecond: 50 }),
      call('demo/frontpage', 'demo/bookings', { protocol: 'tcp', requestsPerSecond: 0, connectionsPerSecond: 2.5, bytesPerSecond: 400 }),
    ]);
    expect(node(t, 'wl:c1/demo/movies-v1')).toMatchObject({ p50Ms: 7, p95Ms: 20, p99Ms: 90, connectionsPerSecond: 0, bytesPerSecond: 150 });
    expect(node(t, 'wl:c1/demo/bookings')).toMatchObject({ rps: 0, connectionsPerSecond: 2.5, bytesPerSecond: 400 });
    expect(node(t, 'wl:c1/demo/movies-v2')).toMatchObject({ connectionsPerSecond: 0, bytesPerSecond: 0 });
    expect(node(t, 'wl:c1/demo/movies-v2')?.p50Ms).toBeUndefined();
  });

  it('keeps different protocols between one pair as separate edges', () => {
    const t = build(m, [call('demo/frontpage', 'demo/bookings'), call('demo/frontpage', 'demo/bookings', { protocol: 'grpc' })]);
    expect(t.edges.map((e) => e.protocol)).toEqual(['grpc', 'http']);
  });

  it('shows idle services of the model with services on', () => {
    const t = build(model([], [service('demo', 'quiet')]), [], { show: { services: true } });
    expect(t.nodes.map((n) => n.id)).toEqual(['svc:c1/demo/quiet']);
  });
});

describe('buildTopology: groups', () => {
  const m = model([workload('demo', 'movies-v1', { app: 'movies' }), workload('demo', 'movies-v2', { app: 'movies' }), workload('demo', 'frontpage')]);
  const traffic = [call('demo/frontpage', 'demo/movies-v1', { requestsPerSecond: 3 }), call('demo/frontpage', 'demo/movies-v2', { requestsPerSecond: 1, errorRate: 1 })];

  it('nests app → namespace → cluster when all are shown', () => {
    const t = build(m, traffic, { show: { apps: true, namespaces: true, clusters: true } });
    expect(node(t, 'wl:c1/demo/movies-v1')?.parent).toBe('app:c1/demo/movies');
    expect(node(t, 'wl:c1/demo/frontpage')?.parent).toBe('ns:c1/demo'); // no app label
    expect(node(t, 'app:c1/demo/movies')).toMatchObject({ kind: 'app', parent: 'ns:c1/demo', rps: 4, errorRate: 0.25 });
    expect(node(t, 'ns:c1/demo')).toMatchObject({ kind: 'namespace', parent: 'cl:c1', rps: 4 });
    expect(node(t, 'cl:c1')).toMatchObject({ kind: 'cluster', rps: 4 });
    expect(node(t, 'cl:c1')?.parent).toBeUndefined();
  });

  it('skips hidden levels: workloads go straight to the cluster with only clusters shown', () => {
    const t = build(m, traffic, { show: { clusters: true } });
    expect(node(t, 'wl:c1/demo/movies-v1')?.parent).toBe('cl:c1');
    expect(t.nodes.filter((n) => n.kind !== 'workload').map((n) => n.id)).toEqual(['cl:c1']);
  });

  it('sets no parents when no group is shown', () => {
    const t = build(m, traffic);
    expect(t.nodes.every((n) => n.parent === undefined)).toBe(true);
  });
});

describe('buildTopology: determinism', () => {
  /** Deterministic shuffle (mulberry32), so a failure can be replayed. */
  function shuffled<T>(items: T[], seed: number): T[] {
    let s = seed;
    const rand = (): number => {
      s = (s + 0x6d2b79f5) | 0;
      let r = Math.imul(s ^ (s >>> 15), 1 | s);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('gives identical output for shuffled input', () => {
    const workloads = Array.from({ length: 30 }, (_, i) => workload(`ns${i % 4}`, `w${i}`, { app: `a${i % 7}` }));
    const services = Array.from({ length: 7 }, (_, i) => service(`ns${i % 4}`, `s${i}`));
    // Awkward floats on purpose: their sums depend on the order unless the builder fixes it.
    const edges = Array.from({ length: 200 }, (_, i) => call(`ns${i % 4}/w${i % 30}`, `ns${(i * 7) % 4}/w${(i * 13) % 30}`, {
      via: `ns${i % 4}/s${i % 7}`, requestsPerSecond: 0.1 * ((i * 37) % 11) + 1e-7 * i, errorRate: ((i * 17) % 10) / 30, p95Ms: (i * 31) % 97,
      mtls: i % 9 === 0 ? 'plaintext' : 'mutual',
    }));
    const options: TopologyOptions = { show: { services: true, apps: true, namespaces: true, clusters: true }, namespaces: ['ns1', 'ns2'] };
    const expected = JSON.stringify(buildTopology(model(workloads, services), snapshot(edges), options));
    for (const seed of [1, 2, 3]) {
      const again = buildTopology(model(shuffled(workloads, seed), shuffled(services, seed)), snapshot(shuffled(edges, seed)), options);
      expect(JSON.stringify(again)).toBe(expected);
    }
  });
});
