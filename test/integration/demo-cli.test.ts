// The README's first command, end to end: the built `smm` bin (through npx, as a newcomer
// runs it) serves the demo; the API answers; metrics carry every Istio family; signals stop it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Started { child: ChildProcessWithoutNullStreams; url: string; ms: number; stdout: () => string }

/** Start the demo through npx (as the README does) or the linked bin directly (for signals). */
function startDemo(args: string[], via: 'npx' | 'bin' = 'npx'): Promise<Started> {
  const t0 = Date.now();
  const [cmd, pre] = via === 'npx' ? ['npx', ['--no-install', 'smm']] : [process.execPath, ['node_modules/.bin/smm']];
  // Own process group, so the test can stop everything it started, as a terminal's Ctrl-C does.
  const child = spawn(cmd, [...pre, 'demo', '--no-open', ...args], { cwd: ROOT, env: { ...process.env, CI: '1' }, detached: true });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start in 20 s; stdout: ${out} stderr: ${err}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/serving on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, ms: Date.now() - t0, stdout: () => out });
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}: ${err}`));
    });
  });
}

function runToEnd(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['--no-install', 'smm', ...args], { cwd: ROOT, env: { ...process.env, CI: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => resolve({ code, stderr: stderr.split('\n').filter((l) => !l.startsWith('npm warn')).join('\n') }));
  });
}

describe('smm demo (built CLI, real HTTP)', () => {
  let demo: Started;

  beforeAll(async () => {
    demo = await startDemo(['--port', '0', '--seed', '7']);
  }, 30_000);

  afterAll(() => {
    try {
      if (demo) process.kill(-demo.child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  });

  it('serves on loopback within 20 s', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.ms).toBeLessThan(20_000);
  });

  it('answers the workloads query with the demo workloads, every pod with a sidecar', async () => {
    const r = await fetch(`${demo.url}/api/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ workloads(namespace: "smm-demo") { name namespace kind app version replicas pods { name phase sidecar } } }' }),
    });
    const body = await r.json() as { data: { workloads: { name: string; app: string; pods: { sidecar: boolean; phase: string }[] }[] } };
    const workloads = body.data.workloads;
    expect(workloads.length).toBeGreaterThanOrEqual(12);
    for (const w of workloads) {
      expect(w.pods.length, w.name).toBeGreaterThan(0);
      for (const p of w.pods) expect(p, w.name).toMatchObject({ sidecar: true, phase: 'Running' });
    }
    const apps = new Set(workloads.map((w) => w.app));
    for (const app of ['frontpage', 'catalog', 'bookings', 'movies', 'payments', 'notifications', 'analytics', 'database', 'postgresql', 'mysql']) {
      expect(apps, app).toContain(app);
    }
    expect(workloads.filter((w) => w.app === 'movies')).toHaveLength(3);
  });

  it('exposes every Istio metric family with both reporters for Prometheus', async () => {
    const r = await fetch(`${demo.url}/demo/metrics`);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    const families = ['istio_requests_total', 'istio_request_duration_milliseconds', 'istio_request_bytes', 'istio_response_bytes',
      'istio_tcp_sent_bytes_total', 'istio_tcp_received_bytes_total', 'istio_tcp_connections_opened_total', 'istio_tcp_connections_closed_total'];
    for (const f of families) {
      expect(text, f).toMatch(new RegExp(`^# TYPE ${f} (counter|histogram)$`, 'm'));
      for (const reporter of ['source', 'destination']) {
        expect(text, `${f} ${reporter}`).toMatch(new RegExp(`^${f}(_bucket|_sum|_count)?\\{[^}]*reporter="${reporter}"`, 'm'));
      }
    }
  });

  it('refuses a port in use with one line and exit 1, bad flags with exit 2', async () => {
    const port = new URL(demo.url).port;
    const inUse = await runToEnd(['demo', '--no-open', '--port', port]);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr.trim()).toBe(`smm: cannot start the demo: port ${port} on 127.0.0.1 is already in use`);
    const bad = await runToEnd(['demo', '--port', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('smm: invalid --port "abc": must be an integer from 0 to 65535');
  });

  it('stops cleanly on SIGINT and SIGTERM with exit 0, freeing the port', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const own = await startDemo(['--port', '0'], 'bin');
      const port = Number(new URL(own.url).port);
      const exited = new Promise<number | null>((res) => own.child.on('exit', (code) => res(code)));
      own.child.kill(signal);
      expect(await exited).toBe(0);
      expect(own.stdout()).toContain(`stopping (${signal})`);
      await expectPortFree(port);
    }
  });

  it('stops quietly when its output pipe closes early (smm ... | head)', async () => {
    const child = spawn(process.execPath, ['node_modules/.bin/smm', 'get', 'pods', '--demo', '-o', 'yaml'], { cwd: ROOT, env: { ...process.env, CI: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.destroy(); // the reader is gone before the first write, as with a fast `head`
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});

async function expectPortFree(port: number): Promise<void> {
  {
    const free = await new Promise<boolean>((res) => {
      const s = createServer().once('error', () => res(false)).listen(port, '127.0.0.1', () => s.close(() => res(true)));
    });
    expect(free).toBe(true);
  }
}
