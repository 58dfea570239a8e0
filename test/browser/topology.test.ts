// The TOPOLOGY page on `smm demo` in Chromium: the canvas shows what the API answers, the
// toolbar's filters and modes change it, a URL reopens the same view, a real click on the canvas
// opens a node's panel, and the timeline moves in time.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

const NS = 'smm-demo';
const wl = (name: string) => `wl:demo-cluster/${NS}/${name}`;
const svc = (name: string) => `svc:demo-cluster/${NS}/${name}`;

interface ApiTopology {
  window: { from: string; to: string };
  nodes: { id: string; kind: string }[];
  edges: { id: string; source: string; target: string; protocol: string }[];
}

/** The topology as the API answers it (the page must draw the same). */
async function apiTopology(url: string, services: boolean): Promise<ApiTopology> {
  const res = await fetch(`${url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query($s: Boolean) { topology(namespaces: ["smm-demo"], show: { services: $s }) { window { from to } nodes { id kind } edges { id source target protocol } } }', variables: { s: services } }),
  });
  const body = await res.json() as { data: { topology: ApiTopology } };
  return body.data.topology;
}

async function apiWorkloads(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ workloads(namespace: "smm-demo") { name } }' }) });
  const body = await res.json() as { data: { workloads: { name: string }[] } };
  return body.data.workloads.map((w) => w.name);
}

/** Waits until the canvas has laid out and drawn at least once. */
async function rendered(page: Page): Promise<void> {
  await page.locator('[data-testid="topology-canvas"][data-rendered]').waitFor({ timeout: 20_000 });
}

/** Ids of the rows of the accessible list view (opened if needed). */
async function listed(page: Page, attr: 'data-node' | 'data-edge'): Promise<string[]> {
  const list = page.getByTestId('topology-list');
  if (!(await list.evaluate((d) => (d as HTMLDetailsElement).open))) await list.locator('summary').click();
  await list.locator(`tr[${attr}]`).first().waitFor();
  return list.locator(`tr[${attr}]`).evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a)!), attr);
}

/** The page's test hook (web/src/pages/topology/TopologyGraph.tsx): what is on the canvas, and where. */
interface TopologyHook { nodeClientPosition(id: string): { x: number; y: number } | null; edgeLabel(id: string): string | null }
type HookWindow = Window & { smmTopology?: TopologyHook };
const onCanvas = (page: Page, id: string) => page.evaluate((i) => (window as HookWindow).smmTopology?.nodeClientPosition(i) ?? null, id);
const canvasEdgeLabel = (page: Page, id: string) => page.evaluate((i) => (window as HookWindow).smmTopology?.edgeLabel(i) ?? null, id);
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

describe('topology page on smm demo', () => {
  const env = demoAndBrowser();

  it("draws the demo's workloads as nodes and its calls as edges, as the API answers", async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}`);
    await rendered(page);
    const api = await apiTopology(env.demo.url, true);
    for (const name of await apiWorkloads(env.demo.url)) {
      expect(api.nodes.map((n) => n.id), `API node for workload ${name}`).toContain(wl(name));
      expect(await onCanvas(page, wl(name)), `${name} on the canvas`).not.toBeNull();
    }
    // Scenario 18: frontpage calls catalog (through its service), catalog calls movies.
    expect(api.edges.map((e) => e.id)).toEqual(expect.arrayContaining([`${wl('frontpage-v1')}~${svc('catalog')}~http`, `${wl('catalog-v1')}~${svc('movies')}~http`]));
    const canvas = page.getByTestId('topology-canvas');
    expect(Number(await canvas.getAttribute('data-node-count'))).toBe(api.nodes.length);
    expect(Number(await canvas.getAttribute('data-edge-count'))).toBe(api.edges.length);
    // Live polls may add an edge between the two answers; the ones the API had must be drawn.
    for (const e of api.edges) expect(await canvasEdgeLabel(page, e.id), `edge ${e.id}`).toMatch(/^(HTTP|GRPC|TCP) /);
    expect((await listed(page, 'data-node')).sort()).toEqual(api.nodes.map((n) => n.id).sort());
    expect(new Set(await listed(page, 'data-edge'))).toEqual(new Set(api.edges.map((e) => e.id)));
    await page.getByTestId('topology-list').locator('summary').click();
    await screenshot(page, 'topology');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('removes service nodes when services are unticked; workloads stay and cannot be unticked', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}`);
    await rendered(page);
    expect(await onCanvas(page, svc('catalog'))).not.toBeNull();
    await page.getByTestId('show-services').uncheck();
    await expect.poll(() => param(page, 'show')).toBe('workloads');
    const api = await apiTopology(env.demo.url, false);
    await expect.poll(() => page.getByTestId('topology-canvas').getAttribute('data-node-count')).toBe(String(api.nodes.length));
    expect(await onCanvas(page, svc('catalog'))).toBeNull();
    expect(await onCanvas(page, wl('catalog-v1'))).not.toBeNull();
    const ids = await listed(page, 'data-node');
    expect(ids.filter((id) => id.startsWith('svc:'))).toEqual([]);
    expect(ids).toContain(wl('movies-v3'));
    // Without services, workloads call workloads directly.
    expect(await canvasEdgeLabel(page, `${wl('frontpage-v1')}~${wl('catalog-v1')}~http`)).toMatch(/^HTTP [\d.]+ rps$/);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Workloads' }).isDisabled()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Workloads' }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches edge labels between traffic, p95 latency and mTLS', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}`);
    await rendered(page);
    const http = `${wl('frontpage-v1')}~${svc('catalog')}~http`;
    const tcp = `${wl('database-v1')}~${svc('mysql')}~tcp`;
    expect(await canvasEdgeLabel(page, http)).toMatch(/^HTTP [\d.]+ rps$/);
    // Scenario 23: TCP shows throughput, not requests.
    expect(await canvasEdgeLabel(page, tcp)).toMatch(/^TCP [\d.]+ (B|KiB|MiB)\/s$/);
    await page.getByTestId('labels-latency').click();
    await expect.poll(() => canvasEdgeLabel(page, http)).toMatch(/^p95 [\d.]+ m?s$/);
    expect(param(page, 'labels')).toBe('latency');
    await page.getByTestId('labels-mtls').click();
    await expect.poll(() => canvasEdgeLabel(page, http)).toBe('mTLS ✓');
    expect(param(page, 'labels')).toBe('mtls');
    expect((await listed(page, 'data-edge')).length).toBeGreaterThan(10);
    const labels = await page.getByTestId('topology-list').locator('td.edge-label').allTextContents();
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.filter((l) => !/^(mTLS|plaintext)/.test(l))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reopens the same view from a URL: namespaces, groups, label mode, selected node and tab', async () => {
    const { page, context, problems } = await openPage(env.browser);
    const node = wl('movies-v3');
    const q = new URLSearchParams({ ns: NS, labels: 'latency', show: 'apps,services', node, tab: 'health' });
    await page.goto(`${env.demo.url}/topology?${q}`);
    await rendered(page);
    expect(await page.getByTestId('namespace-filter').textContent()).toContain(NS);
    expect(await page.getByTestId('show-apps').isChecked()).toBe(true);
    expect(await page.getByTestId('show-services').isChecked()).toBe(true);
    expect(await page.getByTestId('show-namespaces').isChecked()).toBe(false);
    expect(await page.getByTestId('labels-latency').getAttribute('aria-pressed')).toBe('true');
    const panel = page.getByTestId('node-panel');
    expect(await panel.getAttribute('data-node')).toBe(node);
    expect(await panel.getByRole('tab', { selected: true }).textContent()).toBe('Health');
    await panel.locator('[data-chart="Latency, inbound (ms)"] canvas').first().waitFor();
    expect(await panel.textContent()).toMatch(/Outlier: movies-v3/);
    expect(await onCanvas(page, `app:demo-cluster/${NS}/movies`)).not.toBeNull();
    expect(await canvasEdgeLabel(page, `${wl('frontpage-v1')}~${svc('catalog')}~http`)).toMatch(/^p95 /);
    await screenshot(page, 'topology-panel');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens the panel of a node clicked on the canvas, with drill-down to the workload and its pods', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}`);
    await rendered(page);
    const node = wl('catalog-v1');
    const at = await onCanvas(page, node);
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    const panel = page.getByTestId('node-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-node')).toBe(node);
    expect(param(page, 'node')).toBe(node);
    expect(await panel.getByTestId('drilldown-workload').getAttribute('href')).toBe(`/workloads/${NS}/catalog-v1`);
    const pods = panel.getByTestId('drilldown-pod');
    await pods.first().waitFor();
    expect(await pods.first().getAttribute('href')).toMatch(new RegExp(`^/pods/${NS}/catalog-v1-`));
    expect(await panel.textContent()).toMatch(/Inbound.*Outbound/s);
    // A click on the background closes it.
    const box = (await page.getByTestId('topology-canvas').boundingBox())!;
    await page.mouse.click(box.x + 8, box.y + 8);
    await expect.poll(() => param(page, 'node')).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('finds a node with the keyboard', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}`);
    await rendered(page);
    await page.getByTestId('node-finder').fill('movies-v3');
    await page.keyboard.press('Enter');
    await expect.poll(() => param(page, 'node')).toBe(wl('movies-v3'));
    expect(await page.getByTestId('node-panel').getAttribute('data-node')).toBe(wl('movies-v3'));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('goes back in time on the timeline, shows the date under the graph, and returns to live', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}`);
    await rendered(page);
    expect(await page.getByTestId('topology-when').textContent()).toMatch(/live/);
    await page.getByTestId('mode-timeline').click();
    await expect.poll(() => param(page, 'at')).not.toBeNull();
    const first = Date.parse(param(page, 'at')!);
    expect(Date.now() - first).toBeGreaterThan(30_000);
    await page.getByTestId('step--10').click();
    await expect.poll(() => param(page, 'at')).toBe(new Date(first - 600_000).toISOString().replace('.000Z', 'Z'));
    const when = page.getByTestId('topology-when');
    await expect.poll(() => when.locator('time').getAttribute('datetime')).toBe(new Date(first - 600_000).toISOString());
    expect(await when.textContent()).toMatch(/timeline/);
    await rendered(page);
    await screenshot(page, 'topology-timeline');
    await page.getByTestId('mode-live').click();
    await expect.poll(() => param(page, 'at')).toBeNull();
    await expect.poll(() => when.textContent()).toMatch(/live/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the legend and the load form, and renders in the dark theme', async () => {
    const { page, context, problems } = await openPage(env.browser, { theme: 'dark' });
    await page.goto(`${env.demo.url}/topology?ns=${NS}&load=1`);
    await page.getByTestId('load-send').waitFor();
    expect(await page.getByTestId('load-demo-only').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => param(page, 'load')).toBeNull();
    await rendered(page);
    await page.getByTestId('open-legend').click();
    expect(await page.getByTestId('topology-legend').textContent()).toMatch(/Workload.*Service.*Outlier/s);
    await screenshot(page, 'topology-dark');
    expect(problems).toEqual([]);
    await context.close();
  });
});
