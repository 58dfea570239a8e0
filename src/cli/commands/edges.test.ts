import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDemo } from '../../demo/index.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { createClusterBackend } from '../../server/cluster-backend.js';
import { edgeRows, loadEdges, type EdgeRow } from './edges.js';
import { run } from '../testing.js';

describe('edgeRows', () => {
  it('names edge ends through the nodes and keeps unknown values null', () => {
    const nodes = [
      { id: 'wl:c/a/x', kind: 'workload', name: 'x', namespace: 'a', cluster: 'c' },
      { id: 'ext:api.example.com', kind: 'external', name: 'api.example.com', namespace: null, cluster: 'c' },
    ];
    const base = { p50: null, p95: null, p99: null, tcpConnectionsPerSecond: 0, bytesPerSecond: 10, mtls: 'plaintext' };
    expect(edgeRows([{ ...base, source: 'wl:c/a/x', target: 'ext:api.example.com', protocol: 'tcp', rps: 0, errorRate: 0, tcpConnectionsPerSecond: 2 }], nodes)).toEqual([{
      src: 'x', srcKind: 'workload', srcNamespace: 'a', dst: 'api.example.com', dstKind: 'external', dstNamespace: null, cluster: 'c',
      protocol: 'tcp', rps: 0, successRate: null, p50Ms: null, p95Ms: null, p99Ms: null, tcpConnectionsPerSecond: 2, bytesPerSecond: 10, mtls: 'plaintext',
    }]);
    expect(edgeRows([{ ...base, source: 'wl:c/a/x', target: 'wl:c/a/x', protocol: 'http', rps: 4, errorRate: 0.25, p95: 12 }], nodes)[0]).toMatchObject({ successRate: 0.75, p95Ms: 12 });
  });
});

describe('smm edges on the demo', () => {
  it('prints who talks to whom with names, not ids', async () => {
    const { code, out, err } = await run('edges', '--demo', '-n', 'smm-demo');
    expect(err).toBe('');
    expect(code).toBe(0);
    const [header, ...lines] = out.trim().split('\n');
    expect(header).toMatch(/^SRC\s+DST\s+SRC_NS\s+DST_NS\s+PROTOCOL\s+RPS\s+SUCCESS\s+P95\s+SECURED$/);
    expect(lines.length).toBeGreaterThan(10);
    expect(out).not.toMatch(/wl:|svc:/);
    expect(out).toMatch(/\nfrontpage-v1\s+catalog-v1\s+smm-demo\s+smm-demo\s+http\s+\d+\.\drps\s+\d+\.\d\d%\s+\d+ms\s+√/);
    expect(out).toMatch(/\ncatalog-v1\s+postgresql\s+smm-demo\s+smm-demo\s+tcp\s+0\.0rps\s+-\s+-\s+√/);
  });

  it('gives JSON and YAML rows with numbers, null where unknown', async () => {
    const { code, out } = await run('edges', '--demo', '-n', 'smm-demo', '-o', 'json', '--window', '5m');
    expect(code).toBe(0);
    const rows = JSON.parse(out) as EdgeRow[];
    for (const r of rows) {
      expect(r.srcNamespace === 'smm-demo' || r.dstNamespace === 'smm-demo', `${r.src} -> ${r.dst}`).toBe(true);
      expect(typeof r.rps).toBe('number');
      if (r.protocol === 'tcp') expect(r).toMatchObject({ successRate: null, p95Ms: null });
      else {
        expect(r.rps, `${r.src} -> ${r.dst}`).toBeGreaterThan(0);
        expect(r.p95Ms, `${r.src} -> ${r.dst}`).toBeGreaterThan(0);
      }
      expect(r.mtls).toBe('mutual');
    }
    expect(rows.find((r) => r.src === 'catalog-v1' && r.dst === 'movies-v3')!.successRate).toBeLessThan(1);
    // The demo runs on the real clock, and its fault scenarios come and go: only the range is fixed.
    for (const r of rows.filter((x) => x.protocol !== 'tcp')) expect(r.successRate! >= 0 && r.successRate! <= 1, `${r.src} -> ${r.dst}`).toBe(true);
    const yaml = parse((await run('-o', 'yaml', 'edges', '--demo')).out) as EdgeRow[];
    expect(yaml.length).toBeGreaterThanOrEqual(rows.length);
    expect(typeof yaml[0]!.rps).toBe('number');
  });

  it('says so when a namespace has no traffic, and refuses a bad window with exit 2', async () => {
    expect(await run('edges', '--demo', '-n', 'quiet')).toMatchObject({ code: 0, out: 'No traffic found for namespace quiet.\n' });
    expect(await run('edges', '--demo', '--window', 'later')).toMatchObject({ code: 2, err: expect.stringContaining('invalid --window "later"') });
    expect(await run('edges', '--demo', '--window', '0s')).toMatchObject({ code: 2 });
    expect((await run('edges', '--help')).out).toContain('Examples');
  });

  it('fails with exit 1 and the remedy when a cluster has no telemetry', async () => {
    const demo = createDemo({ seed: 1 });
    const cluster = new MemoryCluster({ name: demo.clusterName });
    cluster.load(demo.objects);
    const backend = await createClusterBackend([{ name: demo.clusterName, port: cluster.port() }]);
    try {
      await expect(loadEdges(backend, 'smm-demo', 60)).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/traffic unavailable.*--prometheus-url/) });
    } finally {
      await backend.close();
    }
  });

  it('appears in the generated shell completion with its flags', async () => {
    const { out } = await run('completion', 'bash');
    const complete = (line: string): string[] => {
      const words = line.split(' ');
      const script = `${out}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _smm; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
    };
    expect(complete('smm ed')).toEqual(['edges']);
    expect(complete('smm sta')).toEqual(['stat']);
    expect(complete('smm edges --wi')).toEqual(['--window']);
    expect(complete('smm stat deploy/x --prom')).toEqual(['--prometheus-url']);
  });
});
