// ServiceEntry (networking.istio.io/v1): add hosts outside the mesh to its registry: an external
// HTTPS API, a TCP database.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { compact, hostParam, meta, nameParam, namespaceParam, portParam } from './common.js';
import { defineTemplate } from './types.js';

export const SERVICE_ENTRY_API_VERSION = 'networking.istio.io/v1';

export interface ServiceEntryProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: {
    hosts: string[];
    addresses?: string[];
    ports: { number: number; name: string; protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'GRPC' | 'HTTP2' | 'MONGO' | 'MYSQL' }[];
    location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
    resolution: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN';
    endpoints?: { address: string }[];
    exportTo?: string[];
  };
}

export function serviceEntry(p: ServiceEntryProps): KubeObject {
  return { ...meta(SERVICE_ENTRY_API_VERSION, 'ServiceEntry', p.name, p.namespace, p.labels), spec: compact({ ...p.spec }) };
}

const CIDR = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;

export const serviceEntryTemplates = [
  defineTemplate({
    id: 'serviceentry/external-https',
    kind: 'ServiceEntry',
    apiVersion: SERVICE_ENTRY_API_VERSION,
    title: 'External HTTPS API',
    description: 'Let the mesh call an HTTPS API outside it (needed with REGISTRY_ONLY; makes the host show on the topology).',
    params: z.object({
      name: nameParam('httpbin-org'), namespace: namespaceParam(),
      hosts: z.array(hostParam('httpbin.org')).min(1).default(['httpbin.org']).describe('external host names'),
      port: portParam(443, 'HTTPS port'),
    }),
    build: (p) => serviceEntry({
      name: p.name, namespace: p.namespace,
      spec: { hosts: p.hosts, ports: [{ number: p.port, name: `https-${p.port}`, protocol: 'TLS' }], location: 'MESH_EXTERNAL', resolution: 'DNS' },
    }),
  }),
  defineTemplate({
    id: 'serviceentry/tcp-database',
    kind: 'ServiceEntry',
    apiVersion: SERVICE_ENTRY_API_VERSION,
    title: 'External TCP database',
    description: 'A database outside the mesh reached over TCP, by host name or by fixed address.',
    params: z.object({
      name: nameParam('external-postgres'), namespace: namespaceParam(),
      host: hostParam('db.example.com', 'the database host name'),
      port: portParam(5432, 'database port'),
      address: z.string().regex(CIDR, 'must be an IPv4 address or CIDR').optional().describe('fixed IP or CIDR of the database (optional; DNS resolution otherwise)'),
    }),
    build: (p) => serviceEntry({
      name: p.name, namespace: p.namespace,
      spec: compact({
        hosts: [p.host],
        addresses: p.address ? [p.address] : undefined,
        ports: [{ number: p.port, name: `tcp-${p.port}`, protocol: 'TCP' as const }],
        location: 'MESH_EXTERNAL' as const,
        // A fixed IP is STATIC with that endpoint; a CIDR is NONE (connections go to the address asked for).
        resolution: !p.address ? 'DNS' as const : p.address.includes('/') ? 'NONE' as const : 'STATIC' as const,
        endpoints: p.address && !p.address.includes('/') ? [{ address: p.address }] : undefined,
      }),
    }),
  }),
];
