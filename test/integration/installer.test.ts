// The installer against a real API server (lab-b; kwok runs the pods), through the CLI as a
// user runs it: install, idempotence, reconcile with a component off and on, dump-resources
// accepted by a server-side dry run, uninstall leaving only CRDs.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { CliIO } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run.js';
import { connectCluster } from '../../src/kube/clientnode/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { ClusterPort } from '../../src/kube/port.js';
import { Resources } from '../../src/kube/resources.js';
import { OWNER_LABELS } from '../../src/installer/components/component.js';
import { COMPONENTS } from '../../src/installer/components/index.js';

const lab = inject('lab');
const cluster = lab.clusters[1]!;
const dir = mkdtempSync(join(tmpdir(), 'smm-installer-it-'));
// No containers run in the lab, so no sidecar injector answers: let pods start without it.
const settings = join(dir, 'settings.yaml');
writeFileSync(settings, 'spec:\n  meshManager:\n    istio:\n      sidecarInjectorFailurePolicy: Ignore\n');

async function smm(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false, env: {} };
  const code = await runCli(['--kubeconfig', cluster.kubeconfigs.admin, ...args], io);
  return { code, out, err };
}

/** Every object smm owns, by component: `Kind namespace/name`. */
async function owned(port: ClusterPort): Promise<Map<string, Set<string>>> {
  const byComponent = new Map<string, Set<string>>();
  const kinds = new Map(COMPONENTS.flatMap((c) => c.kinds).map((k) => [`${k.apiVersion}/${k.kind}`, k]));
  for (const k of kinds.values()) {
    let items: KubeObject[] = [];
    try {
      items = (await port.list(await port.resolveType(k.apiVersion, k.kind), { labelSelector: `${OWNER_LABELS.managedBy}=smm` })).items;
    } catch {
      continue; // kind not served (CRD absent)
    }
    for (const o of items) {
      const c = o.metadata.labels?.[OWNER_LABELS.component] ?? '?';
      if (!byComponent.has(c)) byComponent.set(c, new Set());
      byComponent.get(c)!.add(`${k.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    }
  }
  return byComponent;
}

describe('installer on a real API server', () => {
  let port: ClusterPort;

  beforeAll(async () => {
    port = await connectCluster({ kubeconfig: cluster.kubeconfigs.admin });
  });

  it('smm install -a ends Succeeded with every component Available; a second run changes nothing', async () => {
    const first = await smm('install', '-a', '--additional-cp-settings', settings, '--timeout', '3m');
    expect(first.err + first.out).toMatch(/✓ smm installed: \d+ changes/);
    expect(first.code).toBe(0);
    const cp = await port.get(Resources.ControlPlane, 'smm');
    const status = cp.status as { status: string; observedGeneration: number; components: Record<string, { status: string }> };
    expect(status.status).toBe('Succeeded');
    expect(status.observedGeneration).toBe(cp.metadata.generation);
    for (const c of COMPONENTS) expect(status.components[c.name], c.name).toMatchObject({ status: 'Available' });
    const istiod = await port.list(Resources.Deployment, { namespace: 'istio-system', labelSelector: 'app=istiod' });
    expect(istiod.items).toHaveLength(1);
    // The mesh model sees what was installed: the revision, its version and a ready istiod.
    const planes = JSON.parse((await smm('get', 'controlplanes', '-o', 'json')).out) as { revision: string; version: string; source: string; istiodPods: { ready: boolean }[] }[];
    expect(planes).toMatchObject([{ revision: 'cp-v124x.istio-system', version: '1.24.3', source: 'IstioControlPlane', istiodPods: [{ ready: true }] }]);

    // Istio's real CRDs (installed by the lab) keep their schemas: smm's loose copies are create-only.
    const vs: KubeObject = { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'typo', namespace: 'smm-demo' },
      spec: { hosts: ['x'], http: [{ retires: { attempts: 3 }, route: [{ destination: { host: 'x' } }] }] } };
    await expect(port.create(vs, { dryRun: true })).rejects.toMatchObject({ message: expect.stringContaining('retires') });

    const second = await smm('install', '-a', '--additional-cp-settings', settings);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/no changes: the cluster already matches the ControlPlane/);
  });

  it('reconcile --from-file with grafana off removes exactly its objects; on again brings them back', async () => {
    const before = await owned(port);
    expect(before.get('grafana')?.size ?? 0).toBeGreaterThan(0);
    const file = join(dir, 'cp-no-grafana.yaml');
    writeFileSync(file, ['apiVersion: smm.cisco.com/v1alpha1', 'kind: ControlPlane', 'metadata:', '  name: smm', 'spec:',
      '  meshManager:', '    istio:', '      sidecarInjectorFailurePolicy: Ignore', '  smm:', '    grafana:', '      enabled: false', ''].join('\n'));
    const off = await smm('reconcile', '--from-file', file);
    expect(off.code, off.err).toBe(0);
    const after = await owned(port);
    expect(after.has('grafana')).toBe(false);
    for (const [c, objects] of before) if (c !== 'grafana') expect([...(after.get(c) ?? [])].sort(), c).toEqual([...objects].sort());
    const status = (await port.get(Resources.ControlPlane, 'smm')).status as { components: Record<string, { status: string }> };
    expect(status.components.grafana).toMatchObject({ status: 'Removed' });

    const on = await smm('install', '-a', '--additional-cp-settings', settings);
    expect(on.code).toBe(0);
    expect([...((await owned(port)).get('grafana') ?? [])].sort()).toEqual([...before.get('grafana')!].sort());
  });

  it('refuses a ControlPlane file with an unknown field, naming the field and line, changing nothing', async () => {
    const file = join(dir, 'cp-bad.yaml');
    writeFileSync(file, 'apiVersion: smm.cisco.com/v1alpha1\nkind: ControlPlane\nmetadata:\n  name: smm\nspec:\n  smm:\n    prometheus:\n      replicaz: 2\n');
    const version = (await port.get(Resources.ControlPlane, 'smm')).metadata.resourceVersion;
    const r = await smm('reconcile', '--from-file', file);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('spec.smm.prometheus');
    expect(r.err).toContain('replicaz');
    expect((await port.get(Resources.ControlPlane, 'smm')).metadata.resourceVersion).toBe(version);
  });

  it('--dump-resources writes YAML the API server accepts with a server-side dry run', async () => {
    const out = join(dir, 'dump');
    const r = await smm('install', '-a', '--dump-resources', out);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.length).toBeGreaterThan(5);
    let checked = 0;
    for (const f of files) {
      for (const doc of parseAllDocuments(readFileSync(join(out, f), 'utf8'))) {
        const o = doc.toJS() as KubeObject | null;
        if (!o) continue;
        // Namespaces and CRDs exist already (installed above); everything else is dry-run applied.
        await port.apply(o, { dryRun: true, fieldManager: 'dump-check', force: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('smm uninstall -a leaves nothing of smm but the CRDs', async () => {
    const r = await smm('uninstall', '-a');
    expect(r.code, r.err).toBe(0);
    // Namespaces go through Terminating (the namespace controller empties them first).
    let everything: string[] = [];
    for (let i = 0; i < 120; i++) {
      everything = [...(await owned(port)).values()].flatMap((s) => [...s]);
      if (everything.every((o) => o.startsWith('CustomResourceDefinition '))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(everything.filter((o) => !o.startsWith('CustomResourceDefinition '))).toEqual([]);
    expect(everything.some((o) => o.startsWith('CustomResourceDefinition '))).toBe(true);
    await expect(port.get(Resources.ControlPlane, 'smm')).rejects.toMatchObject({ reason: 'NotFound' });
    await expect(port.get(Resources.Namespace, 'istio-system')).rejects.toMatchObject({ reason: 'NotFound' });
  });
});
