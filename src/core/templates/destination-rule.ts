// DestinationRule (networking.istio.io/v1): a typed builder and templates for circuit
// breaking (outlier detection and connection pool), load balancing, subsets and TLS.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { compact, durationParam, hostParam, meta, nameParam, namespaceParam } from './common.js';
import { defineTemplate } from './types.js';

export const DESTINATION_RULE_API_VERSION = 'networking.istio.io/v1';

export interface OutlierDetection {
  consecutive5xxErrors?: number;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
}

export interface ConnectionPool {
  tcp?: { maxConnections?: number; connectTimeout?: string };
  http?: { http1MaxPendingRequests?: number; http2MaxRequests?: number; maxRequestsPerConnection?: number; maxRetries?: number };
}

export type LoadBalancer =
  | { simple: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH' }
  | { consistentHash: { httpHeaderName?: string; useSourceIp?: boolean; httpCookie?: { name: string; ttl: string } } };

export interface ClientTLS {
  mode: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
  sni?: string;
  credentialName?: string;
}

export interface TrafficPolicy {
  loadBalancer?: LoadBalancer;
  connectionPool?: ConnectionPool;
  outlierDetection?: OutlierDetection;
  tls?: ClientTLS;
}

export interface Subset {
  name: string;
  labels: Record<string, string>;
  trafficPolicy?: TrafficPolicy;
}

export interface DestinationRuleProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: { host: string; trafficPolicy?: TrafficPolicy; subsets?: Subset[]; exportTo?: string[] };
}

export function destinationRule(p: DestinationRuleProps): KubeObject {
  return { ...meta(DESTINATION_RULE_API_VERSION, 'DestinationRule', p.name, p.namespace, p.labels), spec: compact({ ...p.spec }) };
}

const outlierParams = {
  consecutive5xxErrors: z.number().int().min(1).default(5).describe('errors in a row before a host is ejected'),
  interval: durationParam('10s', 'how often hosts are analysed'),
  baseEjectionTime: durationParam('30s', 'minimum ejection duration'),
  maxEjectionPercent: z.number().int().min(0).max(100).default(50).describe('maximum percent of hosts ejected'),
};
const poolParams = {
  maxConnections: z.number().int().min(1).default(100).describe('maximum TCP connections to the service'),
  connectTimeout: durationParam('3s', 'TCP connect timeout'),
  http1MaxPendingRequests: z.number().int().min(1).default(10).describe('maximum requests waiting for a connection'),
  http2MaxRequests: z.number().int().min(1).default(100).describe('maximum concurrent requests'),
  maxRequestsPerConnection: z.number().int().min(0).default(10).describe('requests per connection before it is closed (0: unlimited)'),
  maxRetries: z.number().int().min(0).default(3).describe('maximum concurrent retries'),
};

const outlier = (p: z.output<z.ZodObject<typeof outlierParams>>): OutlierDetection =>
  ({ consecutive5xxErrors: p.consecutive5xxErrors, interval: p.interval, baseEjectionTime: p.baseEjectionTime, maxEjectionPercent: p.maxEjectionPercent });
const pool = (p: z.output<z.ZodObject<typeof poolParams>>): ConnectionPool => ({
  tcp: { maxConnections: p.maxConnections, connectTimeout: p.connectTimeout },
  http: { http1MaxPendingRequests: p.http1MaxPendingRequests, http2MaxRequests: p.http2MaxRequests, maxRequestsPerConnection: p.maxRequestsPerConnection, maxRetries: p.maxRetries },
});

const base = { name: nameParam('catalog'), namespace: namespaceParam(), host: hostParam('catalog', 'the service this policy applies to') };

export const destinationRuleTemplates = [
  defineTemplate({
    id: 'destinationrule/circuit-breaker',
    kind: 'DestinationRule',
    apiVersion: DESTINATION_RULE_API_VERSION,
    title: 'Circuit breaking (outlier detection and connection pool)',
    description: 'Eject hosts that keep failing and cap connections and pending requests to a service.',
    params: z.object({ ...base, ...outlierParams, ...poolParams }),
    build: (p) => destinationRule({ name: p.name, namespace: p.namespace, spec: { host: p.host, trafficPolicy: { connectionPool: pool(p), outlierDetection: outlier(p) } } }),
  }),
  defineTemplate({
    id: 'destinationrule/outlier-detection',
    kind: 'DestinationRule',
    apiVersion: DESTINATION_RULE_API_VERSION,
    title: 'Outlier detection',
    description: 'Eject a host from the load-balancing pool after consecutive errors, for a minimum time.',
    params: z.object({ ...base, ...outlierParams }),
    build: (p) => destinationRule({ name: p.name, namespace: p.namespace, spec: { host: p.host, trafficPolicy: { outlierDetection: outlier(p) } } }),
  }),
  defineTemplate({
    id: 'destinationrule/connection-pool',
    kind: 'DestinationRule',
    apiVersion: DESTINATION_RULE_API_VERSION,
    title: 'Connection pool',
    description: 'Limit connections, pending requests, requests per connection and retries to a service.',
    params: z.object({ ...base, ...poolParams }),
    build: (p) => destinationRule({ name: p.name, namespace: p.namespace, spec: { host: p.host, trafficPolicy: { connectionPool: pool(p) } } }),
  }),
  defineTemplate({
    id: 'destinationrule/load-balancing',
    kind: 'DestinationRule',
    apiVersion: DESTINATION_RULE_API_VERSION,
    title: 'Load balancing',
    description: 'Pick the load-balancing algorithm, or sticky sessions by a header (consistent hash).',
    params: z.object({
      ...base,
      algorithm: z.enum(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'CONSISTENT_HASH']).default('LEAST_REQUEST').describe('how requests are spread over the hosts'),
      hashHeader: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase header name').default('x-user-id').describe('header whose value picks the host (CONSISTENT_HASH only)'),
    }),
    build: (p) => destinationRule({
      name: p.name, namespace: p.namespace,
      spec: { host: p.host, trafficPolicy: { loadBalancer: p.algorithm === 'CONSISTENT_HASH' ? { consistentHash: { httpHeaderName: p.hashHeader } } : { simple: p.algorithm } } },
    }),
  }),
  defineTemplate({
    id: 'destinationrule/subsets',
    kind: 'DestinationRule',
    apiVersion: DESTINATION_RULE_API_VERSION,
    title: 'Subsets by version',
    description: 'Name versions of a service by their `version` label, for routing, weights and mirroring.',
    params: z.object({
      ...base,
      name: nameParam('movies'),
      host: hostParam('movies', 'the service whose versions these are'),
      versions: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a lowercase RFC 1123 label')).min(1).default(['v1', 'v2', 'v3']).describe('values of the `version` label, one subset each'),
    }),
    build: (p) => destinationRule({ name: p.name, namespace: p.namespace, spec: { host: p.host, subsets: p.versions.map((v) => ({ name: v, labels: { version: v } })) } }),
  }),
  defineTemplate({
    id: 'destinationrule/tls',
    kind: 'DestinationRule',
    apiVersion: DESTINATION_RULE_API_VERSION,
    title: 'Client TLS',
    description: 'How sidecars connect to the service: Istio mutual TLS (enable mTLS with a PeerAuthentication too), or TLS to an external server (SIMPLE, with SNI).',
    params: z.object({
      ...base,
      name: nameParam('bookings'),
      host: hostParam('bookings', 'the service (or external host) this applies to'),
      mode: z.enum(['ISTIO_MUTUAL', 'SIMPLE', 'DISABLE']).default('ISTIO_MUTUAL').describe('TLS mode of the client side'),
      sni: z.string().optional().describe('SNI to send (SIMPLE only; optional)'),
    }),
    build: (p) => destinationRule({
      name: p.name, namespace: p.namespace,
      spec: { host: p.host, trafficPolicy: { tls: compact({ mode: p.mode, sni: p.mode === 'SIMPLE' ? p.sni : undefined }) } },
    }),
  }),
];
