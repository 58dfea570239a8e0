// Every page of the dashboard loads on the demo with no console error, and a screenshot is saved.
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

const PAGES: { name: string; path: string; heading: RegExp }[] = [
  { name: 'overview', path: '/overview', heading: /Overview/ },
  { name: 'mesh', path: '/mesh', heading: /Mesh/ },
  { name: 'topology', path: '/topology?ns=smm-demo', heading: /Topology/ },
  { name: 'workloads', path: '/workloads', heading: /Workloads/ },
  { name: 'services', path: '/services', heading: /Services/ },
  { name: 'gateways', path: '/gateways', heading: /Gateways/ },
  { name: 'istio-resources', path: '/istio-resources', heading: /Istio resources/ },
];

describe('dashboard pages on smm demo', () => {
  const env = demoAndBrowser();

  for (const p of PAGES) {
    it(`${p.name} loads with no console error`, async () => {
      const { page, context, problems } = await openPage(env.browser);
      await page.goto(env.demo.url + p.path);
      await expect.poll(() => page.locator('h1').first().textContent()).toMatch(p.heading);
      await page.waitForLoadState('networkidle');
      await screenshot(page, p.name);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('opens / on the overview and an unknown path on a not-found page', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(env.demo.url + '/');
    await page.waitForURL(/\/overview$/);
    await page.goto(env.demo.url + '/no/such/page');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Not found');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches to the dark theme and keeps it', async () => {
    const { page, context } = await openPage(env.browser);
    await page.goto(env.demo.url + '/overview');
    await page.getByRole('button', { name: /dark theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'overview-dark');
    await context.close();
  });
});
