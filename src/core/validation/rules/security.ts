// Security policy rules: PeerAuthentication, AuthorizationPolicy and RequestAuthentication
// settings Istio accepts but that select nothing, are ignored, or lock out callers.
// Modelled on Kiali's security checkers and istioctl analyze's authz analyzers.

import type { AnalysisContext } from '../context.js';
import type { ConfigObject, Rule, RuleFinding } from '../types.js';
import {
  arr, isRecord, K, kindKnown, listSome, matchLabelsOf, memo, modelNamespace, namespaceExistsAnywhere, namespaceMtls, nsOf,
  peerAuthIndex, peerAuthMode, peerAuthSelector, podsIn, policyPods, refOf, resolveHostAnywhere, selectorKey, servicesOfPods, sortedJoin, specOf, upper,
  type AuthorizationPolicySpec, type PeerAuthenticationSpec, type RequestAuthenticationSpec,
} from './lookups-policy.js';

const WORKLOAD_READS = ['Pod', 'WorkloadEntry', 'WorkloadGroup', 'IstioControlPlane', 'Deployment'];

/** A rule for `<kind>/selector/no-workload`: the policy's selector matches no pod in its scope. */
function selectorRule(kind: string, title: string): Rule {
  return {
    id: `${kind.toLowerCase()}/selector/no-workload`,
    severity: 'warning',
    kinds: [kind],
    reads: WORKLOAD_READS,
    title,
    fix: 'Fix spec.selector.matchLabels to the labels of the workload\'s pods, or delete the policy.',
    check(subject, ctx) {
      const selector = matchLabelsOf(specOf<{ selector?: { matchLabels?: Record<string, string> } }>(subject).selector);
      if (!selector) return [];
      if (policyPods(ctx, subject, selector).length > 0) return [];
      const root = nsOf(subject) === ctx.rootNamespace(subject.cluster);
      return [{
        path: 'spec.selector.matchLabels',
        message: `No workload ${root ? 'in the mesh' : `in namespace ${nsOf(subject)}`} matches the selector`,
        context: { selector: selectorKey(selector) },
      }];
    },
  };
}

// --- PeerAuthentication ---

export const peerAuthenticationSelectorRule = selectorRule('PeerAuthentication', 'A PeerAuthentication\'s selector matches no workload');

export const peerAuthenticationMeshWideMultipleRule: Rule = {
  id: 'peerauthentication/mesh-wide/multiple',
  severity: 'error',
  kinds: ['PeerAuthentication'],
  reads: ['PeerAuthentication', 'IstioControlPlane', 'Deployment'],
  title: 'More than one mesh-wide PeerAuthentication (root namespace, no selector)',
  fix: 'Keep one mesh-wide PeerAuthentication; Istio uses only the oldest.',
  check(subject, ctx) {
    if (peerAuthSelector(subject) || nsOf(subject) !== ctx.rootNamespace(subject.cluster)) return [];
    const others = (peerAuthIndex(ctx).mesh.get(K(subject.cluster)) ?? []).filter((o) => o.object !== subject.object);
    if (others.length === 0) return [];
    return [{ path: 'metadata.name', message: 'More than one mesh-wide PeerAuthentication', context: { otherPeerAuthentications: sortedJoin(others.map(refOf)) } }];
  },
};

export const peerAuthenticationNamespaceWideMultipleRule: Rule = {
  id: 'peerauthentication/namespace-wide/multiple',
  severity: 'error',
  kinds: ['PeerAuthentication'],
  reads: ['PeerAuthentication', 'IstioControlPlane', 'Deployment'],
  title: 'More than one namespace-wide PeerAuthentication (no selector) in a namespace',
  fix: 'Keep one namespace-wide PeerAuthentication per namespace; Istio uses only the oldest.',
  check(subject, ctx) {
    if (peerAuthSelector(subject) || nsOf(subject) === ctx.rootNamespace(subject.cluster)) return [];
    const others = (peerAuthIndex(ctx).namespace.get(K(subject.cluster, nsOf(subject))) ?? []).filter((o) => o.object !== subject.object);
    if (others.length === 0) return [];
    return [{
      path: 'metadata.name',
      message: `More than one namespace-wide PeerAuthentication in ${nsOf(subject)}`,
      context: { namespace: nsOf(subject), otherPeerAuthentications: sortedJoin(others.map(refOf)) },
    }];
  },
};

export const peerAuthenticationPortLevelNoSelectorRule: Rule = {
  id: 'peerauthentication/port-level/no-selector',
  severity: 'warning',
  kinds: ['PeerAuthentication'],
  reads: [],
  title: 'portLevelMtls on a PeerAuthentication without a selector (Istio ignores it)',
  fix: 'Add a selector naming the workload whose ports the settings are for; port-level mTLS only works on workload policies.',
  check(subject) {
    const spec = specOf<PeerAuthenticationSpec>(subject);
    if (peerAuthSelector(subject) || !isRecord(spec.portLevelMtls) || Object.keys(spec.portLevelMtls).length === 0) return [];
    return [{ path: 'spec.portLevelMtls', message: 'portLevelMtls is ignored without a selector', context: { ports: Object.keys(spec.portLevelMtls).sort().join(', ') } }];
  },
};

export const peerAuthenticationStrictWithoutSidecarRule: Rule = {
  id: 'peerauthentication/strict/pods-without-sidecar',
  severity: 'warning',
  kinds: ['PeerAuthentication'],
  reads: ['Pod', 'Namespace', 'PeerAuthentication', 'IstioControlPlane', 'Deployment'],
  title: 'STRICT mTLS where pods run without a sidecar (their plaintext calls will be rejected)',
  fix: 'Inject sidecars into those pods (and restart them), or use PERMISSIVE until every caller is in the mesh.',
  check(subject, ctx) {
    if (peerAuthSelector(subject) || peerAuthMode(subject) !== 'STRICT') return [];
    const root = ctx.rootNamespace(subject.cluster);
    const mesh = nsOf(subject) === root;
    // Namespace-wide: the namespace's pods. Mesh-wide: pods of injected namespaces still STRICT by this policy.
    const pods = mesh
      ? podsIn(ctx, subject.cluster).filter((p) => {
        const inj = modelNamespace(ctx, p.cluster, p.namespace)?.injection.mode;
        return (inj === 'enabled' || inj === 'revision') && namespaceMtls(ctx, p.cluster, p.namespace).policy?.object === subject.object;
      })
      : podsIn(ctx, subject.cluster, nsOf(subject));
    const without = pods.filter((p) => p.source === 'Pod' && !p.sidecar && p.phase !== 'Succeeded');
    if (without.length === 0) return [];
    return [{
      path: 'spec.mtls.mode',
      message: `STRICT mTLS but ${without.length} pod(s) ${mesh ? 'in injected namespaces' : `in ${nsOf(subject)}`} have no sidecar`,
      context: { podsWithoutSidecar: listSome(without.map((p) => `${p.namespace}/${p.name}`)), count: String(without.length) },
    }];
  },
};

export const peerAuthenticationModeConflictRule: Rule = {
  id: 'peerauthentication/mode/conflict',
  severity: 'warning',
  kinds: ['PeerAuthentication'],
  reads: ['PeerAuthentication', 'IstioControlPlane', 'Deployment'],
  title: 'A workload PeerAuthentication weakens the STRICT mode of its namespace or mesh',
  fix: 'Make sure the workload really needs plaintext; otherwise drop its override or set STRICT.',
  check(subject, ctx) {
    if (!peerAuthSelector(subject)) return [];
    const mode = peerAuthMode(subject);
    if (mode !== 'DISABLE' && mode !== 'PERMISSIVE') return [];
    const parent = namespaceMtls(ctx, subject.cluster, nsOf(subject));
    if (parent.mode !== 'STRICT') return [];
    return [{
      path: 'spec.mtls.mode',
      message: `Workload mode ${mode} overrides the STRICT mode of ${parent.policy ? refOf(parent.policy) : 'the namespace'}`,
      context: { mode, parentMode: parent.mode, parentPolicy: parent.policy ? refOf(parent.policy) : '' },
      ...(mode === 'PERMISSIVE' ? { severity: 'info' as const } : {}),
    }];
  },
};

// --- AuthorizationPolicy ---

const apSpec = (o: ConfigObject): AuthorizationPolicySpec => specOf<AuthorizationPolicySpec>(o);
const actionOf = (o: ConfigObject): string => upper(apSpec(o).action) || 'ALLOW';

/** Every `from[].source` and `to[].operation` of a policy, with their paths. */
function sources(o: ConfigObject): { source: Record<string, unknown>; path: string }[] {
  const out: { source: Record<string, unknown>; path: string }[] = [];
  arr(apSpec(o).rules).forEach((r, i) => {
    if (!isRecord(r)) return;
    arr(r.from as unknown[]).forEach((f, j) => { if (isRecord(f) && isRecord(f.source)) out.push({ source: f.source, path: `spec.rules[${i}].from[${j}].source` }); });
  });
  return out;
}
function operations(o: ConfigObject): { operation: Record<string, unknown>; path: string }[] {
  const out: { operation: Record<string, unknown>; path: string }[] = [];
  arr(apSpec(o).rules).forEach((r, i) => {
    if (!isRecord(r)) return;
    arr(r.to as unknown[]).forEach((t, j) => { if (isRecord(t) && isRecord(t.operation)) out.push({ operation: t.operation, path: `spec.rules[${i}].to[${j}].operation` }); });
  });
  return out;
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export const authorizationPolicySelectorRule = selectorRule('AuthorizationPolicy', 'An AuthorizationPolicy\'s selector matches no workload');

const PRINCIPAL = /^(.+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

/** `(path, namespace, serviceAccount)` of every checkable principal (no wildcards). */
function principals(o: ConfigObject): { path: string; principal: string; namespace: string; sa: string }[] {
  const out: { path: string; principal: string; namespace: string; sa: string }[] = [];
  for (const { source, path } of sources(o)) {
    for (const field of ['principals', 'notPrincipals']) {
      strings(source[field]).forEach((principal, k) => {
        if (principal.includes('*')) return;
        const m = PRINCIPAL.exec(principal);
        if (m) out.push({ path: `${path}.${field}[${k}]`, principal, namespace: m[2]!, sa: m[3]! });
      });
    }
  }
  return out;
}

export const authorizationPolicyPrincipalNamespaceRule: Rule = {
  id: 'authorizationpolicy/principal/namespace-not-found',
  severity: 'warning',
  kinds: ['AuthorizationPolicy'],
  reads: ['Namespace'],
  title: 'A principal (`<trust-domain>/ns/<ns>/sa/<sa>`) names a namespace that does not exist',
  fix: 'Fix the namespace in the principal, or create it.',
  check(subject, ctx) {
    if (!ctx.clusters.some((c) => kindKnown(ctx, 'Namespace', c))) return [];
    return principals(subject).filter((p) => !namespaceExistsAnywhere(ctx, p.namespace)).map((p) => ({
      path: p.path, message: `Namespace ${p.namespace} of principal ${p.principal} not found`, context: { principal: p.principal, namespace: p.namespace },
    }));
  },
};

export const authorizationPolicyPrincipalServiceAccountRule: Rule = {
  id: 'authorizationpolicy/principal/service-account-not-found',
  severity: 'warning',
  kinds: ['AuthorizationPolicy'],
  reads: ['ServiceAccount', 'Namespace'],
  title: 'A principal (`<trust-domain>/ns/<ns>/sa/<sa>`) names a service account that does not exist',
  fix: 'Fix the service account in the principal (see the callers\' spec.serviceAccountName), or create it.',
  check(subject, ctx) {
    if (!ctx.clusters.some((c) => kindKnown(ctx, 'ServiceAccount', c))) return [];
    return principals(subject)
      // Kubernetes creates `default` in every namespace; a missing namespace is the other rule's finding.
      .filter((p) => p.sa !== 'default' && namespaceExistsAnywhere(ctx, p.namespace))
      .filter((p) => !ctx.clusters.some((c) => ctx.serviceAccountExists(c, p.namespace, p.sa)))
      .map((p) => ({
        path: p.path, message: `Service account ${p.sa} of principal ${p.principal} not found in namespace ${p.namespace}`,
        context: { principal: p.principal, namespace: p.namespace, serviceAccount: p.sa },
      }));
  },
};

export const authorizationPolicySourceNamespaceRule: Rule = {
  id: 'authorizationpolicy/source/namespace-not-found',
  severity: 'warning',
  kinds: ['AuthorizationPolicy'],
  reads: ['Namespace'],
  title: 'from.source.namespaces names a namespace that does not exist',
  fix: 'Fix the namespace name, or create the namespace.',
  check(subject, ctx) {
    if (!ctx.clusters.some((c) => kindKnown(ctx, 'Namespace', c))) return [];
    const findings: RuleFinding[] = [];
    for (const { source, path } of sources(subject)) {
      for (const field of ['namespaces', 'notNamespaces']) {
        strings(source[field]).forEach((ns, k) => {
          if (ns.includes('*') || namespaceExistsAnywhere(ctx, ns)) return;
          findings.push({ path: `${path}.${field}[${k}]`, message: `Namespace ${ns} not found`, context: { namespace: ns } });
        });
      }
    }
    return findings;
  },
};

/** Hosts declared by VirtualServices and Gateway servers (`ns/host` stripped) of a cluster. */
const routedHosts = (ctx: AnalysisContext, cluster: string): Set<string> => memo(ctx, `ap:routedHosts:${cluster}`, ['VirtualService', 'Gateway'], () => {
  const out = new Set<string>();
  for (const o of ctx.all('VirtualService')) if (o.cluster === cluster) for (const h of strings(specOf<{ hosts?: unknown }>(o).hosts)) out.add(h);
  for (const o of ctx.all('Gateway')) {
    if (o.cluster !== cluster) continue;
    for (const srv of arr(specOf<{ servers?: unknown[] }>(o).servers)) {
      if (isRecord(srv)) for (const h of strings(srv.hosts)) out.add(h.includes('/') ? h.slice(h.indexOf('/') + 1) : h);
    }
  }
  return out;
});

export const authorizationPolicyHostNotFoundRule: Rule = {
  id: 'authorizationpolicy/operation/host-not-found',
  severity: 'warning',
  kinds: ['AuthorizationPolicy'],
  reads: ['Service', 'ServiceEntry', 'VirtualService', 'Gateway'],
  title: 'to.operation.hosts names a host no Service, ServiceEntry, VirtualService or Gateway declares',
  fix: 'Use the Host header the workload receives: a Service name (FQDN), a ServiceEntry or Gateway host.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    let routed: Set<string> | undefined;
    for (const { operation, path } of operations(subject)) {
      strings(operation.hosts).forEach((raw, k) => {
        const host = raw.replace(/:\d+$/, '');
        if (host === '' || host.includes('*')) return;
        if (resolveHostAnywhere(ctx, subject.cluster, nsOf(subject), host).length > 0) return;
        routed ??= routedHosts(ctx, subject.cluster);
        if (routed.has(host) || routed.has(ctx.fqdn(host, nsOf(subject)))) return;
        findings.push({ path: `${path}.hosts[${k}]`, message: `Host ${raw} not found`, context: { host: raw } });
      });
    }
    return findings;
  },
};
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'HTTPS', 'GRPC', 'GRPC-WEB', 'UNKNOWN']);
const HTTP_FIELDS = ['methods', 'notMethods', 'paths', 'notPaths'] as const;

export const authorizationPolicyHttpOnTcpRule: Rule = {
  id: 'authorizationpolicy/operation/methods-on-tcp',
  severity: 'warning',
  kinds: ['AuthorizationPolicy'],
  reads: ['Pod', 'WorkloadEntry', 'WorkloadGroup', 'Service', 'IstioControlPlane', 'Deployment'],
  title: 'HTTP-only fields (methods, paths) in a rule for workloads that serve only TCP',
  fix: 'TCP traffic has no method or path: an ALLOW rule with them never matches, a DENY rule matches more. Use ports instead, or name the ports http-*.',
  check(subject, ctx) {
    const ops = operations(subject).filter(({ operation }) => HTTP_FIELDS.some((f) => strings(operation[f]).length > 0));
    if (ops.length === 0) return [];
    const selector = matchLabelsOf(apSpec(subject).selector);
    if (!selector && nsOf(subject) === ctx.rootNamespace(subject.cluster)) return [];
    const services = servicesOfPods(ctx, policyPods(ctx, subject, selector));
    if (services.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const { operation, path } of ops) {
      const wanted = strings(operation.ports);
      const ports = services.flatMap((s) => s.ports).filter((p) => wanted.length === 0 || wanted.includes(String(p.port)) || wanted.includes(String(p.targetPort)));
      if (ports.length === 0 || ports.some((p) => HTTP_PROTOCOLS.has(p.protocol))) continue;
      const field = HTTP_FIELDS.find((f) => strings(operation[f]).length > 0)!;
      findings.push({
        path: `${path}.${field}`,
        message: `${field} on workloads whose ports are not HTTP (${sortedJoin(ports.map((p) => p.protocol))})`,
        context: { field, values: strings(operation[field]).join(', '), ports: sortedJoin(ports.map((p) => `${p.port}/${p.protocol}`)), action: actionOf(subject) },
      });
    }
    return findings;
  },
};

export const authorizationPolicyDenyEmptyRule: Rule = {
  id: 'authorizationpolicy/deny/empty-rules',
  severity: 'warning',
  kinds: ['AuthorizationPolicy'],
  reads: [],
  title: 'A DENY AuthorizationPolicy without rules (it denies nothing)',
  fix: 'Add the rules to deny; to deny everything use `rules: [{}]`.',
  check(subject) {
    if (actionOf(subject) !== 'DENY' || arr(apSpec(subject).rules).length > 0) return [];
    return [{ path: 'spec', message: 'DENY policy without rules matches no request', context: { action: 'DENY' } }];
  },
};

export const authorizationPolicyAllowNoRulesRule: Rule = {
  id: 'authorizationpolicy/allow/no-rules',
  severity: 'info',
  kinds: ['AuthorizationPolicy'],
  reads: [],
  title: 'An ALLOW AuthorizationPolicy without rules denies every request to its workloads',
  fix: 'Intended as deny-all? Fine. Otherwise add rules naming the allowed callers and operations.',
  check(subject) {
    if (actionOf(subject) !== 'ALLOW' || arr(apSpec(subject).rules).length > 0) return [];
    const selector = matchLabelsOf(apSpec(subject).selector);
    return [{
      path: 'spec',
      message: `ALLOW policy without rules: denies all requests to ${selector ? `workloads ${selectorKey(selector)}` : `namespace ${nsOf(subject)}`}`,
      context: { action: 'ALLOW', scope: selector ? selectorKey(selector) : nsOf(subject) },
    }];
  },
};

export const authorizationPolicyCustomProviderRule: Rule = {
  id: 'authorizationpolicy/custom/provider-missing',
  severity: 'error',
  kinds: ['AuthorizationPolicy'],
  reads: [],
  title: 'A CUSTOM AuthorizationPolicy without provider.name',
  fix: 'Set spec.provider.name to an extension provider of the mesh config (meshConfig.extensionProviders).',
  check(subject) {
    if (actionOf(subject) !== 'CUSTOM') return [];
    const provider = apSpec(subject).provider;
    if (isRecord(provider) && typeof provider.name === 'string' && provider.name !== '') return [];
    return [{ path: 'spec.provider', message: 'CUSTOM action without an extension provider', context: { action: 'CUSTOM' } }];
  },
};

// --- RequestAuthentication ---

export const requestAuthenticationSelectorRule = selectorRule('RequestAuthentication', 'A RequestAuthentication\'s selector matches no workload');

export const requestAuthenticationJwksBothRule: Rule = {
  id: 'requestauthentication/jwt/jwks-and-jwks-uri',
  severity: 'error',
  kinds: ['RequestAuthentication'],
  reads: [],
  title: 'A JWT rule sets both jwksUri and jwks',
  fix: 'Use only one of jwksUri (fetched) and jwks (inline).',
  check(subject) {
    const findings: RuleFinding[] = [];
    arr(specOf<RequestAuthenticationSpec>(subject).jwtRules).forEach((r, i) => {
      if (!isRecord(r) || !r.jwksUri || !r.jwks) return;
      findings.push({ path: `spec.jwtRules[${i}]`, message: 'Only one of jwksUri and jwks should be used', context: { issuer: String(r.issuer ?? ''), jwksUri: String(r.jwksUri) } });
    });
    return findings;
  },
};

export const requestAuthenticationIssuerRule: Rule = {
  id: 'requestauthentication/jwt/duplicate-issuer',
  severity: 'warning',
  kinds: ['RequestAuthentication'],
  reads: [],
  title: 'Two JWT rules of a RequestAuthentication have the same issuer',
  fix: 'Keep one JWT rule per issuer.',
  check(subject) {
    const seen = new Map<string, number>();
    const findings: RuleFinding[] = [];
    arr(specOf<RequestAuthenticationSpec>(subject).jwtRules).forEach((r, i) => {
      if (!isRecord(r) || typeof r.issuer !== 'string' || r.issuer === '') return;
      const first = seen.get(r.issuer);
      if (first === undefined) seen.set(r.issuer, i);
      else findings.push({ path: `spec.jwtRules[${i}].issuer`, message: `Issuer ${r.issuer} is already configured`, context: { issuer: r.issuer, firstIndex: String(first) } });
    });
    return findings;
  },
};

export const securityRules: readonly Rule[] = [
  peerAuthenticationSelectorRule,
  peerAuthenticationMeshWideMultipleRule,
  peerAuthenticationNamespaceWideMultipleRule,
  peerAuthenticationPortLevelNoSelectorRule,
  peerAuthenticationStrictWithoutSidecarRule,
  peerAuthenticationModeConflictRule,
  authorizationPolicySelectorRule,
  authorizationPolicyPrincipalNamespaceRule,
  authorizationPolicyPrincipalServiceAccountRule,
  authorizationPolicySourceNamespaceRule,
  authorizationPolicyHostNotFoundRule,
  authorizationPolicyHttpOnTcpRule,
  authorizationPolicyDenyEmptyRule,
  authorizationPolicyAllowNoRulesRule,
  authorizationPolicyCustomProviderRule,
  requestAuthenticationSelectorRule,
  requestAuthenticationJwksBothRule,
  requestAuthenticationIssuerRule,
];
