import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDemo } from '../../demo/index.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { createClusterBackend } from '../../server/cluster-backend.js';
import { createDemoBackend } from '../../server/demo-backend.js';
import { CliError } from '../errors.js';
import { parseStatTarget } from '../stat-target.js';
import { trafficUnavailable } from '../traffic-source.js';
import { parseWindow } from '../traffic-window.js';
import { loadStat, type StatRow } from './stat.js';
import { run } from '../testing.js';

const DEMO_WORKLOADS = createDemo({ seed: 1 }).objects
  .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) && o.metadata.namespace === 'smm-demo')
  .map((o) => o.metadata.name).sort();

const METRICS = ['successRate', 'rps', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'tcpConnectionsPerSecond'] as const;

describe('parseStatTarget', () => {
  it('reads namespaces, workloads of a kind, any workload and services', () => {
    expect(parseStatTarget('smm-demo')).toEqual({ type: 'namespace-workloads', namespace: 'smm-demo' });
    expect(parseStatTarget('ns/smm-demo')).toEqual({ type: 'namespace', namespace: 'smm-demo' });
    expect(parseStatTarget('deploy/movies-v3')).toEqual({ type: 'workload', kind: 'Deployment', noun: 'deployment', name: 'movies-v3' });
    expect(parseStatTarget('Deployment/movies-v3')).toMatchObject({ kind: 'Deployment' });
    expect(parseStatTarget('sts/db')).toMatchObject({ kind: 'StatefulSet' });
    expect(parseStatTarget('ds/agent')).toMatchObject({ kind: 'DaemonSet' });
    expect(parseStatTarget('wl/mysql')).toEqual({ type: 'workload', kind: undefined, noun: 'workload', name: 'mysql' });
    expect(parseStatTarget('svc/movies')).toEqual({ type: 'service', name: 'movies' });
  });

  it('refuses other shapes with the accepted forms (usage, exit 2)', () => {
    for (const bad of ['pod/x', 'deploy/', 'a/b/c', 'Movies', 'svc/under_score', '']) {
      expect(() => parseStatTarget(bad), bad).toThrow(/invalid target .*use NAMESPACE, ns\/NAME, deploy\/NAME/);
      expect(() => parseStatTarget(bad)).toThrow(expect.objectContaining({ exitCode: 2 }));
    }
  });
});

describe('parseWindow', () => {
  it('takes whole seconds from 1s to 24h', () => {
    expect([parseWindow('30s'), parseWindow('1m'), parseWindow('5m'), parseWindow('1h'), parseWindow('90')]).toEqual([30, 60, 300, 3600, 90]);
    for (const bad of ['soon', '0s', '1500ms', '25h', '-1m', '']) expect(() => parseWindow(bad), bad).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('smm stat on the demo', () => {
  it('prints one row per workload of a namespace, linkerd-style', async () => {
    const { code, out, err } = await run('stat', 'smm-demo', '--demo');
    expect(err).toBe('');
    expect(code).toBe(0);
    const [header, ...lines] = out.trim().split('\n');
    expect(header).toMatch(/^NAME\s+MESHED\s+SUCCESS\s+RPS\s+LATENCY_P50\s+LATENCY_P95\s+LATENCY_P99\s+TCP_CONN\s+HEALTH/);
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(DEMO_WORKLOADS);
    expect(out).toMatch(/\nfrontpage-v1\s+1\/1\s+\d+\.\d\d%\s+\d+\.\drps\s+\d+(\.\d)?ms/);
  });

  it('gives JSON and YAML rows with numbers, null where unknown', async () => {
    const { code, out } = await run('stat', 'smm-demo', '--demo', '-o', 'json', '--window', '30s');
    expect(code).toBe(0);
    const rows = JSON.parse(out) as StatRow[];
    expect(rows.map((r) => r.name).sort()).toEqual(DEMO_WORKLOADS);
    for (const r of rows) {
      expect(r).toMatchObject({ cluster: expect.any(String), namespace: 'smm-demo', kind: expect.any(String), meshedPods: expect.any(Number), pods: expect.any(Number), health: expect.any(String) });
      for (const m of METRICS) expect(r[m] === null || typeof r[m] === 'number', `${r.name}.${m}`).toBe(true);
    }
    const row = (name: string): StatRow => rows.find((r) => r.name === name)!;
    expect(row('movies-v3').successRate).toBeLessThan(1);
    for (const name of ['frontpage-v1', 'bookings-v1', 'catalog-v1', 'movies-v1']) {
      expect(row(name).rps, name).toBeGreaterThan(0);
      expect(row(name).latencyP95Ms, name).toBeGreaterThan(0);
      expect(row(name).latencyP99Ms!, name).toBeGreaterThanOrEqual(row(name).latencyP50Ms!);
    }
    expect(row('bombardier')).toMatchObject({ rps: 0, successRate: null, latencyP95Ms: null }); // calls, is never called
    expect(row('mysql').tcpConnectionsPerSecond).toBeGreaterThan(0);
    const yaml = parse((await run('-o', 'yaml', 'stat', 'deploy/movies-v3', '--demo')).out) as StatRow[];
    expect(yaml).toHaveLength(1);
    expect(yaml[0]).toMatchObject({ name: 'movies-v3', kind: 'Deployment', meshedPods: 1, pods: 1 });
    expect(typeof yaml[0]!.rps).toBe('number');
  });

  it('reads one workload in -n (kubectl-style), or in the demo namespace by default', async () => {
    const r = await run('stat', 'deployment/movies-v3', '--demo', '-n', 'smm-demo');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(2);
    expect(r.out).toMatch(/\nmovies-v3\s+1\/1\s+\d+\.\d\d%/);
    expect((await run('stat', 'wl/mysql', '--demo')).code).toBe(0);
  });

  it('reads a service: inbound to it, MESHED over the pods behind it', async () => {
    const rows = JSON.parse((await run('stat', 'svc/movies', '--demo', '-o', 'json')).out) as StatRow[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'Service', name: 'movies', meshedPods: 3, pods: 3 });
    expect(rows[0]!.rps).toBeGreaterThan(0);
    expect(rows[0]!.successRate).toBeLessThan(1); // movies-v3 fails some
    const table = await run('stat', 'svc/movies', '--demo');
    expect(table.out).toMatch(/\nmovies\s+3\/3\s+/);
  });

  it('reads a namespace as one row with ns/', async () => {
    const rows = JSON.parse((await run('stat', 'ns/smm-demo', '--demo', '-o', 'json')).out) as StatRow[];
    expect(rows).toEqual([expect.objectContaining({ kind: 'Namespace', name: 'smm-demo', pods: DEMO_WORKLOADS.length })]);
    expect(rows[0]!.rps).toBeGreaterThan(0);
  });

  it('ends a missing target with exit 1 and a bad target or window with exit 2', async () => {
    expect(await run('stat', 'deploy/nope', '--demo')).toMatchObject({ code: 1, out: '', err: 'smm: deployment "nope" not found in namespace smm-demo\n' });
    expect(await run('stat', 'svc/nope', '--demo', '-n', 'smm-demo')).toMatchObject({ code: 1, err: 'smm: service "nope" not found in namespace smm-demo\n' });
    expect(await run('stat', 'sts/mysql', '--demo')).toMatchObject({ code: 1, err: expect.stringContaining('it is a Deployment: use wl/mysql') });
    expect(await run('stat', 'no-such-ns', '--demo')).toMatchObject({ code: 1, err: 'smm: namespace "no-such-ns" not found\n' });
    expect(await run('stat', 'pod/x', '--demo')).toMatchObject({ code: 2, err: expect.stringContaining('use NAMESPACE, ns/NAME, deploy/NAME') });
    expect(await run('stat', 'smm-demo', '--demo', '--window', '5x')).toMatchObject({ code: 2, err: expect.stringContaining('invalid --window "5x"') });
    expect(await run('stat', 'smm-demo', '--demo', '-n', 'other')).toMatchObject({ code: 2, err: expect.stringContaining('-n says other') });
    expect((await run('stat', '--demo')).code).toBe(2);
  });

  it('documents the targets, the exit codes and examples in --help', async () => {
    const { out } = await run('stat', '--help');
    for (const s of ['svc/NAME', 'ns/NAME', '--window', '--prometheus-url', 'exit code is 1', 'Examples']) expect(out).toContain(s);
  });
});

describe('smm stat on a cluster (MemoryCluster, the cluster backend the CLI opens)', () => {
  async function clusterBackend() {
    const demo = createDemo({ seed: 1 });
    const cluster = new MemoryCluster({ name: demo.clusterName });
    cluster.load(demo.objects);
    return createClusterBackend([{ name: demo.clusterName, port: cluster.port() }]);
  }

  it('without telemetry keeps the inventory, empties the metrics and reports why', async () => {
    const backend = await clusterBackend();
    try {
      const { rows, trafficError } = await loadStat(backend, parseStatTarget('smm-demo'), 'smm-demo', 60);
      expect(rows.map((r) => r.name).sort()).toEqual(DEMO_WORKLOADS);
      for (const r of rows) for (const m of METRICS) expect(r[m], `${r.name}.${m}`).toBeNull();
      expect(rows.find((r) => r.name === 'movies-v3')).toMatchObject({ meshedPods: 1, pods: 1, health: 'unknown', outlier: null });
      expect(trafficError).toMatch(/traffic unavailable/);
      const e = trafficUnavailable(trafficError!, backend);
      expect(e).toBeInstanceOf(CliError);
      expect(e).toMatchObject({ exitCode: 1, message: expect.stringContaining('--prometheus-url') });
      await expect(loadStat(backend, parseStatTarget('deploy/nope'), 'smm-demo', 60)).rejects.toThrow('deployment "nope" not found in namespace smm-demo');
    } finally {
      await backend.close();
    }
  });

  it('with telemetry fills the metrics through the same code path', async () => {
    const backend = await createDemoBackend({ seed: 3 });
    try {
      const { rows, trafficError } = await loadStat(backend, parseStatTarget('wl/frontpage-v1'), 'smm-demo', 60);
      expect(trafficError).toBeUndefined();
      expect(rows[0]!.rps).toBeGreaterThan(0);
    } finally {
      await backend.close();
    }
  });
});
