// The browser tests' real parts: the built `smm demo` (the README's first command) on a free
// loopback port, and Debian's Chromium driven by playwright-core (nothing is downloaded).
// Every page records console errors and uncaught exceptions; tests assert there are none.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
export const SCREENSHOT_DIR = `${ROOT}test-results/screenshots`;

export interface Demo {
  url: string;
  stop: () => Promise<void>;
  /** Asks the demo's GraphQL API directly (what the page should show); errors throw. */
  graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
}

async function graphqlAt<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await res.json() as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`}`);
  return body.data;
}

/**
 * `smm demo --port 0` from dist/ (built by `npm run build`); resolves once it serves. With
 * SMM_DEMO_FROM_SOURCE=1 the CLI runs from src/ through tsx (no tsc build needed while developing);
 * SMM_DASHBOARD_DIR (inherited) serves a dashboard built elsewhere (SMM_WEB_OUT).
 */
export function startDemo(args: string[] = []): Promise<Demo> {
  const cli = process.env.SMM_DEMO_FROM_SOURCE ? ['--import', 'tsx', `${ROOT}src/cli/main.ts`] : [`${ROOT}dist/cli/main.js`];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...cli, 'demo', '--no-open', '--port', '0', ...args], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  let out = '';
  let err = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`smm demo did not start in 30 s: ${out}${err}`)); }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = m[1]!;
        resolve({ url, stop: async () => { child.kill('SIGTERM'); await exited; }, graphql: (q, v) => graphqlAt(url, q, v) });
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`smm demo exited with ${code}: ${err}`)); });
  });
}

/** One `smm demo` and one Chromium for a test file: started before its tests, stopped after. */
export function demoAndBrowser(demoArgs: string[] = []): { readonly demo: Demo; readonly browser: Browser } {
  const env = {} as { demo: Demo; browser: Browser };
  beforeAll(async () => { [env.demo, env.browser] = await Promise.all([startDemo(demoArgs), launchBrowser()]); });
  afterAll(async () => { await env.browser?.close(); await env.demo?.stop(); });
  return env;
}

/** Flags for a sandbox without network or GPU (see the machine notes: no background traffic). */
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.SMM_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page exceptions seen so far. */
  problems: string[];
}

/** A fresh context at 1280×800 (the width the dashboard must stay readable at). */
export async function openPage(browser: Browser, options: { theme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.theme ?? 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => { if (!r.failure()?.errorText.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  return { page, context, problems };
}

/** Saves test-results/screenshots/NAME.png (kept as a CI artifact, and looked at). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}
