// The client-node adapter against a scripted HTTP server on 127.0.0.1: the exact requests it
// sends and how it reads answers and watch streams. The contract suite runs it against a real
// API server in test/integration/kube-clientnode.test.ts.

import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isKubeError, KubeError } from '../errors.js';
import type { KubeObject } from '../object.js';
import type { WatchEvent } from '../port.js';
import { Resources } from '../resources.js';
import { clusterPortFromKubeConfig, connectCluster } from './connect.js';
import { LineSplitter } from './lines.js';

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Seen, res: http.ServerResponse) => void;

let server: http.Server;
let base = '';
let handler: Handler = (_req, res) => res.end('{}');
const seen: Seen[] = [];
const closed: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: new URL(req.url ?? '/', base), headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      res.on('close', () => closed.push(s.url.pathname));
      handler(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  seen.length = 0;
  closed.length = 0;
});

function kubeConfig(serverUrl = base): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: serverUrl, skipTLSVerify: true }],
    users: [{ name: 'me', token: 'secret-token' }],
    contexts: [{ name: 'fake-ctx', cluster: 'fake', user: 'me', namespace: 'team' }],
    currentContext: 'fake-ctx',
  });
  return kc;
}

const json = (res: http.ServerResponse, code: number, body: unknown): void => {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data: { a: '1' } };

async function collect(stream: AsyncIterable<WatchEvent>): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('client-node adapter requests', () => {
  it('routes kinds to REST paths and authenticates with the kubeconfig token', async () => {
    handler = (req, res) => json(res, 200, req.url.pathname.endsWith('configmaps') || req.url.pathname.endsWith('clusterroles')
      ? { items: [{ metadata: { name: 'x', resourceVersion: '5' } }], metadata: { resourceVersion: '7' } }
      : { ...cm, metadata: { ...cm.metadata, resourceVersion: '3' } });
    const k = clusterPortFromKubeConfig(kubeConfig());
    expect(k.description).toBe('fake/me');
    await k.get(Resources.ConfigMap, 'c', 'ns');
    await k.get(Resources.ConfigMap, 'c');
    await k.get(Resources.VirtualService, 'v', 'ns');
    const listed = await k.list(Resources.ConfigMap, { labelSelector: 'app in (a,b)', fieldSelector: 'metadata.name=x' });
    await k.list(Resources.ClusterRole, { namespace: 'ignored' });
    expect(listed).toEqual({ items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', resourceVersion: '5' } }], resourceVersion: '7' });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'GET /api/v1/namespaces/ns/configmaps/c',
      'GET /api/v1/namespaces/team/configmaps/c',
      'GET /apis/networking.istio.io/v1beta1/namespaces/ns/virtualservices/v',
      'GET /api/v1/configmaps',
      'GET /apis/rbac.authorization.k8s.io/v1/clusterroles',
    ]);
    expect(seen[3]!.url.searchParams.get('labelSelector')).toBe('app in (a,b)');
    expect(seen[3]!.url.searchParams.get('fieldSelector')).toBe('metadata.name=x');
    expect(seen.every((s) => s.headers.authorization === 'Bearer secret-token')).toBe(true);
    expect(seen.every((s) => s.headers['impersonate-user'] === undefined)).toBe(true);
  });

  it('writes with a field manager, strict field validation, dry run, apply and delete options', async () => {
    handler = (req, res) => json(res, req.method === 'POST' ? 201 : 200, req.method === 'DELETE' ? { kind: 'Status', status: 'Success' } : cm);
    const k = clusterPortFromKubeConfig(kubeConfig());
    await k.create(cm, { dryRun: true });
    await k.update(cm, { fieldManager: 'editor' });
    await k.updateStatus(cm);
    await k.apply({ ...cm, metadata: { ...cm.metadata, managedFields: [{ manager: 'x', operation: 'Update' }] } }, { fieldManager: 'installer', force: true });
    await k.apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'nope' }, rules: [] });
    await k.delete(Resources.ConfigMap, 'c', 'ns', { propagationPolicy: 'Foreground', resourceVersion: '42', dryRun: true });
    const [create, update, status, apply, applyCluster, del] = seen;
    expect(create!.method).toBe('POST');
    expect(create!.url.pathname).toBe('/api/v1/namespaces/ns/configmaps');
    expect(Object.fromEntries(create!.url.searchParams)).toEqual({ fieldManager: 'smm', fieldValidation: 'Strict', dryRun: 'All' });
    expect(JSON.parse(create!.body)).toEqual(cm);
    expect(update!.method).toBe('PUT');
    expect(update!.url.pathname).toBe('/api/v1/namespaces/ns/configmaps/c');
    expect(Object.fromEntries(update!.url.searchParams)).toEqual({ fieldManager: 'editor', fieldValidation: 'Strict' });
    expect(status!.url.pathname).toBe('/api/v1/namespaces/ns/configmaps/c/status');
    expect(apply!.method).toBe('PATCH');
    expect(apply!.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(Object.fromEntries(apply!.url.searchParams)).toEqual({ fieldManager: 'installer', fieldValidation: 'Strict', force: 'true' });
    expect(JSON.parse(apply!.body)).toEqual(cm);
    expect(applyCluster!.url.pathname).toBe('/apis/rbac.authorization.k8s.io/v1/clusterroles/r');
    expect(JSON.parse(applyCluster!.body).metadata).toEqual({ name: 'r' });
    expect(Object.fromEntries(applyCluster!.url.searchParams)).toEqual({ fieldManager: 'smm', fieldValidation: 'Strict' });
    expect(del!.method).toBe('DELETE');
    expect(JSON.parse(del!.body)).toEqual({
      apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground', preconditions: { resourceVersion: '42' }, dryRun: ['All'],
    });
  });

  it('impersonates on every request, watches included, and asks SelfSubjectAccessReview for canI', async () => {
    handler = (req, res) => {
      if (req.url.searchParams.get('watch')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end();
      } else json(res, 201, { status: { allowed: false, reason: 'no RBAC policy matched' } });
    };
    const k = clusterPortFromKubeConfig(kubeConfig()).impersonate({ username: 'jane', groups: ['devs', 'ops'] });
    expect(k.description).toBe('fake/jane');
    const review = await k.canI({ verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'ns' });
    expect(review).toEqual({ allowed: false, reason: 'no RBAC policy matched' });
    await collect(k.watch(Resources.Pod, { resourceVersion: '9' }));
    for (const s of seen) {
      expect(s.headers['impersonate-user']).toBe('jane');
      expect(s.headers['impersonate-group']).toBe('devs, ops');
    }
    expect(seen[0]!.url.pathname).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(JSON.parse(seen[0]!.body).spec.resourceAttributes).toEqual({ verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'ns' });
    const { timeoutSeconds, ...watchQuery } = Object.fromEntries(seen[1]!.url.searchParams);
    expect(watchQuery).toEqual({ watch: '1', allowWatchBookmarks: 'true', resourceVersion: '9' });
    expect(Number(timeoutSeconds)).toBeGreaterThanOrEqual(300);
    expect(Number(timeoutSeconds)).toBeLessThan(600);
    expect(() => k.impersonate({ username: 'bob' })).toThrow(/already acts as "jane"/);
  });
});

describe('client-node adapter watch streams', () => {
  it('reads events split anywhere across chunks, passes bookmarks on, ends when the server ends', async () => {
    const events = [
      { type: 'ADDED', object: { ...cm, metadata: { name: 'ünïcødé', namespace: 'ns', resourceVersion: '11' } } },
      { type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '12' } } },
      { type: 'MODIFIED', object: { ...cm, metadata: { name: 'b', namespace: 'ns', resourceVersion: '13' } } },
      { type: 'DELETED', object: { metadata: { name: 'b', namespace: 'ns', resourceVersion: '14' } } },
    ];
    const bytes = Buffer.from(`${events.map((e) => JSON.stringify(e)).join('\n')}\n\n${JSON.stringify({ type: 'ADDED', object: { ...cm, metadata: { name: 'last', resourceVersion: '15' } } })}`);
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Three bytes at a time: cuts JSON tokens, lines and UTF-8 sequences.
      let i = 0;
      const tick = (): void => {
        if (i >= bytes.length) {
          res.end();
          return;
        }
        res.write(bytes.subarray(i, i + 3));
        i += 3;
        setImmediate(tick);
      };
      tick();
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const got = await collect(k.watch(Resources.ConfigMap, { namespace: 'ns', resourceVersion: '10', labelSelector: 'a=b' }));
    expect(got.map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion, e.object.kind])).toEqual([
      ['ADDED', 'ünïcødé', '11', 'ConfigMap'], ['BOOKMARK', undefined, '12', 'ConfigMap'], ['MODIFIED', 'b', '13', 'ConfigMap'], ['DELETED', 'b', '14', 'ConfigMap'], ['ADDED', 'last', '15', 'ConfigMap'],
    ]);
    expect(seen[0]!.url.pathname).toBe('/api/v1/namespaces/ns/configmaps');
    expect(seen[0]!.url.searchParams.get('labelSelector')).toBe('a=b');
  });

  it('turns an ERROR event with 410 into a Gone KubeError after the events before it', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { ...cm, metadata: { name: 'a', resourceVersion: '3' } } })}\n`);
      res.write(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 } })}\n`);
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const got: WatchEvent[] = [];
    const err = await (async () => {
      for await (const e of k.watch(Resources.ConfigMap, { resourceVersion: '1' })) got.push(e);
    })().then(() => undefined, (e: unknown) => e);
    expect(got).toHaveLength(1);
    expect(isKubeError(err, 'Gone')).toBe(true);
    expect((err as KubeError).message).toContain('too old resource version');
    await until(() => closed.length === 1);
  });

  it('an AbortSignal ends the iteration normally and closes the request', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { ...cm, metadata: { name: 'a', resourceVersion: '3' } } })}\n`);
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const ac = new AbortController();
    const got: WatchEvent[] = [];
    for await (const e of k.watch(Resources.ConfigMap, { resourceVersion: '1', signal: ac.signal })) {
      got.push(e);
      ac.abort();
    }
    expect(got).toHaveLength(1);
    await until(() => closed.length === 1);
  });

  it('breaking out of the loop closes the request', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { ...cm, metadata: { name: 'a', resourceVersion: '3' } } })}\n`);
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    for await (const _e of k.watch(Resources.ConfigMap, { resourceVersion: '1' })) break;
    await until(() => closed.length === 1);
  });

  it('a connection lost mid-stream is Unavailable; a refused watch is the server Status', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","obj');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const lost = await collect(k.watch(Resources.ConfigMap, { resourceVersion: '1' })).then(() => undefined, (e: unknown) => e);
    expect(isKubeError(lost, 'Unavailable')).toBe(true);
    handler = (_req, res) => json(res, 403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'configmaps is forbidden: User "jane" cannot watch resource "configmaps"' });
    const refused = await collect(k.watch(Resources.ConfigMap, { resourceVersion: '1' })).then(() => undefined, (e: unknown) => e);
    expect(isKubeError(refused, 'Forbidden')).toBe(true);
    expect((refused as KubeError).message).toContain('User "jane" cannot watch');
  });
});

describe('client-node adapter pod logs', () => {
  const readAll = async (stream: AsyncIterable<string>): Promise<string[]> => {
    const out: string[] = [];
    for await (const line of stream) out.push(line);
    return out;
  };

  it('asks the log subresource with the options, impersonating, and splits lines anywhere across chunks', async () => {
    // Verbatim lines: indentation and blank lines are part of a log; CRLF and a missing last newline are not.
    const bytes = Buffer.from('first ünïcødé line\r\n  indented\n\n[2024-05-01T10:00:00.000Z] "GET / HTTP/1.1" 200\nlast without newline');
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      let i = 0;
      const tick = (): void => {
        if (i >= bytes.length) {
          res.end();
          return;
        }
        res.write(bytes.subarray(i, i + 3));
        i += 3;
        setImmediate(tick);
      };
      tick();
    };
    const k = clusterPortFromKubeConfig(kubeConfig()).impersonate({ username: 'jane', groups: ['devs'] });
    const lines = await readAll(k.podLogs('shop', 'cart-1', { container: 'istio-proxy', tailLines: 50, sinceSeconds: 600, follow: true }));
    expect(lines).toEqual(['first ünïcødé line', '  indented', '', '[2024-05-01T10:00:00.000Z] "GET / HTTP/1.1" 200', 'last without newline']);
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.url.pathname).toBe('/api/v1/namespaces/shop/pods/cart-1/log');
    expect(Object.fromEntries(seen[0]!.url.searchParams)).toEqual({ container: 'istio-proxy', tailLines: '50', sinceSeconds: '600', follow: 'true' });
    expect(seen[0]!.headers['impersonate-user']).toBe('jane');
    expect(seen[0]!.headers['impersonate-group']).toBe('devs');
    // No namespace: the context's.
    await readAll(clusterPortFromKubeConfig(kubeConfig()).podLogs('', 'solo'));
    expect(seen[1]!.url.pathname).toBe('/api/v1/namespaces/team/pods/solo/log');
    expect(seen[1]!.url.search).toBe('');
  });

  it('keeps the server Status: NotFound for a missing pod, BadRequest for a container it needs named', async () => {
    handler = (req, res) => (req.url.pathname.includes('/nope/')
      ? json(res, 404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "nope" not found' })
      : json(res, 400, { kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message: 'a container name must be specified for pod cart, choose one of: [cart istio-proxy]' }));
    const k = clusterPortFromKubeConfig(kubeConfig());
    const missing = await readAll(k.podLogs('shop', 'nope')).then(() => undefined, (e: unknown) => e);
    expect(isKubeError(missing, 'NotFound') && missing.code).toBe(404);
    const unnamed = await readAll(k.podLogs('shop', 'cart')).then(() => undefined, (e: unknown) => e);
    expect(isKubeError(unnamed, 'BadRequest') && unnamed.message).toContain('a container name must be specified');
  });

  it('an AbortSignal, or leaving the loop, ends a followed log and closes the request', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('one\ntwo\nhalf a li');
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const ac = new AbortController();
    const got: string[] = [];
    for await (const line of k.podLogs('shop', 'cart', { follow: true, signal: ac.signal })) {
      got.push(line);
      if (got.length === 2) setTimeout(() => ac.abort(), 10);
    }
    // The fragment after the last newline was cut by the abort: not a line.
    expect(got).toEqual(['one', 'two']);
    await until(() => closed.length === 1);
    for await (const _line of k.podLogs('shop', 'cart', { follow: true })) break;
    await until(() => closed.length === 2);
  });

  it('a log connection lost mid-stream is Unavailable', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('one\n');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const got: string[] = [];
    const err = await (async () => {
      for await (const line of k.podLogs('shop', 'cart', { follow: true })) got.push(line);
    })().then(() => undefined, (e: unknown) => e);
    expect(got).toEqual(['one']);
    expect(isKubeError(err, 'Unavailable')).toBe(true);
  });
});

describe('client-node adapter errors', () => {
  it('keeps the server Status: reason, code, message and field causes', async () => {
    handler = (_req, res) => json(res, 422, {
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422,
      message: 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"',
      details: { name: 'Bad_Name', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "Bad_Name"', field: 'metadata.name' }] },
    });
    const k = clusterPortFromKubeConfig(kubeConfig());
    const err = await k.create(cm).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect(err).toMatchObject({ reason: 'Invalid', code: 422, causes: [{ field: 'metadata.name', reason: 'FieldValueInvalid' }] });
  });

  it('answers without a Status body and 429 become KubeErrors too', async () => {
    handler = (_req, res) => {
      res.writeHead(502);
      res.end('<html>bad gateway</html>');
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    const bad = await k.get(Resources.ConfigMap, 'c', 'ns').then(() => undefined, (e: unknown) => e);
    expect(bad).toMatchObject({ reason: 'Unknown', code: 502 });
    expect((bad as Error).message).toContain('bad gateway');
    handler = (_req, res) => json(res, 429, { kind: 'Status', status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'storage is (re)initializing' });
    expect(await k.get(Resources.ConfigMap, 'c', 'ns').then(() => undefined, (e: unknown) => e)).toMatchObject({ reason: 'Unavailable', code: 429 });
  });

  it('names unknown fields as causes; an apply the schema refuses is BadRequest, not a 500', async () => {
    handler = (req, res) => json(res, req.method === 'PATCH' ? 500 : 400, req.method === 'PATCH'
      ? { kind: 'Status', status: 'Failure', code: 500, message: 'failed to create typed patch object (ns/v; networking.istio.io/v1, Kind=VirtualService): .spec.http[0].retires: field not declared in schema' }
      : { kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message: 'VirtualService in version "v1" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.http[0].retires", duplicate field "spec.hosts"' });
    const k = clusterPortFromKubeConfig(kubeConfig());
    const vs: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'v', namespace: 'ns' } };
    const created = await k.create(vs).then(() => undefined, (e: unknown) => e);
    expect(created).toMatchObject({ reason: 'BadRequest', code: 400, causes: [
      { field: 'spec.http[0].retires', reason: 'FieldValueUnknown' }, { field: 'spec.hosts', reason: 'FieldValueDuplicate' },
    ] });
    const applied = await k.apply(vs).then(() => undefined, (e: unknown) => e);
    expect(applied).toMatchObject({ reason: 'BadRequest', code: 400, causes: [{ field: 'spec.http[0].retires', reason: 'FieldValueUnknown' }] });
    expect((applied as Error).message).toContain('field not declared in schema');
  });

  it('a refused connection is Unavailable naming the server URL', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((r) => probe.close(r));
    const k = clusterPortFromKubeConfig(kubeConfig(url));
    const err = await k.list(Resources.ConfigMap).then(() => undefined, (e: unknown) => e);
    expect(isKubeError(err, 'Unavailable')).toBe(true);
    expect((err as Error).message).toContain(url);
    const werr = await collect(k.watch(Resources.ConfigMap, { resourceVersion: '1' })).then(() => undefined, (e: unknown) => e);
    expect(isKubeError(werr, 'Unavailable')).toBe(true);
  });

  it('resolves kinds outside the catalogue through discovery, once; unserved kinds are NotFound naming the kind', async () => {
    handler = (req, res) => {
      if (req.url.pathname === '/apis/example.com/v1') return json(res, 200, { kind: 'APIResourceList', resources: [{ name: 'widgets', kind: 'Widget', namespaced: true }, { name: 'widgets/status', kind: 'Widget', namespaced: true }] });
      json(res, 201, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } });
    };
    const k = clusterPortFromKubeConfig(kubeConfig());
    await k.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } });
    await k.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2', namespace: 'ns' } });
    expect(seen.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /apis/example.com/v1', 'POST /apis/example.com/v1/namespaces/ns/widgets', 'POST /apis/example.com/v1/namespaces/ns/widgets',
    ]);
    expect(await k.resolveType('example.com/v1', 'Widget')).toMatchObject({ plural: 'widgets', namespaced: true, hasStatus: true });
    await expect(k.create({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } }))
      .rejects.toMatchObject({ reason: 'NotFound', message: expect.stringContaining('Gadget') });
  });
});

describe('connectCluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smm-kubeconfig-'));
  const file = join(dir, 'config');
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: one',
    'clusters:', '- name: c1', '  cluster: {server: "https://127.0.0.1:1"}',
    'users:', '- name: u1', '  user: {token: t}',
    'contexts:', '- name: one', '  context: {cluster: c1, user: u1}', '- name: two', '  context: {cluster: c1, user: u1, namespace: x}',
  ].join('\n'));

  it('names a missing file and a missing context in one line', async () => {
    await expect(connectCluster({ kubeconfig: join(dir, 'nope') })).rejects.toThrow(`kubeconfig "${join(dir, 'nope')}" does not exist`);
    await expect(connectCluster({ kubeconfig: file, context: 'three' })).rejects.toThrow(`context "three" not found in kubeconfig "${file}" (contexts: one, two)`);
  });

  it('selects the current or the given context', async () => {
    expect((await connectCluster({ kubeconfig: file })).description).toBe('c1/u1');
    const two = await connectCluster({ kubeconfig: file, context: 'two' });
    expect(two.server).toBe('https://127.0.0.1:1');
  });

  it('reads KUBECONFIG when no file is given', async () => {
    const saved = process.env['KUBECONFIG'];
    process.env['KUBECONFIG'] = `${join(dir, 'missing')}:${file}`;
    try {
      expect((await connectCluster({ context: 'two' })).description).toBe('c1/u1');
    } finally {
      if (saved === undefined) delete process.env['KUBECONFIG'];
      else process.env['KUBECONFIG'] = saved;
    }
  });
});

describe('LineSplitter', () => {
  it('splits on newlines across chunks, across UTF-8 sequences and CRLF, and keeps the tail', () => {
    const s = new LineSplitter();
    const data = Buffer.from('a€b\r\n\nsecond\nthird');
    const out: string[] = [];
    for (let i = 0; i < data.length; i++) out.push(...s.push(data.subarray(i, i + 1)));
    expect(out).toEqual(['a€b', 'second']);
    expect(s.end()).toBe('third');
  });
});

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
