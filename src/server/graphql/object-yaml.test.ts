import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { ask } from './testing.js';

interface Answer {
  objectYaml: { kind: string; namespace: string | null; name: string; yaml: string; highlights: { path: string; start: number; end: number; exact: boolean }[] } | null;
}

const QUERY = /* GraphQL */ `query Yaml($kind: String!, $group: String, $namespace: String, $name: String!, $highlight: [String!]) {
  objectYaml(kind: $kind, group: $group, namespace: $namespace, name: $name, highlight: $highlight) { kind namespace name yaml highlights { path start end exact } }
}`;

describe('GraphQL objectYaml on the demo with issues', () => {
  let backend: DemoBackend;
  beforeAll(async () => { backend = await createDemoBackend({ seed: 2, withIssues: true }); });
  afterAll(async () => { await backend.close(); });

  it("maps a validation issue's path to the line of its YAML", async () => {
    const issue = backend.validation!.findings().find((f) => f.checkID === 'gateway/reused-cert')!;
    const { data, errors } = await ask<Answer>(backend, QUERY, {
      kind: issue.subject.kind, group: issue.subject.group, namespace: issue.subject.namespace, name: issue.subject.name, highlight: [issue.path, ''],
    });
    expect(errors).toBeUndefined();
    const o = data!.objectYaml!;
    expect(o).toMatchObject({ kind: 'Gateway', namespace: 'istio-system', name: issue.subject.name });
    expect(o.highlights).toHaveLength(1);
    const [h] = o.highlights;
    expect(o.yaml.split('\n')[h!.start - 1]).toMatch(/^\s+credentialName: /);
    expect(h).toMatchObject({ path: issue.path, end: h!.start, exact: true });
  });

  it('reads cluster-scoped and smm kinds', async () => {
    const ns = await ask<Answer>(backend, QUERY, { kind: 'Namespace', name: 'smm-legacy', highlight: ['metadata.labels["istio.io/rev"]'] });
    const line = ns.data!.objectYaml!.yaml.split('\n')[ns.data!.objectYaml!.highlights[0]!.start - 1];
    expect(line).toContain('istio.io/rev');
    const cp = await ask<Answer>(backend, QUERY, { kind: 'IstioControlPlane', namespace: 'istio-system', name: 'cp-v115x' });
    expect(cp.data!.objectYaml!.yaml).toContain('trustDomain: cluster.local');
    expect(cp.data!.objectYaml!.yaml).not.toContain('managedFields');
  });

  it('is null for a missing object and an error for an unknown kind or a missing namespace', async () => {
    expect((await ask<Answer>(backend, QUERY, { kind: 'Gateway', namespace: 'istio-system', name: 'nope' })).data!.objectYaml).toBeNull();
    expect((await ask<Answer>(backend, QUERY, { kind: 'Frobnicator', name: 'x' })).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await ask<Answer>(backend, QUERY, { kind: 'Pod', name: 'x' })).errors![0]!.extensions!.argument).toBe('namespace');
  });
});
