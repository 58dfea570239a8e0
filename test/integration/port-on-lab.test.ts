// The cluster port and the CLI against the lab's real API server: Deployments run by the
// controller-manager, scheduler and kwok seen through an informer; RBAC of the lab's users
// (their own static tokens, and impersonated by admin) on Istio kinds; `smm --kubeconfig`.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectCluster } from '../../src/kube/clientnode/index.js';
import { isKubeError } from '../../src/kube/errors.js';
import { Informer } from '../../src/kube/informer.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { ClusterPort } from '../../src/kube/port.js';
import { Resources } from '../../src/kube/resources.js';
import type { CliIO } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run.js';

const lab = inject('lab');
const cluster = lab.clusters[0]!;
const suffix = Math.random().toString(36).slice(2, 7);
const ns = `port-lab-${suffix}`;

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, labels: { app: name } },
  spec: {
    replicas, selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, version: 'v1' } },
      spec: { containers: [{ name: 'app', image: 'example/app:1' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.0' }] },
    },
  },
});

const virtualService = (name: string, namespace: string): KubeObject => ({
  apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name, namespace },
  spec: { hosts: [`${name}.${namespace}.svc.cluster.local`], http: [{ route: [{ destination: { host: `${name}.${namespace}.svc.cluster.local` } }] }] },
});

async function until<T>(what: string, fn: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => undefined, (e: unknown) => e);
}

describe('cluster port on the lab', () => {
  let admin: ClusterPort;

  beforeAll(async () => {
    admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } });
  });
  afterAll(async () => {
    await admin?.delete(Resources.Namespace, ns).catch(() => undefined);
  });

  it('sees the pods a Deployment gets (controller-manager, scheduler, kwok) through an informer', async () => {
    const pods = new Informer(admin, Resources.Pod, { namespace: ns, labelSelector: 'app=reviews' });
    const events: string[] = [];
    pods.subscribe((e) => events.push(`${e.type} ${e.object.metadata.name}`));
    await pods.start();
    try {
      await admin.create(deployment('reviews', 2));
      const running = await until('2 running, ready pods with IPs', () => {
        const ready = pods.list().filter((p) => {
          const st = p.status as { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] } | undefined;
          return st?.phase === 'Running' && !!st.podIP && st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        });
        return ready.length === 2 ? ready : undefined;
      });
      expect(running.every((p) => (p.spec as { nodeName?: string }).nodeName)).toBe(true);
      expect(events.filter((e) => e.startsWith('ADDED'))).toHaveLength(2);
      // The pods' owner chain leads to the Deployment, as the model needs.
      const rsName = running[0]!.metadata.ownerReferences?.[0]?.name ?? '';
      const rs = await admin.get(Resources.ReplicaSet, rsName, ns);
      expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'reviews' });
      // Scaling down is seen as deletions.
      const d = await admin.get(Resources.Deployment, 'reviews', ns);
      await admin.update({ ...d, spec: { ...(d.spec as object), replicas: 1 } });
      await until('one pod left', () => (pods.list().length === 1 ? true : undefined));
      expect(events.filter((e) => e.startsWith('DELETED'))).toHaveLength(1);
    } finally {
      await pods.stop();
    }
  });

  describe('RBAC of the lab users on a VirtualService', () => {
    beforeAll(async () => {
      for (const namespace of ['smm-demo', 'default']) {
        await admin.apply(virtualService(`rbac-${suffix}`, namespace), { fieldManager: 'lab-test' });
      }
    });
    afterAll(async () => {
      for (const namespace of ['smm-demo', 'default']) await admin.delete(Resources.VirtualService, `rbac-${suffix}`, namespace).catch(() => undefined);
    });

    const versionOf = async (namespace: string): Promise<string | undefined> =>
      (await admin.get(Resources.VirtualService, `rbac-${suffix}`, namespace)).metadata.resourceVersion;
    const change = async (k: ClusterPort, namespace: string): Promise<unknown> => {
      const current = await k.get(Resources.VirtualService, `rbac-${suffix}`, namespace);
      return errorOf(k.update({ ...current, metadata: { ...current.metadata, labels: { changed: String(Date.now()) } } }));
    };

    for (const how of ['own token', 'impersonated by admin'] as const) {
      it(`viewer (${how}) may read but not update; the refusal names the user and the verb`, async () => {
        const viewer = how === 'own token' ? await connectCluster({ kubeconfig: cluster.kubeconfigs.viewer }) : admin.impersonate({ username: 'viewer' });
        const before = await versionOf('smm-demo');
        const err = await change(viewer, 'smm-demo');
        expect(isKubeError(err, 'Forbidden')).toBe(true);
        expect((err as Error).message).toMatch(/User "viewer" cannot update resource "virtualservices" in API group "networking.istio.io" in the namespace "smm-demo"/);
        expect(await versionOf('smm-demo')).toBe(before);
      });

      it(`editor (${how}) may update in smm-demo and not in default`, async () => {
        const editor = how === 'own token' ? await connectCluster({ kubeconfig: cluster.kubeconfigs.editor }) : admin.impersonate({ username: 'editor' });
        const before = await versionOf('smm-demo');
        expect(await change(editor, 'smm-demo')).toBeUndefined();
        expect(await versionOf('smm-demo')).not.toBe(before);
        const beforeDefault = await versionOf('default');
        const err = await change(editor, 'default');
        expect(await versionOf('default')).toBe(beforeDefault);
        expect(isKubeError(err, 'Forbidden')).toBe(true);
        expect((err as Error).message).toContain('in the namespace "default"');
      });
    }
  });

  it('smm --kubeconfig reads the real cluster: workloads with their pods, as a table and as JSON', async () => {
    await admin.apply(deployment('ratings', 1), { fieldManager: 'lab-test' });
    const read = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false, env: {} };
      const code = await runCli(['--kubeconfig', cluster.kubeconfigs.admin, ...args], io);
      return { code, out, err };
    };
    let rows: { name: string; kind: string; pods: { phase: string; sidecar: boolean }[] }[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await read('get', 'workloads', '-n', ns, '-o', 'json');
      expect(r).toMatchObject({ code: 0, err: '' });
      rows = JSON.parse(r.out) as typeof rows;
      if (rows.find((w) => w.name === 'ratings')?.pods[0]?.phase === 'Running') break;
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(rows.find((w) => w.name === 'ratings')).toMatchObject({ kind: 'Deployment', pods: [{ phase: 'Running', sidecar: true }] });
    const table = await read('get', 'workloads', '-n', ns);
    expect(table.out).toMatch(/^NAMESPACE\s+NAME\s+KIND/);
    expect(table.out).toMatch(new RegExp(`${ns}\\s+ratings\\s+Deployment\\s+ratings\\s+v1\\s+1/1\\s+all`));
    const namespaces = await read('get', 'namespaces');
    expect(namespaces.out).toMatch(new RegExp(`${ns}\\s+enabled\\s+default\\s+MISSING`));
  });

  it('smm with a kubeconfig that does not exist says so in one line', async () => {
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => { err += t; }, isTTY: false, env: {} };
    const code = await runCli(['--kubeconfig', '/nonexistent/kubeconfig', 'get', 'pods'], io);
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('/nonexistent/kubeconfig');
  });
});
