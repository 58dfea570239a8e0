// Test builders for the networking rule families (Gateway, VirtualService, ServiceEntry,
// Sidecar), on top of testing.ts. Used by the rule tests only.

import type { KubeObject } from '../model/k8s.js';
import { gateway, obj, pod, virtualService } from './testing.js';

export const ISTIO_NETWORKING = 'networking.istio.io/v1';

export const sidecarResource = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj(ISTIO_NETWORKING, 'Sidecar', name, ns, spec);
export const secret = (name: string, ns: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns } });
export const workloadEntry = (name: string, ns: string, labels: Record<string, string>): KubeObject =>
  obj(ISTIO_NETWORKING, 'WorkloadEntry', name, ns, { address: '10.0.0.9', labels });

/** A Gateway server: `server(443, 'HTTPS', ['a.example.com'], { mode: 'SIMPLE', credentialName: 'cert' })`. */
export function server(port: number, protocol: string, hosts: string[] = ['*'], tls?: Record<string, unknown>): Record<string, unknown> {
  return { port: { number: port, name: `${protocol.toLowerCase()}-${port}`, protocol }, hosts, ...(tls ? { tls } : {}) };
}

export const INGRESS_SELECTOR = { istio: 'ingressgateway' };

/** A Gateway in istio-system on the default ingress gateway's pods. */
export const ingressGateway = (name: string, servers: Record<string, unknown>[], ns = 'istio-system', selector: Record<string, string> = INGRESS_SELECTOR): KubeObject =>
  gateway(name, ns, { selector, servers });

/** The ingress gateway's pod (labels `istio: ingressgateway`) in `ns`. */
export const ingressPod = (ns = 'istio-system', name = 'istio-ingressgateway-1'): KubeObject => pod(name, ns, { ...INGRESS_SELECTOR });

/** A route destination: `dest('reviews', { subset: 'v1' }, 50)`. */
export function dest(host: string, extra: Record<string, unknown> = {}, weight?: number): Record<string, unknown> {
  return { destination: { host, ...extra }, ...(weight !== undefined ? { weight } : {}) };
}

/** A VirtualService with http routes. */
export const httpVirtualService = (name: string, ns: string, hosts: string[] | undefined, http: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject =>
  virtualService(name, ns, { ...(hosts ? { hosts } : {}), http, ...extra });

/** An istiod Deployment, which makes `ns` the root namespace. */
export const istiod = (ns: string): KubeObject => obj('apps/v1', 'Deployment', 'istiod', ns, {
  template: { metadata: { labels: { app: 'istiod' } }, spec: { containers: [{ name: 'discovery', image: 'pilot:1.20.0' }] } },
}, { metadata: { name: 'istiod', namespace: ns, labels: { app: 'istiod' } } });
