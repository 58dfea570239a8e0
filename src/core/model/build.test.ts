import { describe, expect, it } from 'vitest';
import { buildMeshModel, imageVersion } from './build.js';
import type { KubeObject } from './k8s.js';
import { servicePortProtocol } from './protocol.js';

// Small builders: each test states only what it is about.
const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const proxy = { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.15.3' };
const readyStatus = (containers: string[]) => ({
  phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: containers.map((name) => ({ name, ready: true, restartCount: 0 })),
});

function pod(name: string, namespace: string, opts: { labels?: Record<string, string>; owner?: { kind: string; name: string; uid: string }; sidecar?: boolean; node?: string } = {}): KubeObject {
  const containers = [{ name: 'app', image: 'example/app:1.0' }, ...(opts.sidecar === false ? [] : [proxy])];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace, uid: `uid-${name}`, labels: opts.labels ?? {},
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', controller: true, ...opts.owner }] } : {}),
    },
    spec: { containers, nodeName: opts.node ?? 'node-1', serviceAccountName: 'default' },
    status: readyStatus(containers.map((c) => c.name)),
  };
}

function controller(kind: string, name: string, namespace: string, labels: Record<string, string>, owner?: { kind: string; name: string; uid: string }, replicas = 1): KubeObject {
  return {
    apiVersion: kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1', kind,
    metadata: { name, namespace, uid: `uid-${kind}-${name}`, labels, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', controller: true, ...owner }] } : {}) },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app' }] } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

const svc = (name: string, namespace: string, selector: Record<string, string> | undefined, ports: { name?: string; port: number; appProtocol?: string; protocol?: string }[]): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports, type: 'ClusterIP' },
});

const icp = (name: string, namespace: string, version: string): KubeObject => ({
  apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane', metadata: { name, namespace }, spec: { version }, status: { status: 'Available' },
});

const build = (objects: KubeObject[], cluster = 'c1') => buildMeshModel([{ cluster, objects }]);

describe('buildMeshModel: workloads', () => {
  it('follows Pod → ReplicaSet → Deployment, and does not list the ReplicaSet as a workload', () => {
    const labels = { app: 'movies', version: 'v2' };
    const deploy = controller('Deployment', 'movies-v2', 'demo', labels, undefined, 2);
    const rs = controller('ReplicaSet', 'movies-v2-5d9f', 'demo', labels, { kind: 'Deployment', name: 'movies-v2', uid: 'uid-Deployment-movies-v2' });
    const pods = ['a', 'b'].map((s) => pod(`movies-v2-5d9f-${s}`, 'demo', { labels: { ...labels, 'pod-template-hash': '5d9f' }, owner: { kind: 'ReplicaSet', name: 'movies-v2-5d9f', uid: 'uid-ReplicaSet-movies-v2-5d9f' } }));
    const m = build([ns('demo'), deploy, rs, ...pods]);
    expect(m.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/movies-v2']);
    const w = m.workloads[0]!;
    expect(w).toMatchObject({ app: 'movies', version: 'v2', replicas: { desired: 2, ready: 2 }, sidecars: 'all' });
    expect(w.pods.map((p) => p.name)).toEqual(['movies-v2-5d9f-a', 'movies-v2-5d9f-b']);
    expect(w.controllers.map(({ kind, name }) => ({ kind, name }))).toEqual([{ kind: 'Deployment', name: 'movies-v2' }, { kind: 'ReplicaSet', name: 'movies-v2-5d9f' }]);
    // Each visible controller keeps what its detail view shows.
    expect(w.controllers[1]).toMatchObject({ labels, replicas: { desired: 1, ready: 1 } });
  });

  it('keeps the detail fields of pods, containers, services and nodes', () => {
    const p = pod('web-1', 'demo', { node: 'n1' });
    p.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
    const status = p.status as { startTime?: string; hostIP?: string; containerStatuses: { name: string; state?: unknown }[] };
    status.startTime = '2024-01-01T00:00:01Z';
    status.hostIP = '10.1.0.1';
    status.containerStatuses[0]!.state = { waiting: { reason: 'CrashLoopBackOff' } };
    status.containerStatuses[1]!.state = { running: { startedAt: '2024-01-01T00:00:02Z' } };
    const service = svc('web', 'demo', { app: 'web' }, [{ port: 80 }]);
    service.metadata.creationTimestamp = '2023-12-31T00:00:00Z';
    const node: KubeObject = {
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', creationTimestamp: '2023-06-01T00:00:00Z' },
      spec: { taints: [{ key: 'dedicated', value: 'mesh', effect: 'NoSchedule' }, { effect: 'NoExecute' }] },
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }, { type: 'DiskPressure', status: 'False' }],
        nodeInfo: { operatingSystem: 'linux', architecture: 'amd64', osImage: 'Ubuntu 22.04.1 LTS', kernelVersion: '5.15' },
      },
    };
    const m = build([ns('demo'), p, service, node]);
    expect(m.pods[0]).toMatchObject({ createdAt: '2024-01-01T00:00:00Z', startedAt: '2024-01-01T00:00:01Z', hostIP: '10.1.0.1' });
    expect(m.pods[0]!.containers.map((c) => [c.name, c.state, c.stateReason])).toEqual([['app', 'waiting', 'CrashLoopBackOff'], ['istio-proxy', 'running', undefined]]);
    expect(m.services[0]!.createdAt).toBe('2023-12-31T00:00:00Z');
    expect(m.nodes[0]).toMatchObject({
      createdAt: '2023-06-01T00:00:00Z', ready: true,
      system: { os: 'linux', architecture: 'amd64', osImage: 'Ubuntu 22.04.1 LTS', kernelVersion: '5.15' },
      // A taint without a key is malformed and left out.
      taints: [{ key: 'dedicated', value: 'mesh', effect: 'NoSchedule' }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }, { type: 'DiskPressure', status: 'False' }],
    });
  });

  it('infers the Deployment of a pod whose ReplicaSet is not visible from pod-template-hash', () => {
    const p = pod('web-7c8b-x', 'demo', { labels: { app: 'web', 'pod-template-hash': '7c8b' }, owner: { kind: 'ReplicaSet', name: 'web-7c8b', uid: 'missing' } });
    const m = build([ns('demo'), p]);
    expect(m.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/web']);
  });

  it('treats a pod without owner as its own workload', () => {
    const m = build([ns('demo'), pod('debug', 'demo', { labels: { app: 'debug' } })]);
    expect(m.workloads).toHaveLength(1);
    expect(m.workloads[0]).toMatchObject({ kind: 'Pod', name: 'debug', app: 'debug', replicas: { desired: 1, ready: 1 } });
    expect(m.pods[0]!.workload).toEqual({ cluster: 'c1', namespace: 'demo', kind: 'Pod', name: 'debug' });
  });

  it('resolves StatefulSet pods, and Job pods to their CronJob', () => {
    const sts = controller('StatefulSet', 'postgresql', 'demo', { app: 'postgresql' }, undefined, 1);
    const cron = controller('CronJob', 'report', 'demo', { app: 'report' });
    const job = controller('Job', 'report-123', 'demo', { app: 'report' }, { kind: 'CronJob', name: 'report', uid: 'uid-CronJob-report' });
    const m = build([
      ns('demo'), sts, cron, job,
      pod('postgresql-0', 'demo', { labels: { app: 'postgresql' }, owner: { kind: 'StatefulSet', name: 'postgresql', uid: 'uid-StatefulSet-postgresql' } }),
      pod('report-123-q', 'demo', { labels: { app: 'report' }, owner: { kind: 'Job', name: 'report-123', uid: 'uid-Job-report-123' } }),
    ]);
    expect(m.workloads.map((w) => `${w.kind}/${w.name}:${w.pods.length}`)).toEqual(['StatefulSet/postgresql:1', 'CronJob/report:1']);
  });

  it('keeps a controller with no pods, its sidecar state unknown', () => {
    const m = build([ns('demo'), controller('Deployment', 'scaled-down', 'demo', { app: 'x' }, undefined, 0)]);
    expect(m.workloads[0]).toMatchObject({ name: 'scaled-down', pods: [], sidecars: 'unknown', replicas: { desired: 0 } });
  });

  it('reads app/version from app.kubernetes.io labels, Istio canonical labels first', () => {
    const m = build([ns('demo'), controller('Deployment', 'cat', 'demo', { 'app.kubernetes.io/name': 'catalog', 'app.kubernetes.io/version': '2.1', app: 'ignored' })]);
    expect(m.workloads[0]).toMatchObject({ app: 'catalog', version: '2.1' });
  });

  it('turns WorkloadGroup/WorkloadEntry into a VM workload', () => {
    const group: KubeObject = { apiVersion: 'networking.istio.io/v1beta1', kind: 'WorkloadGroup', metadata: { name: 'legacy', namespace: 'demo' }, spec: { metadata: { labels: { app: 'legacy' } } } };
    const entry: KubeObject = { apiVersion: 'networking.istio.io/v1beta1', kind: 'WorkloadEntry', metadata: { name: 'legacy-vm1', namespace: 'demo' }, spec: { address: '192.0.2.10', labels: { app: 'legacy' } } };
    const m = build([ns('demo'), group, entry]);
    expect(m.workloads[0]).toMatchObject({ kind: 'WorkloadGroup', name: 'legacy', app: 'legacy' });
    expect(m.workloads[0]!.pods[0]).toMatchObject({ source: 'WorkloadEntry', ip: '192.0.2.10' });
  });
});

describe('buildMeshModel: injection, sidecars and control planes', () => {
  const cp = icp('cp-v115x', 'istio-system', '1.15.3');

  it('maps a revision label to its IstioControlPlane', () => {
    const m = build([ns('istio-system'), cp, ns('demo', { 'istio.io/rev': 'cp-v115x.istio-system' })]);
    const demo = m.namespaces.find((n) => n.name === 'demo')!;
    expect(demo.injection).toMatchObject({ mode: 'revision', revision: 'cp-v115x.istio-system', missingControlPlane: false });
    expect(demo.injection.controlPlane?.name).toBe('cp-v115x');
    expect(m.controlPlanes).toMatchObject([{ name: 'cp-v115x', revision: 'cp-v115x.istio-system', version: '1.15.3', source: 'IstioControlPlane' }]);
  });

  it('flags a revision label that points to no control plane', () => {
    const m = build([ns('istio-system'), cp, ns('demo', { 'istio.io/rev': 'cp-v999x.istio-system' })]);
    expect(m.namespaces.find((n) => n.name === 'demo')!.injection).toMatchObject({ mode: 'revision', missingControlPlane: true, controlPlane: undefined });
  });

  it('gives istio-injection precedence over istio.io/rev, and resolves it to the only plane', () => {
    const m = build([cp, ns('a', { 'istio-injection': 'enabled', 'istio.io/rev': 'nope' }), ns('b', { 'istio-injection': 'disabled' }), ns('c')]);
    const inj = Object.fromEntries(m.namespaces.map((n) => [n.name, n.injection]));
    expect(inj.a).toMatchObject({ mode: 'enabled', revision: 'default', missingControlPlane: false });
    expect(inj.b).toMatchObject({ mode: 'disabled', missingControlPlane: false });
    expect(inj.c).toMatchObject({ mode: 'none', missingControlPlane: false });
  });

  it('marks pods without a sidecar in an injected namespace, unless they opted out', () => {
    const m = build([
      cp, ns('demo', { 'istio.io/rev': 'cp-v115x.istio-system' }), ns('plain'),
      pod('with', 'demo'), pod('without', 'demo', { sidecar: false }),
      pod('optout', 'demo', { sidecar: false, labels: { 'sidecar.istio.io/inject': 'false' } }),
      pod('elsewhere', 'plain', { sidecar: false }),
    ]);
    const byName = Object.fromEntries(m.pods.map((p) => [p.name, p]));
    expect(byName.with!.sidecar).toMatchObject({ version: '1.15.3', ready: true });
    expect(byName.with!.missingSidecar).toBe(false);
    expect(byName.without!.missingSidecar).toBe(true);
    expect(byName.optout!.missingSidecar).toBe(false);
    expect(byName.elsewhere!.missingSidecar).toBe(false);
    expect(m.proxies.map((p) => p.pod)).toEqual(['with']);
    expect(m.proxies[0]!.controlPlane?.name).toBe('cp-v115x');
  });

  it('finds a plain istiod control plane from its Deployment and pods', () => {
    const istiod = controller('Deployment', 'istiod-canary', 'istio-system', { app: 'istiod', 'istio.io/rev': 'canary' });
    (istiod.spec as { template: { spec: { containers: { image?: string }[] } } }).template.spec.containers[0]!.image = 'docker.io/istio/pilot:1.20.1';
    const ipod = pod('istiod-canary-1', 'istio-system', { labels: { app: 'istiod', 'istio.io/rev': 'canary' }, sidecar: false });
    const m = build([ns('istio-system'), istiod, ipod]);
    expect(m.controlPlanes).toMatchObject([{ revision: 'canary', source: 'istiod', version: '1.20.1', istiodPods: [{ name: 'istiod-canary-1', ready: true }] }]);
  });
});

describe('buildMeshModel: services, nodes, clusters', () => {
  it('matches services to workloads by selector; a service without selector matches none', () => {
    const m = build([
      ns('demo'), controller('Deployment', 'movies-v1', 'demo', { app: 'movies', version: 'v1' }), controller('Deployment', 'movies-v2', 'demo', { app: 'movies', version: 'v2' }),
      svc('movies', 'demo', { app: 'movies' }, [{ name: 'http', port: 8080 }]),
      svc('external-db', 'demo', undefined, [{ port: 5432 }]),
    ]);
    const byName = Object.fromEntries(m.services.map((s) => [s.name, s]));
    expect(byName.movies!.workloads.map((w) => w.name)).toEqual(['movies-v1', 'movies-v2']);
    expect(byName['external-db']!.selector).toBeUndefined();
    expect(byName['external-db']!.workloads).toEqual([]);
    expect(m.workloads.find((w) => w.name === 'movies-v1')!.services).toEqual(['movies']);
  });

  it('derives port protocols as Istio does, an unnamed port is sniffed', () => {
    expect(servicePortProtocol({ name: 'http-web' })).toEqual({ protocol: 'HTTP', protocolSource: 'name' });
    expect(servicePortProtocol({ name: 'grpc' })).toEqual({ protocol: 'GRPC', protocolSource: 'name' });
    expect(servicePortProtocol({ name: 'grpc-web' })).toEqual({ protocol: 'GRPC-WEB', protocolSource: 'name' });
    expect(servicePortProtocol({ name: 'tcp-postgresql' })).toEqual({ protocol: 'TCP', protocolSource: 'name' });
    expect(servicePortProtocol({ name: 'web', appProtocol: 'http2' })).toEqual({ protocol: 'HTTP2', protocolSource: 'appProtocol' });
    expect(servicePortProtocol({ name: 'httpx' })).toEqual({ protocol: 'UNKNOWN', protocolSource: 'auto' });
    expect(servicePortProtocol({})).toEqual({ protocol: 'UNKNOWN', protocolSource: 'auto' });
    expect(servicePortProtocol({ protocol: 'UDP' })).toEqual({ protocol: 'UDP', protocolSource: 'transport' });
    const m = build([ns('demo'), svc('db', 'demo', { app: 'db' }, [{ port: 3306 }])]);
    expect(m.services[0]!.ports[0]).toMatchObject({ port: 3306, protocol: 'UNKNOWN', protocolSource: 'auto', name: undefined });
  });

  it('reads nodes and counts their pods; keeps clusters apart', () => {
    const node: KubeObject = {
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'z1' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '192.0.2.1' }], nodeInfo: { kubeletVersion: 'v1.31.0' } },
    };
    const m = buildMeshModel([
      { cluster: 'east', objects: [ns('demo'), node, pod('p1', 'demo'), pod('p2', 'demo')] },
      { cluster: 'west', objects: [ns('demo'), pod('p3', 'demo')] },
    ]);
    expect(m.nodes).toMatchObject([{ cluster: 'east', name: 'node-1', ready: true, internalIP: '192.0.2.1', zone: 'z1', pods: 2 }]);
    expect(m.clusters.map((c) => `${c.name}:${c.namespaces}:${c.nodes}`)).toEqual(['east:1:1', 'west:1:0']);
    expect(m.pods.map((p) => `${p.cluster}/${p.name}`)).toEqual(['east/p1', 'east/p2', 'west/p3']);
  });

  it('survives malformed objects', () => {
    const junk = [{ kind: 'Pod' }, null, { apiVersion: 'v1', kind: 'Service', metadata: {} }] as unknown as KubeObject[];
    expect(() => build(junk)).not.toThrow();
  });

  it('reads versions from image tags', () => {
    expect(imageVersion('ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc.0')).toBe('1.15.3-bzc.0');
    expect(imageVersion('localhost:5000/proxyv2')).toBeUndefined();
    expect(imageVersion('proxyv2:1.20@sha256:abc')).toBe('1.20');
  });
});
