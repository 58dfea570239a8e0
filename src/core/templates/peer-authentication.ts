// PeerAuthentication (security.istio.io/v1): mutual TLS mode at mesh, namespace, workload and
// port level.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { labelsParam, meta, nameParam, namespaceParam, portParam } from './common.js';
import { defineTemplate } from './types.js';

export const PEER_AUTHENTICATION_API_VERSION = 'security.istio.io/v1';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

export interface PeerAuthenticationProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: { selector?: { matchLabels: Record<string, string> }; mtls?: { mode: MtlsMode }; portLevelMtls?: Record<string, { mode: MtlsMode }> };
}

export function peerAuthentication(p: PeerAuthenticationProps): KubeObject {
  return { ...meta(PEER_AUTHENTICATION_API_VERSION, 'PeerAuthentication', p.name, p.namespace, p.labels), spec: { ...p.spec } };
}

const mode = (def: MtlsMode) => z.enum(['STRICT', 'PERMISSIVE', 'DISABLE']).default(def as 'STRICT').describe('mutual TLS mode: STRICT (mTLS only), PERMISSIVE (mTLS and plain text), DISABLE');

export const peerAuthenticationTemplates = [
  defineTemplate({
    id: 'peerauthentication/mesh',
    kind: 'PeerAuthentication',
    apiVersion: PEER_AUTHENTICATION_API_VERSION,
    title: 'Mutual TLS for the whole mesh',
    description: 'The mesh-wide default: a policy named `default` in the root namespace, without a selector.',
    params: z.object({ name: nameParam('default'), namespace: namespaceParam('istio-system').describe('the mesh root namespace'), mode: mode('STRICT') }),
    build: (p) => peerAuthentication({ name: p.name, namespace: p.namespace, spec: { mtls: { mode: p.mode } } }),
  }),
  defineTemplate({
    id: 'peerauthentication/namespace',
    kind: 'PeerAuthentication',
    apiVersion: PEER_AUTHENTICATION_API_VERSION,
    title: 'Mutual TLS for a namespace',
    description: 'Every workload of one namespace: a policy without a selector in that namespace.',
    params: z.object({ name: nameParam('default'), namespace: namespaceParam(), mode: mode('STRICT') }),
    build: (p) => peerAuthentication({ name: p.name, namespace: p.namespace, spec: { mtls: { mode: p.mode } } }),
  }),
  defineTemplate({
    id: 'peerauthentication/workload',
    kind: 'PeerAuthentication',
    apiVersion: PEER_AUTHENTICATION_API_VERSION,
    title: 'Mutual TLS for a workload',
    description: 'The workloads whose pods carry the given labels.',
    params: z.object({
      name: nameParam('payments'), namespace: namespaceParam(), mode: mode('STRICT'),
      selector: labelsParam({ app: 'payments' }, 'pod labels of the workload'),
    }),
    build: (p) => peerAuthentication({ name: p.name, namespace: p.namespace, spec: { selector: { matchLabels: p.selector }, mtls: { mode: p.mode } } }),
  }),
  defineTemplate({
    id: 'peerauthentication/port',
    kind: 'PeerAuthentication',
    apiVersion: PEER_AUTHENTICATION_API_VERSION,
    title: 'Mutual TLS for one port of a workload',
    description: 'A workload-wide mode with a different mode on one (container) port, e.g. plain text for a health port.',
    params: z.object({
      name: nameParam('payments-port'), namespace: namespaceParam(), mode: mode('STRICT'),
      selector: labelsParam({ app: 'payments' }, 'pod labels of the workload'),
      port: portParam(8080, 'the workload (container) port with its own mode'),
      portMode: mode('PERMISSIVE').describe('mutual TLS mode of that port'),
    }),
    build: (p) => peerAuthentication({
      name: p.name, namespace: p.namespace,
      spec: { selector: { matchLabels: p.selector }, mtls: { mode: p.mode }, portLevelMtls: { [String(p.port)]: { mode: p.portMode } } },
    }),
  }),
];
