// Gateway (networking.istio.io/v1): HTTP, HTTPS terminated with a Secret (credentialName),
// TLS passthrough.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { hostParam, labelsParam, meta, nameParam, namespaceParam, portParam } from './common.js';
import { defineTemplate } from './types.js';

export const GATEWAY_API_VERSION = 'networking.istio.io/v1';

export interface GatewayServer {
  port: { number: number; name: string; protocol: 'HTTP' | 'HTTPS' | 'HTTP2' | 'GRPC' | 'TLS' | 'TCP' | 'MONGO' };
  hosts: string[];
  tls?: { mode?: 'SIMPLE' | 'MUTUAL' | 'PASSTHROUGH' | 'ISTIO_MUTUAL' | 'AUTO_PASSTHROUGH'; credentialName?: string; httpsRedirect?: boolean };
}

export interface GatewayProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: { selector: Record<string, string>; servers: GatewayServer[] };
}

export function gateway(p: GatewayProps): KubeObject {
  return { ...meta(GATEWAY_API_VERSION, 'Gateway', p.name, p.namespace, p.labels), spec: { ...p.spec } };
}

const base = {
  namespace: namespaceParam(),
  selector: labelsParam({ 'gateway-name': 'smm-ingressgateway', 'gateway-type': 'ingress' }, 'pod labels of the gateway deployment (an IstioMeshGateway labels its pods gateway-name and gateway-type)'),
  hosts: z.array(hostParam('example.com')).min(1).default(['echo.example.com']).describe('hosts this server answers for'),
};

export const gatewayTemplates = [
  defineTemplate({
    id: 'gateway/http',
    kind: 'Gateway',
    apiVersion: GATEWAY_API_VERSION,
    title: 'HTTP',
    description: 'Accept plain HTTP for the hosts on a gateway port.',
    params: z.object({ name: nameParam('echo-http'), ...base, port: portParam(80, 'gateway port') }),
    build: (p) => gateway({ name: p.name, namespace: p.namespace, spec: { selector: p.selector, servers: [{ port: { number: p.port, name: `http-${p.port}`, protocol: 'HTTP' }, hosts: p.hosts }] } }),
  }),
  defineTemplate({
    id: 'gateway/https',
    kind: 'Gateway',
    apiVersion: GATEWAY_API_VERSION,
    title: 'HTTPS (TLS terminated at the gateway)',
    description: 'Terminate TLS with the certificate of a Secret in the gateway\'s namespace (credentialName), optionally redirecting HTTP to HTTPS.',
    params: z.object({
      name: nameParam('echo-https'), ...base,
      port: portParam(443, 'gateway port'),
      credentialName: z.string().min(1).default('echo-example-com-tls').describe('Secret (kubernetes.io/tls) with the certificate and key'),
      httpsRedirect: z.boolean().default(true).describe('also answer HTTP on port 80 with a redirect to HTTPS'),
    }),
    build: (p) => gateway({
      name: p.name, namespace: p.namespace,
      spec: {
        selector: p.selector,
        servers: [
          { port: { number: p.port, name: `https-${p.port}`, protocol: 'HTTPS' }, hosts: p.hosts, tls: { mode: 'SIMPLE', credentialName: p.credentialName } },
          ...(p.httpsRedirect ? [{ port: { number: 80, name: 'http-80', protocol: 'HTTP' as const }, hosts: p.hosts, tls: { httpsRedirect: true } }] : []),
        ],
      },
    }),
  }),
  defineTemplate({
    id: 'gateway/tls-passthrough',
    kind: 'Gateway',
    apiVersion: GATEWAY_API_VERSION,
    title: 'TLS passthrough',
    description: 'Pass TLS connections through by SNI host; the service terminates TLS (pair with the TLS route VirtualService template).',
    params: z.object({ name: nameParam('tls-passthrough'), ...base, hosts: z.array(hostParam('secure.example.com')).min(1).default(['secure.example.com']).describe('SNI hosts passed through'), port: portParam(443, 'gateway port') }),
    build: (p) => gateway({
      name: p.name, namespace: p.namespace,
      spec: { selector: p.selector, servers: [{ port: { number: p.port, name: `tls-${p.port}`, protocol: 'TLS' }, hosts: p.hosts, tls: { mode: 'PASSTHROUGH' } }] },
    }),
  }),
];
