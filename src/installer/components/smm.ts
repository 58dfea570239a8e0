// The smm server (GraphQL API + dashboard): Deployment and Service `smm` on 50500. Its
// account reads what the dashboard shows and writes nothing itself: user changes go through
// impersonation, so the API server checks them against the user's own permissions.
//
// What the server is given (the `smm server` command must accept these):
//   args  server --port 50500 --host 0.0.0.0
//   env   SMM_CLUSTER_NAME, SMM_ISTIO_REVISION, SMM_PROMETHEUS_URL, SMM_AUTH_MODE, SMM_LOG_LEVEL,
//         SMM_ALS_PORT (the Envoy access-log receiver, when `spec.smm.als` is on), POD_NAMESPACE

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import { ALS_SERVICE, alsEnabled, PORTS, prometheusUrl } from './addresses.js';
import type { Component, DesiredObject } from './component.js';
import { CLUSTER_REGISTRY_GROUP } from './cluster-registry.js';
import {
  appLabels, clusterRole, clusterRoleBinding, deployment, fieldEnv, KIND, mark, only, podDisruptionBudget, service, serviceAccount,
  withResources, type ContainerPort, type PolicyRule,
} from './k8s.js';
import { SERVICEMESH_GROUP } from './mesh-manager.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf } from './settings.js';
import { componentValues, imageSchema, labelsSchema, replicasSchema, resourcesSchema, validValues, valueWarnings, type ResolvedValues } from './values.js';

export const SMM_NAME = 'smm';

const smmSchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  image: imageSchema,
  replicas: replicasSchema,
  resources: resourcesSchema,
  port: z.number().int(),
  clusterName: z.string(),
  istioRevision: z.string(),
  prometheusUrl: z.url(),
  authMode: z.enum(['impersonation', 'anonymous']),
  impersonation: z.boolean(),
  als: z.boolean(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
});
export type SmmValues = z.output<typeof smmSchema>;

export function smmValues(config: InstallConfig): ResolvedValues<SmmValues> {
  const s = componentSettings(config, 'smm');
  const spec = config.spec.smm;
  return componentValues(s, smmSchema, {
    namespace: s.namespace, labels: {}, image: imageOf(config, 'smm'), replicas: 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    port: PORTS.smm,
    clusterName: config.spec.clusterName,
    istioRevision: spec.istio.revision,
    prometheusUrl: prometheusUrl(config),
    authMode: 'impersonation', impersonation: true, als: false, logLevel: 'info',
  }, {
    namespace: s.namespace,
    labels: appLabels(SMM_NAME, 'server'),
    port: PORTS.smm,
    clusterName: config.spec.clusterName,
    istioRevision: spec.istio.revision,
    authMode: spec.auth.mode,
    impersonation: spec.impersonation.enabled,
    als: alsEnabled(config),
    logLevel: spec.log.level,
    ...(spec.highAvailability.enabled ? { replicas: spec.highAvailability.replicas } : {}),
    ...(s.resources ? { resources: s.resources } : {}),
  });
}

// --- RBAC ------------------------------------------------------------------------------------

const READ = ['get', 'list', 'watch'];

/** Everything the dashboard shows (never Secrets); writes happen as the user. */
function rules(v: SmmValues): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['namespaces', 'nodes', 'pods', 'services', 'endpoints', 'serviceaccounts', 'configmaps', 'events', 'replicationcontrollers'], verbs: READ },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
    { apiGroups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], resources: ['*'], verbs: READ },
    { apiGroups: [SERVICEMESH_GROUP, 'smm.cisco.com', CLUSTER_REGISTRY_GROUP], resources: ['*'], verbs: READ },
    { apiGroups: ['cert-manager.io'], resources: ['certificates', 'issuers', 'clusterissuers'], verbs: READ },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
    // Who is asking, and what they may do (to show or hide actions).
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ...(v.impersonation ? [{ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] }] : []),
  ];
}

// --- objects ---------------------------------------------------------------------------------

function objects(v: SmmValues): (KubeObject | DesiredObject)[] {
  const ns = v.namespace;
  const labels = v.labels;
  const selector = { app: SMM_NAME };
  const ports: ContainerPort[] = [{ name: 'http', containerPort: v.port }, { name: 'grpc-als', containerPort: PORTS.als }];
  const probe = { httpGet: { path: '/healthz', port: 'http' } };
  return [
    serviceAccount({ name: SMM_NAME, namespace: ns, labels }),
    clusterRole({ name: SMM_NAME, labels }, rules(v)),
    clusterRoleBinding({ name: SMM_NAME, labels }, SMM_NAME, { serviceAccount: SMM_NAME, namespace: ns }),
    deployment({
      name: SMM_NAME, namespace: ns, labels, replicas: v.replicas, selector,
      pod: {
        serviceAccountName: SMM_NAME,
        securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 },
        containers: [{
          name: 'smm', image: v.image, imagePullPolicy: 'IfNotPresent',
          args: ['server', '--port', String(v.port), '--host', '0.0.0.0'],
          env: [
            fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
            { name: 'SMM_CLUSTER_NAME', value: v.clusterName },
            { name: 'SMM_ISTIO_REVISION', value: v.istioRevision },
            { name: 'SMM_PROMETHEUS_URL', value: v.prometheusUrl },
            { name: 'SMM_AUTH_MODE', value: v.authMode },
            { name: 'SMM_LOG_LEVEL', value: v.logLevel },
            ...(v.als ? [{ name: 'SMM_ALS_PORT', value: String(PORTS.als) }] : []),
          ],
          ports: v.als ? ports : ports.slice(0, 1),
          readinessProbe: { ...probe, periodSeconds: 5 },
          livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 10 },
          ...withResources(v.resources),
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        }],
      },
    }),
    service({ name: SMM_NAME, namespace: ns, labels, selector, ports: [{ name: 'http', port: v.port, targetPort: 'http' }] }),
    // Where the mesh config sends Envoy access logs (`meshConfig.defaultConfig.envoyAccessLogService`).
    only(v.als, service({ name: ALS_SERVICE, namespace: ns, labels, selector, ports: [{ name: 'grpc-als', port: PORTS.als, targetPort: 'grpc-als' }] })),
    only(v.replicas > 1, podDisruptionBudget({ name: SMM_NAME, namespace: ns, labels }, selector)),
  ];
}

export const smm: Component = {
  name: 'smm',
  title: 'Service Mesh Manager',
  kinds: [KIND.Namespace, KIND.ServiceAccount, KIND.ClusterRole, KIND.ClusterRoleBinding, KIND.Deployment, KIND.Service, KIND.PodDisruptionBudget],
  enabled: (config) => componentSettings(config, 'smm').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'smm');
    return [...componentNamespace(config, 'smm'), ...mark(objects(validValues(smmValues(config))), enabled)];
  },
  warnings: (config) => valueWarnings(() => smmValues(config)),
};
