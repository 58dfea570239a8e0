// Parameters and helpers every template shares.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DEMO_NAMESPACE = 'smm-demo';

export const nameParam = (def: string) => z.string().regex(DNS1123_SUBDOMAIN, 'must be a lowercase RFC 1123 subdomain (a-z, 0-9, "-", ".")').max(253).default(def)
  .describe('metadata.name of the resource');
export const namespaceParam = (def: string = DEMO_NAMESPACE) => z.string().regex(DNS1123_LABEL, 'must be a lowercase RFC 1123 label').max(63).default(def)
  .describe('metadata.namespace of the resource');
/** A service host: short name (`movies`), FQDN (`movies.smm-demo.svc.cluster.local`) or external name. */
export const hostParam = (def: string, description = 'destination host (a Service name or FQDN)') =>
  z.string().min(1).regex(/^(\*|(\*\.)?[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?)$/, 'must be a host name, optionally starting with "*."').default(def).describe(description);
export const portParam = (def: number, description = 'port number') => z.number().int().min(1).max(65535).default(def).describe(description);
export const percentParam = (def: number, description: string) => z.number().min(0).max(100).default(def).describe(description);
/** An Istio duration: `5s`, `1.5s`, `100ms`, `1m`, `1h`. */
export const durationParam = (def: string, description: string) =>
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'must be a duration such as 100ms, 5s, 1m').default(def).describe(description);
export const labelsParam = (def: Record<string, string>, description: string) =>
  z.record(z.string().min(1), z.string()).default(def).describe(description);

export function meta(apiVersion: string, kind: string, name: string, namespace: string, labels?: Record<string, string>): Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'> {
  return { apiVersion, kind, metadata: { name, namespace, ...(labels && Object.keys(labels).length > 0 ? { labels } : {}) } };
}

/** Drop undefined members, so builders' outputs carry only what was set (clean YAML, SSA ownership). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
