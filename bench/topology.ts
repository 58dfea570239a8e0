// Topology builder on a synthetic mesh: 10,000 workloads in 100 namespaces, ~2,000 services and
// 50,000 traffic edges (a seeded PRNG, so every run builds the same mesh). Prints the median
// build time with and without service nodes and the heap the result keeps; targets: under
// 300 ms and 300 MB.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MeshModel, Service, Workload } from '../src/core/model/types.js';
import type { EdgeTraffic, MtlsState, TrafficProtocol, TrafficSnapshot } from '../src/core/traffic/types.js';
import { buildTopology, type Topology, type TopologyOptions } from '../src/core/topology/index.js';
import { prng } from './lib/prng.js';

const WORKLOADS = 10_000;
const NAMESPACES = 100;
const SERVICES_PER_NAMESPACE = 20; // 2,000 services, ~5 workloads (versions) each
const EDGES = 50_000;
const RUNS = 5;
const TARGET_MS = 300;
const TARGET_MB = 300;

interface SyntheticMesh {
  model: MeshModel;
  traffic: TrafficSnapshot;
}

function generateMesh(seed: number): SyntheticMesh {
  const rand = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
  const cluster = 'primary';
  const workloads: Workload[] = [];
  const services: Service[] = [];
  const perNamespace = WORKLOADS / NAMESPACES;
  const perService = perNamespace / SERVICES_PER_NAMESPACE;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `ns-${n}`;
    for (let s = 0; s < SERVICES_PER_NAMESPACE; s++) {
      const app = `app-${s}`;
      const members: Workload[] = [];
      for (let v = 0; v < perService; v++) {
        const name = `${app}-v${v}`;
        members.push({
          cluster, namespace, name, kind: 'Deployment', app, version: `v${v}`, labels: { app, version: `v${v}` },
          replicas: { desired: 2, current: 2, ready: 2, available: 2 }, pods: [], serviceAccounts: [app],
          sidecars: 'all', services: [app], controllers: [{ kind: 'Deployment', name }],
        });
      }
      workloads.push(...members);
      services.push({
        cluster, namespace, name: app, type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'HTTP', protocolSource: 'name' }],
        selector: { app }, labels: { app }, workloads: members.map((w) => ({ cluster, namespace, kind: w.kind, name: w.name })),
      });
    }
  }
  const externals = ['api.example.com', 'db.example.net', 'PassthroughCluster', 'BlackHoleCluster'];
  const protocols: TrafficProtocol[] = ['http', 'http', 'http', 'grpc', 'tcp'];
  const mtlsStates: MtlsState[] = ['mutual', 'mutual', 'mutual', 'plaintext'];
  const edges: EdgeTraffic[] = [];
  for (let i = 0; i < EDGES; i++) {
    const from = pick(workloads);
    const protocol = pick(protocols);
    const r = rand();
    const source = r < 0.01
      ? { cluster, namespace: from.namespace, workload: 'unknown' }
      : { cluster, namespace: from.namespace, workload: from.name, app: from.app, version: from.version };
    let destination: EdgeTraffic['destination'];
    if (r > 0.99) {
      destination = { cluster: 'unknown', namespace: 'unknown', workload: 'unknown', external: pick(externals) };
    } else {
      // Mostly calls within the namespace, some across.
      const local = rand() < 0.7;
      const svc = local ? services[Number(from.namespace.slice('ns-'.length)) * SERVICES_PER_NAMESPACE + Math.floor(rand() * SERVICES_PER_NAMESPACE)]! : pick(services);
      const to = pick(svc.workloads);
      destination = {
        cluster, namespace: to.namespace, workload: to.name, app: svc.name,
        service: { name: svc.name, namespace: svc.namespace, host: `${svc.name}.${svc.namespace}.svc.cluster.local` },
      };
    }
    const rps = protocol === 'tcp' ? 0 : Math.round(rand() * 10_000) / 100;
    edges.push({
      source, destination, protocol, requestsPerSecond: rps, errorRate: rand() < 0.9 ? 0 : rand() * 0.2,
      ...(protocol === 'tcp' ? {} : { p50Ms: 1 + rand() * 20, p95Ms: 20 + rand() * 200, p99Ms: 200 + rand() * 800 }),
      bytesPerSecond: rand() * 1e6, connectionsPerSecond: protocol === 'tcp' ? rand() * 10 : 0, mtls: pick(mtlsStates),
    });
  }
  const model: MeshModel = {
    clusters: [{ name: cluster, namespaces: NAMESPACES, nodes: 50, controlPlanes: ['istio-system/cp-v115x'] }],
    namespaces: [], services, workloads, pods: [], nodes: [], controlPlanes: [], proxies: [],
  };
  return { model, traffic: { window: { fromMs: 0, toMs: 60_000 }, edges } };
}

/** A callable gc: `--expose-gc` can be turned on at run time, then `gc` read from a fresh context. */
function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeBuilds(mesh: SyntheticMesh, options: TopologyOptions): { ms: number; topology: Topology } {
  let topology = buildTopology(mesh.model, mesh.traffic, options); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    topology = buildTopology(mesh.model, mesh.traffic, options);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), topology };
}

const mb = (bytes: number): number => bytes / (1024 * 1024);

export async function main(): Promise<void> {
  const gc = exposeGc();
  const mesh = generateMesh(42);
  const plainOptions: TopologyOptions = { show: { apps: true, namespaces: true, clusters: true } };
  const servicesOptions: TopologyOptions = { show: { apps: true, namespaces: true, clusters: true, services: true } };
  const plain = timeBuilds(mesh, plainOptions);
  const withServices = timeBuilds(mesh, servicesOptions);

  // Memory of one build with services (the larger graph): heap before and after, the result
  // kept alive. With gc, `retained` is what the topology keeps; `allocated` (no gc in between)
  // also counts the garbage of the build, an upper bound of its transient need.
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let kept: Topology | undefined = buildTopology(mesh.model, mesh.traffic, servicesOptions);
  const buildMs = performance.now() - t0;
  const allocated = process.memoryUsage().heapUsed - before;
  gc?.();
  const retained = process.memoryUsage().heapUsed - before;
  const counts = `${kept.nodes.length} nodes, ${kept.edges.length} edges`;
  kept = undefined;

  const heapMb = mb(gc ? retained : allocated);
  const ok = plain.ms < TARGET_MS && withServices.ms < TARGET_MS && mb(Math.max(allocated, retained)) < TARGET_MB;
  process.stdout.write(`mesh: ${mesh.model.workloads.length} workloads, ${mesh.model.services.length} services, ${mesh.traffic.edges.length} traffic edges\n`);
  process.stdout.write(`without services: median ${plain.ms.toFixed(1)} ms over ${RUNS} runs (${plain.topology.nodes.length} nodes, ${plain.topology.edges.length} edges)\n`);
  process.stdout.write(`with services:    median ${withServices.ms.toFixed(1)} ms over ${RUNS} runs (${counts}; measured build ${buildMs.toFixed(1)} ms)\n`);
  process.stdout.write(gc
    ? `heap: ${mb(retained).toFixed(1)} MB retained by the result after gc, ${mb(allocated).toFixed(1)} MB allocated during the build\n`
    : `heap: no gc available; ${mb(allocated).toFixed(1)} MB heapUsed growth during the build (includes garbage)\n`);
  process.stdout.write(`targets: < ${TARGET_MS} ms and < ${TARGET_MB} MB: ${ok ? 'met' : 'MISSED'}\n`);
  process.stdout.write(`topology: workloads=${mesh.model.workloads.length} edges=${mesh.traffic.edges.length} build_ms=${plain.ms.toFixed(1)} build_services_ms=${withServices.ms.toFixed(1)} heap_mb=${heapMb.toFixed(1)} heap_alloc_mb=${mb(allocated).toFixed(1)} gc=${gc ? 'yes' : 'no'} targets=${ok ? 'met' : 'missed'}\n`);
  if (!ok) process.exitCode = 1;
}
