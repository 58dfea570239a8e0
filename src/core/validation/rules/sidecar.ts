// Sidecar rules: proxy scoping that Istio accepts but applies ambiguously, to nobody, or with
// egress hosts that import nothing. Modelled on istioctl analyze (IST0109, IST0110) and Kiali.

import { MODEL_INPUT_KINDS } from '../../model/index.js';
import { hostMatches, type AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import {
  arr, hostCandidates, memo, namespacesKnown, nsOf, refOf, resolveHostIn, selectPods, selectorKey, sidecarSpec,
  sortedJoin, virtualServiceHostsIn,
} from './lookups-networking.js';

const selectorOf = (o: ConfigObject): Record<string, string> | undefined => {
  const labels = sidecarSpec(o).workloadSelector?.labels;
  return labels && typeof labels === 'object' && Object.keys(labels).length > 0 ? labels : undefined;
};

export const sidecarMultipleDefaultRule: Rule = {
  id: 'sidecar/selector/multiple-default',
  severity: 'error',
  kinds: ['Sidecar'],
  reads: ['Sidecar'],
  title: 'Several Sidecars without workloadSelector in one namespace',
  fix: 'Keep one namespace-wide Sidecar (without workloadSelector) per namespace; give the others selectors.',
  check(subject, ctx) {
    if (selectorOf(subject)) return [];
    const others = ctx.inNamespace('Sidecar', subject.cluster, nsOf(subject)).filter((s) => s.object !== subject.object && !selectorOf(s));
    if (others.length === 0) return [];
    return [{ path: 'spec', message: 'More than one Sidecar without workloadSelector in the namespace', context: { namespace: nsOf(subject), otherSidecars: sortedJoin(others.map(refOf)) } }];
  },
};

/** Per namespace: each pod's selecting Sidecars (those with a workloadSelector). */
function sidecarsByPod(ctx: AnalysisContext, cluster: string, namespace: string): Map<string, ConfigObject[]> {
  return memo(ctx, `sidecar:byPod:${cluster}\u0000${namespace}`, [...MODEL_INPUT_KINDS, 'Sidecar'], () => {
    const m = new Map<string, ConfigObject[]>();
    for (const s of ctx.inNamespace('Sidecar', cluster, namespace)) {
      const selector = selectorOf(s);
      if (!selector) continue;
      for (const p of selectPods(ctx, cluster, namespace, selector)) {
        const list = m.get(p.name);
        if (list) list.push(s);
        else m.set(p.name, [s]);
      }
    }
    return m;
  });
}

export const sidecarSelectorOverlapRule: Rule = {
  id: 'sidecar/selector/overlap',
  severity: 'error',
  kinds: ['Sidecar'],
  reads: ['Sidecar', 'Pod', 'WorkloadEntry', 'WorkloadGroup'],
  title: 'Two Sidecars select the same pod',
  fix: 'Make the workloadSelectors of the namespace\'s Sidecars disjoint: a pod gets one of them arbitrarily.',
  check(subject, ctx) {
    const selector = selectorOf(subject);
    if (!selector) return [];
    const byPod = sidecarsByPod(ctx, subject.cluster, nsOf(subject));
    const pods: string[] = [];
    const others = new Set<ConfigObject>();
    for (const p of selectPods(ctx, subject.cluster, nsOf(subject), selector)) {
      const clash = (byPod.get(p.name) ?? []).filter((s) => s.object !== subject.object);
      if (clash.length === 0) continue;
      pods.push(p.name);
      for (const s of clash) others.add(s);
    }
    if (pods.length === 0) return [];
    return [{
      path: 'spec.workloadSelector.labels',
      message: `Pods ${sortedJoin(pods.slice(0, 5))}${pods.length > 5 ? '…' : ''} are selected by more than one Sidecar`,
      context: { pods: sortedJoin(pods), otherSidecars: sortedJoin([...others].map(refOf)) },
    }];
  },
};

export const sidecarSelectorNoWorkloadRule: Rule = {
  id: 'sidecar/selector/no-workload',
  severity: 'warning',
  kinds: ['Sidecar'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup'],
  title: 'A Sidecar\'s workloadSelector matches no pods in its namespace',
  fix: 'Fix spec.workloadSelector.labels to match pods of the Sidecar\'s namespace.',
  check(subject, ctx) {
    const selector = selectorOf(subject);
    if (!selector || selectPods(ctx, subject.cluster, nsOf(subject), selector).length > 0) return [];
    return [{ path: 'spec.workloadSelector.labels', message: 'No pod matches the workloadSelector', context: { selector: selectorKey(selector), namespace: nsOf(subject) } }];
  },
};

/** Egress hosts with their paths. */
const egressHosts = (o: ConfigObject): { path: string; host: unknown }[] =>
  arr(sidecarSpec(o).egress).flatMap((e, i) => arr(e?.hosts).map((host, j) => ({ path: `spec.egress[${i}].hosts[${j}]`, host })));

/** Why an egress host is not `namespace/dnsName`, or undefined. */
function egressHostError(h: unknown): string | undefined {
  if (typeof h !== 'string') return 'not a string';
  const parts = h.split('/');
  if (parts.length !== 2) return 'expected namespace/host';
  if (parts[0] === '') return 'empty namespace';
  if (parts[1] === '') return 'empty host';
  const host = parts[1]!;
  if (host !== '*' && (host.slice(1).includes('*') || (host.startsWith('*') && !host.startsWith('*.')))) return 'a wildcard may only be the first label';
  return undefined;
}

export const sidecarEgressHostFormatRule: Rule = {
  id: 'sidecar/egress/host-format',
  severity: 'error',
  kinds: ['Sidecar'],
  reads: [],
  title: 'A Sidecar egress host is not `namespace/host`',
  fix: 'Write egress hosts as `namespace/host`: `./*`, `istio-system/*`, `*/api.example.com`.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { path, host } of egressHosts(subject)) {
      const reason = egressHostError(host);
      if (reason) findings.push({ path, message: `Invalid egress host ${String(host)}: ${reason}`, context: { host: String(host), reason } });
    }
    return findings;
  },
};

const SPECIAL_NS = new Set(['*', '.', '~']);

export const sidecarEgressNamespaceNotFoundRule: Rule = {
  id: 'sidecar/egress/namespace-not-found',
  severity: 'warning',
  kinds: ['Sidecar'],
  reads: ['Namespace'],
  title: 'A Sidecar egress host names a namespace that does not exist',
  fix: 'Use an existing namespace, `.` (the Sidecar\'s) or `*` (any).',
  check(subject, ctx) {
    if (!namespacesKnown(ctx, subject.cluster)) return [];
    const findings: RuleFinding[] = [];
    for (const { path, host } of egressHosts(subject)) {
      if (egressHostError(host) || typeof host !== 'string') continue;
      const ns = host.split('/')[0]!;
      if (SPECIAL_NS.has(ns) || ctx.namespaceExists(subject.cluster, ns)) continue;
      findings.push({ path, message: `Namespace ${ns} not found`, context: { host, namespace: ns } });
    }
    return findings;
  },
};

export const sidecarEgressHostNotFoundRule: Rule = {
  id: 'sidecar/egress/host-not-found',
  severity: 'warning',
  kinds: ['Sidecar'],
  reads: ['Service', 'ServiceEntry', 'VirtualService'],
  title: 'A Sidecar egress host imports nothing: no Service, ServiceEntry or VirtualService declares it in that namespace',
  fix: 'Fix the host or its namespace (the namespace the Service or ServiceEntry is declared in).',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    const own = nsOf(subject);
    for (const { path, host } of egressHosts(subject)) {
      if (egressHostError(host) || typeof host !== 'string') continue;
      const [ns, name] = host.split('/') as [string, string];
      if (name === '*' || name.includes('*') || ns === '~') continue;
      const from = ns === '.' ? own : ns;
      const targets = resolveHostIn(ctx, subject.cluster, from === '*' ? own : from, name).filter((t) => from === '*' || t.namespace === from);
      if (targets.length > 0) continue;
      const candidates = hostCandidates(ctx, from === '*' ? own : from, name);
      const viaVs = from !== '*' && virtualServiceHostsIn(ctx, subject.cluster, from).some((h) => candidates.some((c) => hostMatches(h, c)));
      if (viaVs) continue;
      findings.push({ path, message: `Host ${name} not found in namespace ${from === '*' ? 'any' : from}`, context: { host, namespace: from } });
    }
    return findings;
  },
};

export const sidecarRootNamespaceSelectorRule: Rule = {
  id: 'sidecar/root-namespace/selector',
  severity: 'warning',
  kinds: ['Sidecar'],
  reads: ['IstioControlPlane', 'Deployment'],
  title: 'The root namespace\'s Sidecar has a workloadSelector',
  fix: 'The mesh-wide default Sidecar lives in the root namespace without workloadSelector; a selector there only scopes pods of that namespace.',
  check(subject, ctx) {
    const selector = selectorOf(subject);
    const root = ctx.rootNamespace(subject.cluster);
    if (!selector || nsOf(subject) !== root) return [];
    return [{ path: 'spec.workloadSelector', message: 'Sidecar in the root namespace should not have a workloadSelector', context: { rootNamespace: root, selector: selectorKey(selector) } }];
  },
};

export const sidecarEgressCatchAllNotLastRule: Rule = {
  id: 'sidecar/egress/catch-all-not-last',
  severity: 'error',
  kinds: ['Sidecar'],
  reads: [],
  title: 'An egress listener without port is not the last, or there are several',
  fix: 'Keep one egress listener without port, last in spec.egress.',
  check(subject) {
    const egress = arr(sidecarSpec(subject).egress);
    const findings: RuleFinding[] = [];
    let seen: number | undefined;
    egress.forEach((e, i) => {
      if (!e || typeof e !== 'object' || e.port) return;
      if (seen !== undefined) findings.push({ path: `spec.egress[${i}]`, message: 'More than one egress listener without port', context: { duplicateOf: `spec.egress[${seen}]` } });
      else if (i !== egress.length - 1) findings.push({ path: `spec.egress[${i}]`, message: 'The egress listener without port must be the last one', context: { index: String(i), listeners: String(egress.length) } });
      seen ??= i;
    });
    return findings;
  },
};

export const sidecarIngressDuplicatePortRule: Rule = {
  id: 'sidecar/ingress/duplicate-port',
  severity: 'error',
  kinds: ['Sidecar'],
  reads: [],
  title: 'Two ingress listeners of a Sidecar use one port',
  fix: 'Give each ingress listener its own port.',
  check(subject) {
    const findings: RuleFinding[] = [];
    const seen = new Map<number, number>();
    arr(sidecarSpec(subject).ingress).forEach((l, i) => {
      const n = l?.port?.number;
      if (typeof n !== 'number') return;
      const first = seen.get(n);
      if (first !== undefined) findings.push({ path: `spec.ingress[${i}].port.number`, message: `Ingress port ${n} is used twice`, context: { port: String(n), duplicateOf: `spec.ingress[${first}]` } });
      else seen.set(n, i);
    });
    return findings;
  },
};

export const sidecarRules: readonly Rule[] = [
  sidecarMultipleDefaultRule,
  sidecarSelectorOverlapRule,
  sidecarSelectorNoWorkloadRule,
  sidecarEgressHostFormatRule,
  sidecarEgressNamespaceNotFoundRule,
  sidecarEgressHostNotFoundRule,
  sidecarRootNamespaceSelectorRule,
  sidecarEgressCatchAllNotLastRule,
  sidecarIngressDuplicatePortRule,
];
