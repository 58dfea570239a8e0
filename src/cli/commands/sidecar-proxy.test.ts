import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDemo } from '../../demo/index.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { Resources } from '../../kube/resources.js';
import { createClusterBackend } from '../../server/cluster-backend.js';
import { SimulatorTelemetry } from '../../telemetry/simulator/simulator-telemetry.js';
import type { SidecarObject } from '../../core/egress/recommend.js';
import { resetDemoCluster } from '../mesh-session.js';
import { applySidecars, loadEgressRecommendation, loadSidecarEgress } from './sidecar-proxy.js';
import { run } from '../testing.js';

const PAYMENTS_HOSTS = ['./notifications.smm-demo.svc.cluster.local', 'istio-system/*'];

beforeEach(() => resetDemoCluster());

describe('smm sidecar-proxy egress recommend on the demo', () => {
  it('lists the hosts payments-v1 calls, in the product\'s layout', async () => {
    const { code, out, err } = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--workload', 'payments-v1', '--demo');
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Recommended sidecar egress rules for smm-demo/payments-v1');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^Sidecar\s+Selector\s+Hosts\s+Bind\s+Port\s+Capture Mode$/);
    expect(lines[3]).toMatch(/^smm-demo-[a-z0-9]{5}\s+app="payments"\s+\.\/notifications\.smm-demo\.svc\.cluster\.local\s+-/);
    expect(lines[4]).toMatch(/^\s+version="v1"\s+istio-system\/\*$/);
  });

  it('prints the Sidecar objects with -o json|yaml', async () => {
    const { code, out } = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--workload', 'payments-v1', '--demo', '-o', 'json', '--window', '5m');
    expect(code).toBe(0);
    const [sidecar, ...rest] = JSON.parse(out) as SidecarObject[];
    expect(rest).toEqual([]);
    expect(sidecar).toMatchObject({
      apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { namespace: 'smm-demo' },
      spec: { workloadSelector: { labels: { app: 'payments', version: 'v1' } }, egress: [{ hosts: PAYMENTS_HOSTS }] },
    });
    const yaml = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--workload', 'payments-v1', '--demo', '-o', 'yaml');
    expect(yaml.out).toContain('kind: Sidecar');
  });

  it('recommends one namespace-wide Sidecar for a namespace, or one per workload', async () => {
    const ns = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--demo');
    expect(ns.code).toBe(0);
    expect(ns.out).toMatch(/^Recommended sidecar egress rules for namespace smm-demo\n\nSidecar\s+Selector\s+Hosts/);
    expect(ns.out).toMatch(/\n\S+\s+\.\/\*\s+-\s+-\s+-\n\s+istio-system\/\*\n$/);
    const per = JSON.parse((await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--per-workload', '--demo', '-o', 'json')).out) as SidecarObject[];
    const byApp = new Map(per.map((s) => [`${s.spec.workloadSelector?.labels.app}-${s.spec.workloadSelector?.labels.version ?? ''}`, s.spec.egress[0]!.hosts]));
    expect(byApp.get('payments-v1')).toEqual(PAYMENTS_HOSTS);
    expect(byApp.get('mysql-')).toEqual(['istio-system/*']); // calls nobody
    expect(byApp.get('catalog-v1')).toEqual(['./movies.smm-demo.svc.cluster.local', './postgresql.smm-demo.svc.cluster.local', 'istio-system/*']);
  });

  it('--apply writes the Sidecar (server-side apply), then get shows it; applying again changes nothing', async () => {
    expect((await run('sidecar-proxy', 'egress', 'get', 'smm-demo', '--workload', 'payments-v1', '--demo')).out).toBe('No sidecar egress rules found for smm-demo/payments-v1.\n');
    const applied = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--workload', 'payments-v1', '--apply', '--demo');
    expect(applied.code).toBe(0);
    const name = /sidecar\.networking\.istio\.io\/(\S+) created in namespace smm-demo\n$/.exec(applied.out)?.[1];
    expect(name).toMatch(/^smm-demo-[a-z0-9]{5}$/);

    const got = await run('sidecar-proxy', 'egress', 'get', 'smm-demo', '--workload', 'payments-v1', '--demo');
    expect(got.code).toBe(0);
    expect(got.out).toContain('Sidecar egress rules for smm-demo/payments-v1\n\n');
    expect(got.out).toContain(name!);
    expect(got.out).toContain('./notifications.smm-demo.svc.cluster.local');
    const objects = JSON.parse((await run('sidecar-proxy', 'egress', 'get', 'smm-demo', '--demo', '-o', 'json')).out) as SidecarObject[];
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ metadata: { name }, spec: { egress: [{ hosts: PAYMENTS_HOSTS }] } });
    expect(objects[0]!.metadata).not.toHaveProperty('managedFields');
    // Another workload is not selected by it, and there is no namespace-wide one.
    expect((await run('sidecar-proxy', 'egress', 'get', 'smm-demo', '--workload', 'movies-v1', '--demo')).out).toBe('No sidecar egress rules found for smm-demo/movies-v1.\n');

    const again = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--workload', 'payments-v1', '--apply', '--demo', '-o', 'yaml');
    expect(again.err).toBe(`sidecar.networking.istio.io/${name} unchanged in namespace smm-demo\n`);
  });

  it('fails clearly: no telemetry (1), unknown namespace or workload (1), bad flags (2)', async () => {
    const noTelemetry = await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo');
    expect(noTelemetry).toMatchObject({ code: 1, err: expect.stringMatching(/^smm: cannot recommend egress rules without traffic.*--prometheus-url/) });
    expect(await run('sidecar-proxy', 'egress', 'recommend', 'nowhere', '--demo')).toMatchObject({ code: 1, err: 'smm: namespace "nowhere" not found\n' });
    expect(await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--workload', 'nope', '--demo')).toMatchObject({ code: 1, err: 'smm: workload "nope" not found in namespace smm-demo\n' });
    expect(await run('sidecar-proxy', 'egress', 'get', 'smm-demo', '--workload', 'nope', '--demo')).toMatchObject({ code: 1 });
    expect((await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--demo', '--window', 'soon')).code).toBe(2);
    expect((await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--demo', '-n', 'other')).code).toBe(2);
    expect((await run('sidecar-proxy', 'egress', 'recommend', 'smm-demo', '--demo', '--workload', 'a', '--per-workload')).code).toBe(2);
    expect((await run('sidecar-proxy', 'egress', 'recommend', '--demo')).code).toBe(2);
  });

  it('documents itself with examples and appears in the completion', async () => {
    expect((await run('sidecar-proxy', 'egress', 'recommend', '--help')).out).toContain('smm sidecar-proxy egress recommend smm-demo --workload payments-v1');
    expect((await run('sidecar-proxy', 'egress', 'get', '--help')).out).toContain('Examples');
    const { out } = await run('completion', 'bash');
    const complete = (line: string): string[] => {
      const words = line.split(' ');
      const script = `${out}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _smm; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
    };
    expect(complete('smm sidecar-proxy egress re')).toEqual(['recommend']);
    expect(complete('smm sidecar-proxy egress recommend x --ap')).toEqual(['--apply']);
  });
});

describe('smm sidecar-proxy egress on a cluster (MemoryCluster, the cluster backend the CLI opens)', () => {
  async function clusterBackend(withTelemetry: boolean) {
    const demo = createDemo({ seed: 2 });
    const cluster = new MemoryCluster({ name: demo.clusterName });
    cluster.load(demo.objects);
    cluster.load([{
      apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'hand-made', namespace: 'smm-demo' },
      spec: { workloadSelector: { labels: { app: 'payments', version: 'v1' } }, egress: [{ hosts: ['*/*'] }] },
    }]);
    const backend = await createClusterBackend([{ name: demo.clusterName, port: cluster.port() }]);
    return { port: cluster.port(), backend: withTelemetry ? { ...backend, telemetry: new SimulatorTelemetry(demo.simulator, demo.app, demo.clusterName) } : backend };
  }

  it('without telemetry refuses with the remedy', async () => {
    const { backend } = await clusterBackend(false);
    try {
      await expect(loadEgressRecommendation(backend, { namespace: 'smm-demo', windowSeconds: 3600 })).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('--prometheus-url') });
    } finally {
      await backend.close();
    }
  });

  it('recommends from telemetry, replaces the Sidecar that selects the workload, and get reads it back', async () => {
    const { backend, port } = await clusterBackend(true);
    try {
      const { recommendations, controlPlaneNamespace } = await loadEgressRecommendation(backend, { namespace: 'smm-demo', workload: 'payments-v1', windowSeconds: 600 });
      expect(controlPlaneNamespace).toBe('istio-system');
      expect(recommendations.map((r) => r.sidecar.metadata.name)).toEqual(['hand-made']);
      const results = await applySidecars(port, recommendations.map((r) => r.sidecar));
      expect(results.map((r) => r.outcome)).toEqual(['configured']);
      const stored = await port.get(Resources.Sidecar, 'hand-made', 'smm-demo');
      expect(stored['spec']).toMatchObject({ egress: [{ hosts: PAYMENTS_HOSTS }] });
      expect(stored.metadata.managedFields?.some((m) => m.manager === 'smm' && m.operation === 'Apply')).toBe(true);
      const { sidecars } = await loadSidecarEgress(port, 'smm-demo', { app: 'payments', version: 'v1', extra: 'x' });
      expect(sidecars.map((s) => s.metadata.name)).toEqual(['hand-made']);
    } finally {
      await backend.close();
    }
  });
});
