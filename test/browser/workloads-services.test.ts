// WORKLOADS and SERVICES on the demo: every workload and service of the API is listed under its
// namespace, the tiles add up, the namespace filter lives in the URL, and a health cell opens
// the charts of its period.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

async function api<T>(page: Page, url: string, query: string): Promise<T> {
  const r = await page.request.post(`${url}/api/graphql`, { data: { query } });
  return ((await r.json()) as { data: T }).data;
}

/** The namespace each row is listed under (the group heading above it). */
async function rowsByGroup(page: Page, table: string): Promise<Map<string, string>> {
  return new Map(await page.locator(`table[aria-label="${table}"] tbody tr`).evaluateAll((trs) => {
    let group = '';
    const out: [string, string][] = [];
    for (const tr of trs) {
      if (tr.classList.contains('group')) group = (tr.textContent ?? '').replace(/\s*\(\d+\)\s*$/, '').trim();
      else out.push([tr.getAttribute('data-row') ?? '', group]);
    }
    return out;
  }));
}

describe('workloads and services pages', () => {
  const env = demoAndBrowser();

  it('lists every workload under its namespace, with running/desired pods and health strips', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/workloads`);
    await page.locator('[data-testid="health-strip"]').first().waitFor();
    const { workloads } = await api<{ workloads: { cluster: string; namespace: string; name: string; kind: string; replicas: number; pods: { phase: string }[] }[] }>(page, env.demo.url,
      '{ workloads { cluster namespace name kind replicas pods { phase } } }');
    const rows = await rowsByGroup(page, 'Workloads');
    expect(rows.size).toBe(workloads.length);
    for (const w of workloads) expect(rows.get(`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`)).toBe(w.namespace);
    const running = workloads.reduce((s, w) => s + w.pods.filter((p) => p.phase === 'Running').length, 0);
    const desired = workloads.reduce((s, w) => s + w.replicas, 0);
    await expect.poll(() => page.locator('[data-tile="Pods running"] .value').textContent()).toBe(`${running} / ${desired}`);
    await expect.poll(() => page.locator('[data-tile="Requests per second"] .value').textContent()).not.toBe('–');
    // Demo traffic: movies-v3 fails 5% of its requests, so some cell of the mesh is not healthy.
    await expect.poll(() => page.locator('[data-testid="health-strip"] button[data-state="healthy"]').count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'workloads');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the namespace filter in the URL, and a reload shows the same view', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/workloads`);
    await page.getByTestId('namespace-filter').click();
    await page.getByRole('listbox', { name: 'Namespaces' }).getByLabel('smm-demo').check();
    await page.waitForURL(/[?&]ns=smm-demo/);
    await page.keyboard.press('Escape');
    const groups = async () => new Set((await rowsByGroup(page, 'Workloads')).values());
    await expect.poll(groups).toEqual(new Set(['smm-demo']));
    await page.reload();
    await expect.poll(() => page.getByTestId('namespace-filter').textContent()).toContain('smm-demo');
    await expect.poll(groups).toEqual(new Set(['smm-demo']));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens the success rate, latency and saturation charts of a health cell, and closes them', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/workloads?ns=smm-demo`);
    const strip = page.locator('tr[data-row$="/movies-v3"] [data-testid="health-strip"]');
    await strip.locator('button:not([data-state="unknown"])').last().waitFor();
    // Keyboard: the strip is one tab stop (its latest cell); arrows move, Enter opens.
    await strip.locator('button[tabindex="0"]').focus();
    await page.keyboard.press('ArrowLeft');
    const from = await strip.locator('button').nth(-2).getAttribute('data-from');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('cell') === `smm-demo/movies-v3@${from}`);
    const details = page.getByTestId('health-details');
    for (const title of ['Success rate (%)', 'Latency (ms)', 'Saturation: sidecar CPU (cores)']) {
      await details.locator(`[data-chart="${title}"] canvas`).first().waitFor();
    }
    await screenshot(page, 'workload-health-cell');
    // The open cell is part of the URL: a reload reopens it.
    await page.reload();
    await details.locator('[data-chart="Latency (ms)"]').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.waitForURL((u) => !u.searchParams.has('cell'));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists every service under its namespace and leads to its mesh service and details with ports', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/services`);
    await page.locator('[data-testid="health-strip"]').first().waitFor();
    const { services } = await api<{ services: { cluster: string; namespace: string; name: string }[] }>(page, env.demo.url, '{ services { cluster namespace name } }');
    const rows = await rowsByGroup(page, 'Services');
    expect(rows.size).toBe(services.length);
    for (const s of services) expect(rows.get(`${s.cluster}/${s.namespace}/${s.name}`)).toBe(s.namespace);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'services');

    const { service } = await api<{ service: { ports: { name: string; port: number; targetPort: string }[]; type: string; clusterIP: string } }>(page, env.demo.url,
      '{ service(namespace: "smm-demo", name: "movies") { ports { name port targetPort } type clusterIP } }');
    await page.locator('tr[data-row$="/smm-demo/movies"] a').first().click();
    await page.waitForURL(/\/services\/smm-demo\/movies/);
    const details = page.getByTestId('service-details');
    const first = service.ports[0]!;
    await expect.poll(() => page.getByTestId('ports').textContent()).toContain(`${first.name} ${first.port}/TCP → ${first.targetPort}`);
    await expect.poll(() => details.locator('[data-field="Type"]').textContent()).toBe(service.type);
    await expect.poll(() => details.locator('[data-field="Cluster IP"]').textContent()).toBe(service.clusterIP);
    expect(await details.locator('[data-field="Selector"]').textContent()).toContain('app=movies');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'service');
    // Its pods link on to the pod view.
    await page.getByTestId('pod-link').first().click();
    await page.waitForURL(/\/pods\/smm-demo\/movies-/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a workload\'s HEALTH tab in the dark theme', async () => {
    const { page, context, problems } = await openPage(env.browser, { theme: 'dark' });
    await page.goto(`${env.demo.url}/workloads/smm-demo/movies-v3?tab=health`);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('[data-chart="Success rate (%)"] canvas').first().waitFor();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Health');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'workload-health-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('charts a workload\'s and a service\'s traffic on their METRICS tab', async () => {
    const { page, context, problems } = await openPage(env.browser);
    for (const path of ['/workloads/smm-demo/movies-v3', '/services/smm-demo/movies']) {
      await page.goto(`${env.demo.url}${path}?tab=metrics`);
      const charts = page.getByTestId('traffic-charts');
      // A chart with data draws a canvas; one without says "no data in this range".
      for (const title of ['Requests per second', 'Error rate, 5xx (%)', 'Inbound latency (ms)']) {
        await charts.locator(`[data-chart="${title}"] canvas`).first().waitFor();
      }
    }
    await screenshot(page, 'service-metrics');
    expect(problems).toEqual([]);
    await context.close();
  });
});
