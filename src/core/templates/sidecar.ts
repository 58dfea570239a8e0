// Sidecar (networking.istio.io/v1): restrict which hosts a workload's proxies learn (egress).

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { compact, labelsParam, meta, nameParam, namespaceParam } from './common.js';
import { defineTemplate } from './types.js';

export const SIDECAR_API_VERSION = 'networking.istio.io/v1';

export interface SidecarProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: {
    workloadSelector?: { labels: Record<string, string> };
    egress: { hosts: string[]; port?: { number: number; protocol: string; name: string } }[];
    outboundTrafficPolicy?: { mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
  };
}

export function sidecar(p: SidecarProps): KubeObject {
  return { ...meta(SIDECAR_API_VERSION, 'Sidecar', p.name, p.namespace, p.labels), spec: compact({ ...p.spec }) };
}

const HOST_PATTERN = /^(\*|\.|~|[a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(\*|(\*\.)?[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?)$/;

export const sidecarTemplates = [
  defineTemplate({
    id: 'sidecar/egress-restriction',
    kind: 'Sidecar',
    apiVersion: SIDECAR_API_VERSION,
    title: 'Egress restriction',
    description: 'Proxies of the selected workloads (or of the namespace) learn only the listed hosts (`namespace/host`, `./` for their own namespace): less memory, and optionally no other outbound traffic.',
    params: z.object({
      name: nameParam('payments'), namespace: namespaceParam(),
      selector: labelsParam({ app: 'payments' }, 'pod labels of the workloads (empty: every workload of the namespace)'),
      hosts: z.array(z.string().regex(HOST_PATTERN, 'must be namespace/host, e.g. ./* or istio-system/*')).min(1)
        .default(['./notifications.smm-demo.svc.cluster.local', 'istio-system/*']).describe('hosts the proxies may reach'),
      registryOnly: z.boolean().default(false).describe('block outbound traffic to hosts outside the list (REGISTRY_ONLY)'),
    }),
    build: (p) => sidecar({
      name: p.name, namespace: p.namespace,
      spec: {
        workloadSelector: Object.keys(p.selector).length > 0 ? { labels: p.selector } : undefined,
        egress: [{ hosts: p.hosts }],
        outboundTrafficPolicy: p.registryOnly ? { mode: 'REGISTRY_ONLY' } : undefined,
      },
    }),
  }),
];
