// smm-ingressgateway: the mesh gateway in front of the dashboard and API. The IstioMeshGateway
// CR records it; smm renders the Envoy Deployment and Services the gateway controller would
// (its CRD came with meshManager), plus the Istio Gateway and route to the smm server.
// With `spec.smm.exposeDashboard.meshGateway.enabled` it is also exposed through the
// `smm-ingressgateway-external` LoadBalancer.

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import { istiodAddress, PORTS } from './addresses.js';
import type { Component, DesiredObject } from './component.js';
import {
  appLabels, deployment, fieldEnv, KIND, mark, only, role, roleBinding, service, serviceAccount, withResources,
  type Container, type Labels, type ServicePort,
} from './k8s.js';
import { SERVICEMESH_API_VERSION } from './mesh-manager.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf, networkName } from './settings.js';
import { componentValues, imageSchema, labelsSchema, replicasSchema, resourcesSchema, validValues, valueWarnings, type ResolvedValues } from './values.js';

export const GATEWAY_NAME = 'smm-ingressgateway';
export const EXTERNAL_SERVICE = `${GATEWAY_NAME}-external`;
const SERVICE_ACCOUNT = `${GATEWAY_NAME}-service-account`;
const NETWORKING = 'networking.istio.io/v1beta1';

// --- settings --------------------------------------------------------------------------------

const meshGatewaySchema = z.strictObject({
  namespace: z.string(),
  revision: z.string(),
  labels: labelsSchema,
  image: imageSchema,
  replicas: replicasSchema,
  resources: resourcesSchema,
  /** The LoadBalancer `smm-ingressgateway-external`. */
  exposed: z.boolean(),
  /** Where the dashboard route sends traffic (the smm Service), when the server runs. */
  dashboard: z.strictObject({ enabled: z.boolean(), host: z.string(), port: z.number().int() }),
});
export type MeshGatewayValues = z.output<typeof meshGatewaySchema>;

export function meshGatewayValues(config: InstallConfig): ResolvedValues<MeshGatewayValues> {
  const s = componentSettings(config, 'meshGateway');
  const smm = componentSettings(config, 'smm');
  return componentValues(s, meshGatewaySchema, {
    namespace: s.namespace, revision: config.istio.revision, labels: {},
    image: imageOf(config, 'proxyv2'),
    replicas: config.spec.smm.highAvailability.enabled ? 2 : 1,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    exposed: false,
    dashboard: { enabled: false, host: '', port: PORTS.smm },
  }, {
    namespace: s.namespace,
    revision: config.istio.revision,
    labels: appLabels(GATEWAY_NAME, 'mesh-gateway'),
    exposed: config.spec.smm.exposeDashboard.meshGateway.enabled,
    dashboard: { enabled: smm.enabled, host: `smm.${smm.namespace}.svc.cluster.local`, port: PORTS.smm },
  });
}

// --- objects ---------------------------------------------------------------------------------

const PORT_HTTP: ServicePort = { name: 'http2', port: 80, targetPort: 8080 };
const PORT_HTTPS: ServicePort = { name: 'https', port: 443, targetPort: 8443 };
// Labels the Istio Gateway selects on, as on every IstioMeshGateway's pods.
const GATEWAY_SELECTOR: Labels = { 'gateway-name': GATEWAY_NAME, 'gateway-type': 'ingress' };

function proxyContainer(config: InstallConfig, v: MeshGatewayValues): Container {
  return {
    name: 'istio-proxy', image: v.image, imagePullPolicy: 'IfNotPresent',
    args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    ports: [
      { name: 'status-port', containerPort: 15021 },
      { name: 'http2', containerPort: 8080 },
      { name: 'https', containerPort: 8443 },
      { name: 'http-envoy-prom', containerPort: PORTS.envoyStats },
    ],
    env: [
      { name: 'JWT_POLICY', value: 'third-party-jwt' },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: istiodAddress(config) },
      fieldEnv('NODE_NAME', 'spec.nodeName'),
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('INSTANCE_IP', 'status.podIP'),
      fieldEnv('HOST_IP', 'status.hostIP'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      // Not injected, so the proxy config the injector would write is given here.
      { name: 'PROXY_CONFIG', value: JSON.stringify({ discoveryAddress: istiodAddress(config) }) },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: GATEWAY_NAME },
      { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${v.namespace}/deployments/${GATEWAY_NAME}` },
      { name: 'ISTIO_META_MESH_ID', value: 'mesh1' },
      { name: 'ISTIO_META_CLUSTER_ID', value: config.spec.clusterName },
      { name: 'ISTIO_META_NETWORK', value: networkName(config) },
      { name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
      { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    ],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, initialDelaySeconds: 1, periodSeconds: 2, timeoutSeconds: 3, failureThreshold: 30 },
    ...withResources(v.resources),
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true },
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
  };
}

const PROXY_VOLUMES = [
  { name: 'workload-socket', emptyDir: {} },
  { name: 'credential-socket', emptyDir: {} },
  { name: 'workload-certs', emptyDir: {} },
  { name: 'istio-envoy', emptyDir: {} },
  { name: 'istio-data', emptyDir: {} },
  { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } },
  { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
  { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
];

function meshGatewayCr(config: InstallConfig, v: MeshGatewayValues, labels: Labels): KubeObject {
  return {
    apiVersion: SERVICEMESH_API_VERSION, kind: 'IstioMeshGateway',
    metadata: { name: GATEWAY_NAME, namespace: v.namespace, labels },
    spec: {
      type: 'ingress',
      istioControlPlane: { name: config.istio.name, namespace: config.istio.namespace },
      runAsRoot: false,
      deployment: {
        replicas: { min: v.replicas, max: v.replicas, count: v.replicas },
        metadata: { labels: GATEWAY_SELECTOR },
        podMetadata: { labels: { app: GATEWAY_NAME, istio: 'ingressgateway' } },
      },
      service: { type: 'ClusterIP', ports: [PORT_HTTP, PORT_HTTPS].map((p) => ({ ...p, protocol: 'TCP' })) },
    },
  };
}

/** The Istio Gateway on the gateway's pods and the route to the smm server behind it. */
function dashboardRoute(v: MeshGatewayValues, labels: Labels): KubeObject[] {
  return [
    {
      apiVersion: NETWORKING, kind: 'Gateway', metadata: { name: GATEWAY_NAME, namespace: v.namespace, labels },
      spec: { selector: GATEWAY_SELECTOR, servers: [{ port: { number: PORT_HTTP.port, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    },
    {
      apiVersion: NETWORKING, kind: 'VirtualService', metadata: { name: 'smm-dashboard', namespace: v.namespace, labels },
      spec: {
        hosts: ['*'], gateways: [GATEWAY_NAME],
        http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: v.dashboard.host, port: { number: v.dashboard.port } } }] }],
      },
    },
  ];
}

function objects(config: InstallConfig, v: MeshGatewayValues): (KubeObject | DesiredObject)[] {
  const ns = v.namespace;
  const labels = { ...v.labels, 'istio.io/rev': v.revision };
  const selector = { app: GATEWAY_NAME, istio: 'ingressgateway' };
  const subject = { serviceAccount: SERVICE_ACCOUNT, namespace: ns };
  return [
    meshGatewayCr(config, v, labels),
    serviceAccount({ name: SERVICE_ACCOUNT, namespace: ns, labels }),
    // istiod serves TLS credentials to the gateway only if its account may read them here.
    role({ name: GATEWAY_NAME, namespace: ns, labels }, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]),
    roleBinding({ name: GATEWAY_NAME, namespace: ns, labels }, GATEWAY_NAME, subject),
    deployment({
      name: GATEWAY_NAME, namespace: ns, labels, replicas: v.replicas, selector,
      podLabels: { ...GATEWAY_SELECTOR, 'sidecar.istio.io/inject': 'false' },
      podAnnotations: { 'prometheus.io/port': String(PORTS.envoyStats), 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/scrape': 'true' },
      pod: { serviceAccountName: SERVICE_ACCOUNT, securityContext: { fsGroup: 1337 }, containers: [proxyContainer(config, v)], volumes: PROXY_VOLUMES },
    }),
    service({ name: GATEWAY_NAME, namespace: ns, labels, selector, ports: [PORT_HTTP, PORT_HTTPS] }),
    only(v.exposed, service({ name: EXTERNAL_SERVICE, namespace: ns, labels, selector, type: 'LoadBalancer', ports: [PORT_HTTP] })),
    ...dashboardRoute(v, labels).map((o) => only(v.dashboard.enabled, o)),
  ];
}

export const meshGateway: Component = {
  name: 'meshGateway',
  title: 'Mesh Gateway',
  kinds: [
    KIND.Namespace, KIND.ServiceAccount, KIND.Role, KIND.RoleBinding, KIND.Deployment, KIND.Service,
    { apiVersion: SERVICEMESH_API_VERSION, kind: 'IstioMeshGateway' },
    { apiVersion: NETWORKING, kind: 'Gateway' }, { apiVersion: NETWORKING, kind: 'VirtualService' },
  ],
  enabled: (config) => componentSettings(config, 'meshGateway').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'meshGateway');
    return [...componentNamespace(config, 'meshGateway'), ...mark(objects(config, validValues(meshGatewayValues(config))), enabled)];
  },
  warnings: (config) => valueWarnings(() => meshGatewayValues(config)),
};
