// VirtualService (networking.istio.io/v1): a typed builder and the routing templates the
// manual names (HTTP request match, route destination with weights, redirect, retry and
// timeout, rewrite, TLS route, fault injection delay and abort, mirroring).

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { compact, durationParam, hostParam, meta, nameParam, namespaceParam, percentParam, portParam } from './common.js';
import { defineTemplate } from './types.js';

export const VIRTUAL_SERVICE_API_VERSION = 'networking.istio.io/v1';

export type StringMatch = { exact: string } | { prefix: string } | { regex: string };

export interface Destination {
  host: string;
  subset?: string;
  port?: { number: number };
}

export interface HTTPRouteDestination {
  destination: Destination;
  weight?: number;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  port?: number;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  redirect?: { uri?: string; authority?: string; redirectCode?: number };
  rewrite?: { uri?: string; authority?: string };
  timeout?: string;
  retries?: { attempts: number; perTryTimeout?: string; retryOn?: string };
  fault?: {
    delay?: { fixedDelay: string; percentage?: { value: number } };
    abort?: { httpStatus: number; percentage?: { value: number } };
  };
  mirror?: Destination;
  mirrorPercentage?: { value: number };
}

export interface TLSRoute {
  match: { sniHosts: string[]; port?: number; gateways?: string[] }[];
  route: { destination: Destination; weight?: number }[];
}

export interface VirtualServiceSpec {
  hosts: string[];
  gateways?: string[];
  http?: HTTPRoute[];
  tls?: TLSRoute[];
  exportTo?: string[];
}

export interface VirtualServiceProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: VirtualServiceSpec;
}

export function virtualService(p: VirtualServiceProps): KubeObject {
  return { ...meta(VIRTUAL_SERVICE_API_VERSION, 'VirtualService', p.name, p.namespace, p.labels), spec: compact({ ...p.spec }) };
}

const base = {
  name: nameParam('movies'),
  namespace: namespaceParam(),
  host: hostParam('movies', 'the service whose traffic this routes (VirtualService host and destination)'),
};

const routeTo = (host: string, subset?: string, weight?: number): HTTPRouteDestination =>
  compact({ destination: compact({ host, subset }), weight });

const simple = (name: string, namespace: string, host: string, http: HTTPRoute[]): KubeObject =>
  virtualService({ name, namespace, spec: { hosts: [host], http } });

export const virtualServiceTemplates = [
  defineTemplate({
    id: 'virtualservice/weighted-routing',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'HTTP route destination (weighted)',
    description: 'Split traffic between two subsets of a service by weight (canary). The subsets must exist in a DestinationRule.',
    params: z.object({
      ...base,
      subsetA: z.string().min(1).default('v1').describe('first subset'),
      weightA: z.number().int().min(0).max(100).default(90).describe('percent of requests to the first subset'),
      subsetB: z.string().min(1).default('v2').describe('second subset'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [{ route: [routeTo(p.host, p.subsetA, p.weightA), routeTo(p.host, p.subsetB, 100 - p.weightA)] }]),
  }),
  defineTemplate({
    id: 'virtualservice/header-match',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'HTTP request match (URI prefix and header)',
    description: 'Requests whose URI starts with a prefix AND carry a header value go to one destination; every other request to the default one (the catch-all rule comes last).',
    params: z.object({
      ...base,
      name: nameParam('bookings'),
      host: hostParam('bookings', 'the service whose traffic this routes'),
      uriPrefix: z.string().startsWith('/').default('/ratings/v2/').describe('URI prefix to match'),
      headerName: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase header name').default('end-user').describe('request header to match'),
      headerValue: z.string().min(1).default('jason').describe('exact value of the header'),
      matchedHost: hostParam('bookings', 'destination of matching requests'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [
      { name: 'matched', match: [{ uri: { prefix: p.uriPrefix }, headers: { [p.headerName]: { exact: p.headerValue } } }], route: [routeTo(p.matchedHost)] },
      { name: 'default', route: [routeTo(p.host)] },
    ]),
  }),
  defineTemplate({
    id: 'virtualservice/fault-delay',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'Fault injection: delay',
    description: 'Delay a percentage of the requests to a service by a fixed time.',
    params: z.object({
      ...base,
      name: nameParam('catalog'),
      host: hostParam('catalog'),
      fixedDelay: durationParam('5s', 'how long to delay'),
      percentage: percentParam(100, 'percent of requests delayed'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [{ fault: { delay: { fixedDelay: p.fixedDelay, percentage: { value: p.percentage } } }, route: [routeTo(p.host)] }]),
  }),
  defineTemplate({
    id: 'virtualservice/fault-abort',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'Fault injection: abort',
    description: 'Answer a percentage of the requests to a service with an HTTP error status, without calling it.',
    params: z.object({
      ...base,
      name: nameParam('catalog'),
      host: hostParam('catalog'),
      httpStatus: z.number().int().min(200).max(599).default(503).describe('HTTP status returned'),
      percentage: percentParam(50, 'percent of requests aborted'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [{ fault: { abort: { httpStatus: p.httpStatus, percentage: { value: p.percentage } } }, route: [routeTo(p.host)] }]),
  }),
  defineTemplate({
    id: 'virtualservice/mirror',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'Traffic mirroring',
    description: 'Route all requests to one subset and send a copy of a percentage of them to another (responses of the copy are dropped).',
    params: z.object({
      ...base,
      subset: z.string().min(1).default('v1').describe('subset that serves the requests'),
      mirrorSubset: z.string().min(1).default('v2').describe('subset that gets the copies'),
      mirrorPercentage: percentParam(100, 'percent of requests mirrored'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [{
      route: [routeTo(p.host, p.subset, 100)],
      mirror: { host: p.host, subset: p.mirrorSubset },
      mirrorPercentage: { value: p.mirrorPercentage },
    }]),
  }),
  defineTemplate({
    id: 'virtualservice/retries',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'HTTP retry and timeout',
    description: 'Retry failed requests and bound the total time of a request.',
    params: z.object({
      ...base,
      name: nameParam('payments'),
      host: hostParam('payments'),
      timeout: durationParam('10s', 'total time a request may take, retries included'),
      attempts: z.number().int().min(0).max(100).default(3).describe('number of retries'),
      perTryTimeout: durationParam('2s', 'timeout of each attempt'),
      retryOn: z.string().regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'must be a comma-separated list of retry conditions').default('5xx,connect-failure,reset').describe('conditions that trigger a retry'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [{
      route: [routeTo(p.host)], timeout: p.timeout, retries: { attempts: p.attempts, perTryTimeout: p.perTryTimeout, retryOn: p.retryOn },
    }]),
  }),
  defineTemplate({
    id: 'virtualservice/timeout',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'HTTP timeout',
    description: 'Fail requests to a service that take longer than a timeout.',
    params: z.object({
      ...base,
      name: nameParam('analytics'),
      host: hostParam('analytics'),
      timeout: durationParam('3s', 'how long a request may take'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [{ route: [routeTo(p.host)], timeout: p.timeout }]),
  }),
  defineTemplate({
    id: 'virtualservice/redirect',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'HTTP redirect',
    description: 'Answer requests matching a URI prefix with a redirect; the whole path is replaced, whether the match was exact or a prefix.',
    params: z.object({
      ...base,
      name: nameParam('frontpage-redirect'),
      host: hostParam('frontpage'),
      fromPrefix: z.string().startsWith('/').default('/old').describe('URI prefix of requests to redirect'),
      toUri: z.string().startsWith('/').default('/new').describe('path the redirect points to'),
      redirectCode: z.number().int().min(300).max(308).default(301).describe('HTTP status of the redirect'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [
      { name: 'redirect', match: [{ uri: { prefix: p.fromPrefix } }], redirect: { uri: p.toUri, redirectCode: p.redirectCode } },
      { name: 'default', route: [routeTo(p.host)] },
    ]),
  }),
  defineTemplate({
    id: 'virtualservice/rewrite',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'HTTP rewrite',
    description: 'Rewrite the path prefix (and optionally the authority) of matching requests before forwarding them.',
    params: z.object({
      ...base,
      name: nameParam('catalog-rewrite'),
      host: hostParam('catalog'),
      fromPrefix: z.string().startsWith('/').default('/api/v1/').describe('URI prefix of requests to rewrite'),
      toPrefix: z.string().startsWith('/').default('/').describe('what the prefix becomes'),
      authority: z.string().optional().describe('new Host/authority header (optional)'),
    }),
    build: (p) => simple(p.name, p.namespace, p.host, [
      { name: 'rewrite', match: [{ uri: { prefix: p.fromPrefix } }], rewrite: compact({ uri: p.toPrefix, authority: p.authority }), route: [routeTo(p.host)] },
      { name: 'default', route: [routeTo(p.host)] },
    ]),
  }),
  defineTemplate({
    id: 'virtualservice/tls-route',
    kind: 'VirtualService',
    apiVersion: VIRTUAL_SERVICE_API_VERSION,
    title: 'TLS route',
    description: 'Route TLS connections of a gateway by SNI host to a service (TLS passthrough: the service terminates TLS).',
    params: z.object({
      ...base,
      name: nameParam('secure-frontpage'),
      sniHost: hostParam('secure.example.com', 'the domain (SNI host) clients connect to'),
      gateway: z.string().min(1).default('smm-demo/tls-passthrough').describe('the Gateway (namespace/name) with a TLS PASSTHROUGH server for the host'),
      port: portParam(443, 'gateway port'),
      host: hostParam('frontpage', 'the service that terminates TLS'),
      targetPort: portParam(8080, 'service port that terminates TLS'),
    }),
    build: (p) => virtualService({
      name: p.name, namespace: p.namespace,
      spec: {
        hosts: [p.sniHost], gateways: [p.gateway],
        tls: [{ match: [{ sniHosts: [p.sniHost], port: p.port }], route: [{ destination: { host: p.host, port: { number: p.targetPort } } }] }],
      },
    }),
  }),
];
