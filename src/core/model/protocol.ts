// Istio's protocol selection for a Service port: `appProtocol` wins, else the port name's
// prefix before the first `-` (`http-web`, `grpc`), else UDP from the transport, else Istio
// sniffs the protocol at runtime (`auto`).

import type { MeshProtocol, ServicePort } from './types.js';

const BY_NAME: Record<string, MeshProtocol> = {
  http: 'HTTP', http2: 'HTTP2', https: 'HTTPS', grpc: 'GRPC', 'grpc-web': 'GRPC-WEB',
  tcp: 'TCP', tls: 'TLS', udp: 'UDP', mongo: 'MONGO', mysql: 'MYSQL', redis: 'REDIS',
};

/** Look a protocol name up, as Istio does, case-insensitively. */
export function protocolFromName(name: string | undefined): MeshProtocol | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  // `grpc-web` contains a dash; check it before splitting at the first one.
  if (n === 'grpc-web' || n.startsWith('grpc-web-')) return 'GRPC-WEB';
  // appProtocol may carry a domain (`kubernetes.io/h2c`); Istio maps h2c to HTTP2.
  if (n === 'kubernetes.io/h2c') return 'HTTP2';
  if (n === 'kubernetes.io/ws' || n === 'kubernetes.io/wss') return 'HTTP';
  const prefix = n.split('-')[0]!;
  return BY_NAME[prefix];
}

export function servicePortProtocol(p: { name?: string; appProtocol?: string; protocol?: string }): Pick<ServicePort, 'protocol' | 'protocolSource'> {
  const fromApp = protocolFromName(p.appProtocol);
  if (fromApp) return { protocol: fromApp, protocolSource: 'appProtocol' };
  const fromName = protocolFromName(p.name);
  if (fromName) return { protocol: fromName, protocolSource: 'name' };
  if ((p.protocol ?? 'TCP').toUpperCase() === 'UDP') return { protocol: 'UDP', protocolSource: 'transport' };
  return { protocol: 'UNKNOWN', protocolSource: 'auto' };
}
