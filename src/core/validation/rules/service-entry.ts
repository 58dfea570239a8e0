// ServiceEntry rules: registry entries Istio accepts (or half-accepts) that leave hosts
// unresolvable, shadow in-mesh Services, or select nothing. Istio's own validation and
// istioctl analyze are the models.

import { labelsMatch, type AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import {
  arr, indexBy, indexKey, nsOf, refOf, resolveHostIn, selectPods, selectorKey, serviceEntrySpec, sortedJoin,
} from './lookups-networking.js';

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const resolutionOf = (o: ConfigObject): string => (serviceEntrySpec(o).resolution ?? 'NONE').toUpperCase();

export const serviceEntryHostMissingRule: Rule = {
  id: 'serviceentry/host/missing',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'A ServiceEntry declares no hosts',
  fix: 'List at least one host in spec.hosts.',
  check(subject) {
    return arr(serviceEntrySpec(subject).hosts).filter(isStr).length > 0 ? [] : [{ path: 'spec.hosts', message: 'ServiceEntry has no hosts', context: {} }];
  },
};

export const serviceEntryPortMissingRule: Rule = {
  id: 'serviceentry/port/missing',
  severity: 'warning',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'A ServiceEntry declares no ports',
  fix: 'List the ports (number, name, protocol) the hosts serve; without them no listener or cluster is built.',
  check(subject) {
    return arr(serviceEntrySpec(subject).ports).length > 0 ? [] : [{ path: 'spec.ports', message: 'ServiceEntry has no ports', context: {} }];
  },
};

export const serviceEntryPortDuplicateRule: Rule = {
  id: 'serviceentry/port/duplicate',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'Two ports of a ServiceEntry have the same number or name',
  fix: 'Give each port a unique number and name.',
  check(subject) {
    const findings: RuleFinding[] = [];
    const numbers = new Map<number, number>();
    const names = new Map<string, number>();
    arr(serviceEntrySpec(subject).ports).forEach((p, i) => {
      if (!p || typeof p !== 'object') return;
      if (typeof p.number === 'number') {
        const first = numbers.get(p.number);
        if (first !== undefined) findings.push({ path: `spec.ports[${i}].number`, message: `Port ${p.number} is declared twice`, context: { port: String(p.number), duplicateOf: `spec.ports[${first}]` } });
        else numbers.set(p.number, i);
      }
      if (isStr(p.name)) {
        const first = names.get(p.name);
        if (first !== undefined) findings.push({ path: `spec.ports[${i}].name`, message: `Port name ${p.name} is declared twice`, context: { name: p.name, duplicateOf: `spec.ports[${first}]` } });
        else names.set(p.name, i);
      }
    });
    return findings;
  },
};

export const serviceEntryDnsRequiresFqdnRule: Rule = {
  id: 'serviceentry/resolution/dns-requires-fqdn',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'DNS resolution without endpoints needs fully qualified hosts (no wildcards)',
  fix: 'Use resolution NONE for wildcard hosts, list endpoints, or name exact hosts.',
  check(subject) {
    const resolution = resolutionOf(subject);
    if (resolution !== 'DNS' && resolution !== 'DNS_ROUND_ROBIN') return [];
    const spec = serviceEntrySpec(subject);
    if (arr(spec.endpoints).length > 0) return [];
    const findings: RuleFinding[] = [];
    arr(spec.hosts).forEach((h, i) => {
      if (isStr(h) && h.includes('*')) findings.push({ path: `spec.hosts[${i}]`, message: `Host ${h} cannot be resolved by DNS: no endpoints and a wildcard`, context: { host: h, resolution } });
    });
    return findings;
  },
};

export const serviceEntryStaticWithoutEndpointsRule: Rule = {
  id: 'serviceentry/resolution/static-without-endpoints',
  severity: 'warning',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'STATIC resolution without endpoints or workloadSelector',
  fix: 'List the endpoints\' IP addresses, select WorkloadEntries with workloadSelector, or use DNS resolution.',
  check(subject) {
    if (resolutionOf(subject) !== 'STATIC') return [];
    const spec = serviceEntrySpec(subject);
    if (arr(spec.endpoints).length > 0 || spec.workloadSelector) return [];
    return [{ path: 'spec.resolution', message: 'STATIC resolution without endpoints: the hosts have no addresses', context: { resolution: 'STATIC' } }];
  },
};

export const serviceEntryNoneWithEndpointsRule: Rule = {
  id: 'serviceentry/resolution/none-with-endpoints',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'Resolution NONE with endpoints',
  fix: 'Use STATIC (IP endpoints) or DNS (host name endpoints) resolution, or remove the endpoints.',
  check(subject) {
    if (resolutionOf(subject) !== 'NONE' || arr(serviceEntrySpec(subject).endpoints).length === 0) return [];
    return [{ path: 'spec.endpoints', message: 'Endpoints are ignored with resolution NONE', context: { resolution: 'NONE' } }];
  },
};

export const serviceEntryDnsRoundRobinEndpointsRule: Rule = {
  id: 'serviceentry/resolution/dns-round-robin-endpoints',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'DNS_ROUND_ROBIN resolution with more than one endpoint',
  fix: 'DNS_ROUND_ROBIN takes at most one endpoint: use DNS resolution for several.',
  check(subject) {
    const n = arr(serviceEntrySpec(subject).endpoints).length;
    if (resolutionOf(subject) !== 'DNS_ROUND_ROBIN' || n <= 1) return [];
    return [{ path: 'spec.endpoints', message: `DNS_ROUND_ROBIN resolution with ${n} endpoints`, context: { endpoints: String(n) } }];
  },
};

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
function isIP(a: string): boolean {
  const m = IPV4.exec(a);
  if (m) return m.slice(1).every((x) => Number(x) <= 255);
  return a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a);
}

export const serviceEntryEndpointAddressRule: Rule = {
  id: 'serviceentry/endpoint/invalid-address',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'A STATIC endpoint address is not an IP address',
  fix: 'STATIC endpoints need IP addresses (or unix:// sockets); use DNS resolution for host names.',
  check(subject) {
    if (resolutionOf(subject) !== 'STATIC') return [];
    const findings: RuleFinding[] = [];
    arr(serviceEntrySpec(subject).endpoints).forEach((e, i) => {
      const a = e?.address;
      if (typeof a !== 'string' || a.startsWith('unix://') || isIP(a)) return;
      findings.push({ path: `spec.endpoints[${i}].address`, message: `Endpoint address ${a} is not an IP address`, context: { address: a } });
    });
    return findings;
  },
};

export const serviceEntryCidrResolutionRule: Rule = {
  id: 'serviceentry/address/cidr-resolution',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'CIDR addresses with DNS resolution',
  fix: 'CIDR addresses are allowed only with NONE or STATIC resolution.',
  check(subject) {
    const resolution = resolutionOf(subject);
    if (resolution === 'NONE' || resolution === 'STATIC') return [];
    const findings: RuleFinding[] = [];
    arr(serviceEntrySpec(subject).addresses).forEach((a, i) => {
      if (isStr(a) && a.includes('/')) findings.push({ path: `spec.addresses[${i}]`, message: `CIDR address ${a} with resolution ${resolution}`, context: { address: a, resolution } });
    });
    return findings;
  },
};

export const serviceEntryEndpointsWithSelectorRule: Rule = {
  id: 'serviceentry/endpoints/with-workload-selector',
  severity: 'error',
  kinds: ['ServiceEntry'],
  reads: [],
  title: 'A ServiceEntry sets both endpoints and workloadSelector',
  fix: 'Use either endpoints or workloadSelector, not both.',
  check(subject) {
    const spec = serviceEntrySpec(subject);
    if (!spec.workloadSelector || arr(spec.endpoints).length === 0) return [];
    return [{ path: 'spec.workloadSelector', message: 'Only one of workloadSelector and endpoints may be set', context: { endpoints: String(arr(spec.endpoints).length) } }];
  },
};

/** The namespaces that see a ServiceEntry (undefined: all). */
function visibleIn(se: ConfigObject): Set<string> | undefined {
  const exportTo = arr((se.object.spec as { exportTo?: string[] } | undefined)?.exportTo).filter(isStr);
  if (exportTo.length === 0 || exportTo.includes('*')) return undefined;
  return new Set(exportTo.filter((e) => e !== '~').map((e) => (e === '.' ? nsOf(se) : e)));
}
function seenTogether(a: ConfigObject, b: ConfigObject): boolean {
  const va = visibleIn(a);
  const vb = visibleIn(b);
  if (!va || !vb) return (va?.size ?? 1) > 0 && (vb?.size ?? 1) > 0;
  return [...va].some((n) => vb.has(n));
}

const entriesByHost = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'se:hosts', () => ctx.all('ServiceEntry'),
  (se) => arr(serviceEntrySpec(se).hosts).filter(isStr).map((h) => indexKey(se.cluster, h)));

export const serviceEntryHostDuplicateRule: Rule = {
  id: 'serviceentry/host/duplicate',
  severity: 'warning',
  kinds: ['ServiceEntry'],
  reads: ['ServiceEntry'],
  title: 'Several ServiceEntries declare one host',
  fix: 'Declare each host in one ServiceEntry (or limit them with exportTo), or proxies pick one arbitrarily.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    arr(serviceEntrySpec(subject).hosts).forEach((h, i) => {
      if (!isStr(h)) return;
      const others = (entriesByHost(ctx).get(indexKey(subject.cluster, h)) ?? []).filter((o) => o.object !== subject.object && seenTogether(subject, o));
      if (others.length === 0) return;
      findings.push({ path: `spec.hosts[${i}]`, message: `Host ${h} is also declared by ${sortedJoin(others.map(refOf))}`, context: { host: h, otherServiceEntries: sortedJoin(others.map(refOf)) } });
    });
    return findings;
  },
};

export const serviceEntryHostShadowsServiceRule: Rule = {
  id: 'serviceentry/host/shadows-service',
  severity: 'warning',
  kinds: ['ServiceEntry'],
  reads: ['Service'],
  title: 'A ServiceEntry host is the host of an in-mesh Kubernetes Service',
  fix: 'Do not redeclare in-mesh Services: route with a VirtualService, or add VMs with WorkloadEntries.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    arr(serviceEntrySpec(subject).hosts).forEach((h, i) => {
      if (!isStr(h) || h.includes('*')) return;
      const services = resolveHostIn(ctx, subject.cluster, nsOf(subject), h).filter((t) => t.kind === 'Service');
      if (services.length === 0) return;
      const svc = sortedJoin(services.map((s) => `${s.namespace}/${s.name}`));
      findings.push({ path: `spec.hosts[${i}]`, message: `Host ${h} shadows the Service ${svc}`, context: { host: h, service: svc } });
    });
    return findings;
  },
};

export const serviceEntryWorkloadSelectorNoWorkloadRule: Rule = {
  id: 'serviceentry/workload-selector/no-workload',
  severity: 'warning',
  kinds: ['ServiceEntry'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup'],
  title: 'A ServiceEntry\'s workloadSelector matches no pods or WorkloadEntries',
  fix: 'Fix spec.workloadSelector.labels to match the pods or WorkloadEntries of the ServiceEntry\'s namespace.',
  check(subject, ctx) {
    const labels = serviceEntrySpec(subject).workloadSelector?.labels;
    if (!labels || typeof labels !== 'object' || Object.keys(labels).length === 0) return [];
    const ns = nsOf(subject);
    if (selectPods(ctx, subject.cluster, ns, labels).length > 0) return [];
    const entries = ctx.inNamespace('WorkloadEntry', subject.cluster, ns).some((e) => {
      const specLabels = (e.object.spec as { labels?: Record<string, string> } | undefined)?.labels;
      return labelsMatch(labels, { ...(specLabels ?? {}), ...(e.object.metadata.labels ?? {}) });
    });
    if (entries) return [];
    return [{ path: 'spec.workloadSelector.labels', message: 'No pod or WorkloadEntry matches the workloadSelector', context: { selector: selectorKey(labels), namespace: ns } }];
  },
};

export const serviceEntryRules: readonly Rule[] = [
  serviceEntryHostMissingRule,
  serviceEntryPortMissingRule,
  serviceEntryPortDuplicateRule,
  serviceEntryDnsRequiresFqdnRule,
  serviceEntryStaticWithoutEndpointsRule,
  serviceEntryNoneWithEndpointsRule,
  serviceEntryDnsRoundRobinEndpointsRule,
  serviceEntryEndpointAddressRule,
  serviceEntryCidrResolutionRule,
  serviceEntryEndpointsWithSelectorRule,
  serviceEntryHostDuplicateRule,
  serviceEntryHostShadowsServiceRule,
  serviceEntryWorkloadSelectorNoWorkloadRule,
];
