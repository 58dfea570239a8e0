// The drill-down chain on the demo: topology node → workload → controller → pod → node and back
// up by the breadcrumbs, then the pod's logs streaming in the bottom panel with a container filter.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

async function api<T>(page: Page, url: string, query: string): Promise<T> {
  const r = await page.request.post(`${url}/api/graphql`, { data: { query } });
  return ((await r.json()) as { data: T }).data;
}

const h1 = (page: Page) => page.locator('h1').first().textContent();

describe('drill-down and pod logs', () => {
  const env = demoAndBrowser();

  it('goes workload → controller → pod → node with the fields of each level, and back up', async () => {
    const { page, context, problems } = await openPage(env.browser);
    const { topology } = await api<{ topology: { nodes: { id: string; kind: string; name: string }[] } }>(page, env.demo.url, '{ topology(namespaces: ["smm-demo"]) { nodes { id kind name } } }');
    const node = topology.nodes.find((n) => n.kind === 'workload' && n.name === 'movies-v1')!;
    await page.goto(`${env.demo.url}/topology?ns=smm-demo&node=${encodeURIComponent(node.id)}`);
    await page.getByTestId('drilldown-workload').click();
    await page.waitForURL(/\/workloads\/smm-demo\/movies-v1/);
    await expect.poll(() => h1(page)).toContain('Workload movies-v1');
    for (const field of ['Namespace', 'App', 'Version', 'Replicas', 'Labels', 'Health', 'Controller', 'Cluster', 'Kind']) {
      await page.locator(`[data-field="${field}"]`).waitFor();
    }
    expect(await page.locator('[data-field="Version"]').textContent()).toBe('v1');
    await page.locator('[data-testid="health-strip"] button').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'workload');

    // Down to the ReplicaSet (the deepest controller), then a pod of it.
    await page.getByTestId('controller-link').last().click();
    await page.waitForURL(/\/controllers\/smm-demo\/ReplicaSet\/movies-v1-/);
    await expect.poll(() => page.locator('[data-field="Kind"]').textContent()).toBe('ReplicaSet');
    for (const field of ['Namespace', 'Cluster', 'App', 'Version', 'Replicas', 'Created', 'Labels']) await page.locator(`[data-field="${field}"]`).waitFor();
    const rs = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('pod-link').first().click();
    await page.waitForURL(/\/pods\/smm-demo\/movies-v1-/);
    for (const field of ['Namespace', 'Cluster', 'Node', 'IP', 'Started', 'Labels']) await page.locator(`[data-field="${field}"]`).waitFor();
    await page.getByRole('table', { name: 'Containers' }).getByText('istio-proxy', { exact: true }).waitFor();
    // The breadcrumbs name the chain above the pod.
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect.poll(() => crumbs.textContent()).toContain(`ReplicaSet ${rs}`);
    const podPath = new URL(page.url()).pathname;

    // Down to the node: OS, taints, conditions and the pods on it.
    await page.getByTestId('node-link').click();
    await page.waitForURL(/\/nodes\//);
    await expect.poll(() => page.locator('[data-field="OS"]').textContent()).toMatch(/^linux amd64 \(.+\)$/);
    expect(await page.getByTestId('taints').textContent()).toBe('none');
    await page.getByRole('table', { name: 'Conditions' }).getByText('MemoryPressure').waitFor();
    await page.locator(`table[aria-label="Pods"] a[href^="${podPath}"]`).first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'node');

    // Back up by the breadcrumbs: pod, then the controller, then the workload.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: /^Pod / }).click();
    await page.waitForURL((u) => u.pathname === podPath);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: `ReplicaSet ${rs}` }).click();
    await page.waitForURL(new RegExp(`/controllers/smm-demo/ReplicaSet/${rs}`));
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Workload movies-v1' }).click();
    await page.waitForURL(/\/workloads\/smm-demo\/movies-v1/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('streams the pod\'s logs at the bottom, and the container filter shows only that container', async () => {
    const { page, context, problems } = await openPage(env.browser);
    const { workload } = await api<{ workload: { pods: { name: string; containers: { name: string }[] }[] } }>(page, env.demo.url,
      '{ workload(namespace: "smm-demo", name: "movies-v3") { pods { name containers { name } } } }');
    const pod = workload.pods[0]!;
    expect(pod.containers.length).toBeGreaterThan(1);
    await page.goto(`${env.demo.url}/pods/smm-demo/${pod.name}`);
    await page.getByTestId('show-pod-logs').click();
    await page.waitForURL((u) => u.searchParams.get('logs') === 'all');
    const panel = page.getByTestId('pod-logs');
    const lines = panel.locator('.line[data-container]');
    // The tail arrives first, then new lines; both containers write.
    await expect.poll(() => lines.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    const containers = async () => new Set(await lines.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-container'))));
    await expect.poll(containers).toEqual(new Set(pod.containers.map((c) => c.name)));
    const before = await lines.count();
    await expect.poll(() => lines.count(), { timeout: 10_000 }).toBeGreaterThan(before);
    const box = await panel.boundingBox();
    expect(box!.y + box!.height).toBeGreaterThan(790);
    await screenshot(page, 'pod-logs');

    await panel.getByTestId('logs-container').selectOption('istio-proxy');
    await page.waitForURL((u) => u.searchParams.get('logs') === 'istio-proxy');
    await expect.poll(containers).toEqual(new Set(['istio-proxy']));
    // A link with the filter opens the panel filtered.
    await page.reload();
    await expect.poll(() => lines.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await containers()).toEqual(new Set(['istio-proxy']));
    await panel.getByRole('button', { name: 'Close pod logs' }).click();
    await page.waitForURL((u) => !u.searchParams.has('logs'));
    expect(problems).toEqual([]);
    await context.close();
  });
});
