// Istio resources through GraphQL over HTTP against the lab's real API server and real RBAC:
// the server's own port is the admin's, each request acts as the user of its bearer token
// (TokenReview, then impersonation), so the API server decides what each user may do.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectCluster, type ClientNodeClusterPort } from '../../src/kube/clientnode/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import { Resources } from '../../src/kube/resources.js';
import type { MeshBackend } from '../../src/server/backend.js';
import { createClusterBackend } from '../../src/server/cluster-backend.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';

const lab = inject('lab');
const cluster = lab.clusters[0]!;
const NS = 'smm-demo';
const suffix = Math.random().toString(36).slice(2, 7);
const NAMES = [`guarded-${suffix}`, `made-${suffix}`, `contended-${suffix}`];

function tokenOf(kubeconfig: string): string {
  const kc = parse(readFileSync(kubeconfig, 'utf8')) as { users: { user: { token?: string } }[] };
  const token = kc.users[0]?.user.token;
  if (!token) throw new Error(`no token in ${kubeconfig}`);
  return token;
}

interface Answer<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
}

const vsYaml = (name: string, extra = ''): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${NS}
${extra}spec:
  hosts:
    - ${name}.${NS}.svc.cluster.local
  http:
    - route:
        - destination:
            host: ${name}.${NS}.svc.cluster.local
`;

const APPLY = `mutation($yaml: String!, $dryRun: Boolean) { applyIstioResource(yaml: $yaml, dryRun: $dryRun) { applied resource { name resourceVersion } } }`;
const CREATE = `mutation($yaml: String!) { createIstioResource(yaml: $yaml) { applied resource { name resourceVersion yaml } } }`;
const GET = `query($name: String!) { istioResource(kind: "VirtualService", namespace: "${NS}", name: $name) { resourceVersion yaml } }`;

describe('Istio resources through GraphQL on the lab, as the requesting user', () => {
  let admin: ClientNodeClusterPort;
  let backend: MeshBackend;
  let server: RunningServer;
  const viewer = tokenOf(cluster.kubeconfigs.viewer);
  const editor = tokenOf(cluster.kubeconfigs.editor);

  const ask = async <T>(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> => {
    const r = await fetch(`${server.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: r.status, ...(await r.json() as Omit<Answer<T>, 'status'>) };
  };
  const versionOf = async (name: string): Promise<string | undefined> => (await admin.get(Resources.VirtualService, name, NS)).metadata.resourceVersion;

  beforeAll(async () => {
    admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    // As installed in a cluster: every request must carry a token.
    // The Services the routes point at: the mesh rules would refuse routes to missing hosts.
    for (const name of NAMES) {
      await admin.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }] } }, { fieldManager: 'lab-test' });
    }
    backend = await createClusterBackend([{ name: cluster.name, port: admin }]);
    // As installed in a cluster: every request must carry a token.
    server = await startServer({ backend, port: 0, auth: { mode: 'impersonation' } });
    await admin.apply(parse(vsYaml(`guarded-${suffix}`)) as KubeObject, { fieldManager: 'lab-test' });
  });
  afterAll(async () => {
    for (const name of NAMES) {
      await admin?.delete(Resources.VirtualService, name, NS).catch(() => undefined);
      await admin?.delete(Resources.Service, name, NS).catch(() => undefined);
    }
    await server?.close();
    await backend?.close();
    admin?.close();
  });

  it('refuses an invalid token, and a request without one, with 401', async () => {
    const bad = await ask('not-a-lab-token', '{ about { version } }');
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.message).toContain('invalid bearer token');
    const none = await ask(undefined, '{ about { version } }');
    expect(none.status).toBe(401);
    expect(none.errors?.[0]?.message).toContain('authentication required');
  });

  it('viewer may read but not apply: FORBIDDEN with the API server\'s message, object unchanged', async () => {
    const name = `guarded-${suffix}`;
    const before = await versionOf(name);
    const read = await ask<{ istioResource: { resourceVersion: string; yaml: string } }>(viewer, GET, { name });
    expect(read.status).toBe(200);
    expect(read.data?.istioResource.resourceVersion).toBe(before);
    const edited = read.data!.istioResource.yaml.replace(`  name: ${name}\n`, `  name: ${name}\n  labels:\n    by: viewer\n`);
    const r = await ask(viewer, APPLY, { yaml: edited });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.errors?.[0]?.message).toMatch(/virtualservices\.networking\.istio\.io "guarded-\w+" is forbidden: User "viewer" cannot patch resource "virtualservices" in API group "networking\.istio\.io" in the namespace "smm-demo"/);
    expect(await versionOf(name)).toBe(before);
  });

  it('editor may create; a dry run stores nothing', async () => {
    const name = `made-${suffix}`;
    const dry = await ask<{ applyIstioResource: { applied: boolean } }>(editor, APPLY, { yaml: vsYaml(name), dryRun: true });
    expect(dry.errors).toBeUndefined();
    await expect(admin.get(Resources.VirtualService, name, NS)).rejects.toMatchObject({ reason: 'NotFound' });
    const created = await ask<{ createIstioResource: { applied: boolean; resource: { name: string } } }>(editor, CREATE, { yaml: vsYaml(name) });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createIstioResource).toMatchObject({ applied: true, resource: { name } });
    const stored = await admin.get(Resources.VirtualService, name, NS);
    expect(stored.metadata.managedFields?.map((m) => m.manager)).toContain('smm:editor');
    const again = await ask(editor, CREATE, { yaml: vsYaml(name) });
    expect(again.errors?.[0]?.extensions?.code).toBe('ALREADY_EXISTS');
  });

  it('two concurrent edits from the same version: one saves, the other is a CONFLICT naming the manager; nothing is lost', async () => {
    const name = `contended-${suffix}`;
    const created = await ask<{ createIstioResource: { resource: { yaml: string } } }>(editor, CREATE, { yaml: vsYaml(name) });
    expect(created.errors).toBeUndefined();
    const base = (await ask<{ istioResource: { yaml: string } }>(editor, GET, { name })).data!.istioResource.yaml;
    const edit = (value: string): string => base.replace(`  name: ${name}\n`, `  name: ${name}\n  labels:\n    edit: ${value}\n`);
    const results = await Promise.all(['first', 'second'].map((v) => ask<{ applyIstioResource: { applied: boolean } }>(editor, APPLY, { yaml: edit(v) })));
    const ok = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(ok, JSON.stringify(results)).toHaveLength(1);
    expect(conflicts, JSON.stringify(results)).toHaveLength(1);
    const message = conflicts[0]!.errors![0]!.message;
    expect(message).toContain('was changed by "smm:editor"');
    expect(message).toContain('metadata.labels.edit');
    const winner = results.indexOf(ok[0]!) === 0 ? 'first' : 'second';
    expect((await admin.get(Resources.VirtualService, name, NS)).metadata.labels).toEqual({ edit: winner });
  });
});
