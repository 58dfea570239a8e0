import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_ISSUES } from '../../demo/issues.js';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { VALIDATION_RULES } from '../validation/catalogue.js';
import { ask } from './testing.js';

interface Issue {
  checkID: string;
  severity: string;
  source: string;
  path: string;
  message: string;
  fix: string;
  istioRevision: string | null;
  subject: { cluster: string; kind: string; group: string; namespace: string | null; name: string; key: string };
  context: { key: string; value: string }[];
}

const ISSUES = `query($namespace: String, $namespaces: [String!], $controlPlane: String, $kind: String, $name: String, $severity: String) {
  validationIssues(namespace: $namespace, namespaces: $namespaces, controlPlane: $controlPlane, kind: $kind, name: $name, severity: $severity) {
    checkID severity source path message fix istioRevision
    subject { cluster kind group namespace name key }
    context { key value }
  }
}`;

describe('validationIssues on the demo with seeded issues', () => {
  let backend: DemoBackend;
  beforeAll(async () => {
    backend = await createDemoBackend({ withIssues: true, now: () => Date.UTC(2026, 0, 15) });
  });
  afterAll(async () => {
    await backend.close();
  });

  const issues = async (variables: Record<string, unknown> = {}): Promise<Issue[]> => {
    const r = await ask<{ validationIssues: Issue[] }>(backend, ISSUES, variables);
    expect(r.errors).toBeUndefined();
    return r.data!.validationIssues;
  };

  it('lists the validator\'s findings with subject, path, context and fix', async () => {
    const all = await issues();
    expect(all.length).toBeGreaterThanOrEqual(SEEDED_ISSUES.filter((s) => VALIDATION_RULES.some((r) => r.id === s.checkID)).length);
    const reused = all.filter((i) => i.checkID === 'gateway/reused-cert');
    expect(reused.map((i) => i.subject.key)).toEqual([
      'gateway.networking.istio.io:demo-cluster:istio-system:demo-gw-tls-1',
      'gateway.networking.istio.io:demo-cluster:istio-system:demo-gw-tls-2',
    ]);
    expect(reused[0]).toMatchObject({
      severity: 'error', source: 'rules', path: 'spec.servers[0].tls.credentialName',
      message: 'multiple gateways configured with same TLS certificate',
      subject: { cluster: 'demo-cluster', kind: 'Gateway', group: 'networking.istio.io', namespace: 'istio-system', name: 'demo-gw-tls-1' },
    });
    expect(reused[0]!.context).toContainEqual({ key: 'reusedCertificateSecret', value: 'secret:demo-cluster:istio-system:example-wildcard-cert' });
    expect(reused[0]!.fix).not.toBe('');
  });

  it('filters by namespace and namespaces', async () => {
    const istio = await issues({ namespace: 'istio-system' });
    expect(istio.length).toBeGreaterThan(0);
    expect(istio.every((i) => i.subject.namespace === 'istio-system')).toBe(true);
    const both = await issues({ namespaces: ['istio-system', 'smm-demo'] });
    const demo = await issues({ namespace: 'smm-demo' });
    expect(both).toHaveLength(istio.length + demo.length);
    expect(await issues({ namespace: 'nowhere' })).toEqual([]);
  });

  it('filters by kind (any case), name, severity (at least) and control plane', async () => {
    const gateways = await issues({ kind: 'gateway' });
    expect(gateways.length).toBeGreaterThan(0);
    expect(gateways.every((i) => i.subject.kind === 'Gateway')).toBe(true);
    expect((await issues({ name: 'demo-gw-tls-2' })).map((i) => i.checkID)).toContain('gateway/reused-cert');
    const all = await issues();
    const errors = await issues({ severity: 'error' });
    expect(errors).toEqual(all.filter((i) => i.severity === 'error'));
    expect(await issues({ severity: 'warning' })).toEqual(all.filter((i) => i.severity !== 'info'));
    const cp = await issues({ controlPlane: 'cp-v115x.istio-system' });
    expect(cp.length).toBeGreaterThan(0);
    expect(cp.every((i) => i.istioRevision === 'cp-v115x.istio-system')).toBe(true);
    expect(await issues({ controlPlane: 'cp-v115x' })).toEqual(cp);
  });

  it('refuses an unknown severity with BAD_USER_INPUT', async () => {
    const r = await ask(backend, ISSUES, { severity: 'fatal' });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'severity' });
  });

  it('lists the rule catalogue', async () => {
    const r = await ask<{ validationRules: { id: string; severity: string; kinds: string[]; title: string; fix: string }[] }>(backend, '{ validationRules { id severity kinds reads title fix } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.validationRules.map((x) => x.id)).toEqual(VALIDATION_RULES.map((x) => x.id));
    expect(r.data!.validationRules).toContainEqual(expect.objectContaining({ id: 'gateway/reused-cert', severity: 'error', kinds: ['Gateway'] }));
  });

  it('counts the issues in the overview', async () => {
    const r = await ask<{ meshOverview: { validationIssues: number | null } }>(backend, '{ meshOverview { validationIssues } }');
    expect(r.data?.meshOverview.validationIssues).toBe((await issues()).length);
  });
});
