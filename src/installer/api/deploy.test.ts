// deploy/ must not rot: the committed CRDs are what the schemas generate, the examples parse,
// and the chart's values are documented and match what its templates read.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { ResourceRegistry } from '../../kube/resources.js';
import { SMM_VERSION } from '../../version.js';
import { COMPONENTS } from '../components/index.js';
import { CRD_GENERATE_COMMAND, generatedCrdFiles } from './crds.js';
import { resolveInstallConfig } from './defaults.js';
import { parseControlPlaneYaml } from './schema.js';
import type { ControlPlane } from './types.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const CHART = 'deploy/charts/smm-operator';

describe('deploy/crds and the chart\'s crds/', () => {
  it.each(generatedCrdFiles().map((f) => [f.path, f] as const))('%s is what the schemas generate', (path, file) => {
    const committed = existsSync(join(ROOT, path)) ? read(path) : undefined;
    if (committed !== file.content) {
      expect.fail(`${path} is ${committed === undefined ? 'missing' : 'out of date'}: the ControlPlane/DemoApplication schemas changed; run \`${CRD_GENERATE_COMMAND}\` and commit the result`);
    }
  });
});

describe('deploy/examples', () => {
  const cp = (spec: ControlPlane['spec']): ControlPlane => ({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec });
  const examples = readdirSync(join(ROOT, 'deploy/examples')).filter((f) => f.startsWith('controlplane'));

  it.each(examples)('%s parses with parseControlPlaneYaml', (file) => {
    const parsed = parseControlPlaneYaml(read(`deploy/examples/${file}`), `deploy/examples/${file}`);
    expect(parsed.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('10');
  });

  it('controlplane.yaml spells out the defaults of an active cluster', () => {
    const example = parseControlPlaneYaml(read('deploy/examples/controlplane.yaml'), 'controlplane.yaml');
    expect(resolveInstallConfig(example)).toEqual(resolveInstallConfig(cp({ clusterName: 'cluster-1' })));
  });

  it('controlplane-passive.yaml is the passive profile, as its comment says', () => {
    const example = parseControlPlaneYaml(read('deploy/examples/controlplane-passive.yaml'), 'controlplane-passive.yaml');
    expect(resolveInstallConfig(example)).toEqual(resolveInstallConfig(cp({ clusterName: 'cluster-2', role: 'passive' })));
  });

  it('argocd-application.yaml installs the chart, then the ControlPlane, from paths that exist', () => {
    const apps = parseAllDocuments(read('deploy/examples/argocd-application.yaml')).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; metadata: { name: string; annotations: Record<string, string> }; spec: { source: { path: string; directory?: { include: string } }; destination: { namespace?: string } } };
    });
    expect(apps.map((a) => [a.kind, a.metadata.name, a.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([
      ['Application', 'smm-operator', '0'], ['Application', 'smm-controlplane', '10'],
    ]);
    expect(existsSync(join(ROOT, apps[0]!.spec.source.path, 'Chart.yaml'))).toBe(true);
    expect(apps[0]!.spec.destination.namespace).toBe('smm-registry-access');
    expect(existsSync(join(ROOT, apps[1]!.spec.source.path, apps[1]!.spec.source.directory!.include))).toBe(true);
  });
});

describe('the smm-operator chart', () => {
  const values = parseYaml(read(`${CHART}/values.yaml`)) as Record<string, unknown>;

  it('has smm\'s version', () => {
    expect(parseYaml(read(`${CHART}/Chart.yaml`))).toMatchObject({ apiVersion: 'v2', name: 'smm-operator', version: SMM_VERSION, appVersion: `v${SMM_VERSION}` });
  });

  it('documents every value in values.yaml with a comment above it', () => {
    const lines = read(`${CHART}/values.yaml`).split('\n');
    const undocumented = lines.flatMap((line, i) => {
      if (!/^\s*[A-Za-z][\w-]*:/.test(line)) return [];
      let j = i - 1;
      while (j >= 0 && lines[j]!.trim() === '') j--;
      return j >= 0 && lines[j]!.trim().startsWith('#') ? [] : [`line ${i + 1}: ${line.trim()}`];
    });
    expect(undocumented).toEqual([]);
  });

  it('templates read only values that values.yaml defines', () => {
    const has = (path: string[]): boolean => {
      let cur: unknown = values;
      for (const k of path) {
        if (typeof cur !== 'object' || cur === null || !(k in cur)) return false;
        cur = (cur as Record<string, unknown>)[k];
      }
      return true;
    };
    const templates = readdirSync(join(ROOT, CHART, 'templates'));
    const missing = templates.flatMap((t) => [...read(`${CHART}/templates/${t}`).matchAll(/\.Values((?:\.\w+)+)/g)]
      .map((m) => m[1]!.slice(1).split('.')).filter((p) => !has(p)).map((p) => `${t}: .Values.${p.join('.')}`));
    expect(missing).toEqual([]);
  });

  it('lets the operator do what the components do to every kind they own, and run its Lease and status', () => {
    // The template without its Helm directives is plain YAML.
    const text = read(`${CHART}/templates/clusterrole.yaml`).split('\n').filter((l) => !l.trim().startsWith('{{')).join('\n').replace(/\{\{[^}]*\}\}/g, 'x');
    const rules = (parseYaml(text) as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }).rules;
    const allows = (group: string, resource: string, verb: string): boolean => rules.some((r) =>
      (r.apiGroups.includes(group) || r.apiGroups.includes('*')) && (r.resources.includes(resource) || r.resources.includes('*')) && r.verbs.includes(verb));
    const registry = new ResourceRegistry();
    const kinds = new Map(COMPONENTS.flatMap((c) => c.kinds).map((k) => [`${k.apiVersion}/${k.kind}`, k]));
    const missing: string[] = [];
    for (const k of kinds.values()) {
      const t = registry.lookup(k.apiVersion, k.kind);
      if (!t) {
        missing.push(`${k.apiVersion} ${k.kind}: not in src/kube/resources.ts`);
        continue;
      }
      for (const verb of ['get', 'list', 'watch', 'create', 'patch', 'delete']) if (!allows(t.group, t.plural, verb)) missing.push(`${verb} ${t.plural}.${t.group}`);
    }
    for (const [group, resource, verb] of [['coordination.k8s.io', 'leases', 'update'], ['smm.cisco.com', 'controlplanes', 'watch'], ['smm.cisco.com', 'controlplanes/status', 'update']]) {
      if (!allows(group!, resource!, verb!)) missing.push(`${verb} ${resource}.${group}`);
    }
    expect(missing).toEqual([]);
  });

  it('runs `smm operator run` with its Lease in the release namespace, probes and metrics on 8080', () => {
    const deployment = read(`${CHART}/templates/deployment.yaml`);
    for (const s of ['- operator', '- run', '- --namespace={{ .Release.Namespace }}', '- --http-address=0.0.0.0:{{ .Values.operator.httpPort }}',
      '- name: POD_NAME', 'path: /healthz', 'path: /readyz', 'port: http']) {
      expect(deployment).toContain(s);
    }
    expect(values['operator']).toMatchObject({ replicas: 2, httpPort: 8080 });
  });
});
