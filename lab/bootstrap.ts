// What every lab cluster holds before anyone uses it: the demo namespace, the users' RBAC, fake
// nodes for kwok to run pods on, and Istio's real CRDs.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { KubeHttp, KubeObject } from './kube-http.js';

export const DEMO_NAMESPACE = 'smm-demo';
export const NODES_PER_CLUSTER = 3;

/** API groups of the Istio CRDs (RBAC has no wildcard like *.istio.io). */
export const ISTIO_GROUPS = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
] as const;

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

function clusterRole(name: string, rules: unknown[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: { kind: string; name: string }, user: string, namespace?: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: namespace ? { name, namespace } : { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

/**
 * viewer: read-only everywhere: the built-in `view` role (namespaced kinds, no Secrets) plus
 * `smm-lab:mesh-reader` for what `view` leaves out and smm reads (Istio kinds, nodes, CRDs).
 * editor: the same reads, and may edit Istio networking kinds in the demo namespace only.
 */
export function rbacObjects(): KubeObject[] {
  const meshReader = clusterRole('smm-lab:mesh-reader', [
    { apiGroups: [...ISTIO_GROUPS], resources: ['*'], verbs: READ },
    { apiGroups: [''], resources: ['nodes', 'namespaces'], verbs: READ },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  ]);
  const networkingEditor = clusterRole('smm-lab:istio-networking-editor', [
    { apiGroups: ['networking.istio.io'], resources: ['*'], verbs: [...READ, ...WRITE] },
  ]);
  const view = { kind: 'ClusterRole', name: 'view' };
  const reader = { kind: 'ClusterRole', name: 'smm-lab:mesh-reader' };
  return [
    meshReader,
    networkingEditor,
    binding('ClusterRoleBinding', 'smm-lab:viewer:view', view, 'viewer'),
    binding('ClusterRoleBinding', 'smm-lab:viewer:mesh-reader', reader, 'viewer'),
    binding('ClusterRoleBinding', 'smm-lab:editor:view', view, 'editor'),
    binding('ClusterRoleBinding', 'smm-lab:editor:mesh-reader', reader, 'editor'),
    // A RoleBinding to a ClusterRole grants it in that one namespace only.
    binding('RoleBinding', 'smm-lab:editor:istio-networking', { kind: 'ClusterRole', name: 'smm-lab:istio-networking-editor' }, 'editor', DEMO_NAMESPACE),
  ];
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** Nodes for kwok to take over (it manages all nodes; the annotation is kwok's own convention). */
export function nodeObjects(cluster: string): KubeObject[] {
  return Array.from({ length: NODES_PER_CLUSTER }, (_, i) => {
    const name = `${cluster}-node-${i}`;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'node-role.kubernetes.io/agent': '',
          type: 'kwok',
          'topology.kubernetes.io/region': cluster,
          'topology.kubernetes.io/zone': `${cluster}-zone-${i}`,
        },
      },
      spec: {},
    };
  });
}

export async function loadCrds(file: string): Promise<KubeObject[]> {
  const docs = parseAllDocuments(await readFile(file, 'utf8'));
  const crds: KubeObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message ?? 'bad YAML'}`);
    const value: unknown = doc.toJS();
    if (isKubeObject(value) && value.kind === 'CustomResourceDefinition') crds.push(value);
  }
  if (crds.length === 0) throw new Error(`${file} holds no CustomResourceDefinition`);
  return crds;
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const meta = v['metadata'] as Record<string, unknown> | undefined;
  return typeof v['apiVersion'] === 'string' && typeof v['kind'] === 'string' && typeof meta?.['name'] === 'string';
}

interface Condition {
  type: string;
  status: string;
}

interface CrdStatus {
  metadata: { name: string };
  spec: { group: string; names: { plural: string }; versions: { name: string; served: boolean }[] };
  status?: { conditions?: Condition[] };
}

/** True once every CRD is Established and each served version is in discovery. */
export async function crdsUsable(kube: KubeHttp, crds: KubeObject[]): Promise<boolean> {
  const list = await kube.json<{ items: CrdStatus[] }>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  const byName = new Map(list.items.map((c) => [c.metadata.name, c]));
  const discovery = new Map<string, Promise<Set<string>>>();
  const resourcesOf = (groupVersion: string): Promise<Set<string>> => {
    let p = discovery.get(groupVersion);
    if (!p) {
      p = kube
        .json<{ resources: { name: string }[] }>(`/apis/${groupVersion}`)
        .then((d) => new Set(d.resources.map((r) => r.name)))
        .catch(() => new Set<string>());
      discovery.set(groupVersion, p);
    }
    return p;
  };
  for (const crd of crds) {
    const live = byName.get(crd.metadata.name);
    const established = live?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    if (!live || !established) return false;
    for (const v of live.spec.versions.filter((x) => x.served)) {
      if (!(await resourcesOf(`${live.spec.group}/${v.name}`)).has(live.spec.names.plural)) return false;
    }
  }
  return true;
}

interface NodeStatus {
  metadata: { name: string };
  spec: { taints?: { key: string; effect: string }[] };
  status?: { conditions?: Condition[] };
}

/** True once the nodes are Ready and the node lifecycle controller lifted the not-ready taints. */
export async function nodesSchedulable(kube: KubeHttp, names: string[]): Promise<boolean> {
  const list = await kube.json<{ items: NodeStatus[] }>('/api/v1/nodes');
  return names.every((name) => {
    const node = list.items.find((n) => n.metadata.name === name);
    const ready = node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    const tainted = node?.spec.taints?.some((t) => t.key.startsWith('node.kubernetes.io/'));
    return ready === true && !tainted;
  });
}
