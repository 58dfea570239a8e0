// The lab itself: real API servers with TLS, RBAC and Istio's CRD schemas, kwok running pods,
// the control channel, and Prometheus. Other integration tests rely on all of this.
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LabControlClient, type LabDescription } from '../../lab/control-client.js';

const lab: LabDescription = inject('lab');
const control = new LabControlClient(lab.control);
const NS = 'smm-demo';
const suffix = Date.now().toString(36);

type User = keyof LabDescription['clusters'][number]['kubeconfigs'];

function cluster(name: string): LabDescription['clusters'][number] {
  const found = lab.clusters.find((c) => c.name === name);
  if (!found) throw new Error(`lab has no cluster ${name}`);
  return found;
}

function kubeconfig(clusterName: string, user: User): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster(clusterName).kubeconfigs[user]);
  return kc;
}

/** GET /readyz with the user's kubeconfig (CA and token), as any client would. */
async function readyz(clusterName: string): Promise<{ status: number; body: string }> {
  const kc = kubeconfig(clusterName, 'admin');
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no server');
  const opts: Parameters<typeof request>[1] = { method: 'GET', agent: false };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(new URL('/readyz', server), opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The HTTP status of a failed call, or 'ok' when it did not fail. */
async function statusOf(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

function virtualService(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name },
    spec: {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
      ...spec,
    },
  };
}

const VS = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' } as const;

describe('lab', () => {
  it('runs two clusters whose API servers are ready over verified TLS', async () => {
    expect(lab.clusters.map((c) => c.name)).toEqual(['lab-a', 'lab-b']);
    for (const c of lab.clusters) {
      expect(c.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await readyz(c.name)).toEqual({ status: 200, body: 'ok' });
    }
    // Two independent control planes, not one server twice.
    expect(new Set(lab.clusters.map((c) => c.server)).size).toBe(2);
  });

  describe('pods simulated by kwok', () => {
    const name = `lab-test-${suffix}`;
    const apps = () => kubeconfig('lab-a', 'admin').makeApiClient(AppsV1Api);
    const core = () => kubeconfig('lab-a', 'admin').makeApiClient(CoreV1Api);

    afterAll(async () => {
      await apps().deleteNamespacedDeployment({ name, namespace: NS }).catch(() => undefined);
    });

    it('schedules a Deployment onto fake nodes; its pods run, get IPs and it becomes Available', async () => {
      const body: V1Deployment = {
        metadata: { name },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] },
          },
        },
      };
      await apps().createNamespacedDeployment({ namespace: NS, body });

      const nodes = await core().listNode();
      const fakeNodes = new Set(nodes.items.filter((n) => n.metadata?.labels?.['type'] === 'kwok').map((n) => n.metadata?.name));
      expect(fakeNodes.size).toBeGreaterThanOrEqual(2);

      await vi.waitFor(
        async () => {
          const pods = await core().listNamespacedPod({ namespace: NS, labelSelector: `app=${name}` });
          const running = pods.items.filter(
            (p) =>
              p.status?.phase === 'Running' &&
              p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') &&
              /^\d+\.\d+\.\d+\.\d+$/.test(p.status.podIP ?? '') &&
              fakeNodes.has(p.spec?.nodeName),
          );
          expect(running).toHaveLength(2);
        },
        { timeout: 60_000, interval: 500 },
      );
      await vi.waitFor(
        async () => {
          const d = await apps().readNamespacedDeployment({ name, namespace: NS });
          expect(d.status?.availableReplicas).toBe(2);
          expect(d.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
        },
        { timeout: 60_000, interval: 500 },
      );
    });
  });

  describe('users and RBAC', () => {
    const created: { ns: string; name: string }[] = [];
    afterAll(async () => {
      const admin = kubeconfig('lab-a', 'admin').makeApiClient(CustomObjectsApi);
      for (const { ns, name } of created) {
        await admin.deleteNamespacedCustomObject({ ...VS, namespace: ns, name }).catch(() => undefined);
      }
    });

    it('viewer reads everything, Istio kinds included, and may not write', async () => {
      const viewer = kubeconfig('lab-a', 'viewer');
      expect(await statusOf(viewer.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: NS }))).toBe('ok');
      expect(await statusOf(viewer.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ ...VS, namespace: NS }))).toBe('ok');
      const configMap = { metadata: { name: `viewer-${suffix}` }, data: { a: 'b' } };
      expect(await statusOf(viewer.makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: NS, body: configMap }))).toBe(403);
    });

    it('editor edits Istio networking kinds in smm-demo only', async () => {
      const editor = kubeconfig('lab-a', 'editor').makeApiClient(CustomObjectsApi);
      const name = `editor-${suffix}`;
      expect(await statusOf(editor.createNamespacedCustomObject({ ...VS, namespace: NS, body: virtualService(name) }))).toBe('ok');
      created.push({ ns: NS, name });
      expect(await statusOf(editor.createNamespacedCustomObject({ ...VS, namespace: 'default', body: virtualService(name) }))).toBe(403);
      const core = kubeconfig('lab-a', 'editor').makeApiClient(CoreV1Api);
      expect(await statusOf(core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name } } }))).toBe(403);
    });

    it("rejects a VirtualService field that Istio's CRD schema does not declare", async () => {
      const admin = kubeconfig('lab-a', 'admin').makeApiClient(CustomObjectsApi);
      const body = virtualService(`strict-${suffix}`, { retriesPerFortnight: 3 });
      let error: unknown;
      try {
        await admin.createNamespacedCustomObject({ ...VS, namespace: NS, body, fieldValidation: 'Strict' });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ApiException);
      const apiError = error as ApiException<unknown>;
      expect(apiError.code).toBe(400);
      expect(JSON.stringify(apiError.body)).toContain('retriesPerFortnight');
    });
  });

  describe('control channel', () => {
    it('stops and restarts an API server on the same port with the same data', async () => {
      const core = () => kubeconfig('lab-b', 'admin').makeApiClient(CoreV1Api);
      const name = `restart-${suffix}`;
      await core().createNamespacedConfigMap({ namespace: NS, body: { metadata: { name }, data: { kept: 'yes' } } });

      await control.stopApiServer('lab-b');
      await expect(readyz('lab-b')).rejects.toThrow(/ECONNREFUSED/);
      // The other cluster is independent.
      expect((await readyz('lab-a')).body).toBe('ok');

      await control.startApiServer('lab-b');
      expect(await readyz('lab-b')).toEqual({ status: 200, body: 'ok' });
      const kept = await core().readNamespacedConfigMap({ namespace: NS, name });
      expect(kept.data).toEqual({ kept: 'yes' });
      await core().deleteNamespacedConfigMap({ namespace: NS, name });
    });

    it('rejects callers without the token', async () => {
      // A route whose misuse would be harmless, should the check ever break.
      const res = await fetch(`${lab.control.url}/prometheus/targets`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(401);
    });
  });

  describe('prometheus', () => {
    const prometheus = lab.prometheus;
    let exporter: Server;
    let exporterUrl = '';

    beforeAll(async () => {
      // A real scrape target, serving a value the test can find again through PromQL.
      exporter = createServer((req, res) => {
        if (req.url !== '/metrics') return void res.writeHead(404).end();
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        res.end('# TYPE smm_lab_test_value gauge\nsmm_lab_test_value 42\n');
      });
      await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
      exporterUrl = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
    });
    afterAll(() => new Promise<void>((resolve) => exporter.close(() => resolve())));

    async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
      if (!prometheus) throw new Error('lab has no Prometheus');
      const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      expect(body.status).toBe('success');
      return body.data.result;
    }

    it('answers `up` for its own scrape', async () => {
      expect(prometheus?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await vi.waitFor(async () => {
        const up = await query('up{job="prometheus"}');
        expect(up.map((r) => r.value[1])).toEqual(['1']);
      }, { timeout: 20_000, interval: 500 });
    });

    it('scrapes a target added through the control channel', async () => {
      await control.addScrapeTarget('lab-test', exporterUrl);
      await vi.waitFor(async () => {
        const result = await query('smm_lab_test_value{job="lab-test"}');
        expect(result.map((r) => r.value[1])).toEqual(['42']);
      }, { timeout: 20_000, interval: 500 });
    });
  });
});
