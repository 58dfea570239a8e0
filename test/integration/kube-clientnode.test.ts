// The client-node adapter against a real kube-apiserver from the lab: the cluster-port contract
// suite, unchanged, plus what only a real server shows (its RBAC messages, strict field
// validation of CRDs, TLS, connection failures, restarts).

import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LabControlClient } from '../../lab/control-client.js';
import { clusterPortFromKubeConfig, connectCluster, loadKubeConfig, type ClientNodeClusterPort } from '../../src/kube/clientnode/index.js';
import { isKubeError, type KubeError } from '../../src/kube/errors.js';
import { Informer } from '../../src/kube/informer.js';
import type { KubeObject } from '../../src/kube/object.js';
import { describeClusterPortContract } from '../../src/kube/port.contract.js';
import { Resources } from '../../src/kube/resources.js';

const lab = inject('lab');
const control = new LabControlClient(lab.control);
// The last cluster: restarting its API server disturbs no other cluster's tests.
const cluster = lab.clusters[lab.clusters.length - 1]!;
const other = lab.clusters.find((c) => c !== cluster);

/** Stop and start the cluster's API server (etcd keeps the data): every watch stream ends. */
async function restartApiServer(): Promise<void> {
  await control.stopApiServer(cluster.name);
  await control.startApiServer(cluster.name);
}

describeClusterPortContract('client-node adapter on the lab', async () => {
  const admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
  return {
    admin,
    disconnectWatches: restartApiServer,
    // A restarted API server rebuilds its watch cache from etcd's current revision: watching
    // from any version seen before is answered with a real 410 Gone.
    compactHistory: restartApiServer,
    teardown: async () => admin.close(),
  };
});

/**
 * A reverse proxy in front of the API server that can cut and refuse watch requests while all
 * other requests pass: the network outage of the contract's `watchOutage`, on a real server.
 */
class WatchGate {
  refuse = false;
  private readonly open = new Set<{ res: http.ServerResponse; upstream: http.ClientRequest }>();
  private readonly server: http.Server;
  private readonly agent: https.Agent;
  url = '';

  constructor(private readonly target: string, ca: Buffer) {
    this.agent = new https.Agent({ ca, keepAlive: false });
    this.server = http.createServer((req, res) => this.forward(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** End every open watch stream, as a proxy timeout or a network cut does. */
  closeWatches(): void {
    for (const w of this.open) {
      w.upstream.destroy();
      w.res.destroy();
    }
    this.open.clear();
  }

  async stop(): Promise<void> {
    this.closeWatches();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.target);
    const isWatch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
    if (isWatch && this.refuse) {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: 'watch refused: the test proxy simulates an outage' }));
      return;
    }
    const { host: _host, connection: _connection, ...headers } = req.headers;
    const upstream = https.request(url, { method: req.method, headers, agent: this.agent }, (up) => {
      const { connection: _c, 'keep-alive': _k, ...back } = up.headers;
      res.writeHead(up.statusCode ?? 502, back);
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    upstream.on('error', () => res.destroy());
    if (isWatch) {
      const entry = { res, upstream };
      this.open.add(entry);
      res.on('close', () => {
        this.open.delete(entry);
        upstream.destroy();
      });
    }
    req.pipe(upstream);
  }
}

describeClusterPortContract('client-node adapter on the lab, through a proxy that can cut watches', async () => {
  const gate = new WatchGate(cluster.server, readFileSync(cluster.caFile));
  await gate.start();
  const token = loadKubeConfig({ kubeconfig: cluster.kubeconfigs.admin }).kc.getCurrentUser()?.token;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: cluster.name, server: gate.url, skipTLSVerify: true }],
    users: [{ name: 'admin', token }],
    contexts: [{ name: 'gated', cluster: cluster.name, user: 'admin' }],
    currentContext: 'gated',
  });
  const admin = clusterPortFromKubeConfig(kc);
  return {
    admin,
    disconnectWatches: async () => gate.closeWatches(),
    compactHistory: restartApiServer,
    watchOutage: async (whileDown) => {
      gate.refuse = true;
      gate.closeWatches();
      try {
        await whileDown();
        await restartApiServer();
      } finally {
        gate.refuse = false;
      }
    },
    teardown: async () => {
      admin.close();
      await gate.stop();
    },
  };
});

async function failure(p: Promise<unknown>): Promise<KubeError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isKubeError(e)) throw new Error(`expected a KubeError, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('client-node adapter specifics on the lab', () => {
  const ns = `clientnode-${Math.random().toString(36).slice(2, 8)}`;
  let admin: ClientNodeClusterPort;

  beforeAll(async () => {
    admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });

  afterAll(async () => {
    await admin?.delete(Resources.Namespace, ns).catch(() => undefined);
    admin?.close();
  });

  it('a user without rights gets the API server\'s Forbidden, naming the user and the verb', async () => {
    const nobody = admin.impersonate({ username: `nobody-${ns}` });
    const err = await failure(nobody.list(Resources.ConfigMap, { namespace: ns }));
    expect(err.reason).toBe('Forbidden');
    expect(err.code).toBe(403);
    expect(err.message).toContain(`User "nobody-${ns}"`);
    expect(err.message).toContain('cannot list resource "configmaps"');
    // A static-token user of the lab, authenticated as itself: reads, may not write.
    const viewer = await connectCluster({ kubeconfig: cluster.kubeconfigs.viewer });
    await viewer.list(Resources.ConfigMap, { namespace: ns });
    const write = await failure(viewer.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: ns } }));
    expect(write.reason).toBe('Forbidden');
    expect(write.message).toContain('User "viewer" cannot create resource "configmaps"');
    expect((await viewer.canI({ verb: 'create', group: '', resource: 'configmaps', namespace: ns })).allowed).toBe(false);
    viewer.close();
  });

  it('impersonates several groups, each its own Impersonate-Group header', async () => {
    const group = `readers-${ns}`;
    await admin.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'group-view', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }] });
    const member = admin.impersonate({ username: `member-${ns}`, groups: ['other-group', group] });
    await until(() => member.list(Resources.ConfigMap, { namespace: ns }).then(() => true, () => false), 10_000, 'the group binding to take effect');
    expect((await member.canI({ verb: 'list', group: '', resource: 'configmaps', namespace: ns })).allowed).toBe(true);
    const outsider = admin.impersonate({ username: `member-${ns}`, groups: ['other-group'] });
    expect((await failure(outsider.list(Resources.ConfigMap, { namespace: ns }))).reason).toBe('Forbidden');
  });

  it('refuses a VirtualService with an unknown field (strict field validation), naming the field', async () => {
    const vs: KubeObject = {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'strict', namespace: ns },
      spec: { hosts: ['a.example.com'], http: [{ route: [{ destination: { host: 'a.example.com' } }], retires: { attempts: 3 } }] },
    };
    for (const write of [
      () => admin.create(vs),
      () => admin.create(vs, { dryRun: true }),
      () => admin.apply(vs),
    ]) {
      const err = await failure(write());
      expect(err.reason, err.message).toBe('BadRequest');
      expect(err.message).toContain('retires');
      expect(err.causes.map((c) => c.field)).toEqual(['spec.http[0].retires']);
    }
    await failure(admin.get(Resources.VirtualService, 'strict', ns)).then((e) => expect(e.reason).toBe('NotFound'));
    // The same object without the typo is fine.
    const { retires: _typo, ...http } = (vs.spec as { http: Record<string, unknown>[] }).http[0]!;
    await admin.create({ ...vs, spec: { ...(vs.spec as object), http: [http] } });
  });

  it('a server with a certificate from another CA is Unavailable with a TLS message', async () => {
    if (!other) return;
    const doc = parse(readFileSync(cluster.kubeconfigs.admin, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
    doc.clusters[0]!.cluster['certificate-authority-data'] = readFileSync(other.caFile).toString('base64');
    const file = join(lab.stateDir, `wrong-ca-${ns}.kubeconfig`);
    writeFileSync(file, stringify(doc));
    const k = await connectCluster({ kubeconfig: file });
    const err = await failure(k.list(Resources.Namespace));
    expect(err.reason).toBe('Unavailable');
    expect(err.message).toContain(cluster.server);
    expect(err.message).toMatch(/TLS|certificate/);
  });

  it('an informer survives an API server restart; calls meanwhile are Unavailable naming the URL', async () => {
    const cm = (name: string, data: Record<string, string> = {}): KubeObject =>
      ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels: { restart: 'yes' } }, data });
    await admin.create(cm('before-1'));
    const before2 = await admin.create(cm('before-2'));
    const errors: unknown[] = [];
    const informer = new Informer(admin, Resources.ConfigMap, { namespace: ns, labelSelector: 'restart=yes', backoffMs: 50, maxBackoffMs: 500, onError: (e) => errors.push(e) });
    const seen: string[] = [];
    informer.subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`));
    await informer.start();
    try {
      await control.stopApiServer(cluster.name);
      const down = await failure(admin.list(Resources.ConfigMap, { namespace: ns }));
      expect(down.reason).toBe('Unavailable');
      expect(down.message).toContain(cluster.server);
      await control.startApiServer(cluster.name);

      await admin.update({ ...before2, data: { v: '2' } });
      await admin.delete(Resources.ConfigMap, 'before-1', ns);
      await admin.create(cm('after-1'));
      const key = (o: KubeObject): string => `${o.metadata.name}@${o.metadata.resourceVersion}`;
      let server: string[] = [];
      await until(async () => {
        server = (await admin.list(Resources.ConfigMap, { namespace: ns, labelSelector: 'restart=yes' })).items.map(key).sort();
        return JSON.stringify(informer.list().map(key).sort()) === JSON.stringify(server);
      }, 30_000, 'the informer cache to equal the server list');
      expect(server.map((s) => s.split('@')[0])).toEqual(['after-1', 'before-2']);
      // Nothing was reported twice.
      expect(new Set(seen).size).toBe(seen.length);
      expect(informer.stats.watches).toBeGreaterThanOrEqual(2);
      expect(errors.every((e) => isKubeError(e))).toBe(true);
    } finally {
      await informer.stop();
    }
  });

  it('loads the lab kubeconfig: context, namespace, description', () => {
    const { kc } = loadKubeConfig({ kubeconfig: cluster.kubeconfigs.editor });
    const k = clusterPortFromKubeConfig(kc);
    expect(k.description).toBe(`${cluster.name}/${kc.getCurrentUser()?.name}`);
    expect(k.server).toBe(cluster.server);
  });
});
