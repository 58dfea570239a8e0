// OVERVIEW and MESH in Chromium on `smm demo`: the tiles agree with the API, the validation
// issues list filters by namespace through the URL and "Show YAML" highlights the line the
// issue is about, and a control plane's details and proxies are shown.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot, type Demo } from './harness.js';

const api = <T>(demo: Demo, query: string, variables: Record<string, unknown> = {}): Promise<T> => demo.graphql<T>(query, variables);

const tileValue = (page: Page, label: string) => page.locator(`[data-tile="${label}"] .value`).first().textContent();
const number = (text: string | null): number => Number.parseFloat((text ?? '').replace(/[^\d.]/g, ''));

describe('overview and mesh on smm demo', () => {
  const env = demoAndBrowser();

  it('shows non-zero traffic and the in-mesh counts the API gives', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/overview`);
    await expect.poll(async () => number(await tileValue(page, 'Requests per second')), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(number(await tileValue(page, 'Average latency (p95)'))).toBeGreaterThan(0);
    const { meshOverview: o } = await api<{ meshOverview: Record<'services' | 'workloads' | 'pods', { inMesh: number; total: number }> }>(env.demo,
      '{ meshOverview { services { inMesh total } workloads { inMesh total } pods { inMesh total } } }');
    for (const [label, key] of [['Services', 'services'], ['Workloads', 'workloads'], ['Pods', 'pods']] as const) {
      expect((await tileValue(page, label))?.replace(/\s+/g, '')).toBe(`${o[key].inMesh}/${o[key].total}`);
    }
    await page.locator('[data-testid="workloads-health"] canvas').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'overview');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('points to the load generator when no traffic flows', async () => {
    const { page, context, problems } = await openPage(env.browser);
    // A mesh without traffic: the overview's answer as the API gives it then (rps 0, no history).
    await page.route('**/api/graphql', async (route) => {
      if (!route.request().postData()?.includes('query OverviewPage')) return route.continue();
      const { meshOverview } = await api<{ meshOverview: Record<string, unknown> }>(env.demo, '{ meshOverview { clusters controlPlanes validationIssues services { inMesh total } workloads { inMesh total } pods { inMesh total } } }');
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: { meshOverview: { ...meshOverview, traffic: { rps: 0, errorRate: null, p95: null }, history: null } } }) });
    });
    await page.goto(`${env.demo.url}/overview`);
    await page.getByText('No traffic yet').waitFor();
    expect(await page.getByRole('link', { name: 'Generate load' }).getAttribute('href')).toMatch(/^\/topology/);
    expect(await tileValue(page, 'Requests per second')).toBe('0');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the control plane, its details and its proxies', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/mesh`);
    const cpLink = page.getByRole('table', { name: 'Control planes' }).getByRole('link', { name: 'cp-v115x' });
    await cpLink.waitFor();
    expect(await tileValue(page, 'Control planes')).toBe('1');
    expect(await tileValue(page, 'Istio proxies memory usage')).toMatch(/\d+(\.\d)? MiB/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'mesh');
    await page.getByRole('button', { name: /dark theme/ }).click();
    await screenshot(page, 'mesh-dark');
    await page.getByRole('button', { name: /light theme/ }).click();
    await cpLink.click();
    await page.waitForURL(/\/mesh\/controlplanes\/[^/]+\/istio-system\/cp-v115x$/);
    await expect.poll(() => page.locator('[data-field="version"]').textContent()).toBe('1.15.3');
    expect(await page.locator('[data-field="trust-domain"]').textContent()).toBe('cluster.local');
    expect(await page.locator('[data-field="root-namespace"]').textContent()).toBe('istio-system');
    expect(await page.locator('[data-field="outbound-policy"]').textContent()).toBe('ALLOW_ANY');
    await page.getByRole('tab', { name: 'Proxies' }).click();
    await page.waitForURL(/\?tab=proxies$/);
    const proxies = page.getByRole('table', { name: 'Proxies of cp-v115x' });
    await proxies.locator('tbody tr[data-row]').first().waitFor();
    const { proxies: apiProxies } = await api<{ proxies: { controlPlane: { name: string } | null }[] }>(env.demo, '{ proxies { controlPlane { name } } }');
    expect(await proxies.locator('tbody tr[data-row]').count()).toBe(apiProxies.filter((p) => p.controlPlane?.name === 'cp-v115x').length);
    // Sync state as the API reports it (UNKNOWN until smm reads istiod), one badge per xDS type.
    expect(await proxies.locator('tbody tr[data-row]').first().locator('[data-sync]').count()).toBe(4);
    await page.getByRole('button', { name: 'Show YAML' }).click();
    await expect.poll(() => page.getByTestId('yaml-view').textContent()).toContain('kind: IstioControlPlane');
    await page.keyboard.press('Escape');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'mesh-controlplane');
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await page.waitForURL(/\?tab=metrics$/);
    await page.locator('[data-chart] canvas').first().waitFor();
    await screenshot(page, 'mesh-controlplane-metrics');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('validation issues on smm demo --with-issues', () => {
  const env = demoAndBrowser(['--with-issues']);

  const rows = (page: Page) => page.getByRole('table', { name: 'Validation issues' }).locator('tbody tr[data-row]');

  it('lists the seeded issues, filters them by namespace in the URL and highlights the invalid line', async () => {
    const count = async (namespaces?: string[]) => (await api<{ validationIssues: unknown[] }>(env.demo,
      'query Q($n: [String!]) { validationIssues(namespaces: $n) { message } }', { n: namespaces ?? null })).validationIssues.length;
    const all = await count();
    const inIstioSystem = await count(['istio-system']);
    expect(inIstioSystem).toBeGreaterThan(0);
    expect(inIstioSystem).toBeLessThan(all);

    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/overview`);
    await page.getByRole('link', { name: String(all) }).click();
    await page.waitForURL(/\/overview\?tab=issues$/);
    await expect.poll(() => rows(page).count()).toBe(all);
    expect(await page.getByRole('table', { name: 'Validation issues' }).textContent()).toContain('demo-gw-tls-1');

    await page.getByTestId('namespace-filter').click();
    await page.getByRole('listbox', { name: 'Namespaces' }).getByLabel('istio-system').check();
    await page.waitForURL(/ns=istio-system/);
    await expect.poll(() => rows(page).count()).toBe(inIstioSystem);
    const filtered = page.url();
    await screenshot(page, 'overview-issues');

    // Reopening the URL restores the filter.
    const again = await openPage(env.browser);
    await again.page.goto(filtered);
    await expect.poll(() => rows(again.page).count()).toBe(inIstioSystem);
    expect(await again.page.getByTestId('namespace-filter').textContent()).toContain('istio-system');
    await again.context.close();

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Show YAML of Gateway demo-gw-tls-1 (gateway/reused-cert)' }).click();
    await page.waitForURL(/issue=/);
    const highlighted = page.locator('[data-testid="yaml-view"] .line.hl');
    await highlighted.first().waitFor();
    expect(await highlighted.count()).toBe(1);
    expect(await highlighted.textContent()).toMatch(/credentialName: /);
    await screenshot(page, 'overview-issues-yaml');

    // The open YAML is part of the URL too.
    const withYaml = page.url();
    const third = await openPage(env.browser);
    await third.page.goto(withYaml);
    await expect.poll(() => third.page.locator('[data-testid="yaml-view"] .line.hl').first().textContent()).toMatch(/credentialName: /);
    expect(third.problems).toEqual([]);
    await third.context.close();

    expect(problems).toEqual([]);
    await context.close();
  });
});
