// Stable, URL-safe node and edge ids (the scheme is documented in types.ts).

import type { TrafficProtocol } from '../traffic/types.js';

/**
 * Percent-encode one segment so `/`, `:` and `~` inside names cannot break the id apart
 * (encodeURIComponent leaves `~` alone; edge ids use it as their separator).
 */
const seg = (s: string): string => encodeURIComponent(s).replaceAll('~', '%7E');

export const workloadId = (cluster: string, namespace: string, name: string): string => `wl:${seg(cluster)}/${seg(namespace)}/${seg(name)}`;
export const serviceId = (cluster: string, namespace: string, name: string): string => `svc:${seg(cluster)}/${seg(namespace)}/${seg(name)}`;
export const appId = (cluster: string, namespace: string, app: string): string => `app:${seg(cluster)}/${seg(namespace)}/${seg(app)}`;
export const namespaceId = (cluster: string, namespace: string): string => `ns:${seg(cluster)}/${seg(namespace)}`;
export const clusterId = (cluster: string): string => `cl:${seg(cluster)}`;
export const unknownId = (cluster: string): string => `unknown:${seg(cluster)}`;
export const externalId = (host: string): string => `ext:${seg(host)}`;
export const edgeId = (source: string, target: string, protocol: TrafficProtocol): string => `${source}~${target}~${protocol}`;
