import { describe, expect, it } from 'vitest';
import {
  destinationRuleConnectionPoolRule, destinationRuleConsistentHashKeyRule, destinationRuleHostNotFoundRule, destinationRuleMissingMeshPolicyRule,
  destinationRuleMultipleForHostRule, destinationRuleOutlierDetectionRule, destinationRulePortNotFoundRule, destinationRuleRules,
  destinationRuleSubsetDuplicateNameRule, destinationRuleSubsetNoPodsRule, destinationRuleTlsDisabledStrictRule, destinationRuleTlsMutualCredentialsRule,
  destinationRuleTlsMutualDisabledRule, destinationRuleTlsSimpleSniRule, destinationRuleWorkloadSelectorRule,
} from './destination-rule.js';
import { checkRule, destinationRule, serviceEntry, service } from '../testing.js';
import { istioControlPlane, meshPod, peerAuthentication } from '../testing-policy.js';

const movies = service('movies', 'smm-demo', { app: 'movies' }, [{ name: 'http', port: 8080 }]);
const moviesV1 = meshPod('movies-v1-abc', 'smm-demo', { app: 'movies', version: 'v1' });
const mutualDr = destinationRule('movies', 'smm-demo', { host: 'movies', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });

describe('destinationrule/enabled-mtls/missing-mesh-policy', () => {
  it('fires when a DR enables ISTIO_MUTUAL and no mesh-wide PeerAuthentication enables mTLS', () => {
    const objects = [istioControlPlane(), mutualDr, movies, peerAuthentication('ns-wide', 'smm-demo', 'STRICT')];
    expect(checkRule(destinationRuleMissingMeshPolicyRule, objects, 'movies')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/enabled-mtls/missing-mesh-policy', severity: 'error', path: 'spec.host', message: 'missing mesh policy',
      context: expect.objectContaining({ hostname: 'movies' }),
    })]);
  });

  it('fires on ISTIO_MUTUAL in a subset too, but not with a mesh-wide STRICT or PERMISSIVE policy in the root namespace', () => {
    const subsetDr = destinationRule('movies', 'smm-demo', { host: 'movies', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }] });
    expect(checkRule(destinationRuleMissingMeshPolicyRule, [istioControlPlane(), subsetDr], 'movies')[0]?.context.tlsMode).toBe('spec.subsets[0].trafficPolicy.tls.mode');
    for (const mode of ['STRICT', 'PERMISSIVE']) {
      expect(checkRule(destinationRuleMissingMeshPolicyRule, [istioControlPlane(), mutualDr, peerAuthentication('default', 'istio-system', mode)], 'movies')).toEqual([]);
    }
    expect(checkRule(destinationRuleMissingMeshPolicyRule, [destinationRule('movies', 'smm-demo', { host: 'movies' })], 'movies')).toEqual([]);
  });
});

describe('destinationrule/host/not-found', () => {
  it('fires when the host resolves to no Service or ServiceEntry', () => {
    const dr = destinationRule('dr', 'smm-demo', { host: 'moviez' });
    expect(checkRule(destinationRuleHostNotFoundRule, [dr, movies], 'dr')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/host/not-found', path: 'spec.host', context: { host: 'moviez', fqdn: 'moviez.smm-demo.svc.cluster.local' },
    })]);
  });

  it('does not fire for a Service (short or FQDN), a ServiceEntry host, or a wildcard', () => {
    const se = serviceEntry('ext', 'smm-demo', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] });
    for (const host of ['movies', 'movies.smm-demo.svc.cluster.local', 'api.example.com', '*.example.org']) {
      expect(checkRule(destinationRuleHostNotFoundRule, [destinationRule('dr', 'smm-demo', { host }), movies, se], 'dr')).toEqual([]);
    }
  });
});

describe('destinationrule/subset/no-matching-pods', () => {
  const dr = destinationRule('movies', 'smm-demo', { host: 'movies', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });

  it('fires on a subset whose labels match no pod of the host', () => {
    expect(checkRule(destinationRuleSubsetNoPodsRule, [dr, movies, moviesV1, meshPod('other-v2', 'smm-demo', { app: 'other', version: 'v2' })], 'movies')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/subset/no-matching-pods', severity: 'warning', path: 'spec.subsets[1].labels',
      context: { subset: 'v2', labels: 'version=v2', host: 'movies' },
    })]);
  });

  it('does not fire when every subset has pods, or when the host is unknown', () => {
    expect(checkRule(destinationRuleSubsetNoPodsRule, [dr, movies, moviesV1, meshPod('movies-v2-x', 'smm-demo', { app: 'movies', version: 'v2' })], 'movies')).toEqual([]);
    expect(checkRule(destinationRuleSubsetNoPodsRule, [dr], 'movies')).toEqual([]);
  });
});

describe('destinationrule/subset/duplicate-name', () => {
  it('fires on the second subset with a name', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1', labels: { version: 'v2' } }] });
    expect(checkRule(destinationRuleSubsetDuplicateNameRule, [dr], 'dr')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/subset/duplicate-name', severity: 'error', path: 'spec.subsets[1].name', context: { subset: 'v1', firstIndex: '0' },
    })]);
  });

  it('does not fire on unique names', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });
    expect(checkRule(destinationRuleSubsetDuplicateNameRule, [dr], 'dr')).toEqual([]);
  });
});

describe('destinationrule/host/multiple', () => {
  it('fires when two DRs of a namespace configure the same host and subset', () => {
    const a = destinationRule('a', 'smm-demo', { host: 'movies', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    const b = destinationRule('b', 'smm-demo', { host: 'movies.smm-demo.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    expect(checkRule(destinationRuleMultipleForHostRule, [a, b], 'a')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/host/multiple', path: 'spec.host',
      context: { host: 'movies.smm-demo.svc.cluster.local', otherDestinationRules: 'smm-demo/b', subsets: 'v1' },
    })]);
  });

  it('does not fire for disjoint subsets, other namespaces or other hosts', () => {
    const objects = [
      destinationRule('a', 'smm-demo', { host: 'movies', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      destinationRule('b', 'smm-demo', { host: 'movies', subsets: [{ name: 'v2', labels: { version: 'v2' } }] }),
      destinationRule('c', 'other', { host: 'movies.smm-demo.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      destinationRule('d', 'smm-demo', { host: 'bookings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
    ];
    expect(checkRule(destinationRuleMultipleForHostRule, objects, 'a')).toEqual([]);
  });
});

describe('destinationrule/tls/disabled-strict-policy', () => {
  const disabled = destinationRule('movies', 'smm-demo', { host: 'movies', trafficPolicy: { tls: { mode: 'DISABLE' } } });

  it('fires when TLS is disabled towards workloads under a STRICT PeerAuthentication', () => {
    const objects = [istioControlPlane(), disabled, movies, moviesV1, peerAuthentication('strict', 'smm-demo', 'STRICT')];
    expect(checkRule(destinationRuleTlsDisabledStrictRule, objects, 'movies')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/tls/disabled-strict-policy', severity: 'error', path: 'spec.trafficPolicy.tls.mode',
      context: { host: 'movies', tlsMode: 'DISABLE', peerAuthenticationMode: 'STRICT', peerAuthentications: 'smm-demo/strict' },
    })]);
  });

  it('does not fire when a workload policy makes the pods PERMISSIVE, or without STRICT', () => {
    const objects = [istioControlPlane(), disabled, movies, moviesV1, peerAuthentication('strict', 'istio-system', 'STRICT'), peerAuthentication('movies', 'smm-demo', 'PERMISSIVE', { app: 'movies' })];
    expect(checkRule(destinationRuleTlsDisabledStrictRule, objects, 'movies')).toEqual([]);
    expect(checkRule(destinationRuleTlsDisabledStrictRule, [istioControlPlane(), disabled, movies, moviesV1], 'movies')).toEqual([]);
  });
});

describe('destinationrule/tls/mutual-disabled-policy', () => {
  it('fires when ISTIO_MUTUAL goes to workloads whose mTLS is disabled', () => {
    const objects = [istioControlPlane(), mutualDr, movies, moviesV1, peerAuthentication('off', 'smm-demo', 'DISABLE', { app: 'movies' })];
    expect(checkRule(destinationRuleTlsMutualDisabledRule, objects, 'movies')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/tls/mutual-disabled-policy', path: 'spec.trafficPolicy.tls.mode',
      context: expect.objectContaining({ tlsMode: 'ISTIO_MUTUAL', peerAuthenticationMode: 'DISABLE', peerAuthentications: 'smm-demo/off' }),
    })]);
  });

  it('does not fire when the workloads accept mTLS', () => {
    const objects = [istioControlPlane(), mutualDr, movies, moviesV1, peerAuthentication('off', 'smm-demo', 'DISABLE', { app: 'other' })];
    expect(checkRule(destinationRuleTlsMutualDisabledRule, objects, 'movies')).toEqual([]);
  });
});

describe('destinationrule/tls/mutual-credentials-missing', () => {
  it('fires on MUTUAL without client certificate', () => {
    const dr = destinationRule('ext', 'ns', { host: 'api.example.com', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'MUTUAL', clientCertificate: '/etc/certs/cert.pem' } }] } });
    expect(checkRule(destinationRuleTlsMutualCredentialsRule, [dr], 'ext')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/tls/mutual-credentials-missing', severity: 'error', path: 'spec.trafficPolicy.portLevelSettings[0].tls',
      context: { mode: 'MUTUAL', missing: 'privateKey' },
    })]);
  });

  it('does not fire with a credentialName or a certificate and key', () => {
    const dr = destinationRule('ext', 'ns', {
      host: 'api.example.com', trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client-cert' } },
      subsets: [{ name: 'a', labels: { a: 'a' }, trafficPolicy: { tls: { mode: 'MUTUAL', clientCertificate: 'c', privateKey: 'k' } } }],
    });
    expect(checkRule(destinationRuleTlsMutualCredentialsRule, [dr], 'ext')).toEqual([]);
  });
});

describe('destinationrule/tls/sni-missing', () => {
  it('fires on SIMPLE TLS to an external host without sni', () => {
    const dr = destinationRule('ext', 'ns', { host: 'api.example.com', trafficPolicy: { tls: { mode: 'SIMPLE' } } });
    expect(checkRule(destinationRuleTlsSimpleSniRule, [dr], 'ext')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/tls/sni-missing', severity: 'info', path: 'spec.trafficPolicy.tls', context: { host: 'api.example.com', mode: 'SIMPLE' },
    })]);
  });

  it('does not fire with sni, or for in-mesh hosts', () => {
    expect(checkRule(destinationRuleTlsSimpleSniRule, [destinationRule('ext', 'ns', { host: 'api.example.com', trafficPolicy: { tls: { mode: 'SIMPLE', sni: 'api.example.com' } } })], 'ext')).toEqual([]);
    expect(checkRule(destinationRuleTlsSimpleSniRule, [destinationRule('ext', 'ns', { host: 'movies.smm-demo.svc.cluster.local', trafficPolicy: { tls: { mode: 'SIMPLE' } } })], 'ext')).toEqual([]);
  });
});

describe('destinationrule/outlier-detection/out-of-range', () => {
  it('fires on percentages above 100, negative counts and bad durations', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', trafficPolicy: { outlierDetection: { consecutive5xxErrors: -1, interval: '10 seconds', maxEjectionPercent: 150 } } });
    const findings = checkRule(destinationRuleOutlierDetectionRule, [dr], 'dr');
    expect(findings.map((f) => [f.checkID, f.path, f.context.reason])).toEqual([
      ['destinationrule/outlier-detection/out-of-range', 'spec.trafficPolicy.outlierDetection.maxEjectionPercent', 'must be between 0 and 100'],
      ['destinationrule/outlier-detection/out-of-range', 'spec.trafficPolicy.outlierDetection.consecutive5xxErrors', 'must not be negative'],
      ['destinationrule/outlier-detection/out-of-range', 'spec.trafficPolicy.outlierDetection.interval', 'not a duration (e.g. `10s`)'],
    ]);
  });

  it('does not fire on sane values', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, interval: '1m30s', baseEjectionTime: '30s', maxEjectionPercent: 50 } } });
    expect(checkRule(destinationRuleOutlierDetectionRule, [dr], 'dr')).toEqual([]);
  });
});

describe('destinationrule/connection-pool/out-of-range', () => {
  it('fires on negative limits and zero timeouts', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { connectionPool: { tcp: { maxConnections: -5, connectTimeout: '0s' }, http: { maxRetries: -1 } } } }] });
    const findings = checkRule(destinationRuleConnectionPoolRule, [dr], 'dr');
    expect(findings.map((f) => [f.checkID, f.path, f.context.value])).toEqual([
      ['destinationrule/connection-pool/out-of-range', 'spec.subsets[0].trafficPolicy.connectionPool.tcp.maxConnections', '-5'],
      ['destinationrule/connection-pool/out-of-range', 'spec.subsets[0].trafficPolicy.connectionPool.tcp.connectTimeout', '0s'],
      ['destinationrule/connection-pool/out-of-range', 'spec.subsets[0].trafficPolicy.connectionPool.http.maxRetries', '-1'],
    ]);
  });

  it('does not fire on a circuit breaker with small but valid limits', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1, connectTimeout: '30ms' }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } } } });
    expect(checkRule(destinationRuleConnectionPoolRule, [dr], 'dr')).toEqual([]);
  });
});

describe('destinationrule/load-balancer/consistent-hash-key-missing', () => {
  it('fires on consistentHash without a key', () => {
    const dr = destinationRule('dr', 'ns', { host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { minimumRingSize: 1024 } } } });
    expect(checkRule(destinationRuleConsistentHashKeyRule, [dr], 'dr')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/load-balancer/consistent-hash-key-missing', path: 'spec.trafficPolicy.loadBalancer.consistentHash', context: { key: 'none' },
    })]);
  });

  it('does not fire with a header, cookie or source IP key', () => {
    const dr = destinationRule('dr', 'ns', {
      host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } },
      subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '0s' } } } } }, { name: 'v2', labels: { v: '2' }, trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true } } } }],
    });
    expect(checkRule(destinationRuleConsistentHashKeyRule, [dr], 'dr')).toEqual([]);
  });
});

describe('destinationrule/port-level/port-not-found', () => {
  it('fires on a port the host does not declare', () => {
    const dr = destinationRule('movies', 'smm-demo', { host: 'movies', trafficPolicy: { portLevelSettings: [{ port: { number: 9090 }, loadBalancer: { simple: 'RANDOM' } }] } });
    expect(checkRule(destinationRulePortNotFoundRule, [dr, movies], 'movies')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/port-level/port-not-found', path: 'spec.trafficPolicy.portLevelSettings[0].port.number', context: { host: 'movies', port: '9090', ports: '8080' },
    })]);
  });

  it('does not fire on a declared port', () => {
    const dr = destinationRule('movies', 'smm-demo', { host: 'movies', trafficPolicy: { portLevelSettings: [{ port: { number: 8080 }, loadBalancer: { simple: 'RANDOM' } }] } });
    expect(checkRule(destinationRulePortNotFoundRule, [dr, movies], 'movies')).toEqual([]);
  });
});

describe('destinationrule/workload-selector/no-workload', () => {
  const dr = destinationRule('movies', 'smm-demo', { host: 'movies', workloadSelector: { matchLabels: { app: 'frontpage' } } });

  it('fires when no pod of the namespace matches', () => {
    expect(checkRule(destinationRuleWorkloadSelectorRule, [dr, moviesV1, meshPod('frontpage-1', 'other', { app: 'frontpage' })], 'movies')).toEqual([expect.objectContaining({
      checkID: 'destinationrule/workload-selector/no-workload', path: 'spec.workloadSelector.matchLabels', context: { selector: 'app=frontpage' },
    })]);
  });

  it('does not fire when a pod matches', () => {
    expect(checkRule(destinationRuleWorkloadSelectorRule, [dr, meshPod('frontpage-1', 'smm-demo', { app: 'frontpage' })], 'movies')).toEqual([]);
  });
});

describe('the destinationrule family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = destinationRuleRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^destinationrule\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
