// Test builders for the policy rule families (DestinationRule, security policies, Services,
// sidecar injection), on top of testing.ts. Used by the rule tests only.

import type { KubeObject } from '../model/k8s.js';
import { obj, pod } from './testing.js';

export const ISTIO_SECURITY = 'security.istio.io/v1';
export const PROXY_IMAGE = 'ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc.0';
export const OLD_PROXY_IMAGE = 'ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc';
export const CP_NAME = 'cp-v115x';
export const CP_REVISION = `${CP_NAME}.istio-system`;

export const peerAuthentication = (name: string, ns: string, mode: string | undefined, selector?: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject =>
  obj(ISTIO_SECURITY, 'PeerAuthentication', name, ns, {
    ...(selector ? { selector: { matchLabels: selector } } : {}), ...(mode ? { mtls: { mode } } : {}), ...extra,
  });

export const authorizationPolicy = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj(ISTIO_SECURITY, 'AuthorizationPolicy', name, ns, spec);
export const requestAuthentication = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj(ISTIO_SECURITY, 'RequestAuthentication', name, ns, spec);
export const serviceAccount = (name: string, ns: string): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });

/** A Service with full port objects (`targetPort`, `appProtocol`, `protocol`). */
export const serviceWith = (name: string, ns: string, selector: Record<string, string> | undefined, ports: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject =>
  obj('v1', 'Service', name, ns, { ...(selector ? { selector } : {}), ports, ...extra });

/** smm's control plane (as in the demo): version `1.15.3`, proxy image `…:v1.15.3-bzc.0`, in istio-system. */
export function istioControlPlane(options: { name?: string; ns?: string; version?: string; proxyImage?: string | null; extensionProviders?: { name: string }[] } = {}): KubeObject {
  const proxyImage = options.proxyImage === undefined ? PROXY_IMAGE : options.proxyImage;
  return obj('servicemesh.cisco.com/v1alpha1', 'IstioControlPlane', options.name ?? CP_NAME, options.ns ?? 'istio-system', {
    version: options.version ?? '1.15.3',
    mode: 'ACTIVE',
    distribution: 'cisco',
    ...(proxyImage ? { proxy: { image: proxyImage }, proxyInit: { image: proxyImage } } : {}),
    meshConfig: { trustDomain: 'cluster.local', ...(options.extensionProviders ? { extensionProviders: options.extensionProviders } : {}) },
  }, { status: { status: 'Available' } });
}

/** A namespace injected by the demo's control plane (`istio.io/rev: cp-v115x.istio-system`). */
export const injectedNamespace = (name: string, revision = CP_REVISION): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio.io/rev': revision } } });

/**
 * An application pod with an istio-proxy sidecar as the injector leaves it (its `istio.io/rev`
 * label), or without one (`sidecarImage: null`). Extra labels, annotations and container ports.
 */
export function meshPod(name: string, ns: string, labels: Record<string, string>, options: {
  sidecarImage?: string | null; revision?: string; annotations?: Record<string, string>; ports?: { name?: string; containerPort: number }[]; serviceAccount?: string;
} = {}): KubeObject {
  const sidecarImage = options.sidecarImage === undefined ? PROXY_IMAGE : options.sidecarImage;
  const p = pod(name, ns, { ...labels, ...(sidecarImage && options.revision !== '' ? { 'istio.io/rev': options.revision ?? CP_REVISION } : {}) }, {
    ...(sidecarImage ? { sidecarImage } : {}), ...(options.serviceAccount ? { serviceAccount: options.serviceAccount } : {}),
  });
  const spec = p.spec as { containers: { name: string; ports?: unknown[] }[] };
  if (options.ports) spec.containers[0]!.ports = options.ports;
  if (options.annotations) p.metadata.annotations = options.annotations;
  return p;
}

/** A gateway pod: istio-proxy is its only container. */
export function gatewayPod(name: string, ns: string, labels: Record<string, string>, image = PROXY_IMAGE): KubeObject {
  const p = pod(name, ns, labels, { sidecarImage: image });
  const spec = p.spec as { containers: unknown[] };
  spec.containers = spec.containers.slice(1);
  return p;
}
