// The topology page on a synthetic mesh of 1,000 workloads and 3,000 call edges, in headless
// Chromium. The real server answers the real GraphQL query from a generated mesh model and a
// stub telemetry source (so the server-side topology builder runs too), and the built dashboard
// draws it. Prints the time from navigation to the first complete render (the page marks
// `topology-rendered` after layout and the first draw; target under 2 s) and the frame rate while
// the view pans for about 3 s (requestAnimationFrame counts; target 30 fps or more).
//
// Options: --nodes N --edges N --pan-ms N --dashboard DIR (a built dashboard; else web/ is built
// into a temporary directory first, so the numbers are for the current code).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeshModel, Service, Workload } from '../src/core/model/types.js';
import type { EdgeTraffic, MtlsState, TrafficProtocol, TrafficSnapshot } from '../src/core/traffic/types.js';
import type { MeshBackend } from '../src/server/backend.js';
import { startServer } from '../src/server/http-server.js';
import type { TelemetryPort } from '../src/telemetry/port.js';
import { launchBrowser } from '../test/browser/harness.js';
import { prng } from './lib/prng.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TARGET_RENDER_MS = 2000;
const TARGET_FPS = 30;
const CLUSTER = 'bench';
const NAMESPACES = 20;
const TIERS = 8;

interface Options { nodes: number; edges: number; panMs: number; dashboard?: string }

function parseArgs(args: string[]): Options {
  const opts: Options = { nodes: 1000, edges: 3000, panMs: 3000 };
  for (let i = 0; i < args.length; i++) {
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${args[i - 1]} needs a value`);
      return v;
    };
    const a = args[i];
    if (a === '--nodes') opts.nodes = Number(next());
    else if (a === '--edges') opts.edges = Number(next());
    else if (a === '--pan-ms') opts.panMs = Number(next());
    else if (a === '--dashboard') opts.dashboard = next();
    else throw new Error(`unknown option ${a}`);
  }
  if (!(opts.nodes > 1) || !(opts.edges >= 0) || opts.edges > opts.nodes * (opts.nodes - 1)) throw new Error('need --nodes > 1 and 0 <= --edges <= nodes*(nodes-1)');
  return opts;
}

/**
 * Workloads in namespaces, each with a service (shown only when services are ticked), in eight
 * tiers as real call graphs are (gateways, front ends, ... databases): distinct caller → callee
 * pairs, mostly to the next tier or the one after, some within a tier, a few back up (cycles).
 */
function syntheticMesh(nodes: number, edgeCount: number, seed = 7): { model: MeshModel; edges: EdgeTraffic[] } {
  const rand = prng(seed);
  const workloads: Workload[] = [];
  const services: Service[] = [];
  for (let i = 0; i < nodes; i++) {
    const namespace = `ns-${i % NAMESPACES}`;
    const app = `app-${i}`;
    const name = `${app}-v1`;
    workloads.push({
      cluster: CLUSTER, namespace, name, kind: 'Deployment', app, version: 'v1', labels: { app, version: 'v1' },
      replicas: { desired: 1, current: 1, ready: 1, available: 1 }, pods: [], serviceAccounts: [app],
      sidecars: 'all', services: [app], controllers: [{ kind: 'Deployment', name }],
    });
    services.push({
      cluster: CLUSTER, namespace, name: app, type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'HTTP', protocolSource: 'name' }],
      selector: { app }, labels: { app }, workloads: [{ cluster: CLUSTER, namespace, kind: 'Deployment', name }],
    });
  }
  const tierSize = Math.ceil(nodes / TIERS);
  const inTier = (t: number): number => Math.min(nodes - 1, Math.max(0, t) * tierSize + Math.floor(rand() * tierSize));
  const protocols: TrafficProtocol[] = ['http', 'http', 'http', 'grpc', 'tcp'];
  const mtls: MtlsState[] = ['mutual', 'mutual', 'mutual', 'plaintext'];
  const pairs = new Set<string>();
  const edges: EdgeTraffic[] = [];
  while (edges.length < edgeCount) {
    const from = Math.floor(rand() * nodes);
    const tier = Math.floor(from / tierSize);
    const r = rand();
    const to = inTier(r < 0.7 ? tier + 1 : r < 0.85 ? tier + 2 : r < 0.95 ? tier : tier - 1);
    if (to === from || pairs.has(`${from}>${to}`)) continue;
    pairs.add(`${from}>${to}`);
    const s = workloads[from]!;
    const d = workloads[to]!;
    const protocol = protocols[Math.floor(rand() * protocols.length)]!;
    edges.push({
      source: { cluster: CLUSTER, namespace: s.namespace, workload: s.name, app: s.app, version: s.version },
      destination: { cluster: CLUSTER, namespace: d.namespace, workload: d.name, app: d.app, service: { name: d.app!, namespace: d.namespace, host: `${d.app}.${d.namespace}.svc.cluster.local` } },
      protocol, requestsPerSecond: protocol === 'tcp' ? 0 : Math.round(rand() * 5000) / 100, errorRate: rand() < 0.9 ? 0 : rand() * 0.1,
      ...(protocol === 'tcp' ? {} : { p50Ms: 2 + rand() * 20, p95Ms: 20 + rand() * 200, p99Ms: 200 + rand() * 500 }),
      bytesPerSecond: rand() * 1e5, connectionsPerSecond: protocol === 'tcp' ? rand() * 5 : 0, mtls: mtls[Math.floor(rand() * mtls.length)]!,
    });
  }
  const model: MeshModel = {
    clusters: [{ name: CLUSTER, namespaces: NAMESPACES, nodes: 10, controlPlanes: ['istio-system/cp-v115x'] }],
    namespaces: [], services, workloads, pods: [], nodes: [], controlPlanes: [], proxies: [],
  };
  return { model, edges };
}

/** Traffic from the generated edges; the views' other questions are not asked by this page. */
function stubTelemetry(edges: EdgeTraffic[]): TelemetryPort {
  const unused = (): never => { throw new Error('not part of the topology-render benchmark'); };
  return {
    edgeTraffic: async (q): Promise<TrafficSnapshot> => ({ window: q.window, edges }),
    workloadSignals: async () => [],
    entityMetrics: async () => unused(),
    proxyResources: async () => null,
  };
}

/** In the page: count animation frames until STOP_COUNTING returns frames per second. */
const COUNT_FRAMES = `(() => {
  const state = { frames: 0, start: performance.now(), running: true };
  window.benchFrames = state;
  const tick = () => { if (!state.running) return; state.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP_COUNTING = `(() => {
  const state = window.benchFrames;
  state.running = false;
  return (state.frames * 1000) / (performance.now() - state.start);
})()`;

/**
 * In the page: pan a little every frame, as a steady drag does, and count the frames the page
 * manages. A string, since tsx would wrap a function's inner names in helpers the page lacks.
 */
function panAndCountFrames(ms: number): string {
  return `new Promise((resolve, reject) => {
    const hook = window.smmTopology;
    if (!hook) { reject(new Error('the topology page exposes no test hook')); return; }
    let frames = 0;
    const start = performance.now();
    const tick = (now) => {
      const t = now - start;
      if (t >= ${ms}) { resolve((frames * 1000) / t); return; }
      frames++;
      hook.panBy(Math.sin(t / 300) * 6, Math.cos(t / 300) * 4);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`;
}

function buildDashboard(): string {
  const out = mkdtempSync(join(tmpdir(), 'smm-bench-web-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, env: { ...process.env, SMM_WEB_OUT: out }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dashboard build failed: ${r.stderr}`);
  return out;
}

export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const mesh = syntheticMesh(opts.nodes, opts.edges);
  const dashboard = opts.dashboard ?? buildDashboard();
  if (!existsSync(join(dashboard, 'index.html'))) throw new Error(`no built dashboard in ${dashboard}`);
  const backend: MeshBackend = { mode: 'demo', model: () => mesh.model, telemetry: stubTelemetry(mesh.edges), close: async () => {} };
  const server = await startServer({ backend, dashboardDir: dashboard, port: 0 });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));

    // Workloads only: 1,000 nodes and 3,000 edges on the canvas.
    await page.goto(`${server.url}/topology?show=workloads`);
    await page.waitForFunction(() => performance.getEntriesByName('topology-rendered').length > 0, undefined, { timeout: 60_000 });
    const renderMs = await page.evaluate(() => performance.getEntriesByName('topology-rendered')[0]!.startTime);
    const phases = await page.evaluate(() => ['topology-data', 'topology-layout', 'topology-added', 'topology-fitted', 'topology-rendered']
      .map((name) => `${name.slice('topology-'.length)} ${Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN)}`).join(', '));
    const canvas = page.getByTestId('topology-canvas');
    const drawnNodes = Number(await canvas.getAttribute('data-node-count'));
    const drawnEdges = Number(await canvas.getAttribute('data-edge-count'));

    // Pan a little every frame, as a steady drag does, and count the frames the page manages.
    // A drag on the background, as a user pans (mouse events from here, frames counted in the page)...
    const box = (await canvas.boundingBox())!;
    await page.evaluate(COUNT_FRAMES);
    const x0 = box.x + 8;
    const y0 = box.y + 8;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    const start = Date.now();
    for (let t = 0; t < opts.panMs; t = Date.now() - start) {
      await page.mouse.move(x0 + 200 + Math.sin(t / 400) * 200, y0 + 150 + Math.sin(t / 300) * 150);
    }
    await page.mouse.up();
    const fps = await page.evaluate(STOP_COUNTING) as number;
    // ...and the same while the view moves without a gesture (every frame fully redrawn).
    const redrawFps = await page.evaluate(panAndCountFrames(opts.panMs)) as number;

    // Edge labels: left out while too small to read (they cost 40 % of the first render), drawn
    // once zoomed in far enough to read them.
    const labelsZoomedOut = await page.evaluate('window.smmTopology.labelledEdges()') as number;
    await page.evaluate('window.smmTopology.zoomTo(1)');
    const labelsZoomedIn = await page.evaluate('window.smmTopology.labelledEdges()') as number;
    const labelsOk = labelsZoomedOut === 0 && labelsZoomedIn === drawnEdges;

    const renderOk = renderMs < TARGET_RENDER_MS;
    const fpsOk = fps >= TARGET_FPS;
    const countsOk = drawnNodes === opts.nodes && drawnEdges === opts.edges;
    const ok = renderOk && fpsOk && countsOk && labelsOk && problems.length === 0;
    const load = loadavg()[0]!;
    process.stdout.write(`machine load (1 min average): ${load.toFixed(2)}; timings grow with it\n`);
    process.stdout.write(`mesh: ${opts.nodes} workloads in ${NAMESPACES} namespaces, ${opts.edges} call edges; the page drew ${drawnNodes} nodes and ${drawnEdges} edges\n`);
    process.stdout.write(`first complete render: ${renderMs.toFixed(0)} ms from navigation (target < ${TARGET_RENDER_MS} ms): ${renderOk ? 'met' : 'MISSED'}\n`);
    process.stdout.write(`  phases (ms from navigation): ${phases}\n`);
    process.stdout.write(`panning by dragging: ${fps.toFixed(1)} fps over ${opts.panMs} ms (target >= ${TARGET_FPS}): ${fpsOk ? 'met' : 'MISSED'}\n`);
    process.stdout.write(`panning without a gesture (full redraw every frame): ${redrawFps.toFixed(1)} fps\n`);
    process.stdout.write(`edge labels: ${labelsZoomedOut} drawn at the fitted zoom, ${labelsZoomedIn} of ${drawnEdges} at zoom 1: ${labelsOk ? 'as intended' : 'WRONG'}\n`);
    if (problems.length) process.stdout.write(`console errors: ${problems.join(' | ')}\n`);
    process.stdout.write(`topology-render: nodes=${drawnNodes} edges=${drawnEdges} first_render_ms=${renderMs.toFixed(0)} pan_fps=${fps.toFixed(1)} redraw_pan_fps=${redrawFps.toFixed(1)} console_errors=${problems.length} load1=${load.toFixed(2)} targets=${ok ? 'met' : 'missed'}\n`);
    if (!ok) process.exitCode = 1;
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    if (!opts.dashboard) rmSync(dashboard, { recursive: true, force: true });
  }
}
