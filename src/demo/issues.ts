// Seeded configuration mistakes for the demo (`smm demo --with-issues`): objects that each
// trigger one of the validator's checks, so the dashboard's validation list, `smm analyze`
// and the docs have something to show. The clean demo stays free of errors; these objects are
// added only on request. SEEDED_ISSUES says which finding each mistake must produce.

import type { KubeObject } from '../kube/object.js';
import { CONTROL_PLANE_NAME, DEMO_NAMESPACE, ISTIO_NAMESPACE, ISTIO_REVISION } from './app.js';

const NETWORKING = 'networking.istio.io/v1beta1';
/** A proxy image older than the demo control plane's (1.15.3). */
export const OUTDATED_PROXY_IMAGE = 'ghcr.io/cisco-open/istio-proxyv2:v1.14.1-bzc.0';
/** A revision no control plane serves. */
export const MISSING_REVISION = 'cp-v113x.istio-system';
export const ISSUES_LABEL = { 'smm.cisco.com/demo-issue': 'true' };

export interface SeededIssue {
  checkID: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The finding's path in the subject. */
  path: string;
}

/** Each seeded mistake and the finding it must produce (one row per expected finding). */
export const SEEDED_ISSUES: readonly SeededIssue[] = [
  { checkID: 'gateway/reused-cert', kind: 'Gateway', namespace: ISTIO_NAMESPACE, name: 'demo-gw-tls-1', path: 'spec.servers[0].tls.credentialName' },
  { checkID: 'gateway/reused-cert', kind: 'Gateway', namespace: ISTIO_NAMESPACE, name: 'demo-gw-tls-2', path: 'spec.servers[0].tls.credentialName' },
  { checkID: 'gateway/port/protocol-conflict', kind: 'Gateway', namespace: ISTIO_NAMESPACE, name: 'demo-gw-tcp-9443', path: 'spec.servers[0]' },
  { checkID: 'gateway/port/protocol-conflict', kind: 'Gateway', namespace: ISTIO_NAMESPACE, name: 'demo-gw-tls-9443', path: 'spec.servers[0]' },
  { checkID: 'gateway/credential/secret-not-found', kind: 'Gateway', namespace: ISTIO_NAMESPACE, name: 'demo-gw-missing-cert', path: 'spec.servers[0].tls.credentialName' },
  { checkID: 'destinationrule/enabled-mtls/missing-mesh-policy', kind: 'DestinationRule', namespace: DEMO_NAMESPACE, name: 'bookings', path: 'spec.host' },
  { checkID: 'destinationrule/enabled-mtls/missing-mesh-policy', kind: 'DestinationRule', namespace: DEMO_NAMESPACE, name: 'payments', path: 'spec.host' },
  { checkID: 'virtualservice/route/subset-not-found', kind: 'VirtualService', namespace: DEMO_NAMESPACE, name: 'catalog', path: 'spec.http[0].route[1].destination.subset' },
  { checkID: 'virtualservice/route/weight-sum', kind: 'VirtualService', namespace: DEMO_NAMESPACE, name: 'bookings', path: 'spec.http[0].route' },
  { checkID: 'destinationrule/host/not-found', kind: 'DestinationRule', namespace: DEMO_NAMESPACE, name: 'recommendations', path: 'spec.host' },
  { checkID: 'namespace/injection/missing-control-plane', kind: 'Namespace', name: 'smm-legacy', path: 'metadata.labels["istio.io/rev"]' },
  { checkID: 'pod/sidecar/missing', kind: 'Pod', namespace: DEMO_NAMESPACE, name: 'legacy-worker', path: 'spec.containers' },
  { checkID: 'pod/sidecar/outdated-proxy-image', kind: 'Pod', namespace: DEMO_NAMESPACE, name: 'legacy-proxy', path: 'spec.containers[1].image' },
  // The control plane sees one of its proxies running an older version.
  { checkID: 'istiocontrolplane/proxies/outdated-version', kind: 'IstioControlPlane', namespace: ISTIO_NAMESPACE, name: CONTROL_PLANE_NAME, path: 'spec.proxy.image' },
  { checkID: 'service/port/name-protocol', kind: 'Service', namespace: DEMO_NAMESPACE, name: 'legacy-api', path: 'spec.ports[0].name' },
];

export interface DemoIssuesOptions {
  /** Creation timestamps lie just before this moment. */
  now?: Date;
}

/** The objects that carry the seeded mistakes; load them after the demo's own objects. */
export function buildIssueObjects(options: DemoIssuesOptions = {}): KubeObject[] {
  const created = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000 - 30 * 60_000).toISOString();
  const meta = (name: string, namespace?: string, labels: Record<string, string> = {}, annotations?: Record<string, string>) => ({
    name, ...(namespace ? { namespace } : {}), creationTimestamp: created,
    labels: { ...ISSUES_LABEL, ...labels }, ...(annotations ? { annotations } : {}),
  });
  const istio = (kind: string, name: string, namespace: string, spec: Record<string, unknown>): KubeObject =>
    ({ apiVersion: NETWORKING, kind, metadata: meta(name, namespace), spec });
  const ingress = { istio: 'ingressgateway' };
  const https = (host: string, credentialName: string, number = 443) =>
    ({ port: { number, name: `https-${number}`, protocol: 'HTTPS' }, hosts: [host], tls: { mode: 'SIMPLE', credentialName } });

  const pod = (name: string, labels: Record<string, string>, containers: { name: string; image: string }[], annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: meta(name, DEMO_NAMESPACE, labels, annotations),
    spec: { containers: containers.map((c) => ({ ...c, resources: {} })), serviceAccountName: 'default', nodeName: 'demo-worker-1', restartPolicy: 'Always' },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }],
      podIP: `10.0.99.${10 + containers.length}`,
      startTime: created,
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, started: true, restartCount: 0, state: { running: { startedAt: created } } })),
    },
  });

  return [
    // gateway/reused-cert: two Gateways serve different hosts with one certificate.
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('example-wildcard-cert', ISTIO_NAMESPACE), type: 'kubernetes.io/tls' } as KubeObject,
    istio('Gateway', 'demo-gw-tls-1', ISTIO_NAMESPACE, { selector: ingress, servers: [https('one.example.com', 'example-wildcard-cert')] }),
    istio('Gateway', 'demo-gw-tls-2', ISTIO_NAMESPACE, { selector: ingress, servers: [https('two.example.com', 'example-wildcard-cert')] }),
    // gateway/port/protocol-conflict: port 9443 of the ingress gateway as TCP and as TLS.
    istio('Gateway', 'demo-gw-tcp-9443', ISTIO_NAMESPACE, {
      selector: ingress, servers: [{ port: { number: 9443, name: 'tcp-9443', protocol: 'TCP' }, hosts: ['tcp.example.com'] }],
    }),
    istio('Gateway', 'demo-gw-tls-9443', ISTIO_NAMESPACE, {
      selector: ingress, servers: [{ port: { number: 9443, name: 'tls-9443', protocol: 'TLS' }, hosts: ['tls.example.com'], tls: { mode: 'PASSTHROUGH' } }],
    }),
    // gateway/credential/secret-not-found: the TLS Secret was never created.
    istio('Gateway', 'demo-gw-missing-cert', ISTIO_NAMESPACE, { selector: ingress, servers: [https('shop.example.com', 'shop-example-cert', 8443)] }),
    // destinationrule/enabled-mtls/missing-mesh-policy: someone turned mesh-wide mTLS off while
    // DestinationRules (bookings here, payments in the demo) still ask for ISTIO_MUTUAL.
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default', ISTIO_NAMESPACE), spec: { mtls: { mode: 'DISABLE' } } },
    istio('DestinationRule', 'bookings', DEMO_NAMESPACE, {
      host: 'bookings',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    }),
    // virtualservice/route/weight-sum: 60 + 30 = 90.
    istio('VirtualService', 'bookings', DEMO_NAMESPACE, {
      hosts: ['bookings'],
      http: [{ route: [{ destination: { host: 'bookings', subset: 'v1' }, weight: 60 }, { destination: { host: 'analytics', port: { number: 8080 } }, weight: 30 }] }],
    }),
    // virtualservice/route/subset-not-found: catalog's DestinationRule has no subset v2.
    istio('DestinationRule', 'catalog', DEMO_NAMESPACE, { host: 'catalog', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
    istio('VirtualService', 'catalog', DEMO_NAMESPACE, {
      hosts: ['catalog'],
      http: [{ route: [{ destination: { host: 'catalog', subset: 'v1' }, weight: 50 }, { destination: { host: 'catalog', subset: 'v2' }, weight: 50 }] }],
    }),
    // destinationrule/host/not-found: no Service or ServiceEntry named recommendations.
    istio('DestinationRule', 'recommendations', DEMO_NAMESPACE, { host: 'recommendations', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }),
    // namespace/injection/missing-control-plane: asks for a revision no control plane serves.
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta('smm-legacy', undefined, { 'kubernetes.io/metadata.name': 'smm-legacy', 'istio.io/rev': MISSING_REVISION }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
    // pod/sidecar/missing: a pod started in the injected namespace while the injector was down.
    pod('legacy-worker', { app: 'legacy-worker', version: 'v1' }, [{ name: 'worker', image: 'docker.io/library/busybox:1.36' }]),
    // pod/sidecar/outdated-proxy-image: injected before the control plane's upgrade, never restarted.
    pod('legacy-proxy', { app: 'legacy-proxy', version: 'v1', 'istio.io/rev': ISTIO_REVISION, 'security.istio.io/tlsMode': 'istio' },
      [{ name: 'app', image: 'docker.io/library/nginx:1.25' }, { name: 'istio-proxy', image: OUTDATED_PROXY_IMAGE }],
      { 'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], revision: ISTIO_REVISION }) }),
    // service/port/name-protocol: `web` names no protocol, so Istio treats the port as opaque TCP.
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta('legacy-api', DEMO_NAMESPACE, { app: 'legacy-proxy' }),
      spec: { type: 'ClusterIP', clusterIP: '10.96.99.10', selector: { app: 'legacy-proxy' }, ports: [{ name: 'web', port: 8080, targetPort: 8080, protocol: 'TCP' }] },
    },
  ];
}
