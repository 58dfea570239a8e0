// VirtualService rules: routes Istio accepts but that send traffic nowhere, to the wrong place,
// or never match. Modelled on Kiali's VirtualService checkers and istioctl analyze.

import type { AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import {
  arr, boundToMesh, destinationsOf, durationMs, gatewayRefsOf, gatewayServerAdmits, gatewaySpec, gatewaysNamed, indexBy,
  indexKey, isClusterLocalHost, nsOf, parseGatewayRef, prop, refOf, regexError, resolveHostAnywhere, sortedJoin,
  subsetsForHost, virtualServiceSpec, type HTTPMatch, type HTTPRoute, type StringMatch,
} from './lookups-networking.js';

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const httpOf = (o: ConfigObject): { r: HTTPRoute; i: number }[] =>
  arr(virtualServiceSpec(o).http).map((r, i) => ({ r, i })).filter(({ r }) => r && typeof r === 'object');

export const virtualServiceSubsetNotFoundRule: Rule = {
  id: 'virtualservice/route/subset-not-found',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['DestinationRule'],
  title: 'A route destination names a subset no DestinationRule for its host defines',
  fix: 'Define the subset in the DestinationRule for the host, or fix the subset name (requests get 503 NR otherwise).',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    const ns = nsOf(subject);
    for (const d of destinationsOf(virtualServiceSpec(subject))) {
      const { host, subset } = d.destination;
      if (!isStr(host) || !isStr(subset)) continue;
      const clusters = [subject.cluster, ...ctx.clusters.filter((c) => c !== subject.cluster)];
      const defined = clusters.some((c) => subsetsForHost(ctx, c, ns, host)?.has(subset));
      if (defined) continue;
      const anyRule = clusters.some((c) => subsetsForHost(ctx, c, ns, host) !== undefined);
      findings.push({
        path: `${d.path}.subset`,
        message: anyRule ? `Subset ${subset} not found in the DestinationRule for ${host}` : `Subset ${subset} not found: no DestinationRule for ${host}`,
        context: { host, subset },
      });
    }
    return findings;
  },
};

export const virtualServiceWeightSumRule: Rule = {
  id: 'virtualservice/route/weight-sum',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: [],
  title: 'The weights of a route\'s destinations do not sum to 100',
  fix: 'Make the weights of the destinations of each route sum to 100.',
  check(subject) {
    const findings: RuleFinding[] = [];
    const spec = virtualServiceSpec(subject);
    for (const section of ['http', 'tcp', 'tls'] as const) {
      arr(spec[section] as { route?: { weight?: number }[] }[] | undefined).forEach((r, i) => {
        const dests = arr(r?.route).filter((d) => d && typeof d === 'object');
        if (dests.length === 0) return;
        const weights = dests.map((d) => d.weight);
        const anySet = weights.some((w) => typeof w === 'number');
        if (!anySet && dests.length === 1) return;
        const sum = weights.reduce<number>((s, w) => s + (typeof w === 'number' ? w : 0), 0);
        if (sum === 100) return;
        findings.push({
          path: `spec.${section}[${i}].route`,
          message: `Weights of the route's destinations sum to ${sum}, not 100`,
          context: { weightSum: String(sum), destinations: String(dests.length) },
        });
      });
    }
    return findings;
  },
};

export const virtualServiceHostNotFoundRule: Rule = {
  id: 'virtualservice/host/not-found',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: ['Service', 'ServiceEntry'],
  title: 'A VirtualService host matches no Service or ServiceEntry',
  fix: 'Fix the host, or add the Service/ServiceEntry it is meant for. Hosts of gateway-only VirtualServices may be external names.',
  check(subject, ctx) {
    const spec = virtualServiceSpec(subject);
    const meshBound = boundToMesh(spec);
    const findings: RuleFinding[] = [];
    arr(spec.hosts).forEach((h, i) => {
      if (!isStr(h) || h.includes('*')) return;
      // A VirtualService bound only to gateways serves external names (`bookinfo.example.com`).
      if (!meshBound && !isClusterLocalHost(ctx, h)) return;
      if (resolveHostAnywhere(ctx, subject.cluster, nsOf(subject), h).length > 0) return;
      findings.push({ path: `spec.hosts[${i}]`, message: `Host ${h} matches no Service or ServiceEntry`, context: { host: h, fqdn: ctx.fqdn(h, nsOf(subject)) } });
    });
    return findings;
  },
};

export const virtualServiceDestinationHostNotFoundRule: Rule = {
  id: 'virtualservice/destination/host-not-found',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['Service', 'ServiceEntry'],
  title: 'A route destination host matches no Service or ServiceEntry',
  fix: 'Fix the destination host, or add a ServiceEntry for an external host.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const d of destinationsOf(virtualServiceSpec(subject))) {
      const host = d.destination.host;
      if (isStr(host) && host.includes('*')) continue;
      if (isStr(host) && resolveHostAnywhere(ctx, subject.cluster, nsOf(subject), host).length > 0) continue;
      findings.push({
        path: `${d.path}.host`,
        message: isStr(host) ? `Destination host ${host} not found` : 'Destination without host',
        context: { host: isStr(host) ? host : '', ...(isStr(host) ? { fqdn: ctx.fqdn(host, nsOf(subject)) } : {}) },
      });
    }
    return findings;
  },
};

export const virtualServiceDestinationPortRequiredRule: Rule = {
  id: 'virtualservice/destination/port-required',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: ['Service', 'ServiceEntry'],
  title: 'A destination without port names a host with several ports',
  fix: 'Set destination.port.number: with several ports, the listener\'s port is used, which the host may not serve.',
  check(subject, ctx) {
    const spec = virtualServiceSpec(subject);
    const ns = nsOf(subject);
    const own = new Set(arr(spec.hosts).filter(isStr).map((h) => ctx.fqdn(h, ns)));
    const meshBound = boundToMesh(spec);
    const findings: RuleFinding[] = [];
    for (const d of destinationsOf(spec)) {
      const { host, port } = d.destination;
      if (!isStr(host) || host.includes('*') || (port && port.number !== undefined)) continue;
      // Routing a host to itself on the mesh keeps the port the request came in on.
      if (meshBound && own.has(ctx.fqdn(host, ns))) continue;
      const target = resolveHostAnywhere(ctx, subject.cluster, ns, host)[0];
      if (!target || target.ports.length < 2) continue;
      findings.push({
        path: d.path,
        message: `Destination ${host} has ${target.ports.length} ports; set port.number`,
        context: { host, ports: target.ports.map((p) => String(p.number)).join(', ') },
      });
    }
    return findings;
  },
};

export const virtualServiceDestinationPortNotFoundRule: Rule = {
  id: 'virtualservice/destination/port-not-found',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['Service', 'ServiceEntry'],
  title: 'A destination port is not a port of the destination host',
  fix: 'Use one of the ports the Service or ServiceEntry declares.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const d of destinationsOf(virtualServiceSpec(subject))) {
      const { host, port } = d.destination;
      const number = port?.number;
      if (!isStr(host) || host.includes('*') || typeof number !== 'number') continue;
      const targets = resolveHostAnywhere(ctx, subject.cluster, nsOf(subject), host).filter((t) => t.ports.length > 0);
      if (targets.length === 0 || targets.some((t) => t.ports.some((p) => p.number === number))) continue;
      findings.push({
        path: `${d.path}.port.number`,
        message: `Port ${number} is not a port of ${host}`,
        context: { host, port: String(number), ports: sortedJoin(targets.flatMap((t) => t.ports.map((p) => String(p.number)))) },
      });
    }
    return findings;
  },
};

export const virtualServiceGatewayNotFoundRule: Rule = {
  id: 'virtualservice/gateway/not-found',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['Gateway'],
  title: 'A VirtualService references a Gateway that does not exist',
  fix: 'Reference an existing Gateway as `namespace/name` (or `mesh` for sidecars).',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const { path, ref } of gatewayRefsOf(virtualServiceSpec(subject))) {
      const g = parseGatewayRef(ref, nsOf(subject));
      if (g.mesh || ctx.get('Gateway', subject.cluster, g.namespace, g.name)) continue;
      if (g.short && gatewaysNamed(ctx, subject.cluster, g.name).length > 0) continue; // gateway/namespace-missing
      findings.push({ path, message: `Gateway ${g.namespace}/${g.name} not found`, context: { gateway: ref, namespace: g.namespace, name: g.name } });
    }
    return findings;
  },
};

export const virtualServiceGatewayNamespaceMissingRule: Rule = {
  id: 'virtualservice/gateway/namespace-missing',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['Gateway'],
  title: 'A Gateway of another namespace is referenced without its namespace',
  fix: 'A short gateway name means the VirtualService\'s namespace: write `namespace/name`.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const { path, ref } of gatewayRefsOf(virtualServiceSpec(subject))) {
      const g = parseGatewayRef(ref, nsOf(subject));
      if (g.mesh || !g.short || ctx.get('Gateway', subject.cluster, g.namespace, g.name)) continue;
      const elsewhere = gatewaysNamed(ctx, subject.cluster, g.name);
      if (elsewhere.length === 0) continue;
      const candidates = sortedJoin(elsewhere.map(refOf));
      findings.push({
        path,
        message: `Gateway ${ref} is not in namespace ${g.namespace}; did you mean ${candidates}?`,
        context: { gateway: ref, candidates },
        fix: `Reference the Gateway as ${refOf(elsewhere[0]!)}.`,
      });
    }
    return findings;
  },
};

export const virtualServiceGatewayHostMismatchRule: Rule = {
  id: 'virtualservice/gateway/host-mismatch',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: ['Gateway'],
  title: 'No host of the VirtualService is served by a Gateway it is bound to',
  fix: 'Add the VirtualService\'s host to the Gateway\'s servers (or a matching wildcard), or fix the host.',
  check(subject, ctx) {
    const spec = virtualServiceSpec(subject);
    const hosts = arr(spec.hosts).filter(isStr);
    if (hosts.length === 0) return [];
    const ns = nsOf(subject);
    const findings: RuleFinding[] = [];
    arr(spec.gateways).forEach((ref, i) => {
      if (!isStr(ref)) return;
      const g = parseGatewayRef(ref, ns);
      if (g.mesh) return;
      const gw = ctx.get('Gateway', subject.cluster, g.namespace, g.name);
      if (!gw) return;
      const serverHosts = arr(gatewaySpec(gw).servers).flatMap((s) => arr(s?.hosts)).filter(isStr);
      if (hosts.some((h) => serverHosts.some((sh) => gatewayServerAdmits(ctx, g.namespace, sh, ns, h)))) return;
      findings.push({
        path: `spec.gateways[${i}]`,
        message: `Gateway ${g.namespace}/${g.name} serves none of the VirtualService's hosts`,
        context: { gateway: ref, hosts: hosts.join(', '), gatewayHosts: sortedJoin(serverHosts) },
      });
    });
    return findings;
  },
};

/** A match entry that matches every request (no condition, or a `/` prefix / `.*` regex only). */
function matchesAll(m: HTTPMatch | undefined): boolean {
  if (!m || typeof m !== 'object') return false;
  const keys = Object.keys(m).filter((k) => k !== 'name' && k !== 'ignoreUriCase');
  if (keys.length === 0) return true;
  if (keys.length !== 1 || keys[0] !== 'uri' || !m.uri) return false;
  const u = m.uri;
  return u.prefix === '/' || u.regex === '.*' || u.regex === '/.*';
}

export const virtualServiceRouteShadowedRule: Rule = {
  id: 'virtualservice/route/shadowed',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A route comes after a catch-all route and never matches',
  fix: 'Routes are evaluated top-down: move the catch-all route last.',
  check(subject) {
    const findings: RuleFinding[] = [];
    const spec = virtualServiceSpec(subject);
    let catchAll: number | undefined;
    for (const { r, i } of httpOf(subject)) {
      if (catchAll !== undefined) {
        findings.push({ path: `spec.http[${i}]`, message: `Route is unreachable: spec.http[${catchAll}] matches all requests first`, context: { shadowedBy: `spec.http[${catchAll}]`, ...(r.name ? { route: r.name } : {}) } });
        continue;
      }
      const matches = arr(r.match);
      if (matches.length === 0 || matches.some(matchesAll)) catchAll = i;
    }
    let tcpCatchAll: number | undefined;
    arr(spec.tcp).forEach((r, i) => {
      if (!r || typeof r !== 'object') return;
      if (tcpCatchAll !== undefined) {
        findings.push({ path: `spec.tcp[${i}]`, message: `Route is unreachable: spec.tcp[${tcpCatchAll}] matches all connections first`, context: { shadowedBy: `spec.tcp[${tcpCatchAll}]` } });
      } else if (arr(r.match).length === 0) tcpCatchAll = i;
    });
    return findings;
  },
};

/** JSON with sorted keys: equal values, equal strings. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const virtualServiceMatchDuplicateRule: Rule = {
  id: 'virtualservice/match/duplicate',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: [],
  title: 'Two match entries of a VirtualService are identical',
  fix: 'Remove the duplicate match; the later one never takes effect.',
  check(subject) {
    const findings: RuleFinding[] = [];
    const seen = new Map<string, string>();
    for (const { r, i } of httpOf(subject)) {
      arr(r.match).forEach((m, j) => {
        if (!m || typeof m !== 'object') return;
        const { name: _name, ...rest } = m;
        const k = canonical(rest);
        const path = `spec.http[${i}].match[${j}]`;
        const first = seen.get(k);
        if (first) findings.push({ path, message: `Match is identical to ${first}`, context: { duplicateOf: first } });
        else seen.set(k, path);
      });
    }
    return findings;
  },
};

/** Mesh-bound VirtualServices by (cluster, FQDN host). */
const meshHosts = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'vs:meshHosts', () => ctx.all('VirtualService'),
  (vs) => {
    const spec = virtualServiceSpec(vs);
    return boundToMesh(spec) ? arr(spec.hosts).filter(isStr).map((h) => indexKey(vs.cluster, ctx.fqdn(h, nsOf(vs)))) : [];
  });

export const virtualServiceHostDuplicateRule: Rule = {
  id: 'virtualservice/host/duplicate',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: ['VirtualService'],
  title: 'Several VirtualServices for one host apply to the mesh',
  fix: 'Sidecars use only one VirtualService per host: merge them into one (or use delegates).',
  check(subject, ctx) {
    const spec = virtualServiceSpec(subject);
    if (!boundToMesh(spec)) return [];
    const findings: RuleFinding[] = [];
    arr(spec.hosts).forEach((h, i) => {
      if (!isStr(h)) return;
      const others = (meshHosts(ctx).get(indexKey(subject.cluster, ctx.fqdn(h, nsOf(subject)))) ?? []).filter((v) => v.object !== subject.object);
      if (others.length === 0) return;
      findings.push({ path: `spec.hosts[${i}]`, message: `More than one VirtualService for host ${h}`, context: { host: h, otherVirtualServices: sortedJoin(others.map(refOf)) } });
    });
    return findings;
  },
};

export const virtualServiceRouteMissingRule: Rule = {
  id: 'virtualservice/route/missing',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A VirtualService has no http, tcp or tls routes',
  fix: 'Add at least one http, tcp or tls route.',
  check(subject) {
    const spec = virtualServiceSpec(subject);
    if (arr(spec.http).length + arr(spec.tcp).length + arr(spec.tls).length > 0) return [];
    return [{ path: 'spec', message: 'VirtualService has no http, tcp or tls routes', context: {} }];
  },
};

const delegateTarget = (subject: ConfigObject, ctx: AnalysisContext, d: { name?: string; namespace?: string }): ConfigObject | undefined =>
  isStr(d.name) ? ctx.get('VirtualService', subject.cluster, isStr(d.namespace) ? d.namespace : nsOf(subject), d.name) : undefined;
const delegateRef = (subject: ConfigObject, d: { name?: string; namespace?: string }): string => `${isStr(d.namespace) ? d.namespace : nsOf(subject)}/${d.name ?? ''}`;

export const virtualServiceDelegateNotFoundRule: Rule = {
  id: 'virtualservice/delegate/not-found',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['VirtualService'],
  title: 'A route delegates to a VirtualService that does not exist',
  fix: 'Create the delegate VirtualService (without hosts) or fix delegate.name/namespace.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const { r, i } of httpOf(subject)) {
      if (!r.delegate || typeof r.delegate !== 'object' || delegateTarget(subject, ctx, r.delegate)) continue;
      const ref = delegateRef(subject, r.delegate);
      findings.push({ path: `spec.http[${i}].delegate`, message: `Delegate VirtualService ${ref} not found`, context: { delegate: ref } });
    }
    return findings;
  },
};

export const virtualServiceDelegateInvalidTargetRule: Rule = {
  id: 'virtualservice/delegate/invalid-target',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: ['VirtualService'],
  title: 'A route delegates to a VirtualService that cannot be a delegate',
  fix: 'A delegate VirtualService has no hosts and no gateways, only http routes, and delegates no further.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    for (const { r, i } of httpOf(subject)) {
      if (!r.delegate || typeof r.delegate !== 'object') continue;
      const target = delegateTarget(subject, ctx, r.delegate);
      if (!target) continue;
      const t = virtualServiceSpec(target);
      const reasons: string[] = [];
      if (arr(t.hosts).length > 0) reasons.push('it declares hosts');
      if (arr(t.gateways).length > 0) reasons.push('it declares gateways');
      if (arr(t.http).some((h) => h?.delegate)) reasons.push('it delegates further (only one level is supported)');
      if (arr(t.tcp).length + arr(t.tls).length > 0) reasons.push('it has tcp/tls routes');
      if (reasons.length === 0) continue;
      const ref = delegateRef(subject, r.delegate);
      findings.push({ path: `spec.http[${i}].delegate`, message: `VirtualService ${ref} cannot be a delegate: ${reasons.join('; ')}`, context: { delegate: ref, reason: reasons.join('; ') } });
    }
    return findings;
  },
};

export const virtualServiceDelegateWithRouteRule: Rule = {
  id: 'virtualservice/delegate/with-route',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A route has a delegate and also a route, redirect or direct response',
  fix: 'A delegating route only matches; put the destinations in the delegate VirtualService.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { r, i } of httpOf(subject)) {
      if (!r.delegate) continue;
      const also = [arr(r.route).length > 0 ? 'route' : '', r.redirect ? 'redirect' : '', r.directResponse ? 'directResponse' : ''].filter(Boolean);
      if (also.length === 0) continue;
      findings.push({ path: `spec.http[${i}]`, message: `Route has a delegate and ${also.join(', ')}`, context: { fields: also.join(', ') } });
    }
    return findings;
  },
};

/** (cluster, namespace, name) of every VirtualService some route delegates to. */
const delegatedTo = (ctx: AnalysisContext): Map<string, ConfigObject[]> => indexBy(ctx, 'vs:delegates', () => ctx.all('VirtualService'),
  (vs) => arr(virtualServiceSpec(vs).http).map((r) => r?.delegate).filter((d): d is { name?: string; namespace?: string } => !!d && isStr(d.name))
    .map((d) => indexKey(vs.cluster, isStr(d.namespace) ? d.namespace : nsOf(vs), d.name)));

export const virtualServiceDelegateUnreferencedRule: Rule = {
  id: 'virtualservice/delegate/unreferenced',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: ['VirtualService'],
  title: 'A VirtualService without hosts is no VirtualService\'s delegate',
  fix: 'Add hosts to make it a root VirtualService, or delegate to it from one.',
  check(subject, ctx) {
    if (arr(virtualServiceSpec(subject).hosts).length > 0) return [];
    const key = indexKey(subject.cluster, nsOf(subject), subject.object.metadata.name ?? '');
    if ((delegatedTo(ctx).get(key) ?? []).length > 0) return [];
    return [{ path: 'spec', message: 'VirtualService has no hosts and no VirtualService delegates to it', context: {} }];
  },
};

const outOfRange = (v: unknown): v is number => typeof v === 'number' && (v < 0 || v > 100 || Number.isNaN(v));

export const virtualServiceMirrorPercentageRule: Rule = {
  id: 'virtualservice/mirror/percentage-range',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A mirror percentage is outside 0–100',
  fix: 'Set the mirror percentage between 0 and 100.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { r, i } of httpOf(subject)) {
      const checks: [string, unknown][] = [
        [`spec.http[${i}].mirrorPercentage.value`, r.mirrorPercentage?.value],
        [`spec.http[${i}].mirrorPercent`, r.mirrorPercent],
        ...arr(r.mirrors).map((m, k): [string, unknown] => [`spec.http[${i}].mirrors[${k}].percentage.value`, m?.percentage?.value]),
      ];
      for (const [path, v] of checks) if (outOfRange(v)) findings.push({ path, message: `Mirror percentage ${v} is outside 0–100`, context: { percentage: String(v) } });
    }
    return findings;
  },
};

export const virtualServiceFaultPercentageRule: Rule = {
  id: 'virtualservice/fault/percentage-range',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A fault injection percentage is outside 0–100',
  fix: 'Set fault.delay/abort percentage.value between 0 and 100.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { r, i } of httpOf(subject)) {
      const f = r.fault;
      if (!f || typeof f !== 'object') continue;
      const checks: [string, unknown][] = [
        [`spec.http[${i}].fault.delay.percentage.value`, f.delay?.percentage?.value],
        [`spec.http[${i}].fault.delay.percent`, f.delay?.percent],
        [`spec.http[${i}].fault.abort.percentage.value`, f.abort?.percentage?.value],
      ];
      for (const [path, v] of checks) if (outOfRange(v)) findings.push({ path, message: `Fault percentage ${v} is outside 0–100`, context: { percentage: String(v) } });
    }
    return findings;
  },
};

export const virtualServiceRetriesPerTryTimeoutRule: Rule = {
  id: 'virtualservice/retries/per-try-timeout',
  severity: 'warning',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A retry\'s perTryTimeout exceeds the route timeout',
  fix: 'Make retries.perTryTimeout shorter than the route timeout, or no retry ever happens.',
  check(subject) {
    const findings: RuleFinding[] = [];
    for (const { r, i } of httpOf(subject)) {
      const timeout = durationMs(r.timeout);
      const perTry = durationMs(r.retries?.perTryTimeout);
      if (timeout === undefined || perTry === undefined || timeout === 0 || perTry <= timeout) continue;
      findings.push({
        path: `spec.http[${i}].retries.perTryTimeout`,
        message: `perTryTimeout ${r.retries?.perTryTimeout} exceeds the route timeout ${r.timeout}`,
        context: { perTryTimeout: String(r.retries?.perTryTimeout), timeout: String(r.timeout) },
      });
    }
    return findings;
  },
};

export const virtualServiceMatchInvalidRegexRule: Rule = {
  id: 'virtualservice/match/invalid-regex',
  severity: 'error',
  kinds: ['VirtualService'],
  reads: [],
  title: 'A match regex is not a valid RE2 expression',
  fix: 'Fix the regex (Envoy uses RE2: no lookarounds, no backreferences).',
  check(subject) {
    const findings: RuleFinding[] = [];
    const test = (path: string, sm: StringMatch | undefined): void => {
      if (!sm || typeof sm !== 'object' || typeof sm.regex !== 'string') return;
      const error = regexError(sm.regex);
      if (error) findings.push({ path: `${path}.regex`, message: `Invalid regex ${sm.regex}: ${error}`, context: { regex: sm.regex, error } });
    };
    for (const { r, i } of httpOf(subject)) {
      arr(r.match).forEach((m, j) => {
        if (!m || typeof m !== 'object') return;
        const base = `spec.http[${i}].match[${j}]`;
        for (const f of ['uri', 'scheme', 'method', 'authority'] as const) test(`${base}.${f}`, m[f]);
        for (const f of ['headers', 'queryParams', 'withoutHeaders'] as const) {
          const map = m[f];
          if (map && typeof map === 'object') for (const [k, sm] of Object.entries(map)) test(prop(`${base}.${f}`, k), sm);
        }
      });
    }
    return findings;
  },
};

export const virtualServiceRules: readonly Rule[] = [
  virtualServiceSubsetNotFoundRule,
  virtualServiceWeightSumRule,
  virtualServiceHostNotFoundRule,
  virtualServiceDestinationHostNotFoundRule,
  virtualServiceDestinationPortRequiredRule,
  virtualServiceDestinationPortNotFoundRule,
  virtualServiceGatewayNotFoundRule,
  virtualServiceGatewayNamespaceMissingRule,
  virtualServiceGatewayHostMismatchRule,
  virtualServiceRouteShadowedRule,
  virtualServiceMatchDuplicateRule,
  virtualServiceHostDuplicateRule,
  virtualServiceRouteMissingRule,
  virtualServiceDelegateNotFoundRule,
  virtualServiceDelegateInvalidTargetRule,
  virtualServiceDelegateWithRouteRule,
  virtualServiceDelegateUnreferencedRule,
  virtualServiceMirrorPercentageRule,
  virtualServiceFaultPercentageRule,
  virtualServiceRetriesPerTryTimeoutRule,
  virtualServiceMatchInvalidRegexRule,
];
