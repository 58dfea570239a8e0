import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { startServer, type RunningServer } from '../http-server.js';
import { DashboardFiles } from './static-files.js';

function builtDashboard(): string {
  const root = mkdtempSync(join(tmpdir(), 'smm-web-'));
  const dir = join(root, 'web');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'not for you');
  return dir;
}

describe('DashboardFiles', () => {
  const files = new DashboardFiles(builtDashboard());

  it('serves hashed assets as immutable with their type', () => {
    const f = files.lookup('/assets/index-abc.js', false)!;
    expect(f.type).toBe('text/javascript; charset=utf-8');
    expect(f.cacheControl).toContain('immutable');
    expect(f.body.toString()).toBe('console.log(1)');
  });

  it('answers page paths with index.html so deep links open their page', () => {
    expect(files.lookup('/topology', true)!.body.toString()).toContain('id="root"');
    expect(files.lookup('/pods/smm-demo/movies-v3-1', true)!.type).toContain('text/html');
    expect(files.lookup('/', false)!.type).toContain('text/html');
  });

  it('never answers a missing script with HTML, nor a non-browser request for a page path', () => {
    expect(files.lookup('/assets/gone-123.js', true)).toBeNull();
    expect(files.lookup('/favicon.ico', true)).toBeNull();
    expect(files.lookup('/topology', false)).toBeNull();
  });

  it('does not leave its folder', () => {
    expect(files.lookup('/../secret.txt', true)?.body.toString()).not.toBe('not for you');
    expect(files.lookup('/%2e%2e/secret.txt', true)?.body.toString()).not.toBe('not for you');
    expect(files.lookup('/assets/%2e%2e/%2e%2e/secret.txt', false)).toBeNull();
    expect(files.lookup('/%E0%A4%A', true)).toBeNull();
  });
});

describe('the server and the dashboard', () => {
  let withUi: RunningServer;
  let without: RunningServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const backend = await createDemoBackend({ seed: 1 });
    close = backend.close;
    withUi = await startServer({ backend, port: 0, dashboardDir: builtDashboard() });
    without = await startServer({ backend, port: 0, dashboardDir: null });
  });
  afterAll(async () => { await withUi?.close(); await without?.close(); await close?.(); });

  it('serves the dashboard at / and at page paths, the API beside it', async () => {
    const page = await fetch(`${withUi.url}/workloads?ns=smm-demo`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="root"');
    const api = await fetch(`${withUi.url}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ about { mode } }"}' });
    expect(await api.json()).toEqual({ data: { about: { mode: 'demo' } } });
    expect((await fetch(`${withUi.url}/assets/nope.js`)).status).toBe(404);
  });

  it('says how to build the dashboard when it is not built', async () => {
    const r = await fetch(`${without.url}/`);
    expect(await r.text()).toContain('npm run build');
  });
});
