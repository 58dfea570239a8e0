// Gateway rules: what Istio accepts on Gateways but breaks traffic at the edge.

import { protocolFromName } from '../../model/index.js';
import type { AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import {
  arr, gatewaySpec, gatewayWorkloadNamespaces, indexBy, indexKey, namespacesKnown, nameOf, nsOf, protocolFamily,
  selectPods, selectorKey, sortedJoin, splitNamespacedHost, type GatewayServer,
} from './lookups-networking.js';

const serversOf = (o: ConfigObject): GatewayServer[] => arr(gatewaySpec(o).servers).filter((s) => s && typeof s === 'object');
/** Servers with their index in `spec.servers` (malformed entries skipped, indexes kept). */
const indexedServers = (o: ConfigObject): { server: GatewayServer; i: number }[] =>
  arr(gatewaySpec(o).servers).map((server, i) => ({ server, i })).filter(({ server }) => server && typeof server === 'object');

/** Gateways by (cluster, namespace, tls.credentialName), built once per context. */
const credentialUses = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'gw:credentials', () => ctx.all('Gateway'),
  (g) => serversOf(g).map((s) => s.tls?.credentialName).filter((c): c is string => typeof c === 'string' && c !== '')
    .map((c) => indexKey(g.cluster, g.object.metadata.namespace ?? '', c)));

/**
 * Browsers reuse one HTTP/2 connection for every host a certificate covers; when two Gateways
 * serve those hosts with one certificate, requests for the second host reach the first
 * Gateway's routes and get 404s.
 */
export const gatewayReusedCertRule: Rule = {
  id: 'gateway/reused-cert',
  severity: 'error',
  kinds: ['Gateway'],
  reads: ['Gateway'],
  title: 'Several Gateways use one TLS certificate (credentialName)',
  fix: 'Serve all hosts of the certificate from one Gateway, or give each Gateway its own certificate.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    const ns = subject.object.metadata.namespace ?? '';
    serversOf(subject).forEach((server, i) => {
      const secret = server.tls?.credentialName;
      if (!secret) return;
      const others = (credentialUses(ctx).get(indexKey(subject.cluster, ns, secret)) ?? []).filter((g) => g.object !== subject.object);
      if (others.length === 0) return;
      findings.push({
        path: `spec.servers[${i}].tls.credentialName`,
        message: 'multiple gateways configured with same TLS certificate',
        context: {
          reusedCertificateSecret: `secret:${subject.cluster}:${ns}:${secret}`,
          otherGateways: others.map((g) => g.object.metadata.name ?? '').sort().join(', '),
        },
      });
    });
    return findings;
  },
};

/** Gateway servers by (cluster, selector, port number): the listeners one gateway workload gets. */
interface PortUse { gw: ConfigObject; i: number; protocol: string; hosts: string[] }
function portUses(ctx: AnalysisContext): Map<string, PortUse[]> {
  return indexBy(ctx, 'gw:portUses', () => ctx.all('Gateway').flatMap((gw) => indexedServers(gw)
    .filter(({ server }) => typeof server.port?.number === 'number')
    .map(({ server, i }): PortUse & { key: string } => ({
      gw, i, protocol: (server.port?.protocol ?? '').toUpperCase(), hosts: arr(server.hosts).filter((h) => typeof h === 'string'),
      key: indexKey(gw.cluster, selectorKey(gatewaySpec(gw).selector), String(server.port?.number)),
    }))), (u) => [u.key]);
}
const portKey = (gw: ConfigObject, port: number | undefined): string => indexKey(gw.cluster, selectorKey(gatewaySpec(gw).selector), String(port));

/** The manual's V3: one port, one gateway workload, two protocols — Istio accepts it, Envoy serves only one. */
export const gatewayPortProtocolConflictRule: Rule = {
  id: 'gateway/port/protocol-conflict',
  severity: 'error',
  kinds: ['Gateway'],
  reads: ['Gateway'],
  title: 'Gateways with the same selector use one port with different protocols',
  fix: 'Use one protocol per port on a gateway workload, or move one server to another port.',
  check(subject, ctx) {
    for (const { server, i } of indexedServers(subject)) {
      const port = server.port?.number;
      if (typeof port !== 'number') continue;
      const mine = protocolFamily(server.port?.protocol);
      const conflicting = (portUses(ctx).get(portKey(subject, port)) ?? [])
        .filter((u) => u.gw.object !== subject.object && protocolFamily(u.protocol) !== mine);
      if (conflicting.length === 0) continue;
      // One finding per Gateway: the first conflicting server.
      return [{
        path: `spec.servers[${i}]`,
        message: 'Conflicting gateway port protocols',
        context: {
          port: String(port),
          protocol: (server.port?.protocol ?? '').toUpperCase(),
          conflictingProtocols: sortedJoin(conflicting.map((u) => u.protocol)),
          otherGateways: sortedJoin(conflicting.map((u) => `${nsOf(u.gw)}/${nameOf(u.gw)}`)),
        },
      }];
    }
    return [];
  },
};

/** `kubernetes://name` and `name` both name a Secret; other SDS providers cannot be checked. */
function secretName(credentialName: string): string | undefined {
  if (credentialName.startsWith('kubernetes://')) return credentialName.slice('kubernetes://'.length);
  return credentialName.includes('://') ? undefined : credentialName;
}

export const gatewayCredentialSecretNotFoundRule: Rule = {
  id: 'gateway/credential/secret-not-found',
  severity: 'error',
  kinds: ['Gateway'],
  reads: ['Secret', 'Pod', 'WorkloadEntry', 'WorkloadGroup'],
  title: 'A TLS credentialName names no Secret in the gateway workload\'s namespace',
  fix: 'Create the TLS Secret in the namespace the gateway pods run in (not necessarily the Gateway\'s), or fix credentialName.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    let namespaces: string[] | undefined;
    for (const { server, i } of indexedServers(subject)) {
      const cred = server.tls?.credentialName;
      if (typeof cred !== 'string' || cred === '') continue;
      const name = secretName(cred);
      if (!name) continue;
      namespaces ??= gatewayWorkloadNamespaces(ctx, subject);
      const missing = namespaces.filter((ns) => !ctx.secretExists(subject.cluster, ns, name));
      if (missing.length === 0) continue;
      findings.push({
        path: `spec.servers[${i}].tls.credentialName`,
        message: `Secret ${name} not found in the gateway workload's namespace ${missing.join(', ')}`,
        context: { credentialName: cred, namespace: missing.join(', ') },
      });
    }
    return findings;
  },
};

export const gatewaySelectorNoWorkloadRule: Rule = {
  id: 'gateway/selector/no-workload',
  severity: 'warning',
  kinds: ['Gateway'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup'],
  title: 'A Gateway\'s selector matches no gateway pods',
  fix: 'Fix spec.selector to match the labels of the ingress/egress gateway pods (e.g. the IstioMeshGateway\'s pod labels).',
  check(subject, ctx) {
    const selector = gatewaySpec(subject).selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) return [];
    if (selectPods(ctx, subject.cluster, undefined, selector).length > 0) return [];
    return [{
      path: 'spec.selector',
      message: 'No gateway workload matches the selector',
      context: { selector: selectorKey(selector) },
    }];
  },
};

export const gatewayServerDuplicateHostRule: Rule = {
  id: 'gateway/server/duplicate-host',
  severity: 'warning',
  kinds: ['Gateway'],
  reads: ['Gateway'],
  title: 'Two Gateways on one workload serve the same host on the same port',
  fix: 'Serve each host and port from one Gateway; merge the servers or change the hosts.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const { server, i } of indexedServers(subject)) {
      const port = server.port?.number;
      if (typeof port !== 'number') continue;
      const others = (portUses(ctx).get(portKey(subject, port)) ?? []).filter((u) => u.gw.object !== subject.object);
      if (others.length === 0) continue;
      arr(server.hosts).forEach((h, j) => {
        if (typeof h !== 'string') return;
        const host = splitNamespacedHost(h).host;
        const clashing = others.filter((u) => u.hosts.some((o) => splitNamespacedHost(o).host === host));
        if (clashing.length === 0) return;
        findings.push({
          path: `spec.servers[${i}].hosts[${j}]`,
          message: `Host ${host} on port ${port} is also served by another Gateway`,
          context: { host, port: String(port), otherGateways: sortedJoin(clashing.map((u) => `${nsOf(u.gw)}/${nameOf(u.gw)}`)) },
        });
      });
    }
    return findings;
  },
};

/** Why a Gateway server host is malformed (`ns/host`, `*`, `*.example.com`), or undefined. */
function serverHostError(h: string): string | undefined {
  const parts = h.split('/');
  if (parts.length > 2) return 'more than one "/"';
  const host = parts[parts.length - 1]!;
  if (parts.length === 2 && parts[0] === '') return 'empty namespace before "/"';
  if (host === '') return 'empty host';
  if (host !== '*' && (host.slice(1).includes('*') || (host.startsWith('*') && !host.startsWith('*.')))) return 'a wildcard may only be the first label (`*.example.com`)';
  return undefined;
}

export const gatewayServerInvalidHostRule: Rule = {
  id: 'gateway/server/invalid-host',
  severity: 'error',
  kinds: ['Gateway'],
  reads: [],
  title: 'A Gateway server has no hosts or a malformed host',
  fix: 'List hosts as `host`, `*.domain` or `namespace/host` (namespace `*` or `.` allowed).',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { server, i } of indexedServers(subject)) {
      const hosts = arr(server.hosts);
      if (hosts.length === 0) {
        findings.push({ path: `spec.servers[${i}].hosts`, message: 'Gateway server has no hosts', context: { reason: 'no hosts' } });
        continue;
      }
      hosts.forEach((h, j) => {
        const reason = typeof h === 'string' ? serverHostError(h) : 'not a string';
        if (reason) findings.push({ path: `spec.servers[${i}].hosts[${j}]`, message: `Invalid gateway host ${String(h)}: ${reason}`, context: { host: String(h), reason } });
      });
    }
    return findings;
  },
};

export const gatewayServerNamespaceNotFoundRule: Rule = {
  id: 'gateway/server/namespace-not-found',
  severity: 'warning',
  kinds: ['Gateway'],
  reads: ['Namespace'],
  title: 'A Gateway server host names a namespace that does not exist (`ns/host`)',
  fix: 'Use an existing namespace, `*` (any) or `.` (the Gateway\'s) before the slash.',
  check(subject, ctx) {
    if (!namespacesKnown(ctx, subject.cluster)) return [];
    const findings: RuleFinding[] = [];
    for (const { server, i } of indexedServers(subject)) {
      arr(server.hosts).forEach((h, j) => {
        if (typeof h !== 'string') return;
        const { namespace } = splitNamespacedHost(h);
        if (namespace === undefined || namespace === '' || namespace === '*' || namespace === '.' || namespace.includes('/')) return;
        if (ctx.namespaceExists(subject.cluster, namespace)) return;
        findings.push({ path: `spec.servers[${i}].hosts[${j}]`, message: `Namespace ${namespace} not found`, context: { host: h, namespace } });
      });
    }
    return findings;
  },
};

export const gatewayServerTlsMissingRule: Rule = {
  id: 'gateway/server/tls-missing',
  severity: 'error',
  kinds: ['Gateway'],
  reads: [],
  title: 'An HTTPS or TLS Gateway server has no tls settings',
  fix: 'Add `tls` (mode SIMPLE with credentialName to terminate, PASSTHROUGH to pass TLS through), or use HTTP/TCP.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { server, i } of indexedServers(subject)) {
      const protocol = (server.port?.protocol ?? '').toUpperCase();
      if ((protocol === 'HTTPS' || protocol === 'TLS') && (!server.tls || typeof server.tls !== 'object')) {
        findings.push({ path: `spec.servers[${i}]`, message: `${protocol} server without tls settings`, context: { port: String(server.port?.number ?? ''), protocol } });
      }
    }
    return findings;
  },
};

export const gatewayTlsCredentialMissingRule: Rule = {
  id: 'gateway/tls/credential-missing',
  severity: 'error',
  kinds: ['Gateway'],
  reads: [],
  title: 'A SIMPLE or MUTUAL TLS Gateway server has no certificate',
  fix: 'Set tls.credentialName to the TLS Secret (or serverCertificate and privateKey).',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { server, i } of indexedServers(subject)) {
      const mode = (server.tls?.mode ?? '').toUpperCase();
      if (mode !== 'SIMPLE' && mode !== 'MUTUAL') continue;
      const tls = server.tls!;
      if (tls.credentialName || (tls.serverCertificate && tls.privateKey)) continue;
      findings.push({ path: `spec.servers[${i}].tls`, message: `TLS mode ${mode} without credentialName or serverCertificate/privateKey`, context: { mode, port: String(server.port?.number ?? '') } });
    }
    return findings;
  },
};

export const gatewayPortNameProtocolMismatchRule: Rule = {
  id: 'gateway/port/name-protocol-mismatch',
  severity: 'info',
  kinds: ['Gateway'],
  reads: [],
  title: 'A Gateway port\'s name suggests another protocol than the one set',
  fix: 'Name the port after its protocol (`https-443` for HTTPS) to avoid confusion.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { server, i } of indexedServers(subject)) {
      const named = protocolFromName(server.port?.name);
      const protocol = (server.port?.protocol ?? '').toUpperCase();
      if (!named || !protocol || named === protocol) continue;
      findings.push({
        path: `spec.servers[${i}].port.name`,
        message: `Port name ${server.port?.name} suggests ${named} but the protocol is ${protocol}`,
        context: { name: server.port?.name ?? '', protocol, nameProtocol: named },
      });
    }
    return findings;
  },
};

export const gatewayRules: readonly Rule[] = [
  gatewayReusedCertRule,
  gatewayPortProtocolConflictRule,
  gatewayCredentialSecretNotFoundRule,
  gatewaySelectorNoWorkloadRule,
  gatewayServerDuplicateHostRule,
  gatewayServerInvalidHostRule,
  gatewayServerNamespaceNotFoundRule,
  gatewayServerTlsMissingRule,
  gatewayTlsCredentialMissingRule,
  gatewayPortNameProtocolMismatchRule,
];
