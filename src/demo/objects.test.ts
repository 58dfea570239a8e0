import { describe, expect, it } from 'vitest';
import { buildMeshModel } from '../core/model/index.js';
import type { KubeObject } from '../kube/object.js';
import { ResourceRegistry } from '../kube/resources.js';
import { DEMO_APP, defineDemoApp } from './app.js';
import { buildDemoObjects, PROXY_IMAGE } from './objects.js';

const NOW = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));
const objects = buildDemoObjects({ seed: 42, now: NOW });

type Spec = Record<string, unknown>;
const ofKind = (list: KubeObject[], kind: string) => list.filter((o) => o.kind === kind);
const spec = (o: KubeObject): Spec => o.spec as Spec;
const labels = (o: KubeObject): Record<string, string> => o.metadata.labels ?? {};
const containers = (pod: KubeObject, field = 'containers') => (spec(pod)[field] ?? []) as { name: string; image: string }[];
const selects = (selector: Record<string, string>, l: Record<string, string>) => Object.entries(selector).every(([k, v]) => l[k] === v);
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function ownerOf(o: KubeObject, list: KubeObject[]): KubeObject | undefined {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref) return undefined;
  return list.find((x) => x.metadata.uid === ref.uid && x.kind === ref.kind && x.metadata.name === ref.name && x.metadata.namespace === o.metadata.namespace);
}

describe('demo objects', () => {
  it('are well-formed objects of known kinds with unique uids and valid names', () => {
    const registry = new ResourceRegistry();
    const uids = new Set<string>();
    for (const o of objects) {
      const type = registry.lookup(o.apiVersion, o.kind);
      expect(type, `${o.apiVersion} ${o.kind}`).toBeDefined();
      expect(Boolean(o.metadata.namespace), `${o.kind} ${o.metadata.name} namespace`).toBe(type!.namespaced);
      expect(o.metadata.name).toMatch(DNS1123);
      expect(o.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(uids.has(o.metadata.uid!)).toBe(false);
      uids.add(o.metadata.uid!);
      expect(Date.parse(o.metadata.creationTimestamp!)).toBeLessThanOrEqual(NOW.getTime());
    }
    const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('chain every pod to its controller: Pod → ReplicaSet → Deployment, or Pod → StatefulSet', () => {
    const pods = ofKind(objects, 'Pod');
    expect(pods.length).toBeGreaterThanOrEqual(15);
    for (const pod of pods) {
      const owner = ownerOf(pod, objects);
      expect(owner?.kind, pod.metadata.name).toMatch(/^(ReplicaSet|StatefulSet)$/);
      expect(selects((spec(owner!).selector as { matchLabels: Record<string, string> }).matchLabels, labels(pod))).toBe(true);
      if (owner!.kind === 'ReplicaSet') {
        expect(ownerOf(owner!, objects)?.kind).toBe('Deployment');
        expect(pod.metadata.name!.startsWith(`${owner!.metadata.name}-`)).toBe(true);
        expect(labels(pod)['pod-template-hash']).toBe(labels(owner!)['pod-template-hash']);
      }
    }
  });

  it('have at least 12 workloads in smm-demo, each pod running with an istio-proxy sidecar', () => {
    const workloads = objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.namespace === 'smm-demo');
    expect(workloads.length).toBeGreaterThanOrEqual(12);
    const pods = ofKind(objects, 'Pod').filter((p) => p.metadata.namespace === 'smm-demo');
    expect(pods.length).toBe(workloads.length);
    for (const pod of pods) {
      expect(containers(pod).find((c) => c.name === 'istio-proxy')?.image).toBe(PROXY_IMAGE);
      expect(containers(pod, 'initContainers').map((c) => c.name)).toEqual(['istio-init']);
      const l = labels(pod);
      expect(l['istio.io/rev']).toBe('cp-v115x.istio-system');
      expect(l['security.istio.io/tlsMode']).toBe('istio');
      expect(l['service.istio.io/canonical-name']).toBe(l.app);
      expect(l['service.istio.io/canonical-revision']).toBe(l.version ?? 'latest');
      const status = JSON.parse(pod.metadata.annotations!['sidecar.istio.io/status']!) as { containers: string[]; initContainers: string[]; revision: string };
      expect(status).toMatchObject({ containers: ['istio-proxy'], initContainers: ['istio-init'], revision: 'cp-v115x.istio-system' });
      const st = pod.status as { phase: string; podIP: string; hostIP: string; conditions: { type: string; status: string }[]; containerStatuses: { ready: boolean }[] };
      expect(st.phase).toBe('Running');
      expect(st.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(st.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(st.containerStatuses.every((c) => c.ready)).toBe(true);
    }
    const ips = ofKind(objects, 'Pod').map((p) => (p.status as { podIP: string }).podIP);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('spread pods over three ready nodes', () => {
    const nodes = ofKind(objects, 'Node');
    expect(nodes).toHaveLength(3);
    for (const n of nodes) {
      expect(labels(n)['topology.kubernetes.io/zone']).toBeTruthy();
      expect(labels(n)['kubernetes.io/hostname']).toBe(n.metadata.name);
    }
    const used = new Set(ofKind(objects, 'Pod').map((p) => spec(p).nodeName));
    expect(used).toEqual(new Set(nodes.map((n) => n.metadata.name)));
  });

  it('have services that each select at least one pod, movies selecting all three versions', () => {
    const pods = ofKind(objects, 'Pod');
    for (const svc of ofKind(objects, 'Service')) {
      const selector = spec(svc).selector as Record<string, string>;
      const selected = pods.filter((p) => p.metadata.namespace === svc.metadata.namespace && selects(selector, labels(p)));
      expect(selected.length, `${svc.metadata.namespace}/${svc.metadata.name}`).toBeGreaterThan(0);
      if (svc.metadata.name === 'movies') expect(selected.map((p) => labels(p).version).sort()).toEqual(['v1', 'v2', 'v3']);
    }
  });

  it('label the demo namespace and describe the DemoApplication as the manual does', () => {
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'smm-demo')!;
    expect(labels(ns)).toMatchObject({
      'istio.io/rev': 'cp-v115x.istio-system', 'app.kubernetes.io/instance': 'smm-demo', 'app.kubernetes.io/name': 'smm-demo',
      'app.kubernetes.io/part-of': 'smm-demo', 'app.kubernetes.io/version': '0.1.4',
    });
    expect(ofKind(objects, 'Namespace').map((n) => n.metadata.name).sort()).toEqual(['default', 'istio-system', 'kube-system', 'smm-demo']);
    const demo = objects.find((o) => o.kind === 'DemoApplication')!;
    expect(demo.apiVersion).toBe('smm.cisco.com/v1alpha1');
    expect(spec(demo)).toMatchObject({
      controlPlaneRef: { name: 'smm' }, istio: { revision: 'cp-v115x.istio-system' },
      load: { enabled: true, minRPS: 10, maxRPS: 30, swingPeriod: 1380000000000 },
    });
    expect(spec(demo).enabledComponents).toHaveLength(10);
  });

  it('route movies by weight to version subsets that match the pods', () => {
    const vs = objects.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'movies')!;
    const routes = (spec(vs).http as { route: { destination: { subset: string }; weight: number }[] }[])[0]!.route;
    expect(routes.reduce((s, r) => s + r.weight, 0)).toBe(100);
    const dr = objects.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'movies')!;
    const subsets = spec(dr).subsets as { name: string; labels: Record<string, string> }[];
    expect(routes.map((r) => r.destination.subset).sort()).toEqual(subsets.map((s) => s.name).sort());
    for (const s of subsets) expect(ofKind(objects, 'Pod').some((p) => selects({ app: 'movies', ...s.labels }, labels(p)))).toBe(true);
    const gw = objects.find((o) => o.kind === 'Gateway')!;
    expect(gw.apiVersion).toBe('networking.istio.io/v1beta1');
    const gwSelector = spec(gw).selector as Record<string, string>;
    expect(ofKind(objects, 'Pod').some((p) => selects(gwSelector, labels(p)))).toBe(true);
    expect(objects.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'payments')).toBeDefined();
  });

  it('make a model with the control plane, its istiod pod and all-sidecar workloads', () => {
    const model = buildMeshModel([{ cluster: 'demo-cluster', objects }]);
    expect(model.controlPlanes).toMatchObject([{ name: 'cp-v115x', version: '1.15.3', status: 'Available' }]);
    expect(model.controlPlanes[0]!.istiodPods).toHaveLength(1);
    const demo = model.workloads.filter((w) => w.namespace === 'smm-demo');
    expect(demo.every((w) => w.sidecars === 'all')).toBe(true);
    expect(model.namespaces.find((n) => n.name === 'smm-demo')?.injection.controlPlane?.name).toBe('cp-v115x');
  });

  it('are the same for the same seed and differ for another', () => {
    expect(buildDemoObjects({ seed: 42, now: NOW })).toEqual(objects);
    const other = buildDemoObjects({ seed: 43, now: NOW });
    expect(other.map((o) => o.metadata.uid)).not.toEqual(objects.map((o) => o.metadata.uid));
    expect(other.map((o) => o.metadata.name)).not.toEqual(objects.map((o) => o.metadata.name)); // hashes in pod names
  });

  it('build StatefulSets whose pods the StatefulSet owns', () => {
    const app = defineDemoApp({ ...DEMO_APP, workloads: DEMO_APP.workloads.map((w) => (w.name === 'postgresql' ? { ...w, kind: 'StatefulSet' as const } : w)) });
    const list = buildDemoObjects({ seed: 1, now: NOW, app });
    const sts = list.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'postgresql')!;
    const pod = list.find((o) => o.kind === 'Pod' && o.metadata.name === 'postgresql-0')!;
    expect(ownerOf(pod, list)).toBe(sts);
    expect(list.some((o) => o.kind === 'Deployment' && o.metadata.name === 'postgresql')).toBe(false);
  });
});
