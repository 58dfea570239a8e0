// The catalogue of kinds smm works with: how each maps to a REST resource, and whether it
// lives in a namespace. Adapters look kinds up here; unknown kinds can be registered (CRDs).

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in REST paths and RBAC rules. */
  plural: string;
  namespaced: boolean;
  /** Kinds with a /status subresource ignore status on update and spec on updateStatus. */
  hasStatus?: boolean;
}

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** `deployments.apps`, `pods`: the name RBAC and kubectl use. */
export function resourceName(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

function rt(group: string, version: string, kind: string, plural: string, namespaced: boolean, hasStatus = false): ResourceType {
  return { group, version, kind, plural, namespaced, hasStatus };
}

export const Resources = {
  Namespace: rt('', 'v1', 'Namespace', 'namespaces', false, true),
  Node: rt('', 'v1', 'Node', 'nodes', false, true),
  Pod: rt('', 'v1', 'Pod', 'pods', true, true),
  Service: rt('', 'v1', 'Service', 'services', true, true),
  Endpoints: rt('', 'v1', 'Endpoints', 'endpoints', true),
  ConfigMap: rt('', 'v1', 'ConfigMap', 'configmaps', true),
  Secret: rt('', 'v1', 'Secret', 'secrets', true),
  ServiceAccount: rt('', 'v1', 'ServiceAccount', 'serviceaccounts', true),
  Event: rt('', 'v1', 'Event', 'events', true),
  Deployment: rt('apps', 'v1', 'Deployment', 'deployments', true, true),
  ReplicaSet: rt('apps', 'v1', 'ReplicaSet', 'replicasets', true, true),
  StatefulSet: rt('apps', 'v1', 'StatefulSet', 'statefulsets', true, true),
  DaemonSet: rt('apps', 'v1', 'DaemonSet', 'daemonsets', true, true),
  Job: rt('batch', 'v1', 'Job', 'jobs', true, true),
  CronJob: rt('batch', 'v1', 'CronJob', 'cronjobs', true, true),
  Lease: rt('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  PodDisruptionBudget: rt('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, true),
  HorizontalPodAutoscaler: rt('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, true),
  Role: rt('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  RoleBinding: rt('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  ClusterRole: rt('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  ClusterRoleBinding: rt('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  CustomResourceDefinition: rt('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, true),
  MutatingWebhookConfiguration: rt('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  ValidatingWebhookConfiguration: rt('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  // Istio
  VirtualService: rt('networking.istio.io', 'v1beta1', 'VirtualService', 'virtualservices', true, true),
  DestinationRule: rt('networking.istio.io', 'v1beta1', 'DestinationRule', 'destinationrules', true, true),
  Gateway: rt('networking.istio.io', 'v1beta1', 'Gateway', 'gateways', true, true),
  ServiceEntry: rt('networking.istio.io', 'v1beta1', 'ServiceEntry', 'serviceentries', true, true),
  Sidecar: rt('networking.istio.io', 'v1beta1', 'Sidecar', 'sidecars', true, true),
  WorkloadEntry: rt('networking.istio.io', 'v1beta1', 'WorkloadEntry', 'workloadentries', true, true),
  WorkloadGroup: rt('networking.istio.io', 'v1beta1', 'WorkloadGroup', 'workloadgroups', true, true),
  EnvoyFilter: rt('networking.istio.io', 'v1alpha3', 'EnvoyFilter', 'envoyfilters', true, true),
  PeerAuthentication: rt('security.istio.io', 'v1beta1', 'PeerAuthentication', 'peerauthentications', true, true),
  AuthorizationPolicy: rt('security.istio.io', 'v1beta1', 'AuthorizationPolicy', 'authorizationpolicies', true, true),
  RequestAuthentication: rt('security.istio.io', 'v1beta1', 'RequestAuthentication', 'requestauthentications', true, true),
  Telemetry: rt('telemetry.istio.io', 'v1alpha1', 'Telemetry', 'telemetries', true, true),
  WasmPlugin: rt('extensions.istio.io', 'v1alpha1', 'WasmPlugin', 'wasmplugins', true, true),
  // Cisco / smm kinds (CRDs land with the installer)
  IstioControlPlane: rt('servicemesh.cisco.com', 'v1alpha1', 'IstioControlPlane', 'istiocontrolplanes', true, true),
  IstioMeshGateway: rt('servicemesh.cisco.com', 'v1alpha1', 'IstioMeshGateway', 'istiomeshgateways', true, true),
  ControlPlane: rt('smm.cisco.com', 'v1alpha1', 'ControlPlane', 'controlplanes', false, true),
  DemoApplication: rt('smm.cisco.com', 'v1alpha1', 'DemoApplication', 'demoapplications', true, true),
  Cluster: rt('clusterregistry.k8s.cisco.com', 'v1alpha1', 'Cluster', 'clusters', false, true),
  ClusterFeature: rt('clusterregistry.k8s.cisco.com', 'v1alpha1', 'ClusterFeature', 'clusterfeatures', false, true),
  ResourceSyncRule: rt('clusterregistry.k8s.cisco.com', 'v1alpha1', 'ResourceSyncRule', 'resourcesyncrules', false, true),
  Certificate: rt('cert-manager.io', 'v1', 'Certificate', 'certificates', true, true),
  Issuer: rt('cert-manager.io', 'v1', 'Issuer', 'issuers', true, true),
  ClusterIssuer: rt('cert-manager.io', 'v1', 'ClusterIssuer', 'clusterissuers', false, true),
} as const satisfies Record<string, ResourceType>;

export type KnownKind = keyof typeof Resources;

/**
 * Registry of resource types by `apiVersion` + `kind`, so a whole object can be routed to
 * its REST resource. Istio serves several versions of a kind; any of them resolves.
 */
export class ResourceRegistry {
  private readonly byKey = new Map<string, ResourceType>();

  constructor(types: Iterable<ResourceType> = Object.values(Resources)) {
    for (const t of types) this.register(t);
  }

  register(t: ResourceType): void {
    this.byKey.set(`${apiVersionOf(t)}/${t.kind}`, t);
    // Istio kinds are served as v1alpha3, v1beta1 and v1; route every version.
    if (t.group.endsWith('.istio.io')) {
      for (const v of ['v1alpha3', 'v1beta1', 'v1']) {
        const key = `${t.group}/${v}/${t.kind}`;
        if (!this.byKey.has(key)) this.byKey.set(key, { ...t, version: v });
      }
    }
  }

  lookup(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKey.get(`${apiVersion}/${kind}`);
  }

  /** Find by kind name, plural or `plural.group`, as kubectl accepts them. */
  find(name: string): ResourceType | undefined {
    const n = name.toLowerCase();
    for (const t of this.byKey.values()) {
      if (t.kind.toLowerCase() === n || t.plural === n || resourceName(t) === n) return t;
    }
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.byKey.values()];
  }
}
