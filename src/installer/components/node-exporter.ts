// The Prometheus node exporter: a DaemonSet on the host network, listening on host port 19101
// (as in the product; configurable through `spec.nodeExporter.port`), with a Service
// Prometheus discovers it by. `rbac.enabled` grants what an authenticating metrics proxy
// needs (TokenReviews, SubjectAccessReviews), and on OpenShift the host-network SCC.

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import type { Component, DesiredObject } from './component.js';
import {
  appLabels, clusterRole, clusterRoleBinding, daemonSet, KIND, mark, only, service, serviceAccount, withResources, type PolicyRule,
} from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf } from './settings.js';
import { componentValues, imageSchema, labelsSchema, resourcesSchema, validValues, valueWarnings, type ResolvedValues } from './values.js';

export const NODE_EXPORTER_NAME = 'prometheus-node-exporter';

const nodeExporterSchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  image: imageSchema,
  port: z.number().int().min(1).max(65535),
  resources: resourcesSchema,
  rbac: z.boolean(),
  openshift: z.boolean(),
});
export type NodeExporterValues = z.output<typeof nodeExporterSchema>;

export function nodeExporterValues(config: InstallConfig): ResolvedValues<NodeExporterValues> {
  const s = componentSettings(config, 'nodeExporter');
  const spec = config.spec.nodeExporter;
  return componentValues(s, nodeExporterSchema, {
    namespace: s.namespace, labels: {}, image: imageOf(config, 'nodeExporter'), port: 19101,
    resources: { requests: { cpu: '10m', memory: '24Mi' }, limits: { memory: '64Mi' } },
    rbac: true, openshift: false,
  }, {
    namespace: s.namespace,
    labels: appLabels(NODE_EXPORTER_NAME, 'node-exporter'),
    port: spec.port,
    rbac: spec.rbac.enabled,
    openshift: config.spec.platform === 'openshift',
    ...(s.resources ? { resources: s.resources } : {}),
  });
}

function rules(v: NodeExporterValues): PolicyRule[] {
  return [
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ...(v.openshift ? [{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: ['hostnetwork', 'node-exporter'], verbs: ['use'] }] : []),
  ];
}

function objects(v: NodeExporterValues): (KubeObject | DesiredObject)[] {
  const ns = v.namespace;
  const labels = v.labels;
  const selector = { app: NODE_EXPORTER_NAME };
  const rbacName = `smm-${NODE_EXPORTER_NAME}`;
  return [
    serviceAccount({ name: NODE_EXPORTER_NAME, namespace: ns, labels }),
    only(v.rbac, clusterRole({ name: rbacName, labels }, rules(v))),
    only(v.rbac, clusterRoleBinding({ name: rbacName, labels }, rbacName, { serviceAccount: NODE_EXPORTER_NAME, namespace: ns })),
    daemonSet({
      name: NODE_EXPORTER_NAME, namespace: ns, labels, selector,
      pod: {
        serviceAccountName: NODE_EXPORTER_NAME,
        hostNetwork: true, hostPID: true, dnsPolicy: 'ClusterFirstWithHostNet',
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
        // Every node, including tainted control-plane nodes.
        tolerations: [{ operator: 'Exists' }],
        containers: [{
          name: 'node-exporter', image: v.image, imagePullPolicy: 'IfNotPresent',
          args: [
            '--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root',
            `--web.listen-address=:${v.port}`,
            '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)',
          ],
          ports: [{ name: 'metrics', containerPort: v.port, hostPort: v.port }],
          livenessProbe: { httpGet: { path: '/', port: v.port } },
          readinessProbe: { httpGet: { path: '/', port: v.port } },
          ...withResources(v.resources),
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
          volumeMounts: [
            { name: 'proc', mountPath: '/host/proc', readOnly: true },
            { name: 'sys', mountPath: '/host/sys', readOnly: true },
            { name: 'root', mountPath: '/host/root', readOnly: true },
          ],
        }],
        volumes: [
          { name: 'proc', hostPath: { path: '/proc' } },
          { name: 'sys', hostPath: { path: '/sys' } },
          { name: 'root', hostPath: { path: '/' } },
        ],
      },
    }),
    service({ name: NODE_EXPORTER_NAME, namespace: ns, labels, selector, ports: [{ name: 'metrics', port: v.port, targetPort: v.port }] }),
  ];
}

export const nodeExporter: Component = {
  name: 'nodeExporter',
  title: 'Node Exporter',
  kinds: [KIND.Namespace, KIND.ServiceAccount, KIND.ClusterRole, KIND.ClusterRoleBinding, KIND.DaemonSet, KIND.Service],
  enabled: (config) => componentSettings(config, 'nodeExporter').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'nodeExporter');
    return [...componentNamespace(config, 'nodeExporter'), ...mark(objects(validValues(nodeExporterValues(config))), enabled)];
  },
  warnings(config) {
    const psp = config.spec.nodeExporter.psp.enabled && componentSettings(config, 'nodeExporter').enabled
      ? ['spec.nodeExporter.psp.enabled: PodSecurityPolicy was removed in Kubernetes 1.25; no policy is created']
      : [];
    return [...valueWarnings(() => nodeExporterValues(config)), ...psp];
  },
};
