// TOPOLOGY > HTTP on `smm demo` in Chromium (manual §1.7, acceptance scenario 22): the form sends
// test load to a quiet service, the API's topology shows the target's inbound rate rise by about
// the requested amount, the page lists the new edge, and bad input comes back as the server's
// BAD_USER_INPUT message.
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

const NS = 'smm-demo';
const RPS = 50;

interface Topology { topology: { edges: { source: string; target: string; rps: number }[] } }
const TOPOLOGY = /* GraphQL */ `query LoadCheck { topology(namespaces: ["smm-demo"], windowSeconds: 10, show: { services: false }) { edges { source target rps } } }`;

describe('test load from the topology page', () => {
  const env = demoAndBrowser();

  /** Requests per second into notifications-v1 over the last 10 s, by the API. */
  const inbound = async (): Promise<number> => {
    const { topology } = await env.demo.graphql<Topology>(TOPOLOGY);
    return topology.edges.filter((e) => e.target === `wl:demo-cluster/${NS}/notifications-v1`).reduce((sum, e) => sum + e.rps, 0);
  };

  it('sends load to notifications: its inbound rate rises and the new edge shows; rps 0 is refused', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/topology?ns=${NS}&load=1`);
    const target = page.getByTestId('load-target');
    await target.locator('option', { hasText: `notifications.${NS}` }).waitFor({ state: 'attached' });
    await target.selectOption(`demo-cluster/${NS}/notifications`);
    expect(await page.getByTestId('load-port').inputValue()).toBe('8080');

    await page.getByTestId('load-rps').fill('0');
    await page.getByTestId('load-send').click();
    const error = page.getByTestId('load-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/BAD_USER_INPUT: requestsPerSecond must be more than 0/);
    expect(await page.getByTestId('load-rps').getAttribute('aria-invalid')).toBe('true');

    const before = await inbound();
    await page.getByTestId('load-rps').fill(String(RPS));
    await page.getByTestId('load-duration').fill('300');
    await page.getByTestId('load-send').click();
    await page.getByTestId('load-sent').waitFor();
    expect(await page.getByTestId('load-sent').textContent()).toMatch(`sending ${RPS} rps to notifications:8080 for 300 s`);
    expect(new URL(page.url()).searchParams.get('load')).toBe('1');

    await expect.poll(inbound, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(before + RPS * 0.5);
    await screenshot(page, 'topology-load');

    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('load')).toBeNull();
    const list = page.getByTestId('topology-list');
    await list.locator('summary').click();
    const row = list.locator('tr[data-edge]', { hasText: 'bombardier' }).filter({ hasText: 'notifications' });
    await expect.poll(() => row.count(), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(/([\d.]+)\s*rps/.exec(await row.first().locator('.edge-label').textContent() ?? '')?.[1] ?? 0), { timeout: 20_000, interval: 1000 }).toBeGreaterThan(0);
    await screenshot(page, 'topology-load-list');
    expect(problems).toEqual([]);
    await context.close();
  });
});
