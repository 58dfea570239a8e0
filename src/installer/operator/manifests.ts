// The objects that run the operator in a cluster (`smm operator install`). The Helm chart in
// deploy/charts/smm-operator renders the same objects for GitOps users.

import type { KubeObject } from '../../core/model/k8s.js';
import { SMM_VERSION } from '../../version.js';

export interface OperatorManifestOptions {
  namespace?: string;
  image?: string;
  replicas?: number;
}

export const OPERATOR_NAME = 'smm-operator';

export function operatorManifests(options: OperatorManifestOptions = {}): KubeObject[] {
  const namespace = options.namespace ?? 'smm-system';
  const labels = { 'app.kubernetes.io/name': OPERATOR_NAME, 'app.kubernetes.io/part-of': 'smm', 'app.kubernetes.io/managed-by': 'smm' };
  const meta = (name: string, ns = true) => ({ name, ...(ns ? { namespace } : {}), labels });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(OPERATOR_NAME) },
    {
      // The operator installs everything a ControlPlane describes (CRDs, RBAC, webhooks,
      // workloads in several namespaces), so it needs broad rights, like any installer.
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(OPERATOR_NAME, false),
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['/version', '/healthz'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(OPERATOR_NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OPERATOR_NAME },
      subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace }],
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(OPERATOR_NAME),
      spec: {
        replicas: options.replicas ?? 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': OPERATOR_NAME } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: OPERATOR_NAME,
            containers: [{
              name: 'operator',
              image: options.image ?? `ghcr.io/smm-dev/smm:v${SMM_VERSION}`,
              args: ['operator', 'run', '--namespace', namespace, '--http-address', '0.0.0.0:8080'],
              env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
              ports: [{ name: 'http', containerPort: 8080 }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
              resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { memory: '256Mi' } },
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta(OPERATOR_NAME),
      spec: { selector: { 'app.kubernetes.io/name': OPERATOR_NAME }, ports: [{ name: 'http-metrics', port: 8080, targetPort: 'http' }] },
    },
  ];
}
