// Small typed builders for the Kubernetes objects the components render. Plain data in,
// plain objects out: no defaults hidden here beyond what every object of smm carries.

import { stringify } from 'yaml';
import type { KubeObject } from '../../core/model/k8s.js';
import type { ResourceRequirements } from '../api/types.js';
import type { DesiredObject } from './component.js';

// --- types ---------------------------------------------------------------------------------

export type Labels = Record<string, string>;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef: { fieldPath: string } } | { secretKeyRef: { name: string; key: string; optional?: boolean } };
}

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP';
  hostPort?: number;
}

export interface Probe {
  httpGet?: { path: string; port: number | string; scheme?: 'HTTP' | 'HTTPS' };
  tcpSocket?: { port: number | string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: VolumeMount[];
  securityContext?: Record<string, unknown>;
}

export type Volume = { name: string } & Record<string, unknown>;

export interface PodSpec {
  serviceAccountName: string;
  containers: Container[];
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  dnsPolicy?: string;
  securityContext?: Record<string, unknown>;
  tolerations?: Record<string, unknown>[];
  nodeSelector?: Labels;
  priorityClassName?: string;
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort?: number | string;
  protocol?: 'TCP' | 'UDP';
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

// --- labels and marking --------------------------------------------------------------------

export const PART_OF = 'smm';

/** The recommended labels every object of the smm stack carries (ownership labels are the engine's). */
export function appLabels(name: string, component: string): Labels {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': PART_OF };
}

/**
 * An object that exists only under a condition (a PodDisruptionBudget when replicated, an
 * exposed Service...): returned absent otherwise, so turning the setting off removes it.
 */
export const only = (condition: boolean, object: KubeObject): DesiredObject => ({ object, state: condition ? 'present' : 'absent' });

const isDesired = (o: KubeObject | DesiredObject): o is DesiredObject => 'object' in o && 'state' in o && !('kind' in o);

/** Mark a component's objects: present when it is enabled (and their own condition holds), else absent. */
export function mark(objects: (KubeObject | DesiredObject)[], enabled: boolean): DesiredObject[] {
  return objects.map((o) => {
    const d = isDesired(o) ? o : { object: o, state: 'present' as const };
    return { object: d.object, state: enabled && d.state === 'present' ? 'present' : 'absent' };
  });
}

/** FNV-1a, hex: a stable checksum for pod-template annotations, so config changes roll pods. */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** YAML for ConfigMaps read by other programs: no anchors, no folding, long lines kept whole. */
export const toYaml = (value: unknown): string => stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, blockQuote: 'literal' });

export const fieldEnv = (name: string, fieldPath: string): EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/** `true` when the requirements say nothing, so the field can be left out. */
const isEmptyResources = (r: ResourceRequirements | undefined): boolean => !r || (!r.requests && !r.limits);
export const withResources = (r: ResourceRequirements | undefined): { resources?: ResourceRequirements } =>
  isEmptyResources(r) ? {} : { resources: r };

// --- object builders -----------------------------------------------------------------------

interface Meta {
  name: string;
  namespace?: string;
  labels: Labels;
  annotations?: Labels;
}

function metadata(m: Meta): KubeObject['metadata'] {
  return {
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    labels: m.labels,
    ...(m.annotations && Object.keys(m.annotations).length > 0 ? { annotations: m.annotations } : {}),
  };
}

export function namespaceObject(name: string, labels: Labels): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: metadata({ name, labels }) };
}

export function serviceAccount(m: Meta & { namespace: string }): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(m) };
}

export function configMap(m: Meta & { namespace: string }, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(m), data };
}

export function clusterRole(m: Meta, rules: PolicyRule[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: metadata(m), rules };
}

export function role(m: Meta & { namespace: string }, rules: PolicyRule[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(m), rules };
}

interface Subject { serviceAccount: string; namespace: string }

const subjectOf = (s: Subject) => ({ kind: 'ServiceAccount', name: s.serviceAccount, namespace: s.namespace });

export function clusterRoleBinding(m: Meta, roleName: string, subject: Subject): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: metadata(m),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [subjectOf(subject)],
  };
}

export function roleBinding(m: Meta & { namespace: string }, roleName: string, subject: Subject): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: metadata(m),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [subjectOf(subject)],
  };
}

export interface ServiceInput extends Meta {
  namespace: string;
  selector: Labels;
  ports: ServicePort[];
  type?: 'ClusterIP' | 'LoadBalancer' | 'NodePort';
  /** `None` makes a headless Service (a StatefulSet's governing Service). */
  clusterIP?: 'None';
}

export function service(s: ServiceInput): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: metadata(s),
    spec: {
      type: s.type ?? 'ClusterIP',
      ...(s.clusterIP ? { clusterIP: s.clusterIP } : {}),
      selector: s.selector,
      ports: s.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
    },
  };
}

export interface WorkloadInput extends Meta {
  namespace: string;
  /** Labels the controller selects its pods by (immutable once created: keep them few). */
  selector: Labels;
  podLabels?: Labels;
  podAnnotations?: Labels;
  pod: PodSpec;
}

function template(w: WorkloadInput): Record<string, unknown> {
  return {
    metadata: {
      labels: { ...w.labels, ...w.podLabels, ...w.selector },
      ...(w.podAnnotations && Object.keys(w.podAnnotations).length > 0 ? { annotations: w.podAnnotations } : {}),
    },
    spec: w.pod,
  };
}

export function deployment(w: WorkloadInput & { replicas: number }): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata(w),
    spec: { replicas: w.replicas, selector: { matchLabels: w.selector }, template: template(w) },
  };
}

export function statefulSet(w: WorkloadInput & { replicas: number; serviceName: string }): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: metadata(w),
    spec: { replicas: w.replicas, serviceName: w.serviceName, podManagementPolicy: 'Parallel', selector: { matchLabels: w.selector }, template: template(w) },
  };
}

export function daemonSet(w: WorkloadInput): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: metadata(w),
    spec: { selector: { matchLabels: w.selector }, updateStrategy: { type: 'RollingUpdate' }, template: template(w) },
  };
}

export function podDisruptionBudget(m: Meta & { namespace: string }, selector: Labels): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata(m), spec: { minAvailable: 1, selector: { matchLabels: selector } } };
}

// --- kinds (for Component.kinds) -------------------------------------------------------------

export const KIND = {
  Namespace: { apiVersion: 'v1', kind: 'Namespace' },
  ServiceAccount: { apiVersion: 'v1', kind: 'ServiceAccount' },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap' },
  Service: { apiVersion: 'v1', kind: 'Service' },
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  StatefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  DaemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  ClusterRole: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  ClusterRoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
  Role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  RoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  PodDisruptionBudget: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  CustomResourceDefinition: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
  MutatingWebhookConfiguration: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' },
  ValidatingWebhookConfiguration: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration' },
} as const;

export type KindRef = { apiVersion: string; kind: string };
