// The generated CRDs on a real API server (lab-a): they are structural and become Established,
// the example ControlPlanes pass the server's own validation, and what `parseControlPlane`
// refuses field by field (unknown fields, wrong types, enums, patterns, ranges) the server
// refuses too, naming the same field.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { CRD_OUTPUT_DIRS } from '../../src/installer/api/crds.js';
import { defaultControlPlane } from '../../src/installer/api/defaults.js';
import { parseDemoApplicationYaml } from '../../src/installer/api/demo-application.js';
import { ControlPlaneValidationError, parseControlPlane, parseControlPlaneYaml } from '../../src/installer/api/schema.js';
import type { ControlPlane } from '../../src/installer/api/types.js';
import { connectCluster } from '../../src/kube/clientnode/index.js';
import { isKubeError, type KubeError } from '../../src/kube/errors.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { ClusterPort } from '../../src/kube/port.js';
import { Resources } from '../../src/kube/resources.js';

const lab = inject('lab');
const cluster = lab.clusters[0]!;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');
const FIELD_MANAGER = 'installer-api-test';

const crdFiles = ['smm.cisco.com_controlplanes.yaml', 'smm.cisco.com_demoapplications.yaml'].map((f) => `${CRD_OUTPUT_DIRS[0]}/${f}`);

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function refusal(p: Promise<unknown>): Promise<KubeError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isKubeError(e)) throw new Error(`expected the API server to refuse, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

/** The field paths `parseControlPlane` reports for `input`. */
function localPaths(input: unknown): string[] {
  try {
    parseControlPlane(input);
    return [];
  } catch (e) {
    if (!(e instanceof ControlPlaneValidationError)) throw e;
    return e.problems.map((p) => p.path);
  }
}

const controlPlane = (spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec });

describe('smm CRDs on a real API server', () => {
  let admin: ClusterPort;

  beforeAll(async () => {
    admin = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
    // Server-side apply of the committed, generated files: what a user's `kubectl apply --server-side` does.
    for (const file of crdFiles) await admin.apply(parseYaml(read(file)) as KubeObject, { fieldManager: FIELD_MANAGER, force: true });
  });

  it('are structural, accepted with their names, and become Established', async () => {
    for (const name of ['controlplanes.smm.cisco.com', 'demoapplications.smm.cisco.com']) {
      const crd = await until(`${name} Established`, async () => {
        const o = await admin.get(Resources.CustomResourceDefinition, name);
        const conditions = (o['status'] as { conditions?: { type: string; status: string; message?: string }[] } | undefined)?.conditions ?? [];
        expect(conditions.find((c) => c.type === 'NonStructuralSchema')).toBeUndefined();
        return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? o : undefined;
      });
      const accepted = (crd['status'] as { acceptedNames: { kind: string; shortNames?: string[] } }).acceptedNames;
      if (name.startsWith('controlplanes')) expect(accepted).toMatchObject({ kind: 'ControlPlane', shortNames: ['cp'] });
      else expect(accepted.kind).toBe('DemoApplication');
    }
  });

  it('accept the example ControlPlanes and the default one (server-side dry run), keeping every field', async () => {
    const examples: ControlPlane[] = [
      parseControlPlaneYaml(read('deploy/examples/controlplane.yaml'), 'controlplane.yaml'),
      parseControlPlaneYaml(read('deploy/examples/controlplane-passive.yaml'), 'controlplane-passive.yaml'),
      defaultControlPlane({ clusterName: 'lab-a', smm: { grafana: { valuesOverride: { any: { thing: [1, 'two'] } }, resources: { limits: { cpu: '500m', memory: '1Gi' } } } } }),
    ];
    for (const cp of examples) {
      const stored = await admin.apply(cp, { dryRun: true, fieldManager: FIELD_MANAGER });
      // Nothing pruned: the schema knows every field the examples use.
      expect(stored['spec']).toEqual(cp.spec);
      expect(stored.metadata.namespace).toBeUndefined();
    }
  });

  it('accept the manual\'s DemoApplication in a namespace', async () => {
    const demo = parseDemoApplicationYaml([
      'apiVersion: smm.cisco.com/v1alpha1', 'kind: DemoApplication', 'metadata: {name: smm-demo, namespace: default}',
      'spec:', '  controlPlaneRef: {name: smm}', '  enabledComponents: [frontpage, catalog, bookings]',
      '  load: {enabled: true, minRPS: 10, maxRPS: 30, swingPeriod: 1380000000000}',
      '  resources: {limits: {cpu: "2", memory: 192Mi}, requests: {cpu: 40m, memory: 64Mi}}',
    ].join('\n'), 'demo.yaml');
    const stored = await admin.apply(demo, { dryRun: true, fieldManager: FIELD_MANAGER });
    expect(stored['spec']).toEqual(demo.spec);
  });

  // Server-side apply checks types while building the typed patch, `create` while decoding and
  // validating against the OpenAPI schema; both name the field, in their own words.
  const UNKNOWN = /field not declared in schema|unknown field/;
  it.each([
    ['an unknown field', { meshmanager: { enabled: true } }, 'spec.meshmanager', UNKNOWN],
    ['an unknown nested field', { smm: { prometheus: { replica: 2 } } }, 'spec.smm.prometheus.replica', UNKNOWN],
    ['a field in an object that takes none', { oneEye: { enabled: true } }, 'spec.oneEye', /must have at most 0 properties|Too many: 1: must have at most 0 items|unknown field "spec\.oneEye\.enabled"/],
    ['a string for a number', { smm: { prometheus: { replicas: '2' } } }, 'spec.smm.prometheus.replicas', /expected numeric \(int or float\), got string|must be of type integer/],
    ['a negative replica count', { smm: { prometheus: { replicas: -1 } } }, 'spec.smm.prometheus.replicas', /Invalid value: -1: spec\.smm\.prometheus\.replicas in body should be greater than or equal to 0/],
    ['a value outside the enum', { role: 'primary' }, 'spec.role', /spec\.role: Unsupported value: "primary": supported values: "active", "passive"/],
    ['a cluster name that is not RFC 1123', { clusterName: 'gke_a_b' }, 'spec.clusterName', /spec\.clusterName: Invalid value: "gke_a_b": spec\.clusterName in body should match/],
    ['a bad Istio version', { meshManager: { istio: { version: 'v1.24' } } }, 'spec.meshManager.istio.version', /spec\.meshManager\.istio\.version: Invalid value: "v1\.24"/],
  ] as const)('refuse %s (apply and create), naming the field parseControlPlane names', async (_what, spec, field, serverMessage) => {
    const input = controlPlane(spec);
    expect(localPaths(input).map((p) => p.replace(/\.enabled$/, ''))).toEqual([field]);
    for (const write of [() => admin.apply(input, { dryRun: true, fieldManager: FIELD_MANAGER }), () => admin.create(input, { dryRun: true, fieldManager: FIELD_MANAGER })]) {
      const e = await refusal(write());
      expect(e.message).toMatch(serverMessage);
      expect(e.message).toContain(field);
    }
  });

  it('leave the rules across fields to parseControlPlane (the server stores what the operator then refuses)', async () => {
    const impossible = controlPlane({ meshManager: { enabled: false }, smm: { enabled: true } });
    expect(localPaths(impossible)).toEqual(['spec.smm.enabled']);
    await admin.apply(impossible, { dryRun: true, fieldManager: FIELD_MANAGER });
  });

  // Optional: with a helm binary (HELM=/path/to/helm), the operator chart renders into objects the server accepts.
  const helm = process.env['HELM'] ?? 'helm';
  const hasHelm = spawnSync(helm, ['version', '--short'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasHelm)('accept the rendered smm-operator chart (needs helm on PATH or $HELM)', async () => {
    const namespace = `smm-chart-${Math.random().toString(36).slice(2, 7)}`;
    const rendered = spawnSync(helm, ['template', 'smm-operator', `${ROOT}deploy/charts/smm-operator`, '--namespace', namespace, '--kube-version', '1.31.0'], { encoding: 'utf8' });
    expect(rendered.stderr).toBe('');
    const objects = parseAllDocuments(rendered.stdout).map((d) => d.toJS() as KubeObject | null).filter((o): o is KubeObject => o !== null);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    try {
      for (const o of objects) await admin.apply(o, { dryRun: true, fieldManager: FIELD_MANAGER });
    } finally {
      await admin.delete(Resources.Namespace, namespace).catch(() => undefined);
    }
  });
});
