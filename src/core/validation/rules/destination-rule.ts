// DestinationRule rules: what Istio accepts on a DestinationRule but breaks or silently
// ignores: hosts and subsets that select nothing, TLS settings contradicting the servers'
// PeerAuthentication, and traffic policies out of range. Modelled on Kiali's DR checkers.

import type { AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import {
  arr, durationMs, indexBy, isRecord, K, matchLabelsOf, namespaceMtls, nsOf, peerAuthIndex, peerAuthMode, podMtls,
  refOf, resolveHostAnywhere, resolveHostIn, selectPods, selectorKey, sortedJoin, specOf, upper,
  type DestinationRuleSpec, type EffectiveMtls, type TrafficPolicy,
} from './lookups-policy.js';

const drSpec = (o: ConfigObject): DestinationRuleSpec => specOf<DestinationRuleSpec>(o);
const hostOf = (o: ConfigObject): string | undefined => {
  const h = drSpec(o).host;
  return typeof h === 'string' && h !== '' ? h : undefined;
};

/** Every traffic policy of a DR with its path: top level, its port-level settings, subsets' and theirs. */
function trafficPolicies(o: ConfigObject): { policy: TrafficPolicy; path: string }[] {
  const out: { policy: TrafficPolicy; path: string }[] = [];
  const add = (policy: unknown, path: string): void => {
    if (!isRecord(policy)) return;
    const tp = policy as TrafficPolicy;
    out.push({ policy: tp, path });
    arr(tp.portLevelSettings).forEach((p, i) => { if (isRecord(p)) out.push({ policy: p as TrafficPolicy, path: `${path}.portLevelSettings[${i}]` }); });
  };
  const spec = drSpec(o);
  add(spec.trafficPolicy, 'spec.trafficPolicy');
  arr(spec.subsets).forEach((s, i) => { if (isRecord(s)) add(s.trafficPolicy, `spec.subsets[${i}].trafficPolicy`); });
  return out;
}

const tlsModes = (o: ConfigObject): { mode: string; path: string }[] =>
  trafficPolicies(o).filter(({ policy }) => isRecord(policy.tls)).map(({ policy, path }) => ({ mode: upper(policy.tls?.mode), path: `${path}.tls.mode` }));

const MTLS_ON = new Set(['STRICT', 'PERMISSIVE']);

export const destinationRuleMissingMeshPolicyRule: Rule = {
  id: 'destinationrule/enabled-mtls/missing-mesh-policy',
  severity: 'error',
  kinds: ['DestinationRule'],
  reads: ['PeerAuthentication', 'IstioControlPlane', 'Deployment'],
  title: 'A DestinationRule enables mTLS (ISTIO_MUTUAL) but no mesh-wide PeerAuthentication enables mTLS',
  fix: 'Add a mesh-wide PeerAuthentication (root namespace, no selector) with mtls.mode STRICT or PERMISSIVE, or drop the ISTIO_MUTUAL tls setting.',
  check(subject, ctx) {
    const host = hostOf(subject);
    if (!host) return [];
    const mutual = tlsModes(subject).find((t) => t.mode === 'ISTIO_MUTUAL');
    if (!mutual) return [];
    const mesh = peerAuthIndex(ctx).mesh.get(K(subject.cluster)) ?? [];
    if (mesh.some((pa) => MTLS_ON.has(peerAuthMode(pa)))) return [];
    return [{
      path: 'spec.host',
      message: 'missing mesh policy',
      context: { hostname: host, tlsMode: mutual.path, rootNamespace: ctx.rootNamespace(subject.cluster) },
    }];
  },
};

export const destinationRuleHostNotFoundRule: Rule = {
  id: 'destinationrule/host/not-found',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: ['Service', 'ServiceEntry'],
  title: 'A DestinationRule\'s host resolves to no Service or ServiceEntry',
  fix: 'Fix spec.host to name an existing Service (`name`, `name.namespace` or its FQDN) or a ServiceEntry host.',
  check(subject, ctx) {
    const host = hostOf(subject);
    if (!host || host.includes('*')) return [];
    if (resolveHostAnywhere(ctx, subject.cluster, nsOf(subject), host).length > 0) return [];
    return [{
      path: 'spec.host',
      message: `Host ${host} not found in the service registry`,
      context: { host, fqdn: ctx.fqdn(host, nsOf(subject)) },
    }];
  },
};

export const destinationRuleSubsetNoPodsRule: Rule = {
  id: 'destinationrule/subset/no-matching-pods',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup', 'Service', 'ServiceEntry'],
  title: 'A DestinationRule subset\'s labels match no pod of its host',
  fix: 'Fix the subset labels to those of the host\'s pods (e.g. `version: v1`), or deploy the workload.',
  check(subject, ctx) {
    const host = hostOf(subject);
    if (!host || host.includes('*')) return [];
    // Only hosts whose pods we can see: Services (and ServiceEntries) with a selector.
    const targets = resolveHostIn(ctx, subject.cluster, nsOf(subject), host).filter((t) => t.selector && Object.keys(t.selector).length > 0);
    if (targets.length === 0) return [];
    const findings: RuleFinding[] = [];
    arr(drSpec(subject).subsets).forEach((s, i) => {
      if (!isRecord(s) || !isRecord(s.labels) || Object.keys(s.labels).length === 0) return;
      const labels = s.labels as Record<string, string>;
      const matched = targets.some((t) => selectPods(ctx, t.cluster, t.namespace, { ...t.selector, ...labels }).length > 0);
      if (matched) return;
      findings.push({
        path: `spec.subsets[${i}].labels`,
        message: `No pod of ${host} matches the labels of subset ${String(s.name ?? i)}`,
        context: { subset: String(s.name ?? ''), labels: selectorKey(labels), host },
      });
    });
    return findings;
  },
};

export const destinationRuleSubsetDuplicateNameRule: Rule = {
  id: 'destinationrule/subset/duplicate-name',
  severity: 'error',
  kinds: ['DestinationRule'],
  reads: [],
  title: 'Two subsets of a DestinationRule have the same name',
  fix: 'Give every subset a unique name; routes pick a subset by name.',
  check(subject) {
    const seen = new Map<string, number>();
    const findings: RuleFinding[] = [];
    arr(drSpec(subject).subsets).forEach((s, i) => {
      if (!isRecord(s) || typeof s.name !== 'string') return;
      const first = seen.get(s.name);
      if (first === undefined) seen.set(s.name, i);
      else findings.push({ path: `spec.subsets[${i}].name`, message: `Subset ${s.name} is already defined`, context: { subset: s.name, firstIndex: String(first) } });
    });
    return findings;
  },
};

/** DestinationRules by (cluster, namespace, FQDN host). */
const drsByHost = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'dr:byHost', 'DestinationRule', (o) => {
  const h = hostOf(o);
  return h ? [K(o.cluster, nsOf(o), ctx.fqdn(h, nsOf(o)))] : [];
});
const subsetNames = (o: ConfigObject): string[] => arr(drSpec(o).subsets).map((s) => (isRecord(s) && typeof s.name === 'string' ? s.name : '')).filter((n) => n !== '');

export const destinationRuleMultipleForHostRule: Rule = {
  id: 'destinationrule/host/multiple',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: ['DestinationRule'],
  title: 'Several DestinationRules in one namespace configure the same host (and subset)',
  fix: 'Merge the DestinationRules of a host into one; Istio merges only non-conflicting ones and otherwise keeps the oldest.',
  check(subject, ctx) {
    const host = hostOf(subject);
    if (!host) return [];
    const fqdn = ctx.fqdn(host, nsOf(subject));
    const mine = subsetNames(subject);
    const hasPolicy = isRecord(drSpec(subject).trafficPolicy);
    const others = (drsByHost(ctx).get(K(subject.cluster, nsOf(subject), fqdn)) ?? []).filter((o) => o.object !== subject.object);
    const clashing = others.filter((o) => {
      const theirs = subsetNames(o);
      if (mine.length === 0 && theirs.length === 0) return true;
      if (hasPolicy && isRecord(drSpec(o).trafficPolicy)) return true;
      return mine.some((n) => theirs.includes(n));
    });
    if (clashing.length === 0) return [];
    const shared = mine.filter((n) => clashing.some((o) => subsetNames(o).includes(n)));
    return [{
      path: 'spec.host',
      message: `More than one DestinationRule for host ${host}`,
      context: { host: fqdn, otherDestinationRules: sortedJoin(clashing.map(refOf)), ...(shared.length > 0 ? { subsets: sortedJoin(shared) } : {}) },
    }];
  },
};

/** The effective mTLS modes of a host's server workloads (its Services' pods, or their namespace). */
function serverModes(ctx: AnalysisContext, subject: ConfigObject, host: string): EffectiveMtls[] {
  const out: EffectiveMtls[] = [];
  for (const t of resolveHostIn(ctx, subject.cluster, nsOf(subject), host)) {
    if (t.kind !== 'Service') continue;
    const pods = t.selector && Object.keys(t.selector).length > 0 ? selectPods(ctx, t.cluster, t.namespace, t.selector).filter((p) => p.sidecar) : [];
    if (pods.length === 0) out.push(namespaceMtls(ctx, t.cluster, t.namespace));
    else for (const p of pods) out.push(podMtls(ctx, p));
  }
  return out;
}

function tlsVersusPeerAuthentication(subject: ConfigObject, ctx: AnalysisContext, drMode: string, serverMode: EffectiveMtls['mode']): RuleFinding[] {
  const host = hostOf(subject);
  if (!host || host.includes('*')) return [];
  const modes = tlsModes(subject).filter((t) => t.mode === drMode);
  if (modes.length === 0) return [];
  const conflicting = serverModes(ctx, subject, host).filter((m) => m.mode === serverMode);
  if (conflicting.length === 0) return [];
  const policies = conflicting.map((m) => (m.policy ? refOf(m.policy) : '')).filter((p) => p !== '');
  return modes.map((t) => ({
    path: t.path,
    message: `TLS mode ${drMode} for ${host}, but its workloads' PeerAuthentication mode is ${serverMode}`,
    context: { host, tlsMode: drMode, peerAuthenticationMode: serverMode, peerAuthentications: sortedJoin(policies) },
  }));
}

const MTLS_READS = ['PeerAuthentication', 'Service', 'ServiceEntry', 'Pod', 'WorkloadEntry', 'WorkloadGroup', 'IstioControlPlane', 'Deployment'];

export const destinationRuleTlsDisabledStrictRule: Rule = {
  id: 'destinationrule/tls/disabled-strict-policy',
  severity: 'error',
  kinds: ['DestinationRule'],
  reads: MTLS_READS,
  title: 'A DestinationRule disables TLS to workloads whose PeerAuthentication is STRICT',
  fix: 'Use tls.mode ISTIO_MUTUAL (or drop tls to let auto mTLS decide), or relax the PeerAuthentication to PERMISSIVE.',
  check: (subject, ctx) => tlsVersusPeerAuthentication(subject, ctx, 'DISABLE', 'STRICT'),
};

export const destinationRuleTlsMutualDisabledRule: Rule = {
  id: 'destinationrule/tls/mutual-disabled-policy',
  severity: 'error',
  kinds: ['DestinationRule'],
  reads: MTLS_READS,
  title: 'A DestinationRule sends Istio mTLS to workloads whose PeerAuthentication disables mTLS',
  fix: 'Drop tls.mode ISTIO_MUTUAL for this host, or set the PeerAuthentication to PERMISSIVE or STRICT.',
  check: (subject, ctx) => tlsVersusPeerAuthentication(subject, ctx, 'ISTIO_MUTUAL', 'DISABLE'),
};

export const destinationRuleTlsMutualCredentialsRule: Rule = {
  id: 'destinationrule/tls/mutual-credentials-missing',
  severity: 'error',
  kinds: ['DestinationRule'],
  reads: [],
  title: 'A DestinationRule uses MUTUAL TLS without a client certificate',
  fix: 'Set tls.credentialName (a Secret with the client certificate) or clientCertificate and privateKey.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { policy, path } of trafficPolicies(subject)) {
      const tls = policy.tls;
      if (!isRecord(tls) || upper(tls.mode) !== 'MUTUAL') continue;
      if (tls.credentialName || (tls.clientCertificate && tls.privateKey)) continue;
      findings.push({
        path: `${path}.tls`,
        message: 'TLS mode MUTUAL without credentialName or clientCertificate/privateKey',
        context: { mode: 'MUTUAL', missing: tls.clientCertificate ? 'privateKey' : tls.privateKey ? 'clientCertificate' : 'credentialName or clientCertificate/privateKey' },
      });
    }
    return findings;
  },
};

export const destinationRuleTlsSimpleSniRule: Rule = {
  id: 'destinationrule/tls/sni-missing',
  severity: 'info',
  kinds: ['DestinationRule'],
  reads: [],
  title: 'A DestinationRule originates TLS (SIMPLE/MUTUAL) to an external host without sni',
  fix: 'Set tls.sni to the server\'s name; many servers need SNI to pick a certificate.',
  check(subject, ctx) {
    const host = hostOf(subject);
    if (!host || host.includes('*') || !host.includes('.') || host.endsWith(`.svc.${ctx.domain}`) || host.split('.').length === 2) return [];
    const findings: RuleFinding[] = [];
    for (const { policy, path } of trafficPolicies(subject)) {
      const tls = policy.tls;
      const mode = upper(tls?.mode);
      if (!isRecord(tls) || (mode !== 'SIMPLE' && mode !== 'MUTUAL') || tls.sni) continue;
      findings.push({ path: `${path}.tls`, message: `TLS mode ${mode} to ${host} without sni`, context: { host, mode } });
    }
    return findings;
  },
};

const nonNegative = (v: unknown): boolean => typeof v !== 'number' || v >= 0;
const percent = (v: unknown): boolean => typeof v !== 'number' || (v >= 0 && v <= 100);
const positiveDuration = (v: unknown): string | undefined => {
  if (v === undefined) return undefined;
  const ms = durationMs(v);
  if (ms === undefined) return 'not a duration (e.g. `10s`)';
  return ms <= 0 ? 'must be positive' : undefined;
};

export const destinationRuleOutlierDetectionRule: Rule = {
  id: 'destinationrule/outlier-detection/out-of-range',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: [],
  title: 'Outlier detection values out of range (percent outside 0–100, negative counts, bad durations)',
  fix: 'Use percentages between 0 and 100, non-negative error counts and positive durations such as `10s`.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { policy, path } of trafficPolicies(subject)) {
      const od = policy.outlierDetection;
      if (!isRecord(od)) continue;
      const base = `${path}.outlierDetection`;
      const bad = (field: string, value: unknown, reason: string): void => {
        findings.push({ path: `${base}.${field}`, message: `outlierDetection.${field} ${String(value)}: ${reason}`, context: { field, value: String(value), reason } });
      };
      for (const f of ['maxEjectionPercent', 'minHealthPercent'] as const) if (!percent(od[f])) bad(f, od[f], 'must be between 0 and 100');
      for (const f of ['consecutiveErrors', 'consecutive5xxErrors', 'consecutiveGatewayErrors', 'consecutiveLocalOriginFailures'] as const) {
        if (!nonNegative(od[f])) bad(f, od[f], 'must not be negative');
      }
      for (const f of ['interval', 'baseEjectionTime'] as const) {
        const reason = positiveDuration(od[f]);
        if (reason) bad(f, od[f], reason);
      }
      if (od.consecutive5xxErrors === 0 && od.consecutiveGatewayErrors === 0 && od.consecutiveLocalOriginFailures === undefined) {
        findings.push({ path: base, message: 'outlier detection never ejects a host: both error counts are 0', context: { field: 'consecutive5xxErrors', value: '0', reason: 'disabled' }, severity: 'info' });
      }
    }
    return findings;
  },
};

export const destinationRuleConnectionPoolRule: Rule = {
  id: 'destinationrule/connection-pool/out-of-range',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: [],
  title: 'Connection pool values out of range (negative limits, bad timeouts)',
  fix: 'Use positive connection and request limits and positive durations such as `30ms` or `1h`.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { policy, path } of trafficPolicies(subject)) {
      const cp = policy.connectionPool;
      if (!isRecord(cp)) continue;
      const bad = (field: string, value: unknown, reason: string): void => {
        findings.push({ path: `${path}.connectionPool.${field}`, message: `connectionPool.${field} ${String(value)}: ${reason}`, context: { field, value: String(value), reason } });
      };
      if (isRecord(cp.tcp)) {
        if (!nonNegative(cp.tcp.maxConnections)) bad('tcp.maxConnections', cp.tcp.maxConnections, 'must not be negative');
        for (const f of ['connectTimeout', 'maxConnectionDuration', 'idleTimeout'] as const) {
          const reason = positiveDuration(cp.tcp[f]);
          if (reason) bad(`tcp.${f}`, cp.tcp[f], reason);
        }
      }
      if (isRecord(cp.http)) {
        for (const f of ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams'] as const) {
          if (!nonNegative(cp.http[f])) bad(`http.${f}`, cp.http[f], 'must not be negative');
        }
        const reason = positiveDuration(cp.http.idleTimeout);
        if (reason) bad('http.idleTimeout', cp.http.idleTimeout, reason);
      }
    }
    return findings;
  },
};

export const destinationRuleConsistentHashKeyRule: Rule = {
  id: 'destinationrule/load-balancer/consistent-hash-key-missing',
  severity: 'error',
  kinds: ['DestinationRule'],
  reads: [],
  title: 'A consistent-hash load balancer has no hash key',
  fix: 'Set one of httpHeaderName, httpCookie (with a name), useSourceIp or httpQueryParameterName.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { policy, path } of trafficPolicies(subject)) {
      const ch = isRecord(policy.loadBalancer) ? policy.loadBalancer.consistentHash : undefined;
      if (!isRecord(ch)) continue;
      const base = `${path}.loadBalancer.consistentHash`;
      if (isRecord(ch.httpCookie) && !ch.httpCookie.name) {
        findings.push({ path: `${base}.httpCookie`, message: 'consistentHash.httpCookie without a name', context: { key: 'httpCookie' } });
        continue;
      }
      if (ch.httpHeaderName || isRecord(ch.httpCookie) || ch.useSourceIp === true || ch.httpQueryParameterName) continue;
      findings.push({ path: base, message: 'consistentHash without a hash key', context: { key: 'none' } });
    }
    return findings;
  },
};

export const destinationRulePortNotFoundRule: Rule = {
  id: 'destinationrule/port-level/port-not-found',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: ['Service', 'ServiceEntry'],
  title: 'A portLevelSettings port is not a port of the host',
  fix: 'Use a port number the host\'s Service or ServiceEntry declares.',
  check(subject, ctx) {
    const host = hostOf(subject);
    if (!host || host.includes('*')) return [];
    const targets = resolveHostAnywhere(ctx, subject.cluster, nsOf(subject), host);
    if (targets.length === 0) return [];
    const ports = new Set(targets.flatMap((t) => t.ports.map((p) => p.number)));
    const findings: RuleFinding[] = [];
    for (const { policy, path } of trafficPolicies(subject)) {
      const port = (policy as { port?: { number?: unknown } }).port?.number;
      if (typeof port !== 'number' || ports.has(port)) continue;
      findings.push({
        path: `${path}.port.number`,
        message: `Port ${port} is not a port of ${host}`,
        context: { host, port: String(port), ports: [...ports].sort((a, b) => a - b).join(', ') },
      });
    }
    return findings;
  },
};

export const destinationRuleWorkloadSelectorRule: Rule = {
  id: 'destinationrule/workload-selector/no-workload',
  severity: 'warning',
  kinds: ['DestinationRule'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup', 'IstioControlPlane', 'Deployment'],
  title: 'A DestinationRule\'s workloadSelector matches no workload',
  fix: 'Fix spec.workloadSelector.matchLabels to the labels of the client workloads it is meant for.',
  check(subject, ctx) {
    const selector = matchLabelsOf(drSpec(subject).workloadSelector);
    if (!selector) return [];
    const ns = nsOf(subject);
    if (selectPods(ctx, subject.cluster, ns === ctx.rootNamespace(subject.cluster) ? undefined : ns, selector).length > 0) return [];
    return [{ path: 'spec.workloadSelector.matchLabels', message: 'No workload matches the workloadSelector', context: { selector: selectorKey(selector) } }];
  },
};

export const destinationRuleRules: readonly Rule[] = [
  destinationRuleMissingMeshPolicyRule,
  destinationRuleHostNotFoundRule,
  destinationRuleSubsetNoPodsRule,
  destinationRuleSubsetDuplicateNameRule,
  destinationRuleMultipleForHostRule,
  destinationRuleTlsDisabledStrictRule,
  destinationRuleTlsMutualDisabledRule,
  destinationRuleTlsMutualCredentialsRule,
  destinationRuleTlsSimpleSniRule,
  destinationRuleOutlierDetectionRule,
  destinationRuleConnectionPoolRule,
  destinationRuleConsistentHashKeyRule,
  destinationRulePortNotFoundRule,
  destinationRuleWorkloadSelectorRule,
];
