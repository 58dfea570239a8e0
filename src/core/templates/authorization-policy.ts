// AuthorizationPolicy (security.istio.io/v1): allow from a namespace or a service account,
// deny a path, allow nothing.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { compact, labelsParam, meta, nameParam, namespaceParam } from './common.js';
import { defineTemplate } from './types.js';

export const AUTHORIZATION_POLICY_API_VERSION = 'security.istio.io/v1';

export interface AuthorizationRule {
  from?: { source: { namespaces?: string[]; principals?: string[] } }[];
  to?: { operation: { paths?: string[]; methods?: string[]; ports?: string[] } }[];
}

export interface AuthorizationPolicyProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: { selector?: { matchLabels: Record<string, string> }; action?: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM'; rules?: AuthorizationRule[] };
}

export function authorizationPolicy(p: AuthorizationPolicyProps): KubeObject {
  return { ...meta(AUTHORIZATION_POLICY_API_VERSION, 'AuthorizationPolicy', p.name, p.namespace, p.labels), spec: compact({ ...p.spec }) };
}

const selectorOf = (labels: Record<string, string>) => (Object.keys(labels).length > 0 ? { matchLabels: labels } : undefined);

export const authorizationPolicyTemplates = [
  defineTemplate({
    id: 'authorizationpolicy/allow-from-namespace',
    kind: 'AuthorizationPolicy',
    apiVersion: AUTHORIZATION_POLICY_API_VERSION,
    title: 'Allow from a namespace',
    description: 'Workloads selected by the labels accept requests only from workloads of the given namespace (mutual TLS identities).',
    params: z.object({
      name: nameParam('payments-allow-namespace'), namespace: namespaceParam(),
      selector: labelsParam({ app: 'payments' }, 'pod labels of the protected workloads (empty: the whole namespace)'),
      fromNamespace: z.string().min(1).default('smm-demo').describe('namespace allowed to call'),
    }),
    build: (p) => authorizationPolicy({
      name: p.name, namespace: p.namespace,
      spec: { selector: selectorOf(p.selector), action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [p.fromNamespace] } }] }] },
    }),
  }),
  defineTemplate({
    id: 'authorizationpolicy/allow-from-service-account',
    kind: 'AuthorizationPolicy',
    apiVersion: AUTHORIZATION_POLICY_API_VERSION,
    title: 'Allow from a service account',
    description: 'Workloads selected by the labels accept requests only from one service account.',
    params: z.object({
      name: nameParam('payments-allow-bookings'), namespace: namespaceParam(),
      selector: labelsParam({ app: 'payments' }, 'pod labels of the protected workloads (empty: the whole namespace)'),
      serviceAccount: z.string().min(1).default('bookings').describe('service account allowed to call'),
      serviceAccountNamespace: z.string().min(1).default('smm-demo').describe('namespace of that service account'),
      trustDomain: z.string().min(1).default('cluster.local').describe('the mesh trust domain'),
    }),
    build: (p) => authorizationPolicy({
      name: p.name, namespace: p.namespace,
      spec: {
        selector: selectorOf(p.selector), action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [`${p.trustDomain}/ns/${p.serviceAccountNamespace}/sa/${p.serviceAccount}`] } }] }],
      },
    }),
  }),
  defineTemplate({
    id: 'authorizationpolicy/deny-path',
    kind: 'AuthorizationPolicy',
    apiVersion: AUTHORIZATION_POLICY_API_VERSION,
    title: 'Deny a path',
    description: 'Refuse requests to paths (exact, `/prefix*` or `*suffix`) of the selected workloads, whoever sends them.',
    params: z.object({
      name: nameParam('catalog-deny-admin'), namespace: namespaceParam(),
      selector: labelsParam({ app: 'catalog' }, 'pod labels of the protected workloads (empty: the whole namespace)'),
      paths: z.array(z.string().startsWith('/').or(z.string().startsWith('*'))).min(1).default(['/admin*']).describe('paths to deny'),
    }),
    build: (p) => authorizationPolicy({
      name: p.name, namespace: p.namespace,
      spec: { selector: selectorOf(p.selector), action: 'DENY', rules: [{ to: [{ operation: { paths: p.paths } }] }] },
    }),
  }),
  defineTemplate({
    id: 'authorizationpolicy/allow-nothing',
    kind: 'AuthorizationPolicy',
    apiVersion: AUTHORIZATION_POLICY_API_VERSION,
    title: 'Allow nothing',
    description: 'An ALLOW policy without rules: no request reaches the selected workloads (or the namespace) until other ALLOW policies let it.',
    params: z.object({
      name: nameParam('allow-nothing'), namespace: namespaceParam(),
      selector: labelsParam({}, 'pod labels of the workloads (empty: the whole namespace)'),
    }),
    build: (p) => authorizationPolicy({ name: p.name, namespace: p.namespace, spec: { selector: selectorOf(p.selector), action: 'ALLOW' } }),
  }),
];
