// GATEWAYS in Chromium on smm demo: the demo's ingress gateway is listed with its ports, hosts
// and routes as the API reports them; its detail tabs show data and keep the tab in the URL;
// CREATE NEW with the Egress template adds an egress gateway, and Delete removes it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

interface ApiGateway { cluster: string; namespace: string; name: string; type: string; hosts: string[]; routeCount: number; ports: { port: number; protocol: string }[] }

describe('gateways pages on smm demo', () => {
  const env = demoAndBrowser();
  const gql = <T>(query: string, variables?: Record<string, unknown>): Promise<T> => env.demo.graphql<T>(query, variables);
  const apiGateways = async () => (await gql<{ gateways: ApiGateway[] }>('{ gateways { cluster namespace name type hosts routeCount ports { port protocol } } }')).gateways;
  /** Each row's cells by column header. */
  const tableRows = (page: Page, label: string) => page.getByRole('table', { name: label }).evaluate((table) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').replace(/[▲▼]/g, '').trim());
    return [...table.querySelectorAll('tbody tr[data-row]')].map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [heads[i] || `#${i}`, (td.textContent ?? '').trim()])));
  });


  it('lists the demo ingress gateway with the API\'s ports, hosts and routes', async () => {
    const [api] = await apiGateways();
    expect(api).toMatchObject({ name: 'smm-ingressgateway', type: 'ingress', routeCount: 1 });
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/gateways`);
    await expect.poll(async () => (await tableRows(page, 'Gateways')).length).toBe(1);
    const [row] = await tableRows(page, 'Gateways');
    expect(row).toMatchObject({
      Name: api!.name, Namespace: api!.namespace, Cluster: api!.cluster, Type: 'ingress',
      'Open ports': api!.ports.map((p) => `${p.port}/${p.protocol}`).join(', '), Hosts: String(api!.hosts.length), Routes: String(api!.routeCount), Status: 'Available',
    });
    // Traffic of the last minute: the demo's gateway forwards visitors to frontpage.
    await expect.poll(async () => Number((await tableRows(page, 'Gateways'))[0]!['Requests/s'])).toBeGreaterThan(0);
    await screenshot(page, 'gateways');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the detail tabs with data, the tab kept in the URL', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/gateways`);
    await page.getByRole('link', { name: 'smm-ingressgateway', exact: true }).click();
    await page.waitForURL(/\/gateways\/istio-system\/smm-ingressgateway$/);
    await expect.poll(() => page.getByTestId('gateway-address').textContent()).toMatch(/^203\.0\.113\.\d+$/);
    const servers = await tableRows(page, 'Ports and hosts');
    expect(servers).toEqual([expect.objectContaining({ Port: '80', Protocol: 'HTTP', Hosts: '*', TLS: '–', 'Gateway namespace': 'smm-demo' })]);
    await expect.poll(() => page.getByTestId('gateway-metrics').locator('canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'gateway-detail');

    await page.getByRole('tab', { name: 'Virtual services' }).click();
    await page.waitForURL(/\?tab=virtual-services$/);
    const routes = await tableRows(page, 'Virtual services');
    expect(routes).toEqual([expect.objectContaining({ Hosts: '*', Match: 'uri prefix /', Destination: 'frontpage.smm-demo.svc.cluster.local:8080', Protocol: 'HTTP' })]);
    await page.getByRole('button', { name: 'Show YAML of VirtualService smm-demo/frontpage' }).click();
    expect(await page.getByRole('dialog').getByTestId('yaml-view').textContent()).toContain('kind: VirtualService');
    await screenshot(page, 'gateway-virtual-services');
    await page.keyboard.press('Escape');

    await page.reload();
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Virtual services');

    await page.getByRole('tab', { name: 'Service', exact: true }).click();
    expect(await page.getByTestId('gateway-service').textContent()).toContain('LoadBalancer');
    await page.getByRole('tab', { name: 'Deployment' }).click();
    await expect.poll(async () => (await tableRows(page, 'Pods')).length).toBeGreaterThan(0);
    await page.getByTestId('gateway-events').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('adds an entry point from Ports & Hosts: a Gateway selecting this gateway\'s pods', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/gateways/istio-system/smm-ingressgateway`);
    await page.getByRole('link', { name: 'Create new' }).click();
    await page.waitForURL(/\/istio-resources\/new\?kind=Gateway&template=gateway%2Fhttp&params=/);
    const text = () => page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'));
    await expect.poll(text).toMatch(/selector:\n\s+gateway-name: smm-ingressgateway\n\s+gateway-type: ingress/);
    const name = /^ {2}name: (\S+)$/m.exec(await text())![1]!;
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/gateways\/istio-system\/smm-ingressgateway$/);
    await expect.poll(async () => (await tableRows(page, 'Ports and hosts')).map((r) => r['Gateway name']), { timeout: 15_000 }).toContain(`${name} </> YAML`);
    await gql(`mutation { deleteIstioResource(kind: "Gateway", namespace: "smm-demo", name: "${name}") }`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates an egress gateway from the Egress template and deletes it after a confirmation', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/gateways`);
    await page.getByRole('button', { name: 'Create new' }).click();
    await page.getByRole('button', { name: /^Egress/ }).click();
    await page.waitForURL(/\/istio-resources\/new\?kind=IstioMeshGateway&template=istiomeshgateway%2Fegress/);
    const text = () => page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'));
    await expect.poll(text).toContain('type: egress');
    const name = /^ {2}name: (\S+)$/m.exec(await text())![1]!;
    await page.getByRole('button', { name: /Validate/ }).click();
    await expect.poll(() => page.getByTestId('issue-list').locator('.head').textContent()).toMatch(/^(Valid|0 errors)/);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/gateways$/);
    await expect.poll(async () => (await tableRows(page, 'Gateways')).find((r) => r.Name === name)?.Type, { timeout: 15_000 }).toBe('egress');
    expect((await apiGateways()).find((g) => g.name === name)?.type).toBe('egress');

    const row = (await apiGateways()).find((g) => g.name === name)!;
    await page.getByRole('button', { name: `Delete gateway ${row.namespace}/${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await tableRows(page, 'Gateways')).some((r) => r.Name === name), { timeout: 15_000 }).toBe(false);
    expect((await apiGateways()).some((g) => g.name === name)).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
