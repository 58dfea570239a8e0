import { validateAgainstSchema } from '../../core/validation/schema/validate-schema.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDemo } from '../../demo/index.js';
import { analyzeInput } from '../../core/validation/analyze.js';
import { ALL_RULES } from '../../core/validation/rules/index.js';
import type { Finding } from '../../core/validation/types.js';
import type { KubeObject } from '../../core/model/k8s.js';
import { listTemplates, renderTemplate } from '../../core/templates/index.js';
import { createDemoBackend } from '../demo-backend.js';
import { ask } from './testing.js';

const demo = createDemo({ seed: 1 });

/** What a template needs beside it, as the user would have it (its description says so). */
const COMPANIONS: Record<string, () => KubeObject[]> = {
  // A TLS route needs the Gateway with the passthrough server it names.
  'virtualservice/tls-route': () => [renderTemplate('gateway/tls-passthrough')],
  // HTTPS needs the certificate's Secret next to the gateway workload (created beforehand).
  'gateway/https': () => [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'echo-example-com-tls', namespace: 'istio-system' }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }],
};
const key = (f: Finding): string => `${f.checkID} ${f.subject.kind} ${f.subject.namespace}/${f.subject.name} ${f.path} ${f.message}`;
const sameObject = (a: KubeObject, b: KubeObject): boolean =>
  a.kind === b.kind && a.metadata.name === b.metadata.name && a.metadata.namespace === b.metadata.namespace;
const errorsOf = (objects: KubeObject[]): Set<string> =>
  new Set(analyzeInput({ clusters: [{ name: demo.clusterName, objects }] }, ALL_RULES).filter((f) => f.severity === 'error').map(key));
const demoErrors = errorsOf(demo.objects);

describe('Istio resource templates on the demo mesh', () => {
  for (const t of listTemplates()) {
    it(`${t.id}: renders a well-formed ${t.kind} with its defaults that adds no error to the demo mesh`, () => {
      const o = renderTemplate(t.id);
      expect(o.kind).toBe(t.kind);
      expect(o.apiVersion).toBe(t.apiVersion);
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(o.metadata.namespace).toBeTruthy();
      expect(typeof o.spec).toBe('object');
      // Only what was set: no undefined members anywhere (clean YAML, exact SSA ownership).
      expect(JSON.parse(JSON.stringify(o))).toEqual(o);
      expect(validateAgainstSchema(o)).toEqual([]);
      const withIt = [...demo.objects.filter((d) => !sameObject(d, o)), ...(COMPANIONS[t.id]?.() ?? []), o];
      const added = [...errorsOf(withIt)].filter((e) => !demoErrors.has(e));
      expect(added, added.join('\n')).toEqual([]);
    });
  }

  it('are listed and rendered to YAML through GraphQL; bad parameters are BAD_USER_INPUT', async () => {
    const backend = await createDemoBackend({ seed: 1 });
    try {
      const list = await ask<{ istioTemplates: { id: string; kind: string; parameters: { name: string; type: string; default: unknown }[] }[] }>(backend,
        '{ istioTemplates(kind: "VirtualService") { id kind parameters { name type default } } }');
      expect(list.errors).toBeUndefined();
      const weighted = list.data!.istioTemplates.find((t) => t.id === 'virtualservice/weighted-routing')!;
      expect(weighted.parameters).toContainEqual({ name: 'weightA', type: 'integer', default: 90 });
      const yaml = await ask<{ renderIstioTemplate: string }>(backend, 'query($p: JSON) { renderIstioTemplate(id: "virtualservice/fault-abort", params: $p) }', { p: { httpStatus: 500 } });
      expect((parse(yaml.data!.renderIstioTemplate) as KubeObject).spec).toMatchObject({ http: [{ fault: { abort: { httpStatus: 500 } } }] });
      const bad = await ask(backend, '{ renderIstioTemplate(id: "virtualservice/fault-abort", params: { httpStatus: 42 }) }');
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'params' });
    } finally {
      await backend.close();
    }
  });
});
