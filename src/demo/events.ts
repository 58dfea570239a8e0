// Kubernetes Events of the demo cluster, as the controllers, the scheduler and the kubelet
// would have recorded them for the demo objects: the Deployments scaling their ReplicaSets up,
// the ReplicaSets creating pods, pods scheduled and their images pulled, and the one recurring
// Warning: movies-v3's readiness probe failing now and then (the flaky version of the demo).
// Derived from the objects, so names, uids and times agree with them; deterministic for a seed.

import type { KubeObject } from '../kube/object.js';
import { hashString, mix } from './random.js';

export interface DemoEventsOptions {
  seed?: number;
  /** The moment the cluster is observed (recurring events were last seen shortly before). */
  now: Date;
}

interface EventInput {
  involved: KubeObject;
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host?: string;
  firstMs: number;
  lastMs?: number;
  count?: number;
}

interface ContainerSpec {
  name: string;
  image: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const createdMs = (o: KubeObject): number => Date.parse(o.metadata.creationTimestamp ?? '') || 0;

/** `<object>.<16 hex digits>`, the shape of the names client-go's recorder gives events. */
function eventName(seed: number, input: EventInput): string {
  const key = `${input.involved.metadata.name}/${input.reason}/${input.fieldPath ?? ''}`;
  const hex = (part: number): string => mix(seed, hashString(key), part).toString(16).padStart(8, '0');
  return `${input.involved.metadata.name}.${hex(1)}${hex(2)}`;
}

function event(seed: number, input: EventInput): KubeObject {
  const o = input.involved;
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: eventName(seed, input), namespace: o.metadata.namespace, creationTimestamp: iso(input.firstMs) },
    involvedObject: {
      kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid, apiVersion: o.apiVersion,
      ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
    },
    type: input.type,
    reason: input.reason,
    message: input.message,
    source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
    reportingComponent: input.component,
    reportingInstance: input.host ?? '',
    firstTimestamp: iso(input.firstMs),
    lastTimestamp: iso(input.lastMs ?? input.firstMs),
    count: input.count ?? 1,
  };
}

function containersOf(pod: KubeObject): { init: ContainerSpec[]; regular: ContainerSpec[] } {
  const spec = (pod.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  return { init: spec.initContainers ?? [], regular: spec.containers ?? [] };
}

function controllerEvents(seed: number, objects: KubeObject[], rs: KubeObject): KubeObject[] {
  const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.uid === owner?.uid);
  const replicas = (rs.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const pods = objects.filter((o) => o.kind === 'Pod' && o.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
  return [
    ...(deployment ? [event(seed, {
      involved: deployment, type: 'Normal', reason: 'ScalingReplicaSet', component: 'deployment-controller',
      message: `Scaled up replica set ${rs.metadata.name} to ${replicas}`, firstMs: createdMs(rs),
    })] : []),
    ...pods.map((p) => event(seed, {
      involved: rs, type: 'Normal', reason: 'SuccessfulCreate', component: 'replicaset-controller',
      message: `Created pod: ${p.metadata.name}`, firstMs: createdMs(p),
    })),
  ];
}

function podEvents(seed: number, pod: KubeObject): KubeObject[] {
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!node) return [];
  const start = createdMs(pod);
  const { init, regular } = containersOf(pod);
  const pulled = [...init.map((c) => ({ c, path: `spec.initContainers{${c.name}}` })), ...regular.map((c) => ({ c, path: `spec.containers{${c.name}}` }))];
  return [
    event(seed, {
      involved: pod, type: 'Normal', reason: 'Scheduled', component: 'default-scheduler',
      message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, firstMs: start,
    }),
    ...pulled.map(({ c, path }, i) => event(seed, {
      involved: pod, fieldPath: path, type: 'Normal', reason: 'Pulled', component: 'kubelet', host: node,
      message: `Container image "${c.image}" already present on machine`, firstMs: start + (1 + i) * SECOND,
    })),
  ];
}

/** movies-v3 answers its readiness probe with 503 now and then, like its requests. */
function flakyProbeEvents(seed: number, pod: KubeObject, nowMs: number): KubeObject[] {
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const app = containersOf(pod).regular.find((c) => c.name !== 'istio-proxy');
  if (!node || !app) return [];
  const first = createdMs(pod) + 23 * MINUTE;
  const failures = 8 + (mix(seed, hashString(pod.metadata.name ?? ''), 0x9b) % 30);
  return [event(seed, {
    involved: pod, fieldPath: `spec.containers{${app.name}}`, type: 'Warning', reason: 'Unhealthy', component: 'kubelet', host: node,
    message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', firstMs: first, lastMs: nowMs - 17 * SECOND, count: failures,
  })];
}

/** The Events of the demo cluster holding `objects` (the demo's objects). */
export function buildDemoEvents(objects: KubeObject[], options: DemoEventsOptions): KubeObject[] {
  const seed = options.seed ?? 1;
  const nowMs = Math.floor(options.now.getTime() / SECOND) * SECOND;
  const replicaSets = objects.filter((o) => o.kind === 'ReplicaSet');
  const pods = objects.filter((o) => o.kind === 'Pod');
  const flaky = pods.filter((p) => p.metadata.labels?.['app'] === 'movies' && p.metadata.labels['version'] === 'v3');
  return [
    ...replicaSets.flatMap((rs) => controllerEvents(seed, objects, rs)),
    ...pods.flatMap((p) => podEvents(seed, p)),
    ...flaky.flatMap((p) => flakyProbeEvents(seed, p, nowMs)),
  ];
}
