import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/model/k8s.js';
import { countingPort } from '../../kube/counting-port.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { Resources } from '../../kube/resources.js';
import type { ComponentName, ControlPlane, InstallConfig } from '../api/types.js';
import { CREATE_ONLY_ANNOTATION, OWNER_LABELS, type Component } from '../components/component.js';
import { reconcileControlPlane, renderComponents } from './reconcile.js';
import type { ProgressEvent } from './types.js';

// Fixture components: a CRD with its custom resource in one component (the engine must wait
// for Established in between), a plain one, and one that can be switched off.
const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
};
const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const cm = (name: string, namespace: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });

interface FixtureSwitches { tracing: boolean; badName?: boolean; setting?: string }

function fixtureComponents(sw: FixtureSwitches): Component[] {
  const kinds = [{ apiVersion: 'v1', kind: 'ConfigMap' }, { apiVersion: 'v1', kind: 'Namespace' }, { apiVersion: 'example.com/v1', kind: 'Widget' }, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }];
  const component = (name: ComponentName, enabled: () => boolean, objects: () => KubeObject[]): Component => ({
    name, title: name, kinds, enabled, build: () => objects().map((object) => ({ object, state: enabled() ? 'present' : 'absent' })),
  });
  return [
    component('meshManager', () => true, () => [
      // Deliberately out of order: the engine sorts Namespace and CRD first.
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'sys' }, spec: { size: 1 } },
      cm('mesh', 'sys', { setting: sw.setting ?? 'a' }), crd, ns('sys'),
    ]),
    component('tracing', () => sw.tracing, () => [cm('tracing', 'sys'), cm('tracing-extra', 'sys')]),
    component('smm', () => true, () => [cm(sw.badName ? 'Bad_Name' : 'smm', 'sys')]),
  ];
}

const config: InstallConfig = { name: 'smm', spec: {} as InstallConfig['spec'], istio: { version: '1.24.3', name: 'cp-v124x', namespace: 'istio-system', revision: 'cp-v124x.istio-system' }, images: {} };

async function setup() {
  const cluster = new MemoryCluster();
  // The ControlPlane CRD, so status can be written.
  cluster.registry.register(Resources.ControlPlane);
  const port = countingPort(cluster.port());
  const cp = await port.create({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec: {} }) as ControlPlane;
  return { cluster, port, cp };
}

const configMaps = async (port: ReturnType<typeof countingPort>) =>
  (await port.list(Resources.ConfigMap, { namespace: 'sys' })).items.map((o) => o.metadata.name).sort();

describe('reconcile engine', () => {
  it('installs in order, waits for the CRD before its resource, labels ownership, reports Succeeded', async () => {
    const { port, cp } = await setup();
    const events: ProgressEvent[] = [];
    const r = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }), { progress: (e) => events.push(e) });
    expect(r).toMatchObject({ status: 'Succeeded', components: { meshManager: { status: 'Available' }, tracing: { status: 'Available' } } });
    expect(r.changes).toBe(7);
    expect(await configMaps(port)).toEqual(['mesh', 'smm', 'tracing', 'tracing-extra']);
    const mesh = await port.get(Resources.ConfigMap, 'mesh', 'sys');
    expect(mesh.metadata.labels).toMatchObject({ [OWNER_LABELS.component]: 'meshManager', [OWNER_LABELS.managedBy]: 'smm', [OWNER_LABELS.controlPlane]: 'smm' });
    const applied = events.filter((e) => e.type === 'applied').map((e) => (e as { object: string }).object);
    expect(applied.slice(0, 4)).toEqual(['Namespace sys', 'CustomResourceDefinition widgets.example.com', 'ConfigMap sys/mesh', 'Widget sys/w']);
    const status = (await port.get(Resources.ControlPlane, 'smm')).status as { status: string; components: Record<string, { status: string }>; observedGeneration: number };
    expect(status).toMatchObject({ status: 'Succeeded', observedGeneration: 1, components: { meshManager: { status: 'Available' }, smm: { status: 'Available' } } });
  });

  it('a second run changes nothing and says so, with no writes but status', async () => {
    const { port, cp } = await setup();
    await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    const before = (await port.get(Resources.ConfigMap, 'mesh', 'sys')).metadata.resourceVersion;
    port.reset();
    const again = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    expect(again.changes).toBe(0);
    expect(Object.values(again.components).every((c) => c.changes === 0)).toBe(true);
    expect((await port.get(Resources.ConfigMap, 'mesh', 'sys')).metadata.resourceVersion).toBe(before);
    expect(port.counts.create + port.counts.delete + port.counts.update).toBe(0);
  });

  it('a changed setting is one change; disabling a component removes exactly its objects; enabling restores them', async () => {
    const { port, cp } = await setup();
    await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    expect((await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true, setting: 'b' }))).changes).toBe(1);
    const off = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: false, setting: 'b' }));
    expect(off.components.tracing).toMatchObject({ status: 'Removed', changes: 2 });
    expect(await configMaps(port)).toEqual(['mesh', 'smm']);
    await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true, setting: 'b' }));
    expect(await configMaps(port)).toEqual(['mesh', 'smm', 'tracing', 'tracing-extra']);
  });

  it('prunes objects a component stopped producing, even without an explicit absent mark', async () => {
    const { port, cp } = await setup();
    await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    const fewer = fixtureComponents({ tracing: true }).map((c) => (c.name === 'tracing' ? { ...c, build: () => [{ object: cm('tracing', 'sys'), state: 'present' as const }] } : c));
    await reconcileControlPlane(port, cp, config, fewer);
    expect(await configMaps(port)).toEqual(['mesh', 'smm', 'tracing']);
  });

  it('takes back a hand edit of a managed field', async () => {
    const { port, cp } = await setup();
    await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    const mesh = await port.get(Resources.ConfigMap, 'mesh', 'sys');
    await port.update({ ...mesh, data: { setting: 'hand-edited' } }, { fieldManager: 'kubectl-edit' });
    const r = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    expect(r.changes).toBe(1);
    expect((await port.get(Resources.ConfigMap, 'mesh', 'sys')).data).toEqual({ setting: 'a' });
  });

  it('a failure names the component, the object and the API server message, and sets status Failed', async () => {
    const { port, cp } = await setup();
    const r = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true, badName: true }));
    expect(r.status).toBe('Failed');
    expect(r.error).toMatch(/^smm \(smm\): ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/);
    const status = (await port.get(Resources.ControlPlane, 'smm')).status as { status: string; message: string; components: Record<string, { status: string; message?: string }> };
    expect(status.status).toBe('Failed');
    expect(status.components.smm).toMatchObject({ status: 'Failed', message: expect.stringContaining('Bad_Name') });
    expect(status.components.meshManager!.status).toBe('Available');
  });

  it('an interrupted run is finished by the next one', async () => {
    const { port, cp } = await setup();
    const abort = new AbortController();
    let applied = 0;
    const r = reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }), {
      signal: abort.signal, progress: (e) => { if (e.type === 'applied' && ++applied === 3) abort.abort(new Error('interrupted')); },
    });
    await expect(r).rejects.toThrow('interrupted');
    expect(await configMaps(port)).not.toContain('smm');
    const next = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    expect(next.status).toBe('Succeeded');
    expect(await configMaps(port)).toEqual(['mesh', 'smm', 'tracing', 'tracing-extra']);
  });

  it('remove mode takes everything away in reverse order but keeps CRDs', async () => {
    const { port, cp } = await setup();
    await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }));
    const events: string[] = [];
    const r = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }), { mode: 'remove', progress: (e) => { if (e.type === 'component-start') events.push(e.component); } });
    expect(r.status).toBe('Succeeded');
    expect(events).toEqual(['smm', 'tracing', 'meshManager']);
    expect(await configMaps(port)).toEqual([]);
    await expect(port.get(Resources.Namespace, 'sys')).rejects.toMatchObject({ reason: 'NotFound' });
    expect((await port.get(Resources.CustomResourceDefinition, 'widgets.example.com')).metadata.name).toBe('widgets.example.com');
  });

  it('creates a create-only object when absent, and leaves an existing one that is not ours alone', async () => {
    const loose = { ...crd, metadata: { name: 'widgets.example.com', annotations: { [CREATE_ONLY_ANNOTATION]: 'true' } } };
    const only = (c: Component): Component => ({ ...c, build: () => [{ object: loose, state: 'present' as const }] });
    const fresh = await setup();
    await reconcileControlPlane(fresh.port, fresh.cp, config, [only(fixtureComponents({ tracing: true })[0]!)]);
    expect((await fresh.port.get(Resources.CustomResourceDefinition, 'widgets.example.com')).metadata.labels?.[OWNER_LABELS.managedBy]).toBe('smm');

    const existing = await setup();
    const theirs = { ...crd, metadata: { name: 'widgets.example.com', labels: { owner: 'istio' } }, spec: { ...(crd.spec as object), names: { kind: 'Widget', plural: 'widgets', shortNames: ['wd'] } } };
    const before = await existing.port.create(theirs);
    const r = await reconcileControlPlane(existing.port, existing.cp, config, [only(fixtureComponents({ tracing: true })[0]!)]);
    expect(r.changes).toBe(0);
    const after = await existing.port.get(Resources.CustomResourceDefinition, 'widgets.example.com');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.metadata.labels).toEqual({ owner: 'istio' });
  });

  it('waits for a namespace still terminating (install right after uninstall), then creates it afresh', async () => {
    const { port, cp } = await setup();
    await port.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sys', finalizers: ['example.com/slow'] } });
    await port.delete(Resources.Namespace, 'sys');
    const events: string[] = [];
    setTimeout(() => {
      void port.get(Resources.Namespace, 'sys').then((ns) => port.update({ ...ns, metadata: { ...ns.metadata, finalizers: [] } }));
    }, 300);
    const r = await reconcileControlPlane(port, cp, config, fixtureComponents({ tracing: true }), {
      progress: (e) => { if (e.type === 'waiting') events.push(`${e.object} ${e.condition}`); },
    });
    expect(r.status).toBe('Succeeded');
    expect(events).toContain('Namespace sys deleted (it is terminating)');
    expect((await port.get(Resources.Namespace, 'sys')).metadata.deletionTimestamp).toBeUndefined();
  });

  it('renders labelled objects in apply order for --dump-resources', () => {
    const rendered = renderComponents(config, fixtureComponents({ tracing: false }));
    expect(rendered.map((r) => r.component)).toEqual(['meshManager', 'smm']);
    expect(rendered[0]!.objects.map((o) => o.kind)).toEqual(['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'Widget']);
  });
});
