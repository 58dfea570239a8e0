import { describe, expect, it } from 'vitest';
import {
  authorizationPolicyAllowNoRulesRule, authorizationPolicyCustomProviderRule, authorizationPolicyDenyEmptyRule, authorizationPolicyHostNotFoundRule,
  authorizationPolicyHttpOnTcpRule, authorizationPolicyPrincipalNamespaceRule, authorizationPolicyPrincipalServiceAccountRule,
  authorizationPolicySelectorRule, authorizationPolicySourceNamespaceRule, peerAuthenticationMeshWideMultipleRule, peerAuthenticationModeConflictRule,
  peerAuthenticationNamespaceWideMultipleRule, peerAuthenticationPortLevelNoSelectorRule, peerAuthenticationSelectorRule,
  peerAuthenticationStrictWithoutSidecarRule, requestAuthenticationIssuerRule, requestAuthenticationJwksBothRule, requestAuthenticationSelectorRule,
  securityRules,
} from './security.js';
import { checkRule, gateway, namespace, service } from '../testing.js';
import { authorizationPolicy, injectedNamespace, istioControlPlane, meshPod, peerAuthentication, requestAuthentication, serviceAccount, serviceWith } from '../testing-policy.js';

const cp = istioControlPlane();
const moviesPod = meshPod('movies-1', 'smm-demo', { app: 'movies' });

describe('peerauthentication/selector/no-workload', () => {
  it('fires when no pod in the namespace matches', () => {
    const pa = peerAuthentication('pa', 'smm-demo', 'STRICT', { app: 'bookings' });
    expect(checkRule(peerAuthenticationSelectorRule, [cp, pa, moviesPod, meshPod('bookings-1', 'other', { app: 'bookings' })], 'pa')).toEqual([expect.objectContaining({
      checkID: 'peerauthentication/selector/no-workload', severity: 'warning', path: 'spec.selector.matchLabels', context: { selector: 'app=bookings' },
    })]);
  });

  it('does not fire when a pod matches (in any namespace for a root-namespace policy)', () => {
    expect(checkRule(peerAuthenticationSelectorRule, [cp, peerAuthentication('pa', 'smm-demo', 'STRICT', { app: 'movies' }), moviesPod], 'pa')).toEqual([]);
    expect(checkRule(peerAuthenticationSelectorRule, [cp, peerAuthentication('pa', 'istio-system', 'STRICT', { app: 'movies' }), moviesPod], 'pa')).toEqual([]);
  });
});

describe('peerauthentication/mesh-wide/multiple', () => {
  it('fires when the root namespace has two policies without selector', () => {
    const objects = [cp, peerAuthentication('a', 'istio-system', 'STRICT'), peerAuthentication('b', 'istio-system', 'PERMISSIVE')];
    expect(checkRule(peerAuthenticationMeshWideMultipleRule, objects, 'a')).toEqual([expect.objectContaining({
      checkID: 'peerauthentication/mesh-wide/multiple', severity: 'error', path: 'metadata.name', context: { otherPeerAuthentications: 'istio-system/b' },
    })]);
  });

  it('does not fire with one mesh-wide policy and others elsewhere', () => {
    const objects = [cp, peerAuthentication('a', 'istio-system', 'STRICT'), peerAuthentication('b', 'istio-system', 'DISABLE', { app: 'x' }), peerAuthentication('c', 'smm-demo', 'STRICT')];
    expect(checkRule(peerAuthenticationMeshWideMultipleRule, objects, 'a')).toEqual([]);
  });
});

describe('peerauthentication/namespace-wide/multiple', () => {
  it('fires when a namespace has two policies without selector', () => {
    const objects = [cp, peerAuthentication('a', 'smm-demo', 'STRICT'), peerAuthentication('b', 'smm-demo', 'PERMISSIVE')];
    expect(checkRule(peerAuthenticationNamespaceWideMultipleRule, objects, 'b')).toEqual([expect.objectContaining({
      checkID: 'peerauthentication/namespace-wide/multiple', path: 'metadata.name', context: { namespace: 'smm-demo', otherPeerAuthentications: 'smm-demo/a' },
    })]);
  });

  it('does not fire for one per namespace', () => {
    const objects = [cp, peerAuthentication('a', 'smm-demo', 'STRICT'), peerAuthentication('b', 'other', 'PERMISSIVE'), peerAuthentication('c', 'smm-demo', 'DISABLE', { app: 'x' })];
    expect(checkRule(peerAuthenticationNamespaceWideMultipleRule, objects, 'a')).toEqual([]);
  });
});

describe('peerauthentication/port-level/no-selector', () => {
  it('fires on portLevelMtls without selector', () => {
    const pa = peerAuthentication('pa', 'smm-demo', 'STRICT', undefined, { portLevelMtls: { 8080: { mode: 'DISABLE' } } });
    expect(checkRule(peerAuthenticationPortLevelNoSelectorRule, [pa], 'pa')).toEqual([expect.objectContaining({
      checkID: 'peerauthentication/port-level/no-selector', path: 'spec.portLevelMtls', context: { ports: '8080' },
    })]);
  });

  it('does not fire with a selector', () => {
    const pa = peerAuthentication('pa', 'smm-demo', 'STRICT', { app: 'movies' }, { portLevelMtls: { 8080: { mode: 'DISABLE' } } });
    expect(checkRule(peerAuthenticationPortLevelNoSelectorRule, [pa], 'pa')).toEqual([]);
  });
});

describe('peerauthentication/strict/pods-without-sidecar', () => {
  it('fires on a namespace-wide STRICT policy where pods lack sidecars', () => {
    const objects = [cp, peerAuthentication('strict', 'smm-demo', 'STRICT'), moviesPod, meshPod('legacy-1', 'smm-demo', { app: 'legacy' }, { sidecarImage: null })];
    expect(checkRule(peerAuthenticationStrictWithoutSidecarRule, objects, 'strict')).toEqual([expect.objectContaining({
      checkID: 'peerauthentication/strict/pods-without-sidecar', path: 'spec.mtls.mode', context: { podsWithoutSidecar: 'smm-demo/legacy-1', count: '1' },
    })]);
  });

  it('fires on a mesh-wide STRICT policy for pods of injected namespaces only', () => {
    const objects = [cp, injectedNamespace('smm-demo'), namespace('kube-system'), peerAuthentication('strict', 'istio-system', 'STRICT'),
      meshPod('legacy-1', 'smm-demo', { app: 'legacy' }, { sidecarImage: null }), meshPod('coredns', 'kube-system', { app: 'dns' }, { sidecarImage: null })];
    expect(checkRule(peerAuthenticationStrictWithoutSidecarRule, objects, 'strict')[0]?.context).toEqual({ podsWithoutSidecar: 'smm-demo/legacy-1', count: '1' });
  });

  it('does not fire when every pod has a sidecar, or for PERMISSIVE', () => {
    expect(checkRule(peerAuthenticationStrictWithoutSidecarRule, [cp, peerAuthentication('strict', 'smm-demo', 'STRICT'), moviesPod], 'strict')).toEqual([]);
    const legacy = meshPod('legacy-1', 'smm-demo', { app: 'legacy' }, { sidecarImage: null });
    expect(checkRule(peerAuthenticationStrictWithoutSidecarRule, [cp, peerAuthentication('p', 'smm-demo', 'PERMISSIVE'), legacy], 'p')).toEqual([]);
  });
});

describe('peerauthentication/mode/conflict', () => {
  it('fires when a workload policy disables mTLS under a STRICT namespace policy', () => {
    const objects = [cp, peerAuthentication('ns', 'smm-demo', 'STRICT'), peerAuthentication('movies', 'smm-demo', 'DISABLE', { app: 'movies' })];
    expect(checkRule(peerAuthenticationModeConflictRule, objects, 'movies')).toEqual([expect.objectContaining({
      checkID: 'peerauthentication/mode/conflict', severity: 'warning', path: 'spec.mtls.mode',
      context: { mode: 'DISABLE', parentMode: 'STRICT', parentPolicy: 'smm-demo/ns' },
    })]);
  });

  it('does not fire when the workload tightens, or the parent is not STRICT', () => {
    expect(checkRule(peerAuthenticationModeConflictRule, [cp, peerAuthentication('ns', 'smm-demo', 'PERMISSIVE'), peerAuthentication('movies', 'smm-demo', 'DISABLE', { app: 'movies' })], 'movies')).toEqual([]);
    expect(checkRule(peerAuthenticationModeConflictRule, [cp, peerAuthentication('ns', 'smm-demo', 'PERMISSIVE'), peerAuthentication('movies', 'smm-demo', 'STRICT', { app: 'movies' })], 'movies')).toEqual([]);
  });
});

describe('authorizationpolicy/selector/no-workload', () => {
  it('fires when no pod matches', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', { selector: { matchLabels: { app: 'nope' } }, rules: [{}] });
    expect(checkRule(authorizationPolicySelectorRule, [cp, ap, moviesPod], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/selector/no-workload', path: 'spec.selector.matchLabels', context: { selector: 'app=nope' },
    })]);
  });

  it('does not fire when a pod matches', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', { selector: { matchLabels: { app: 'movies' } }, rules: [{}] });
    expect(checkRule(authorizationPolicySelectorRule, [cp, ap, moviesPod], 'ap')).toEqual([]);
  });
});

const fromPrincipal = (principal: string): Record<string, unknown> => ({ rules: [{ from: [{ source: { principals: ['cluster.local/ns/smm-demo/sa/frontpage', principal] } }] }] });
const base = [cp, namespace('smm-demo'), serviceAccount('frontpage', 'smm-demo')];

describe('authorizationpolicy/principal/namespace-not-found', () => {
  it('fires when the principal\'s namespace does not exist', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', fromPrincipal('cluster.local/ns/shop/sa/frontpage'));
    expect(checkRule(authorizationPolicyPrincipalNamespaceRule, [...base, ap], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/principal/namespace-not-found', path: 'spec.rules[0].from[0].source.principals[1]',
      context: { principal: 'cluster.local/ns/shop/sa/frontpage', namespace: 'shop' },
    })]);
  });

  it('does not fire for existing namespaces and wildcards', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', fromPrincipal('cluster.local/ns/shop/sa/*'));
    expect(checkRule(authorizationPolicyPrincipalNamespaceRule, [...base, ap], 'ap')).toEqual([]);
  });
});

describe('authorizationpolicy/principal/service-account-not-found', () => {
  it('fires when the service account does not exist in the namespace', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', fromPrincipal('cluster.local/ns/smm-demo/sa/catalog'));
    expect(checkRule(authorizationPolicyPrincipalServiceAccountRule, [...base, ap], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/principal/service-account-not-found', path: 'spec.rules[0].from[0].source.principals[1]',
      context: { principal: 'cluster.local/ns/smm-demo/sa/catalog', namespace: 'smm-demo', serviceAccount: 'catalog' },
    })]);
  });

  it('does not fire for existing and default service accounts', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', fromPrincipal('cluster.local/ns/smm-demo/sa/default'));
    expect(checkRule(authorizationPolicyPrincipalServiceAccountRule, [...base, ap], 'ap')).toEqual([]);
  });
});

describe('authorizationpolicy/source/namespace-not-found', () => {
  it('fires on an unknown source namespace', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', { rules: [{ from: [{ source: { namespaces: ['smm-demo', 'shop'] } }] }] });
    expect(checkRule(authorizationPolicySourceNamespaceRule, [...base, ap], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/source/namespace-not-found', path: 'spec.rules[0].from[0].source.namespaces[1]', context: { namespace: 'shop' },
    })]);
  });

  it('does not fire on existing namespaces, or when the snapshot has no Namespaces', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', { rules: [{ from: [{ source: { namespaces: ['smm-demo'] } }] }] });
    expect(checkRule(authorizationPolicySourceNamespaceRule, [...base, ap], 'ap')).toEqual([]);
    expect(checkRule(authorizationPolicySourceNamespaceRule, [authorizationPolicy('x', 'a', { rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] })], 'x')).toEqual([]);
  });
});

describe('authorizationpolicy/operation/host-not-found', () => {
  const movies = service('movies', 'smm-demo', { app: 'movies' });

  it('fires on a host no Service, ServiceEntry, VirtualService or Gateway declares', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', { rules: [{ to: [{ operation: { hosts: ['movies', 'moviez.smm-demo.svc.cluster.local:8080'] } }] }] });
    expect(checkRule(authorizationPolicyHostNotFoundRule, [movies, ap], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/operation/host-not-found', path: 'spec.rules[0].to[0].operation.hosts[1]', context: { host: 'moviez.smm-demo.svc.cluster.local:8080' },
    })]);
  });

  it('does not fire for Service hosts, Gateway hosts and wildcards', () => {
    const gw = gateway('gw', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['smm-demo/shop.example.com'] }] });
    const ap = authorizationPolicy('ap', 'istio-system', { rules: [{ to: [{ operation: { hosts: ['movies.smm-demo.svc.cluster.local', 'shop.example.com:80', '*.example.org'] } }] }] });
    expect(checkRule(authorizationPolicyHostNotFoundRule, [movies, gw, ap], 'ap')).toEqual([]);
  });
});

describe('authorizationpolicy/operation/methods-on-tcp', () => {
  const db = serviceWith('db', 'smm-demo', { app: 'db' }, [{ name: 'tcp-db', port: 5432 }]);
  const dbPod = meshPod('db-0', 'smm-demo', { app: 'db' });

  it('fires on methods for workloads that serve only TCP ports', () => {
    const ap = authorizationPolicy('ap', 'smm-demo', { selector: { matchLabels: { app: 'db' } }, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(checkRule(authorizationPolicyHttpOnTcpRule, [cp, db, dbPod, ap], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/operation/methods-on-tcp', path: 'spec.rules[0].to[0].operation.methods',
      context: { field: 'methods', values: 'GET', ports: '5432/TCP', action: 'ALLOW' },
    })]);
  });

  it('does not fire for HTTP or sniffed ports', () => {
    const web = serviceWith('db', 'smm-demo', { app: 'db' }, [{ name: 'tcp-db', port: 5432 }, { name: 'web', port: 8080 }]);
    const ap = authorizationPolicy('ap', 'smm-demo', { selector: { matchLabels: { app: 'db' } }, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(checkRule(authorizationPolicyHttpOnTcpRule, [cp, web, dbPod, ap], 'ap')).toEqual([]);
  });
});

describe('authorizationpolicy/deny/empty-rules', () => {
  it('fires on DENY without rules', () => {
    expect(checkRule(authorizationPolicyDenyEmptyRule, [authorizationPolicy('ap', 'smm-demo', { action: 'DENY' })], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/deny/empty-rules', severity: 'warning', path: 'spec', context: { action: 'DENY' },
    })]);
  });

  it('does not fire on DENY with rules', () => {
    expect(checkRule(authorizationPolicyDenyEmptyRule, [authorizationPolicy('ap', 'smm-demo', { action: 'DENY', rules: [{}] })], 'ap')).toEqual([]);
  });
});

describe('authorizationpolicy/allow/no-rules', () => {
  it('fires (info) on ALLOW without rules: deny-all', () => {
    expect(checkRule(authorizationPolicyAllowNoRulesRule, [authorizationPolicy('deny-all', 'smm-demo', {})], 'deny-all')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/allow/no-rules', severity: 'info', path: 'spec', context: { action: 'ALLOW', scope: 'smm-demo' },
    })]);
  });

  it('does not fire on ALLOW with rules, or DENY', () => {
    expect(checkRule(authorizationPolicyAllowNoRulesRule, [authorizationPolicy('ap', 'smm-demo', { action: 'ALLOW', rules: [{}] })], 'ap')).toEqual([]);
    expect(checkRule(authorizationPolicyAllowNoRulesRule, [authorizationPolicy('ap', 'smm-demo', { action: 'DENY' })], 'ap')).toEqual([]);
  });
});

describe('authorizationpolicy/custom/provider-missing', () => {
  it('fires on CUSTOM without provider', () => {
    expect(checkRule(authorizationPolicyCustomProviderRule, [authorizationPolicy('ap', 'smm-demo', { action: 'CUSTOM', rules: [{}] })], 'ap')).toEqual([expect.objectContaining({
      checkID: 'authorizationpolicy/custom/provider-missing', severity: 'error', path: 'spec.provider', context: { action: 'CUSTOM' },
    })]);
  });

  it('does not fire with a provider name', () => {
    expect(checkRule(authorizationPolicyCustomProviderRule, [authorizationPolicy('ap', 'smm-demo', { action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{}] })], 'ap')).toEqual([]);
  });
});

describe('requestauthentication/selector/no-workload', () => {
  it('fires when no pod matches', () => {
    const ra = requestAuthentication('ra', 'smm-demo', { selector: { matchLabels: { app: 'nope' } }, jwtRules: [{ issuer: 'me' }] });
    expect(checkRule(requestAuthenticationSelectorRule, [cp, ra, moviesPod], 'ra')).toEqual([expect.objectContaining({
      checkID: 'requestauthentication/selector/no-workload', path: 'spec.selector.matchLabels', context: { selector: 'app=nope' },
    })]);
  });

  it('does not fire when a pod matches', () => {
    const ra = requestAuthentication('ra', 'smm-demo', { selector: { matchLabels: { app: 'movies' } }, jwtRules: [{ issuer: 'me' }] });
    expect(checkRule(requestAuthenticationSelectorRule, [cp, ra, moviesPod], 'ra')).toEqual([]);
  });
});

describe('requestauthentication/jwt/jwks-and-jwks-uri', () => {
  it('fires when both are set', () => {
    const ra = requestAuthentication('ra', 'smm-demo', { jwtRules: [{ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks', jwks: '{"keys":[]}' }] });
    expect(checkRule(requestAuthenticationJwksBothRule, [ra], 'ra')).toEqual([expect.objectContaining({
      checkID: 'requestauthentication/jwt/jwks-and-jwks-uri', severity: 'error', path: 'spec.jwtRules[0]',
      context: { issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks' },
    })]);
  });

  it('does not fire with one of them', () => {
    const ra = requestAuthentication('ra', 'smm-demo', { jwtRules: [{ issuer: 'a', jwksUri: 'https://a/jwks' }, { issuer: 'b', jwks: '{}' }] });
    expect(checkRule(requestAuthenticationJwksBothRule, [ra], 'ra')).toEqual([]);
  });
});

describe('requestauthentication/jwt/duplicate-issuer', () => {
  it('fires on a second rule for one issuer', () => {
    const ra = requestAuthentication('ra', 'smm-demo', { jwtRules: [{ issuer: 'a', jwksUri: 'https://a/1' }, { issuer: 'a', jwksUri: 'https://a/2' }] });
    expect(checkRule(requestAuthenticationIssuerRule, [ra], 'ra')).toEqual([expect.objectContaining({
      checkID: 'requestauthentication/jwt/duplicate-issuer', path: 'spec.jwtRules[1].issuer', context: { issuer: 'a', firstIndex: '0' },
    })]);
  });

  it('does not fire on distinct issuers', () => {
    const ra = requestAuthentication('ra', 'smm-demo', { jwtRules: [{ issuer: 'a' }, { issuer: 'b' }] });
    expect(checkRule(requestAuthenticationIssuerRule, [ra], 'ra')).toEqual([]);
  });
});

describe('the security family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = securityRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(peerauthentication|authorizationpolicy|requestauthentication)\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
