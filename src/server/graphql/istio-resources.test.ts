import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../kube/object.js';
import { Resources } from '../../kube/resources.js';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { createGraphQLHandler, GRAPHQL_PATH } from './handler.js';
import { setIstioValidators } from './istio-resources.js';
import type { GraphQLAnswer } from './testing.js';

const NS = 'smm-demo';
const TOKENS = { viewer: 'viewer-token', editor: 'editor-token' };

/** RBAC as the lab's: viewer reads Istio kinds; editor also writes networking kinds in smm-demo. */
function rbac(): KubeObject[] {
  const rbacApi = 'rbac.authorization.k8s.io/v1';
  return [
    { apiVersion: rbacApi, kind: 'ClusterRole', metadata: { name: 'mesh-reader' }, rules: [{ apiGroups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'servicemesh.cisco.com'], resources: ['*'], verbs: ['get', 'list', 'watch'] }] },
    { apiVersion: rbacApi, kind: 'ClusterRole', metadata: { name: 'networking-editor' }, rules: [{ apiGroups: ['networking.istio.io'], resources: ['*'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }] },
    ...['viewer', 'editor'].map((u) => ({
      apiVersion: rbacApi, kind: 'ClusterRoleBinding', metadata: { name: `${u}-reader` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'mesh-reader' }, subjects: [{ kind: 'User', name: u }],
    })),
    {
      apiVersion: rbacApi, kind: 'RoleBinding', metadata: { name: 'editor-networking', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'networking-editor' }, subjects: [{ kind: 'User', name: 'editor' }],
    },
  ];
}

interface Call {
  token?: string;
  mode?: 'local' | 'impersonation' | 'anonymous';
}

async function call<T>(backend: DemoBackend, query: string, variables: Record<string, unknown> = {}, opts: Call = {}): Promise<{ status: number; body: GraphQLAnswer<T> }> {
  const handler = createGraphQLHandler(backend, { auth: { mode: opts.mode ?? 'local', cacheMs: 0 } });
  const r = await handler.fetch(`http://smm${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: r.status, body: await r.json() as GraphQLAnswer<T> };
}

const APPLY = /* GraphQL */ `mutation($yaml: String!, $dryRun: Boolean, $force: Boolean, $validateOnly: Boolean) {
  applyIstioResource(yaml: $yaml, dryRun: $dryRun, force: $force, validateOnly: $validateOnly) {
    applied dryRun issues { severity source path message line column } resource { name resourceVersion yaml object }
  }
}`;
const CREATE = /* GraphQL */ `mutation($yaml: String!) { createIstioResource(yaml: $yaml) { applied resource { name resourceVersion } } }`;
const GET = /* GraphQL */ `query($name: String!, $kind: String!) { istioResource(kind: $kind, namespace: "smm-demo", name: $name) { name kind apiVersion resourceVersion yaml object } }`;
const DELETE = /* GraphQL */ `mutation($name: String!, $rv: String, $dryRun: Boolean) { deleteIstioResource(kind: "VirtualService", namespace: "smm-demo", name: $name, resourceVersion: $rv, dryRun: $dryRun) }`;

interface Resource { name: string; kind: string; apiVersion: string; resourceVersion: string; yaml: string; object: KubeObject }
interface ApplyResult { applyIstioResource: { applied: boolean; dryRun: boolean; issues: { severity: string; source: string; path: string; message: string; line: number | null; column: number | null }[]; resource: Resource | null } }

const vsYaml = (name: string, weight = 100, extra = ''): string => `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${NS}
${extra}spec:
  hosts:
    - catalog
  http:
    - route:
        - destination:
            host: catalog
          weight: ${weight}
`;

describe('Istio resources through GraphQL (memory adapter, demo backend)', () => {
  let backend: DemoBackend;

  beforeAll(async () => {
    backend = await createDemoBackend({ seed: 1, now: () => Date.parse('2024-05-01T10:00:00Z') });
    backend.cluster.load(rbac());
    backend.cluster.registerToken(TOKENS.viewer, { username: 'viewer' });
    backend.cluster.registerToken(TOKENS.editor, { username: 'editor' });
  });
  afterEach(() => setIstioValidators(undefined));

  const current = async (name: string): Promise<KubeObject> => backend.cluster.get(Resources.VirtualService, name, NS);

  it('lists and reads Istio resources with editable YAML and their resourceVersion', async () => {
    const { body } = await call<{ istioResources: { kind: string; name: string; namespace: string; resourceVersion: string; yaml: string }[] }>(backend,
      '{ istioResources(namespace: "smm-demo") { kind name namespace resourceVersion yaml } }');
    expect(body.errors).toBeUndefined();
    const kinds = new Set(body.data!.istioResources.map((r) => r.kind));
    expect(kinds).toContain('VirtualService');
    expect(kinds).toContain('DestinationRule');
    const vs = body.data!.istioResources.find((r) => r.kind === 'VirtualService' && r.name === 'frontpage')!;
    expect(vs.resourceVersion).toMatch(/^\d+$/);
    const obj = parse(vs.yaml) as KubeObject;
    expect(obj.metadata.resourceVersion).toBe(vs.resourceVersion);
    expect(obj.metadata.managedFields).toBeUndefined();
    const one = await call<{ istioResources: { kind: string }[] }>(backend, '{ istioResources(namespace: "smm-demo", kind: "destinationrules") { kind } }');
    expect(new Set(one.body.data!.istioResources.map((r) => r.kind))).toEqual(new Set(['DestinationRule']));
    const bad = await call(backend, '{ istioResources(kind: "Deployment") { name } }');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await call<{ istioResource: null }>(backend, GET, { name: 'nope', kind: 'VirtualService' });
    expect(missing.body.data?.istioResource).toBeNull();
  });

  it('refuses malformed YAML with its line and column', async () => {
    const yaml = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\n spec: [\n';
    const { body } = await call(backend, APPLY, { yaml });
    const err = body.errors?.[0];
    expect(err?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(err?.message).toMatch(/malformed YAML at line \d+, column \d+/);
    expect(err?.extensions?.['line']).toBeGreaterThanOrEqual(4);
  });

  it('refuses kinds that are not Istio resources, and several documents at once', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: smm-demo\ndata: {}\n';
    const { body } = await call(backend, APPLY, { yaml: cm });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain('ConfigMap (v1) is not an Istio resource');
    const two = await call(backend, APPLY, { yaml: `${vsYaml('a')}---\n${vsYaml('b')}` });
    expect(two.body.errors?.[0]?.message).toContain('2 documents');
  });

  it('validation errors stop the save (VALIDATION_FAILED with issues and lines); force saves anyway', async () => {
    const yaml = 'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: typed-wrong\n  namespace: smm-demo\nspec: not-a-mapping\n';
    const refused = await call(backend, APPLY, { yaml });
    const err = refused.body.errors?.[0];
    expect(err?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(err?.extensions?.['issues']).toEqual([expect.objectContaining({ severity: 'error', source: 'schema', path: 'spec', line: 6 })]);
    expect(err?.message).toContain('at line 6');
    await expect(current('typed-wrong')).rejects.toMatchObject({ reason: 'NotFound' });

    // A schema validator's finding (as src/core/validation/schema will report) points at its line.
    setIstioValidators({
      schema: (o) => ((o.spec as { http?: { route?: { weight?: unknown }[] }[] }).http?.[0]?.route?.[0]?.weight === 'heavy'
        ? [{ severity: 'error', source: 'schema', path: 'spec.http[0].route[0].weight', message: 'must be an integer' }] : []),
    });
    const typed = vsYaml('weighted').replace('weight: 100', 'weight: heavy');
    const checked = await call<ApplyResult>(backend, APPLY, { yaml: typed, validateOnly: true });
    expect(checked.body.data?.applyIstioResource).toMatchObject({ applied: false, resource: null, issues: [{ path: 'spec.http[0].route[0].weight', line: 13, column: 11 }] });
    const refused2 = await call(backend, APPLY, { yaml: typed });
    expect(refused2.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    await expect(current('weighted')).rejects.toMatchObject({ reason: 'NotFound' });
    const forced = await call<ApplyResult>(backend, APPLY, { yaml: typed, force: true });
    expect(forced.body.errors).toBeUndefined();
    expect(forced.body.data?.applyIstioResource).toMatchObject({ applied: true, issues: [{ severity: 'error' }] });
    expect(((await current('weighted')).spec as { http: { route: { weight: unknown }[] }[] }).http[0]!.route[0]!.weight).toBe('heavy');
  });

  it('dry run goes to the API server and changes nothing', async () => {
    const created = await call<ApplyResult>(backend, APPLY, { yaml: vsYaml('dry', 100) });
    const rv = created.body.data!.applyIstioResource.resource!.resourceVersion;
    const dry = await call<ApplyResult>(backend, APPLY, { yaml: vsYaml('dry', 100, '  labels:\n    changed: "yes"\n'), dryRun: true });
    expect(dry.body.data?.applyIstioResource).toMatchObject({ applied: true, dryRun: true });
    expect(dry.body.data?.applyIstioResource.resource?.object.metadata.labels).toEqual({ changed: 'yes' });
    const after = await current('dry');
    expect(after.metadata.resourceVersion).toBe(rv);
    expect(after.metadata.labels).toBeUndefined();
    const dryNew = await call<ApplyResult>(backend, APPLY, { yaml: vsYaml('dry-new'), dryRun: true });
    expect(dryNew.body.data?.applyIstioResource.applied).toBe(true);
    await expect(current('dry-new')).rejects.toMatchObject({ reason: 'NotFound' });
  });

  it('create fails with ALREADY_EXISTS for an existing object', async () => {
    const first = await call(backend, CREATE, { yaml: vsYaml('made') }, { token: TOKENS.editor });
    expect(first.body.errors).toBeUndefined();
    const again = await call(backend, CREATE, { yaml: vsYaml('made', 100) }, { token: TOKENS.editor });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('ALREADY_EXISTS');
    expect(again.body.errors?.[0]?.message).toContain('"made" already exists');
  });

  it('two edits from the same version: one saves, the other is a CONFLICT naming who changed what; nothing is lost', async () => {
    await call(backend, CREATE, { yaml: vsYaml('contended') }, { token: TOKENS.editor });
    const base = (await call<{ istioResource: Resource }>(backend, GET, { name: 'contended', kind: 'VirtualService' }, { token: TOKENS.editor })).body.data!.istioResource;
    const edit = (labels: string): string => base.yaml.replace('  name: contended\n', `  name: contended\n  labels:\n    edit: ${labels}\n`);
    const one = await call<ApplyResult>(backend, APPLY, { yaml: edit('first') }, { token: TOKENS.editor });
    expect(one.body.errors).toBeUndefined();
    const two = await call(backend, APPLY, { yaml: edit('second') }, { token: TOKENS.editor });
    const err = two.body.errors?.[0];
    expect(err?.extensions?.code).toBe('CONFLICT');
    expect(err?.message).toContain('was changed by "smm:editor" at 2024-05-01T10:00:00Z');
    expect(err?.message).toContain('metadata.labels.edit');
    expect(err?.extensions?.['changedBy']).toMatchObject({ manager: 'smm:editor' });
    expect((await current('contended')).metadata.labels).toEqual({ edit: 'first' });
  });

  it('a user without rights is FORBIDDEN with the API server\'s message; the object is unchanged', async () => {
    const before = await current('frontpage');
    const yaml = (await call<{ istioResource: Resource }>(backend, GET, { name: 'frontpage', kind: 'VirtualService' }, { token: TOKENS.viewer })).body.data!.istioResource.yaml;
    const { body } = await call(backend, APPLY, { yaml: yaml.replace('prefix: /', 'prefix: /changed') }, { token: TOKENS.viewer });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toBe('virtualservices.networking.istio.io "frontpage" is forbidden: User "viewer" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "smm-demo"');
    expect(await current('frontpage')).toEqual(before);
    const del = await call(backend, DELETE, { name: 'frontpage' }, { token: TOKENS.viewer });
    expect(del.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('delete with a stale resourceVersion is a CONFLICT and deletes nothing; with the current one it deletes', async () => {
    const created = (await call<ApplyResult>(backend, APPLY, { yaml: vsYaml('doomed') })).body.data!.applyIstioResource.resource!;
    await call(backend, APPLY, { yaml: vsYaml('doomed', 100, '  labels:\n    touched: "yes"\n') });
    const stale = await call(backend, DELETE, { name: 'doomed', rv: created.resourceVersion });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(stale.body.errors?.[0]?.message).toContain('was changed by "smm:system:admin"');
    const now = await current('doomed');
    const dry = await call<{ deleteIstioResource: boolean }>(backend, DELETE, { name: 'doomed', rv: now.metadata.resourceVersion, dryRun: true });
    expect(dry.body.data?.deleteIstioResource).toBe(true);
    expect((await current('doomed')).metadata.uid).toBe(now.metadata.uid);
    const ok = await call<{ deleteIstioResource: boolean }>(backend, DELETE, { name: 'doomed', rv: now.metadata.resourceVersion });
    expect(ok.body.data?.deleteIstioResource).toBe(true);
    await expect(current('doomed')).rejects.toMatchObject({ reason: 'NotFound' });
  });

  it('an invalid token is 401 in every mode; without a token, impersonation mode is 401 and local mode acts as the server', async () => {
    const bad = await call(backend, '{ about { version } }', {}, { token: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0]?.message).toContain('invalid bearer token');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const none = await call(backend, '{ about { version } }', {}, { mode: 'impersonation' });
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.message).toContain('authentication required');
    const viewer = await call<{ about: { version: string } }>(backend, '{ about { version } }', {}, { mode: 'impersonation', token: TOKENS.viewer });
    expect(viewer.status).toBe(200);
    const local = await call<{ about: { version: string } }>(backend, '{ about { version } }');
    expect(local.status).toBe(200);
  });
});
