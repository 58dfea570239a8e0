// The dashboard on a real cluster, as a person runs it: `smm dashboard --kubeconfig` (the built
// CLI) over the lab's second API server holding the demo application's Deployments and Services
// (kwok runs their pods), then every page in Chromium with no console error. In-cluster mode
// (`smm server` with SMM_AUTH_MODE=impersonation) asks for a token first; the viewer's works.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDemoObjects } from '../../src/demo/index.js';
import { connectCluster, type ClientNodeClusterPort } from '../../src/kube/clientnode/index.js';
import { Resources } from '../../src/kube/resources.js';
import { launchBrowser, openPage, screenshot } from '../browser/harness.js';

const lab = inject('lab');
const cluster = lab.clusters[1] ?? lab.clusters[0]!;
const ROOT = new URL('../..', import.meta.url).pathname;
/** What a cluster holds without smm's own CRDs or a scheduler for hand-made pods. */
const KINDS = new Set(['Namespace', 'ServiceAccount', 'Deployment', 'Service', 'VirtualService', 'DestinationRule', 'Gateway', 'PeerAuthentication']);
const NS = `dash-demo-${Math.random().toString(36).slice(2, 7)}`;

interface Served { url: string; stop: () => Promise<void> }

function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [`${ROOT}dist/cli/main.js`, ...args, '--port', '0'], { cwd: ROOT, env: { ...process.env, CI: '1', ...env } });
  let out = '';
  let err = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no URL in 30 s: ${out}${err}`)); }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving cluster \S+ on (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1]!, stop: async () => { child.kill('SIGTERM'); await exited; } }); }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}: ${err}`)); });
  });
}

const pages = () => [
  { name: 'overview', path: '/overview', heading: /Overview/ },
  { name: 'mesh', path: '/mesh', heading: /Mesh/ },
  { name: 'topology', path: `/topology?ns=${NS}`, heading: /Topology/ },
  { name: 'workloads', path: `/workloads?ns=${NS}`, heading: /Workloads/ },
  { name: 'services', path: `/services?ns=${NS}`, heading: /Services/ },
  { name: 'gateways', path: '/gateways', heading: /Gateways/ },
  { name: 'istio-resources', path: '/istio-resources', heading: /Istio resources/ },
];

describe('the dashboard on the lab cluster', () => {
  let admin: ClientNodeClusterPort;
  let browser: Browser;
  let local: Served;
  let inCluster: Served;

  beforeAll(async () => {
    admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    // The demo application in a namespace of its own: the installer tests on this cluster own
    // istio-system and smm-demo, and uninstall them.
    for (const object of buildDemoObjects().filter((o) => KINDS.has(o.kind) && (o.metadata.namespace ?? o.metadata.name) === 'smm-demo')) {
      // As a manifest: what the API server assigns is not ours to send.
      const { uid: _uid, resourceVersion: _rv, creationTimestamp: _created, ...metadata } = object.metadata;
      if (object.kind === 'Namespace') metadata.name = NS;
      else metadata.namespace = NS;
      await admin.apply({ ...object, metadata }, { fieldManager: 'dashboard-it', force: true });
    }
    [browser, local, inCluster] = await Promise.all([
      launchBrowser(),
      serve(['dashboard', '--no-open', '--kubeconfig', cluster.kubeconfigs.admin, '--prometheus-url', lab.prometheus!.url]),
      serve(['server', '--kubeconfig', cluster.kubeconfigs.admin], { SMM_AUTH_MODE: 'impersonation' }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    await inCluster?.stop();
    await admin?.delete(Resources.Namespace, NS).catch(() => undefined);
    admin?.close();
  });

  for (const p of pages()) {
    it(`${p.name} loads with no console error`, async () => {
      const { page, context, problems } = await openPage(browser);
      await page.goto(local.url + p.path);
      await expect.poll(() => page.locator('h1').first().textContent()).toMatch(p.heading);
      await page.waitForLoadState('networkidle');
      await screenshot(page, `cluster-${p.name}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('lists the cluster\'s workloads, which kwok runs', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${local.url}/workloads?ns=${NS}`);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('frontpage-v1');
    await context.close();
  });

  it('in-cluster mode asks for a token, refuses a bad one, and signs in with the viewer\'s', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${inCluster.url}/overview`);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Sign in to smm');
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/token/i);
    const viewer = (parse(readFileSync(cluster.kubeconfigs.viewer, 'utf8')) as { users: { user: { token: string } }[] }).users[0]!.user.token;
    await page.getByLabel('Token').fill(viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toMatch(/Overview/);
    await screenshot(page, 'cluster-signed-in');
    await context.close();
  });
});
