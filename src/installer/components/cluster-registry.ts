// The cluster registry: its CRDs (Cluster, ClusterFeature, ResourceSyncRule; all
// cluster-scoped), the cluster-registry-controller that syncs resources between the clusters
// of a mesh, and this cluster's own Cluster object, named after `spec.clusterName`. The CRDs
// are Established before the Cluster is applied (component contract, rule 2).

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import type { Component } from './component.js';
import { anyObject, arr, bool, customResourceDefinition, intOrString, labelSelector, obj, selectorRequirements, str, stringMap, type Schema } from './crd.js';
import {
  appLabels, clusterRole, clusterRoleBinding, deployment, fieldEnv, KIND, mark, role, roleBinding, service, serviceAccount,
  withResources, type Labels, type PolicyRule,
} from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf, networkName } from './settings.js';
import { componentValues, imageSchema, labelsSchema, replicasSchema, resourcesSchema, validValues, valueWarnings } from './values.js';

export const CLUSTER_REGISTRY_GROUP = 'clusterregistry.k8s.cisco.com';
const API_VERSION = `${CLUSTER_REGISTRY_GROUP}/v1alpha1`;
const NAME = 'cluster-registry-controller';
const READER = 'cluster-registry-reader';
const METRICS_PORT = 8080;

// --- settings --------------------------------------------------------------------------------

const clusterRegistrySchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  clusterName: z.string().min(1),
  networkName: z.string().min(1),
  image: imageSchema,
  replicas: replicasSchema,
  resources: resourcesSchema,
  log: z.strictObject({ format: z.enum(['json', 'console']), verbosity: z.number().int().min(0) }),
  /** The API server address peers use, when the one in the kubeconfig is private. */
  apiServerEndpointAddress: z.string(),
});
export type ClusterRegistryValues = z.output<typeof clusterRegistrySchema>;

export function clusterRegistryValues(config: InstallConfig) {
  const s = componentSettings(config, 'clusterRegistry');
  return componentValues(s, clusterRegistrySchema, {
    namespace: s.namespace, labels: {}, clusterName: config.spec.clusterName, networkName: networkName(config),
    image: imageOf(config, 'clusterRegistryController'), replicas: 1,
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    log: { format: 'json', verbosity: 0 },
    apiServerEndpointAddress: '',
  }, {
    namespace: s.namespace,
    labels: appLabels(NAME, 'cluster-registry'),
    clusterName: config.spec.clusterName,
    ...(s.resources ? { resources: s.resources } : {}),
  });
}

// --- CRDs ------------------------------------------------------------------------------------

const gvk = (): Schema => obj({ group: str(), version: str(), kind: str() });
const addRemove = (): Schema => obj({ add: stringMap(), remove: arr(str()) });

function crds(labels: Labels): KubeObject[] {
  const common = { group: CLUSTER_REGISTRY_GROUP, scope: 'Cluster' as const, versions: ['v1alpha1'], labels };
  return [
    customResourceDefinition({
      ...common, kind: 'Cluster', plural: 'clusters',
      spec: obj({
        // The UID of the cluster's kube-system namespace: the controller fills it in for the
        // local cluster (PROVISION_LOCAL_CLUSTER), so it is not required here.
        clusterID: str('UID of the kube-system namespace'),
        authInfo: obj({ secretRef: obj({ name: str(), namespace: str() }) }),
        kubernetesApiEndpoints: arr(obj({ serverAddress: str(), caBundle: str(), clientNetwork: str() })),
      }),
      status: obj({
        state: str(), type: str(), message: str(), version: str(), provider: str(), distribution: str(), leader: bool(),
        locality: obj({ region: str(), regions: arr(str()), zones: arr(str()) }),
        conditions: arr(obj({ type: str(), status: str(), reason: str(), message: str(), lastHeartbeatTime: str(), lastTransitionTime: str() }, { required: ['type', 'status'] })),
      }, { preserve: true }),
      printerColumns: [
        { name: 'ID', type: 'string', jsonPath: '.spec.clusterID', priority: 1 },
        { name: 'Status', type: 'string', jsonPath: '.status.state' },
        { name: 'Type', type: 'string', jsonPath: '.status.type' },
        { name: 'Synced', type: 'string', jsonPath: '.status.conditions[?(@.type=="ClustersSynced")].status' },
      ],
    }),
    customResourceDefinition({
      ...common, kind: 'ClusterFeature', plural: 'clusterfeatures',
      spec: obj({ featureName: str() }, { required: ['featureName'] }),
      status: anyObject(),
      printerColumns: [{ name: 'Feature', type: 'string', jsonPath: '.spec.featureName' }],
    }),
    customResourceDefinition({
      ...common, kind: 'ResourceSyncRule', plural: 'resourcesyncrules', shortNames: ['rsr'],
      spec: obj({
        clusterFeatureMatch: arr(obj({ featureName: str(), matchLabels: stringMap(), matchExpressions: selectorRequirements() })),
        groupVersionKind: gvk(),
        rules: arr(obj({
          match: arr(obj({
            objectKey: obj({ name: str(), namespace: str() }),
            namespaces: arr(str()),
            labels: arr(labelSelector()),
            annotations: arr(obj({ matchAnnotations: stringMap() }, { preserve: true })),
            content: arr(obj({ key: str(), value: intOrString() }, { required: ['key', 'value'] })),
          })),
          mutations: obj({
            // `path` may end in `?`: an optional path (the manual's `/spec/clusterIPs?`).
            overrides: arr(obj({ path: str(), type: str(), value: str(), parseValue: bool() })),
            annotations: addRemove(),
            labels: addRemove(),
            groupVersionKind: gvk(),
            syncStatus: bool(),
          }),
        })),
      }, { required: ['groupVersionKind', 'rules'] }),
      status: anyObject(),
    }),
  ];
}

// --- RBAC ------------------------------------------------------------------------------------

const READ = ['get', 'list', 'watch'];
const CONTROLLER_RULES: PolicyRule[] = [
  { apiGroups: [CLUSTER_REGISTRY_GROUP], resources: ['*'], verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['namespaces', 'nodes', 'secrets'], verbs: READ },
  // The kubeconfig Secrets of the peer clusters.
  { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update', 'patch', 'delete'] },
];
/** What peers may read here, through the reader's token in their kubeconfig Secret. */
const READER_RULES: PolicyRule[] = [
  { apiGroups: [CLUSTER_REGISTRY_GROUP], resources: ['*'], verbs: READ },
  { apiGroups: [''], resources: ['namespaces', 'nodes', 'secrets'], verbs: READ },
];
const LEADER_ELECTION: PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update', 'patch'] },
];

// --- objects ---------------------------------------------------------------------------------

function controllerObjects(v: ClusterRegistryValues): KubeObject[] {
  const ns = v.namespace;
  const labels = v.labels;
  const subject = { serviceAccount: NAME, namespace: ns };
  const env = [
    { name: 'METRICS_ADDR', value: `:${METRICS_PORT}` },
    { name: 'LEADER_ELECTION_ENABLED', value: 'true' },
    { name: 'LEADER_ELECTION_NAME', value: NAME },
    { name: 'LEADER_ELECTION_NAMESPACE', value: ns },
    { name: 'LOG_FORMAT', value: v.log.format },
    { name: 'LOG_VERBOSITY', value: String(v.log.verbosity) },
    { name: 'PROVISION_LOCAL_CLUSTER', value: v.clusterName },
    fieldEnv('NAMESPACE', 'metadata.namespace'),
    { name: 'READER_SERVICE_ACCOUNT_NAME', value: READER },
    { name: 'NETWORK_NAME', value: v.networkName },
    { name: 'MANAGE_LOCAL_CLUSTER_SECRET', value: 'true' },
    { name: 'APISERVER_ENDPOINT_ADDRESS', value: v.apiServerEndpointAddress },
  ];
  const probe = { httpGet: { path: '/metrics', port: 'metrics' } };
  return [
    serviceAccount({ name: NAME, namespace: ns, labels }),
    clusterRole({ name: NAME, labels }, CONTROLLER_RULES),
    clusterRoleBinding({ name: NAME, labels }, NAME, subject),
    role({ name: `${NAME}-leader-election`, namespace: ns, labels }, LEADER_ELECTION),
    roleBinding({ name: `${NAME}-leader-election`, namespace: ns, labels }, `${NAME}-leader-election`, subject),
    serviceAccount({ name: READER, namespace: ns, labels }),
    clusterRole({ name: READER, labels }, READER_RULES),
    clusterRoleBinding({ name: READER, labels }, READER, { serviceAccount: READER, namespace: ns }),
    deployment({
      name: NAME, namespace: ns, labels, replicas: v.replicas, selector: { app: NAME },
      pod: {
        serviceAccountName: NAME,
        securityContext: { runAsNonRoot: true },
        containers: [{
          name: 'manager', image: v.image, imagePullPolicy: 'IfNotPresent', env,
          ports: [{ name: 'metrics', containerPort: METRICS_PORT }],
          livenessProbe: probe, readinessProbe: probe,
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          ...withResources(v.resources),
        }],
      },
    }),
    service({ name: NAME, namespace: ns, labels, selector: { app: NAME }, ports: [{ name: 'http-metrics', port: METRICS_PORT, targetPort: 'metrics' }] }),
  ];
}

/** This cluster in the registry; its kubeconfig Secret (same name) is the controller's to write. */
function localCluster(v: ClusterRegistryValues): KubeObject {
  return {
    apiVersion: API_VERSION, kind: 'Cluster',
    metadata: { name: v.clusterName, labels: v.labels },
    spec: { authInfo: { secretRef: { name: v.clusterName, namespace: v.namespace } } },
  };
}

export const clusterRegistry: Component = {
  name: 'clusterRegistry',
  title: 'Cluster Registry',
  kinds: [
    KIND.Namespace, KIND.CustomResourceDefinition, KIND.ServiceAccount, KIND.ClusterRole, KIND.ClusterRoleBinding,
    KIND.Role, KIND.RoleBinding, KIND.Deployment, KIND.Service, { apiVersion: API_VERSION, kind: 'Cluster' },
  ],
  enabled: (config) => componentSettings(config, 'clusterRegistry').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'clusterRegistry');
    const v = validValues(clusterRegistryValues(config));
    return [...componentNamespace(config, 'clusterRegistry'), ...mark([...crds(v.labels), ...controllerObjects(v), localCluster(v)], enabled)];
  },
  warnings: (config) => valueWarnings(() => clusterRegistryValues(config)),
};
