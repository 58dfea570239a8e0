// Service rules: Kubernetes Services as Istio sees them. Istio picks a port's protocol from
// appProtocol, then the port name's prefix (`http-web`), else sniffs it; it needs selected pods
// (or a ServiceEntry) for endpoints. Modelled on istioctl analyze's service analyzers.

import { canonicalApp, protocolFromName, servicePortProtocol } from '../../model/index.js';
import type { ServiceObject } from '../../model/k8s.js';
import type { AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import { arr, indexBy, isRecord, K, listSome, nameOf, nsOf, podObject, resolveHostIn, selectPods, sortedJoin } from './lookups-policy.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

type PortSpec = NonNullable<NonNullable<ServiceObject['spec']>['ports']>[number];
const specOf = (o: ConfigObject): NonNullable<ServiceObject['spec']> => (isRecord(o.object.spec) ? o.object.spec : {}) as NonNullable<ServiceObject['spec']>;
const portsOf = (o: ConfigObject): { port: PortSpec; i: number }[] =>
  arr(specOf(o).ports).map((port, i) => ({ port, i })).filter(({ port }) => isRecord(port));
const selectorOf = (o: ConfigObject): Record<string, string> | undefined => {
  const s = specOf(o).selector;
  return isRecord(s) && Object.keys(s).length > 0 ? s : undefined;
};
const inSystemNamespace = (o: ConfigObject): boolean => SYSTEM_NAMESPACES.has(nsOf(o));
const portPath = (i: number, port: PortSpec): string => (port.name ? `spec.ports[${i}].name` : `spec.ports[${i}]`);

export const servicePortNameProtocolRule: Rule = {
  id: 'service/port/name-protocol',
  severity: 'info',
  kinds: ['Service'],
  reads: [],
  title: 'A Service port has neither a protocol name prefix nor appProtocol (Istio sniffs the protocol)',
  fix: 'Name the port `<protocol>[-<suffix>]` (`http-web`, `grpc`, `tcp-db`) or set appProtocol, so Istio need not guess.',
  check(subject) {
    if (inSystemNamespace(subject)) return [];
    const findings: RuleFinding[] = [];
    for (const { port, i } of portsOf(subject)) {
      if (servicePortProtocol(port).protocolSource !== 'auto') continue;
      findings.push({
        path: portPath(i, port),
        message: `Port ${port.port}${port.name ? ` (${port.name})` : ''} has no protocol prefix or appProtocol: Istio sniffs it, or treats it as TCP`,
        context: { port: String(port.port), name: port.name ?? '' },
      });
    }
    return findings;
  },
};

export const servicePortAppProtocolConflictRule: Rule = {
  id: 'service/port/app-protocol-conflict',
  severity: 'warning',
  kinds: ['Service'],
  reads: [],
  title: 'A Service port name\'s protocol prefix contradicts its appProtocol',
  fix: 'Make the name prefix and appProtocol agree; Istio uses appProtocol.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { port, i } of portsOf(subject)) {
      const byName = protocolFromName(port.name);
      const byApp = protocolFromName(port.appProtocol);
      if (!byName || !byApp || byName === byApp) continue;
      findings.push({
        path: `spec.ports[${i}].appProtocol`,
        message: `Port ${port.port}: name ${port.name} says ${byName}, appProtocol ${port.appProtocol} says ${byApp} (Istio uses ${byApp})`,
        context: { port: String(port.port), name: port.name ?? '', nameProtocol: byName, appProtocol: port.appProtocol ?? '' },
      });
    }
    return findings;
  },
};

/** Server-first protocols by well-known port, and by a hint in the port or service name. */
const SERVER_FIRST_PORTS: Record<number, string> = { 3306: 'MySQL', 33060: 'MySQL X', 25: 'SMTP', 587: 'SMTP', 21: 'FTP', 110: 'POP3', 143: 'IMAP', 4222: 'NATS' };
const SERVER_FIRST_NAMES: [RegExp, string][] = [[/mysql|mariadb/, 'MySQL'], [/smtp/, 'SMTP'], [/ftp/, 'FTP'], [/nats/, 'NATS'], [/pop3|imap/, 'mail']];

export const servicePortServerFirstSniffedRule: Rule = {
  id: 'service/port/server-first-sniffed',
  severity: 'warning',
  kinds: ['Service'],
  reads: [],
  title: 'A server-first protocol (MySQL, SMTP, …) on a port Istio sniffs',
  fix: 'Name the port `tcp-…` (or `mysql-…`) or set appProtocol: tcp. Protocol sniffing waits for the client to speak first and stalls server-first protocols.',
  check(subject) {
    if (inSystemNamespace(subject)) return [];
    const findings: RuleFinding[] = [];
    for (const { port, i } of portsOf(subject)) {
      if (servicePortProtocol(port).protocolSource !== 'auto') continue;
      const names = `${port.name ?? ''} ${nameOf(subject)}`.toLowerCase();
      const guess = SERVER_FIRST_NAMES.find(([re]) => re.test(names))?.[1]
        ?? SERVER_FIRST_PORTS[port.port] ?? (typeof port.targetPort === 'number' ? SERVER_FIRST_PORTS[port.targetPort] : undefined);
      if (!guess) continue;
      findings.push({
        path: portPath(i, port),
        message: `Port ${port.port} looks like ${guess}, a server-first protocol, but Istio sniffs its protocol`,
        context: { port: String(port.port), name: port.name ?? '', protocol: guess },
      });
    }
    return findings;
  },
};

/** Services with hand-made endpoints: Endpoints / EndpointSlices by (cluster, namespace, service). */
const endpointsIndex = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'svc:endpoints', 'Endpoints', (o) => [K(o.cluster, nsOf(o), nameOf(o))]);
const sliceIndex = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'svc:slices', 'EndpointSlice',
  (o) => { const s = o.object.metadata.labels?.['kubernetes.io/service-name']; return s ? [K(o.cluster, nsOf(o), s)] : []; });

export const serviceSelectorMissingRule: Rule = {
  id: 'service/selector/missing',
  severity: 'info',
  kinds: ['Service'],
  reads: ['ServiceEntry', 'Endpoints', 'EndpointSlice'],
  title: 'A Service without a selector and without a ServiceEntry or Endpoints (no endpoints for Istio)',
  fix: 'Add a selector, or give the Service Endpoints (or a ServiceEntry with workloadSelector/endpoints) for Istio to route to.',
  check(subject, ctx) {
    const spec = specOf(subject);
    if (selectorOf(subject) || (spec.type ?? 'ClusterIP') === 'ExternalName' || inSystemNamespace(subject)) return [];
    const k = K(subject.cluster, nsOf(subject), nameOf(subject));
    if ((endpointsIndex(ctx).get(k) ?? []).length > 0 || (sliceIndex(ctx).get(k) ?? []).length > 0) return [];
    const host = `${nameOf(subject)}.${nsOf(subject)}.svc.${ctx.domain}`;
    if (resolveHostIn(ctx, subject.cluster, nsOf(subject), host).some((t) => t.kind === 'ServiceEntry')) return [];
    return [{ path: 'spec.selector', message: 'Service has no selector and no ServiceEntry: Istio knows no endpoints for it', context: { host } }];
  },
};

export const serviceTargetPortNotFoundRule: Rule = {
  id: 'service/port/target-port-not-found',
  severity: 'error',
  kinds: ['Service'],
  reads: ['Pod'],
  title: 'A Service port\'s named targetPort is not a container port of the selected pods',
  fix: 'Name the container port (spec.containers[].ports[].name) as the targetPort, or use the port number.',
  check(subject, ctx) {
    const selector = selectorOf(subject);
    const named = portsOf(subject).filter(({ port }) => typeof port.targetPort === 'string' && port.targetPort !== '' && !/^\d+$/.test(port.targetPort));
    if (!selector || named.length === 0) return [];
    const pods = selectPods(ctx, subject.cluster, nsOf(subject), selector).filter((p) => p.source === 'Pod');
    if (pods.length === 0) return [];
    const portNames = pods.map((p) => new Set(arr(podObject(ctx, p)?.spec?.containers).flatMap((c) => arr(c?.ports).map((cp) => cp?.name))));
    const findings: RuleFinding[] = [];
    for (const { port, i } of named) {
      const target = String(port.targetPort);
      const without = pods.filter((_, j) => !portNames[j]!.has(target));
      if (without.length === 0) continue;
      findings.push({
        path: `spec.ports[${i}].targetPort`,
        message: `No container port named ${target} in ${without.length === pods.length ? 'any' : `${without.length} of the ${pods.length}`} selected pod(s)`,
        context: { targetPort: target, podsWithoutPort: listSome(without.map((p) => p.name)) },
        ...(without.length < pods.length ? { severity: 'warning' as const } : {}),
      });
    }
    return findings;
  },
};

export const serviceSelectorMultipleAppsRule: Rule = {
  id: 'service/selector/multiple-apps',
  severity: 'warning',
  kinds: ['Service'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup'],
  title: 'A Service selects pods of several apps',
  fix: 'Narrow the selector (add `app: <name>`): Istio\'s telemetry, subsets and policies assume one app per Service.',
  check(subject, ctx) {
    const selector = selectorOf(subject);
    if (!selector) return [];
    const apps = new Set<string>();
    for (const p of selectPods(ctx, subject.cluster, nsOf(subject), selector)) {
      const app = canonicalApp(p.labels);
      if (app) apps.add(app);
    }
    if (apps.size < 2) return [];
    return [{ path: 'spec.selector', message: `Service selects pods of ${apps.size} apps`, context: { apps: sortedJoin(apps) } }];
  },
};

export const serviceRules: readonly Rule[] = [
  servicePortNameProtocolRule,
  servicePortAppProtocolConflictRule,
  servicePortServerFirstSniffedRule,
  serviceSelectorMissingRule,
  serviceTargetPortNotFoundRule,
  serviceSelectorMultipleAppsRule,
];
