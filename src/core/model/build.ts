// buildMeshModel: Kubernetes objects (one snapshot per cluster) → the mesh model.
// Pure and total: any object may be missing or malformed, the model still comes out.

import type { ContainerStatus, KubeObject, NodeObject, PodObject, ServiceObject, WorkloadObject } from './k8s.js';
import { canonicalApp, canonicalVersion } from './labels.js';
import { servicePortProtocol } from './protocol.js';
import type {
  Cluster, Container, ControllerLink, ControlPlane, ControlPlaneRef, Injection, MeshModel, Namespace, Node, Pod, Proxy, Service,
  Workload, WorkloadKind, WorkloadRef,
} from './types.js';

/**
 * Every kind the model is built from: a change to any other kind leaves the model as it was
 * (what lets validation keep its model-based indexes across changes of Istio config).
 */
export const MODEL_INPUT_KINDS: readonly string[] = [
  'Namespace', 'Node', 'Pod', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'ReplicaSet', 'Job',
  'WorkloadGroup', 'WorkloadEntry', 'IstioControlPlane',
];

export interface ClusterSnapshot {
  cluster: string;
  objects: readonly KubeObject[];
}

const ISTIO_PROXY = 'istio-proxy';
const REV_LABEL = 'istio.io/rev';

/** Objects of one cluster, indexed the ways the builder looks them up. */
class Index {
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byUid = new Map<string, KubeObject>();
  private readonly byName = new Map<string, KubeObject>();

  constructor(objects: readonly KubeObject[]) {
    for (const o of objects) {
      if (!o || typeof o !== 'object' || !o.metadata || typeof o.kind !== 'string') continue;
      const list = this.byKind.get(o.kind) ?? [];
      list.push(o);
      this.byKind.set(o.kind, list);
      if (o.metadata.uid) this.byUid.set(o.metadata.uid, o);
      this.byName.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o);
    }
  }

  of<T extends KubeObject = KubeObject>(kind: string): T[] {
    return (this.byKind.get(kind) ?? []) as T[];
  }

  owner(ref: { uid: string; kind: string; name: string }, namespace: string | undefined): KubeObject | undefined {
    return this.byUid.get(ref.uid) ?? this.byName.get(`${ref.kind}/${namespace ?? ''}/${ref.name}`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const labelsOf = (o: KubeObject): Record<string, string> => ({ ...(o.metadata.labels ?? {}) });
const nameOf = (o: KubeObject): string => o.metadata.name ?? '';
const nsOf = (o: KubeObject): string => o.metadata.namespace ?? '';
const createdOf = (o: KubeObject): { createdAt?: string } => (o.metadata.creationTimestamp ? { createdAt: o.metadata.creationTimestamp } : {});

/** A controller of a pod's chain as its detail view shows it (labels, age, replicas when it has them). */
function controllerLink(o: KubeObject): ControllerLink {
  const w = o as WorkloadObject;
  const replicas = w.spec?.replicas !== undefined || w.status?.replicas !== undefined
    ? { replicas: { desired: w.spec?.replicas ?? 1, current: w.status?.replicas ?? 0, ready: w.status?.readyReplicas ?? 0, available: w.status?.availableReplicas ?? 0 } }
    : {};
  return { kind: o.kind, name: nameOf(o), labels: labelsOf(o), ...createdOf(o), ...replicas };
}

/** A container status's state: the one key of `running`, `waiting` or `terminated`, and its reason. */
function containerState(state: Record<string, unknown> | undefined): Pick<Container, 'state' | 'stateReason'> {
  for (const key of ['running', 'waiting', 'terminated'] as const) {
    const detail = state?.[key];
    if (detail && typeof detail === 'object') {
      const reason = (detail as { reason?: unknown }).reason;
      return typeof reason === 'string' && reason ? { state: key, stateReason: reason } : { state: key };
    }
  }
  return { state: 'unknown' };
}

function controllerRef(o: KubeObject): { uid: string; kind: string; name: string } | undefined {
  const refs = o.metadata.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

/** Image tag as a version: `…/proxyv2:v1.15.3-bzc.0` → `1.15.3-bzc.0`. */
export function imageVersion(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || ref.indexOf('/', colon) >= 0) return undefined;
  return ref.slice(colon + 1).replace(/^v(?=\d)/, '');
}

const TOP_KINDS: WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'ReplicaSet', 'Job', 'DeploymentConfig', 'ReplicationController'];

/** Follow controller references up to the workload a pod belongs to. */
function resolveWorkload(pod: KubeObject, idx: Index): { kind: WorkloadKind; name: string; chain: ControllerLink[] } {
  const chain: ControllerLink[] = [];
  let cur: KubeObject = pod;
  for (let depth = 0; depth < 8; depth++) {
    const ref = controllerRef(cur);
    if (!ref) break;
    const owner = idx.owner(ref, nsOf(pod));
    if (!owner) {
      // The owner is not (yet) visible. A ReplicaSet named `<deployment>-<pod-template-hash>`
      // still tells us its Deployment, as Kiali infers it.
      const hash = pod.metadata.labels?.['pod-template-hash'];
      if (ref.kind === 'ReplicaSet' && hash && ref.name.endsWith(`-${hash}`)) {
        const deployment = ref.name.slice(0, -hash.length - 1);
        chain.unshift({ kind: 'ReplicaSet', name: ref.name });
        return { kind: 'Deployment', name: deployment, chain: [{ kind: 'Deployment', name: deployment }, ...chain] };
      }
      const kind = (TOP_KINDS as string[]).includes(ref.kind) ? (ref.kind as WorkloadKind) : 'Pod';
      if (kind === 'Pod') break;
      chain.unshift({ kind: ref.kind, name: ref.name });
      return { kind, name: ref.name, chain };
    }
    chain.unshift(controllerLink(owner));
    cur = owner;
  }
  if (cur === pod) return { kind: 'Pod', name: nameOf(pod), chain: [] };
  const kind = (TOP_KINDS as string[]).includes(cur.kind) ? (cur.kind as WorkloadKind) : 'Pod';
  return { kind, name: nameOf(cur), chain };
}

function buildControlPlanes(cluster: string, idx: Index): ControlPlane[] {
  const planes = new Map<string, ControlPlane>();
  for (const icp of idx.of('IstioControlPlane')) {
    const spec = (icp.spec ?? {}) as { version?: string; meshConfig?: unknown };
    const status = (icp.status ?? {}) as { status?: string };
    const revision = `${nameOf(icp)}.${nsOf(icp)}`;
    planes.set(revision, {
      cluster, namespace: nsOf(icp), name: nameOf(icp), revision, version: spec.version,
      source: 'IstioControlPlane', status: status.status, istiodPods: [],
      ...(isRecord(spec.meshConfig) ? { meshConfig: spec.meshConfig } : {}),
    });
  }
  const isIstiod = (o: KubeObject): boolean => o.metadata.labels?.app === 'istiod';
  for (const d of idx.of<WorkloadObject>('Deployment').filter(isIstiod)) {
    const revision = d.metadata.labels?.[REV_LABEL] ?? 'default';
    if (planes.has(revision)) continue;
    const image = d.spec?.template?.spec?.containers?.[0]?.image;
    planes.set(revision, {
      cluster, namespace: nsOf(d), name: nameOf(d), revision, version: imageVersion(image),
      source: 'istiod', istiodPods: [],
    });
  }
  for (const p of idx.of<PodObject>('Pod').filter(isIstiod)) {
    const plane = planes.get(p.metadata.labels?.[REV_LABEL] ?? 'default');
    if (!plane) continue;
    const image = p.spec?.containers?.[0]?.image;
    plane.istiodPods.push({ name: nameOf(p), ready: podReady(p), version: imageVersion(image) });
    plane.version ??= imageVersion(image);
  }
  return [...planes.values()].sort((a, b) => a.revision.localeCompare(b.revision));
}

function toRef(cp: ControlPlane): ControlPlaneRef {
  return { cluster: cp.cluster, namespace: cp.namespace, name: cp.name, revision: cp.revision };
}

/**
 * Which control plane serves a revision. `default` (from `istio-injection=enabled`) is the
 * plane whose revision is `default`, or the only plane of the cluster when there is one.
 */
function planeFor(revision: string | undefined, planes: ControlPlane[]): ControlPlane | undefined {
  if (!revision) return undefined;
  const exact = planes.find((p) => p.revision === revision);
  if (exact) return exact;
  if (revision === 'default' && planes.length === 1) return planes[0];
  return undefined;
}

export function namespaceInjection(labels: Record<string, string>, planes: ControlPlane[]): Injection {
  const legacy = labels['istio-injection'];
  // Istio gives `istio-injection` precedence over `istio.io/rev`.
  let mode: Injection['mode'] = 'none';
  let revision: string | undefined;
  if (legacy === 'enabled') {
    mode = 'enabled';
    revision = 'default';
  } else if (legacy === 'disabled') mode = 'disabled';
  else if (labels[REV_LABEL]) {
    mode = 'revision';
    revision = labels[REV_LABEL];
  }
  const plane = planeFor(revision, planes);
  return {
    mode, revision, controlPlane: plane ? toRef(plane) : undefined,
    missingControlPlane: (mode === 'enabled' || mode === 'revision') && !plane,
  };
}

function podReady(p: PodObject): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function optedOut(p: KubeObject): boolean {
  const v = p.metadata.labels?.['sidecar.istio.io/inject'] ?? p.metadata.annotations?.['sidecar.istio.io/inject'];
  return v === 'false';
}

function buildPod(p: PodObject, cluster: string, workload: WorkloadRef, injection: Injection | undefined): Pod {
  const statuses = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])];
  const statusOf = (name: string): ContainerStatus | undefined => statuses.find((s) => s.name === name);
  const containers = (p.spec?.containers ?? []).map((c): Container => ({
    name: c.name, image: c.image ?? '', ready: statusOf(c.name)?.ready ?? false, restarts: statusOf(c.name)?.restartCount ?? 0,
    ...containerState(statusOf(c.name)?.state),
  }));
  // A sidecar is an `istio-proxy` container, or a native sidecar init container of that name.
  const proxy = (p.spec?.containers ?? []).find((c) => c.name === ISTIO_PROXY)
    ?? (p.spec?.initContainers ?? []).find((c) => c.name === ISTIO_PROXY && c.restartPolicy === 'Always');
  const sidecar = proxy ? { image: proxy.image ?? '', version: imageVersion(proxy.image), ready: statusOf(ISTIO_PROXY)?.ready ?? false } : undefined;
  const wantsSidecar = injection !== undefined && (injection.mode === 'enabled' || injection.mode === 'revision');
  return {
    cluster, namespace: nsOf(p), name: nameOf(p), source: 'Pod',
    phase: p.status?.phase ?? 'Unknown', ready: podReady(p), node: p.spec?.nodeName, ip: p.status?.podIP,
    labels: labelsOf(p), containers, sidecar,
    missingSidecar: wantsSidecar && !sidecar && !optedOut(p) && p.status?.phase !== 'Succeeded',
    revision: sidecar ? (p.metadata.labels?.[REV_LABEL] ?? injection?.revision) : undefined,
    workload, serviceAccount: p.spec?.serviceAccountName, ...createdOf(p),
    ...(p.status?.startTime ? { startedAt: p.status.startTime } : {}),
    ...(p.status?.hostIP ? { hostIP: p.status.hostIP } : {}),
  };
}

function replicasOf(o: WorkloadObject | undefined, pods: Pod[]): Workload['replicas'] {
  const ready = pods.filter((p) => p.ready).length;
  if (!o || o.kind === 'Pod') return { desired: pods.length, current: pods.length, ready, available: ready };
  const s = o.status ?? {};
  if (o.kind === 'DaemonSet') {
    return { desired: s.desiredNumberScheduled ?? pods.length, current: pods.length, ready: s.numberReady ?? ready, available: s.numberReady ?? ready };
  }
  if (o.kind === 'Job' || o.kind === 'CronJob') return { desired: pods.length, current: pods.length, ready, available: ready };
  return {
    desired: o.spec?.replicas ?? 1, current: s.replicas ?? pods.length,
    ready: s.readyReplicas ?? ready, available: s.availableReplicas ?? ready,
  };
}

const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

function buildCluster(snapshot: ClusterSnapshot): Omit<MeshModel, 'clusters'> & { cluster: Cluster } {
  const { cluster } = snapshot;
  const idx = new Index(snapshot.objects);
  const controlPlanes = buildControlPlanes(cluster, idx);

  const namespaces: Namespace[] = idx.of('Namespace').map((n) => ({
    cluster, name: nameOf(n), labels: labelsOf(n), injection: namespaceInjection(labelsOf(n), controlPlanes),
  }));
  const injectionOf = new Map(namespaces.map((n) => [n.name, n.injection]));

  // Workloads: every top-level controller, then pods attached by their controller chain.
  const workloads = new Map<string, Workload & { object?: WorkloadObject }>();
  const key = (ns: string, kind: string, name: string): string => `${ns}/${kind}/${name}`;
  const ensure = (ns: string, kind: WorkloadKind, name: string, object?: WorkloadObject, chain: ControllerLink[] = []): Workload & { object?: WorkloadObject } => {
    const k = key(ns, kind, name);
    let w = workloads.get(k);
    if (!w) {
      const template = object?.spec?.template?.metadata?.labels ?? object?.spec?.jobTemplate?.spec?.template?.metadata?.labels;
      w = {
        cluster, namespace: ns, name, kind, labels: { ...(template ?? object?.metadata.labels ?? {}) },
        replicas: { desired: 0, current: 0, ready: 0, available: 0 }, pods: [], serviceAccounts: [],
        sidecars: 'unknown', services: [], controllers: chain.length > 0 ? chain : [object ? controllerLink(object) : { kind, name }], object,
        ...(object ? createdOf(object) : {}),
      };
      workloads.set(k, w);
    }
    return w;
  };
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'ReplicaSet', 'Job'] as const) {
    for (const o of idx.of<WorkloadObject>(kind)) {
      const ref = controllerRef(o);
      // A ReplicaSet under a Deployment, a Job under a CronJob: the parent is the workload.
      if (ref && idx.owner(ref, nsOf(o))) continue;
      ensure(nsOf(o), kind, nameOf(o), o);
    }
  }

  const pods: Pod[] = [];
  for (const p of idx.of<PodObject>('Pod')) {
    const resolved = resolveWorkload(p, idx);
    const top = resolved.kind === 'Pod' ? undefined : idx.owner({ uid: '', kind: resolved.kind, name: resolved.name }, nsOf(p)) as WorkloadObject | undefined;
    const w = ensure(nsOf(p), resolved.kind, resolved.name, top, resolved.chain);
    // Pods reveal the full chain (Deployment → ReplicaSet) that the top object alone does not.
    if (resolved.chain.length > w.controllers.length) w.controllers = resolved.chain;
    if (resolved.kind === 'Pod' && Object.keys(w.labels).length === 0) w.labels = labelsOf(p);
    const pod = buildPod(p, cluster, { cluster, namespace: w.namespace, kind: w.kind, name: w.name }, injectionOf.get(nsOf(p)));
    w.pods.push(pod);
    pods.push(pod);
  }

  // VMs: WorkloadGroups and their WorkloadEntries (by owner, or by the group's labels).
  for (const g of idx.of('WorkloadGroup')) {
    const tmpl = ((g.spec ?? {}) as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {};
    const w = ensure(nsOf(g), 'WorkloadGroup', nameOf(g));
    w.labels = { ...tmpl };
    for (const e of idx.of('WorkloadEntry').filter((e) => nsOf(e) === nsOf(g))) {
      const owned = (e.metadata.ownerReferences ?? []).some((r) => r.kind === 'WorkloadGroup' && r.name === nameOf(g));
      const spec = (e.spec ?? {}) as { address?: string; labels?: Record<string, string>; serviceAccount?: string };
      const labels = { ...(spec.labels ?? {}), ...labelsOf(e) };
      if (!owned && !(Object.keys(tmpl).length > 0 && selects(tmpl, labels))) continue;
      const pod: Pod = {
        cluster, namespace: nsOf(e), name: nameOf(e), source: 'WorkloadEntry', phase: 'Running', ready: true,
        ip: spec.address, labels, containers: [], sidecar: { image: '', ready: true }, missingSidecar: false,
        revision: labels[REV_LABEL], workload: { cluster, namespace: w.namespace, kind: 'WorkloadGroup', name: w.name },
        serviceAccount: spec.serviceAccount,
      };
      w.pods.push(pod);
      pods.push(pod);
    }
  }

  const services: Service[] = idx.of<ServiceObject>('Service').map((s) => {
    const selector = s.spec?.selector && Object.keys(s.spec.selector).length > 0 ? { ...s.spec.selector } : undefined;
    const matched = selector
      ? [...workloads.values()].filter((w) => w.namespace === nsOf(s)
        && (w.pods.length > 0 ? w.pods.some((p) => selects(selector, p.labels)) : selects(selector, w.labels)))
      : [];
    for (const w of matched) w.services.push(nameOf(s));
    return {
      cluster, namespace: nsOf(s), name: nameOf(s), type: s.spec?.type ?? 'ClusterIP', clusterIP: s.spec?.clusterIP,
      labels: labelsOf(s), selector, ...createdOf(s),
      ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, ...servicePortProtocol(p) })),
      workloads: matched.map((w) => ({ cluster, namespace: w.namespace, kind: w.kind, name: w.name })),
    };
  });

  const finished: Workload[] = [...workloads.values()].map(({ object, ...w }) => {
    const withSidecar = w.pods.filter((p) => p.sidecar).length;
    const labels = w.labels;
    return {
      ...w,
      app: canonicalApp(labels, w.pods[0]?.labels),
      version: canonicalVersion(labels, w.pods[0]?.labels),
      replicas: replicasOf(w.kind === 'Pod' ? undefined : object, w.pods),
      serviceAccounts: [...new Set(w.pods.map((p) => p.serviceAccount).filter((s): s is string => !!s))],
      sidecars: w.pods.length === 0 ? 'unknown' : withSidecar === w.pods.length ? 'all' : withSidecar === 0 ? 'none' : 'some',
    };
  });

  const nodes: Node[] = idx.of<NodeObject>('Node').map((n) => ({
    cluster, name: nameOf(n), labels: labelsOf(n),
    ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    internalIP: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
    zone: n.metadata.labels?.['topology.kubernetes.io/zone'],
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
    capacity: { ...(n.status?.capacity ?? {}) },
    pods: pods.filter((p) => p.node === nameOf(n)).length,
    ...createdOf(n),
    system: {
      os: n.status?.nodeInfo?.operatingSystem, architecture: n.status?.nodeInfo?.architecture, osImage: n.status?.nodeInfo?.osImage,
      kernelVersion: n.status?.nodeInfo?.kernelVersion, containerRuntime: n.status?.nodeInfo?.containerRuntimeVersion,
    },
    taints: (n.spec?.taints ?? []).filter((t) => typeof t.key === 'string').map((t) => ({ key: t.key!, ...(t.value ? { value: t.value } : {}), effect: t.effect ?? '' })),
    conditions: (n.status?.conditions ?? []).map((c) => ({
      type: c.type, status: c.status,
      ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}), ...(c.lastTransitionTime ? { lastTransition: c.lastTransitionTime } : {}),
    })),
  }));

  const proxies: Proxy[] = pods.filter((p) => p.sidecar).map((p) => {
    const plane = planeFor(p.revision, controlPlanes);
    return {
      cluster, namespace: p.namespace, pod: p.name, workload: p.workload, version: p.sidecar?.version,
      revision: p.revision, controlPlane: plane ? toRef(plane) : undefined,
    };
  });

  return {
    cluster: { name: cluster, namespaces: namespaces.length, nodes: nodes.length, controlPlanes: controlPlanes.map((c) => c.revision) },
    namespaces, services, workloads: finished, pods, nodes, controlPlanes, proxies,
  };
}

const byLocation = <T extends { cluster: string; namespace?: string; name: string }>(a: T, b: T): number =>
  a.cluster.localeCompare(b.cluster) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

export function buildMeshModel(snapshots: readonly ClusterSnapshot[]): MeshModel {
  const parts = snapshots.map(buildCluster);
  return {
    clusters: parts.map((p) => p.cluster),
    namespaces: parts.flatMap((p) => p.namespaces).sort(byLocation),
    services: parts.flatMap((p) => p.services).sort(byLocation),
    workloads: parts.flatMap((p) => p.workloads).sort(byLocation),
    pods: parts.flatMap((p) => p.pods).sort(byLocation),
    nodes: parts.flatMap((p) => p.nodes).sort(byLocation),
    controlPlanes: parts.flatMap((p) => p.controlPlanes).sort(byLocation),
    proxies: parts.flatMap((p) => p.proxies).sort((a, b) => byLocation({ ...a, name: a.pod }, { ...b, name: b.pod })),
  };
}
