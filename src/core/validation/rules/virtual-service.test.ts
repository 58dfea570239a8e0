import { describe, expect, it } from 'vitest';
import {
  virtualServiceDelegateInvalidTargetRule, virtualServiceDelegateNotFoundRule, virtualServiceDelegateUnreferencedRule,
  virtualServiceDelegateWithRouteRule, virtualServiceDestinationHostNotFoundRule, virtualServiceDestinationPortNotFoundRule,
  virtualServiceDestinationPortRequiredRule, virtualServiceFaultPercentageRule, virtualServiceGatewayHostMismatchRule,
  virtualServiceGatewayNamespaceMissingRule, virtualServiceGatewayNotFoundRule, virtualServiceHostDuplicateRule,
  virtualServiceHostNotFoundRule, virtualServiceMatchDuplicateRule, virtualServiceMatchInvalidRegexRule,
  virtualServiceMirrorPercentageRule, virtualServiceRetriesPerTryTimeoutRule, virtualServiceRouteMissingRule,
  virtualServiceRouteShadowedRule, virtualServiceRules, virtualServiceSubsetNotFoundRule, virtualServiceWeightSumRule,
} from './virtual-service.js';
import { checkRule, destinationRule, gateway, service, serviceEntry, virtualService } from '../testing.js';
import { dest, httpVirtualService, server } from '../testing-networking.js';

const reviews = service('reviews', 'bookinfo', { app: 'reviews' });
const subsets = destinationRule('reviews', 'bookinfo', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });

describe('virtualservice/route/subset-not-found', () => {
  const vs = (subset: string) => httpVirtualService('reviews', 'bookinfo', ['reviews'], [{ route: [dest('reviews', { subset: 'v1' }, 50), dest('reviews.bookinfo.svc.cluster.local', { subset }, 50)] }]);

  it('fires on a subset the DestinationRule for the host does not define', () => {
    expect(checkRule(virtualServiceSubsetNotFoundRule, [reviews, subsets, vs('v3')], 'reviews')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/route/subset-not-found', severity: 'error', path: 'spec.http[0].route[1].destination.subset',
      context: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v3' },
    })]);
  });

  it('fires when no DestinationRule covers the host', () => {
    expect(checkRule(virtualServiceSubsetNotFoundRule, [reviews, vs('v2')], 'reviews').map((f) => f.path))
      .toEqual(['spec.http[0].route[0].destination.subset', 'spec.http[0].route[1].destination.subset']);
  });

  it('does not fire when the DestinationRule (short or FQDN host) defines the subsets', () => {
    expect(checkRule(virtualServiceSubsetNotFoundRule, [reviews, subsets, vs('v2')], 'reviews')).toEqual([]);
  });
});

describe('virtualservice/route/weight-sum', () => {
  it('fires when weights do not sum to 100', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews', {}, 100)] }, { route: [dest('reviews', { subset: 'v1' }, 60), dest('reviews', { subset: 'v2' }, 30)] }]);
    expect(checkRule(virtualServiceWeightSumRule, [vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/route/weight-sum', path: 'spec.http[1].route', context: { weightSum: '90', destinations: '2' },
    })]);
  });

  it('does not fire on 100 or on a single destination without weight', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')] }, { route: [dest('reviews', { subset: 'v1' }, 75), dest('reviews', { subset: 'v2' }, 25)] }]);
    expect(checkRule(virtualServiceWeightSumRule, [vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/host/not-found', () => {
  it('fires on a mesh host with neither Service nor ServiceEntry', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews', 'ratings'], [{ route: [dest('reviews')] }]);
    expect(checkRule(virtualServiceHostNotFoundRule, [reviews, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/host/not-found', severity: 'warning', path: 'spec.hosts[1]', context: { host: 'ratings', fqdn: 'ratings.bookinfo.svc.cluster.local' },
    })]);
  });

  it('does not fire on ServiceEntry hosts or external hosts of a gateway-only VirtualService', () => {
    const se = serviceEntry('ext', 'bookinfo', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' });
    const mesh = httpVirtualService('m', 'bookinfo', ['api.example.com'], [{ route: [dest('api.example.com')] }]);
    const edge = httpVirtualService('e', 'bookinfo', ['bookinfo.example.com'], [{ route: [dest('reviews')] }], { gateways: ['istio-system/gw'] });
    expect(checkRule(virtualServiceHostNotFoundRule, [se, mesh], 'm')).toEqual([]);
    expect(checkRule(virtualServiceHostNotFoundRule, [reviews, edge], 'e')).toEqual([]);
  });
});

describe('virtualservice/destination/host-not-found', () => {
  it('fires on route and mirror destinations that resolve to nothing', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')], mirror: { host: 'reviews-shadow' } }]);
    expect(checkRule(virtualServiceDestinationHostNotFoundRule, [reviews, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/destination/host-not-found', severity: 'error', path: 'spec.http[0].mirror.host',
      context: { host: 'reviews-shadow', fqdn: 'reviews-shadow.bookinfo.svc.cluster.local' },
    })]);
  });

  it('does not fire on Services of other namespaces by FQDN, or in another cluster', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews'), dest('ratings.other.svc.cluster.local')] }]);
    expect(checkRule(virtualServiceDestinationHostNotFoundRule, [reviews, service('ratings', 'other', { app: 'ratings' }), vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/destination/port-required', () => {
  const multi = service('api', 'bookinfo', { app: 'api' }, [{ name: 'http', port: 80 }, { name: 'grpc', port: 9090 }]);

  it('fires when a gateway route omits the port of a multi-port Service', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['api.example.com'], [{ route: [dest('api')] }], { gateways: ['istio-system/gw'] });
    expect(checkRule(virtualServiceDestinationPortRequiredRule, [multi, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/destination/port-required', path: 'spec.http[0].route[0].destination', context: { host: 'api', ports: '80, 9090' },
    })]);
  });

  it('does not fire with a port, on single-port Services, or when the mesh routes a host to itself', () => {
    const withPort = httpVirtualService('p', 'bookinfo', ['x.example.com'], [{ route: [dest('api', { port: { number: 80 } }), dest('reviews')] }], { gateways: ['gw'] });
    const self = httpVirtualService('s', 'bookinfo', ['api'], [{ route: [dest('api', { subset: 'v1' })] }]);
    expect(checkRule(virtualServiceDestinationPortRequiredRule, [multi, reviews, withPort], 'p')).toEqual([]);
    expect(checkRule(virtualServiceDestinationPortRequiredRule, [multi, self], 's')).toEqual([]);
  });
});

describe('virtualservice/destination/port-not-found', () => {
  it('fires on a port the Service does not have', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews', { port: { number: 9080 } })] }]);
    expect(checkRule(virtualServiceDestinationPortNotFoundRule, [reviews, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/destination/port-not-found', severity: 'error', path: 'spec.http[0].route[0].destination.port.number',
      context: { host: 'reviews', port: '9080', ports: '80' },
    })]);
  });

  it('does not fire on a port of the Service', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews', { port: { number: 80 } })] }]);
    expect(checkRule(virtualServiceDestinationPortNotFoundRule, [reviews, vs], 'r')).toEqual([]);
  });
});

const gw = gateway('public', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [server(80, 'HTTP', ['bookinfo.example.com'])] });

describe('virtualservice/gateway/not-found', () => {
  it('fires on a gateway reference (top-level or in a match) that resolves to nothing', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['bookinfo.example.com'], [{ match: [{ gateways: ['istio-system/missing'] }], route: [dest('reviews')] }], { gateways: ['mesh', 'istio-system/public'] });
    expect(checkRule(virtualServiceGatewayNotFoundRule, [gw, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/gateway/not-found', severity: 'error', path: 'spec.http[0].match[0].gateways[0]',
      context: { gateway: 'istio-system/missing', namespace: 'istio-system', name: 'missing' },
    })]);
  });

  it('does not fire on mesh, ns/name or the old FQDN form', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['bookinfo.example.com'], [{ route: [dest('reviews')] }], { gateways: ['mesh', 'istio-system/public', 'public.istio-system.svc.cluster.local'] });
    expect(checkRule(virtualServiceGatewayNotFoundRule, [gw, vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/gateway/namespace-missing', () => {
  it('fires on a short name of a Gateway in another namespace', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['bookinfo.example.com'], [{ route: [dest('reviews')] }], { gateways: ['public'] });
    expect(checkRule(virtualServiceGatewayNamespaceMissingRule, [gw, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/gateway/namespace-missing', path: 'spec.gateways[0]', context: { gateway: 'public', candidates: 'istio-system/public' },
      fix: 'Reference the Gateway as istio-system/public.',
    })]);
    // …and not-found stays quiet on it.
    expect(checkRule(virtualServiceGatewayNotFoundRule, [gw, vs], 'r')).toEqual([]);
  });

  it('does not fire when the short name is in the VirtualService\'s namespace', () => {
    const local = gateway('public', 'bookinfo', { selector: { istio: 'ingressgateway' }, servers: [server(80, 'HTTP')] });
    const vs = httpVirtualService('r', 'bookinfo', ['bookinfo.example.com'], [{ route: [dest('reviews')] }], { gateways: ['public'] });
    expect(checkRule(virtualServiceGatewayNamespaceMissingRule, [gw, local, vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/gateway/host-mismatch', () => {
  it('fires when the Gateway serves none of the hosts', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['shop.example.com'], [{ route: [dest('reviews')] }], { gateways: ['istio-system/public'] });
    expect(checkRule(virtualServiceGatewayHostMismatchRule, [gw, vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/gateway/host-mismatch', path: 'spec.gateways[0]',
      context: { gateway: 'istio-system/public', hosts: 'shop.example.com', gatewayHosts: 'bookinfo.example.com' },
    })]);
  });

  it('does not fire when a server host (or a wildcard for the namespace) admits a host', () => {
    const wild = gateway('wild', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [server(80, 'HTTP', ['bookinfo/*.example.com'])] });
    const vs = httpVirtualService('r', 'bookinfo', ['shop.example.com'], [{ route: [dest('reviews')] }], { gateways: ['istio-system/wild'] });
    expect(checkRule(virtualServiceGatewayHostMismatchRule, [wild, vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/route/shadowed', () => {
  it('fires on routes after a catch-all route', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [dest('reviews', { subset: 'v2' })] },
      { match: [{ uri: { prefix: '/' } }], route: [dest('reviews', { subset: 'v1' })] },
      { match: [{ uri: { prefix: '/api' } }], route: [dest('reviews', { subset: 'v3' })] },
    ]);
    expect(checkRule(virtualServiceRouteShadowedRule, [vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/route/shadowed', severity: 'warning', path: 'spec.http[2]', context: { shadowedBy: 'spec.http[1]' },
    })]);
  });

  it('does not fire when the catch-all is last', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ match: [{ uri: { prefix: '/api' } }], route: [dest('reviews')] }, { route: [dest('reviews')] }]);
    expect(checkRule(virtualServiceRouteShadowedRule, [vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/match/duplicate', () => {
  it('fires on a match identical to an earlier one (names ignored)', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [
      { match: [{ name: 'a', uri: { prefix: '/api' }, headers: { x: { exact: '1' } } }], route: [dest('reviews')] },
      { match: [{ headers: { x: { exact: '1' } }, uri: { prefix: '/api' } }], route: [dest('reviews')] },
    ]);
    expect(checkRule(virtualServiceMatchDuplicateRule, [vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/match/duplicate', path: 'spec.http[1].match[0]', context: { duplicateOf: 'spec.http[0].match[0]' },
    })]);
  });

  it('does not fire on distinct matches', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [
      { match: [{ uri: { prefix: '/api' } }], route: [dest('reviews')] },
      { match: [{ uri: { prefix: '/web' } }], route: [dest('reviews')] },
    ]);
    expect(checkRule(virtualServiceMatchDuplicateRule, [vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/host/duplicate', () => {
  it('fires when two mesh VirtualServices declare one host (short and FQDN)', () => {
    const a = httpVirtualService('a', 'bookinfo', ['reviews'], [{ route: [dest('reviews')] }]);
    const b = httpVirtualService('b', 'bookinfo', ['reviews.bookinfo.svc.cluster.local'], [{ route: [dest('reviews')] }], { gateways: ['mesh'] });
    expect(checkRule(virtualServiceHostDuplicateRule, [a, b], 'a')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/host/duplicate', path: 'spec.hosts[0]', context: { host: 'reviews', otherVirtualServices: 'bookinfo/b' },
    })]);
  });

  it('does not fire when the other one is bound to gateways only', () => {
    const a = httpVirtualService('a', 'bookinfo', ['reviews'], [{ route: [dest('reviews')] }]);
    const b = httpVirtualService('b', 'bookinfo', ['reviews'], [{ route: [dest('reviews')] }], { gateways: ['istio-system/public'] });
    expect(checkRule(virtualServiceHostDuplicateRule, [a, b], 'a')).toEqual([]);
  });
});

describe('virtualservice/route/missing', () => {
  it('fires without http, tcp and tls routes', () => {
    expect(checkRule(virtualServiceRouteMissingRule, [virtualService('r', 'bookinfo', { hosts: ['reviews'] })], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/route/missing', severity: 'error', path: 'spec',
    })]);
  });

  it('does not fire with tcp routes', () => {
    expect(checkRule(virtualServiceRouteMissingRule, [virtualService('r', 'bookinfo', { hosts: ['db'], tcp: [{ route: [dest('db')] }] })], 'r')).toEqual([]);
  });
});

const root = (delegate: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  httpVirtualService('root', 'bookinfo', ['bookinfo.example.com'], [{ match: [{ uri: { prefix: '/reviews' } }], delegate, ...extra }], { gateways: ['istio-system/public'] });
const leaf = (name: string, ns: string, spec: Record<string, unknown> = {}) => virtualService(name, ns, { http: [{ route: [dest('reviews.bookinfo.svc.cluster.local')] }], ...spec });

describe('virtualservice/delegate/not-found', () => {
  it('fires when the delegate does not exist', () => {
    expect(checkRule(virtualServiceDelegateNotFoundRule, [root({ name: 'reviews-routes', namespace: 'team' })], 'root')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/delegate/not-found', path: 'spec.http[0].delegate', context: { delegate: 'team/reviews-routes' },
    })]);
  });

  it('does not fire when it exists (namespace defaulting to the root\'s)', () => {
    expect(checkRule(virtualServiceDelegateNotFoundRule, [root({ name: 'reviews-routes' }), leaf('reviews-routes', 'bookinfo')], 'root')).toEqual([]);
  });
});

describe('virtualservice/delegate/invalid-target', () => {
  it('fires when the delegate declares hosts and delegates further', () => {
    const bad = leaf('reviews-routes', 'team', { hosts: ['reviews'], http: [{ delegate: { name: 'x' } }] });
    expect(checkRule(virtualServiceDelegateInvalidTargetRule, [root({ name: 'reviews-routes', namespace: 'team' }), bad], 'root')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/delegate/invalid-target', path: 'spec.http[0].delegate',
      context: { delegate: 'team/reviews-routes', reason: 'it declares hosts; it delegates further (only one level is supported)' },
    })]);
  });

  it('does not fire on a proper delegate', () => {
    expect(checkRule(virtualServiceDelegateInvalidTargetRule, [root({ name: 'reviews-routes', namespace: 'team' }), leaf('reviews-routes', 'team')], 'root')).toEqual([]);
  });
});

describe('virtualservice/delegate/with-route', () => {
  it('fires when a delegating route also routes', () => {
    expect(checkRule(virtualServiceDelegateWithRouteRule, [root({ name: 'd' }, { route: [dest('reviews')] })], 'root')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/delegate/with-route', path: 'spec.http[0]', context: { fields: 'route' },
    })]);
  });

  it('does not fire on a delegate-only route', () => {
    expect(checkRule(virtualServiceDelegateWithRouteRule, [root({ name: 'd' })], 'root')).toEqual([]);
  });
});

describe('virtualservice/delegate/unreferenced', () => {
  it('fires on a VirtualService without hosts nobody delegates to', () => {
    expect(checkRule(virtualServiceDelegateUnreferencedRule, [root({ name: 'other' }), leaf('orphan', 'bookinfo')], 'orphan')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/delegate/unreferenced', severity: 'warning', path: 'spec',
    })]);
  });

  it('does not fire on a delegate in use, nor on VirtualServices with hosts', () => {
    expect(checkRule(virtualServiceDelegateUnreferencedRule, [root({ name: 'reviews-routes' }), leaf('reviews-routes', 'bookinfo')], 'reviews-routes')).toEqual([]);
    expect(checkRule(virtualServiceDelegateUnreferencedRule, [root({ name: 'x' })], 'root')).toEqual([]);
  });
});

describe('virtualservice/mirror/percentage-range', () => {
  it('fires on a mirror percentage above 100', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')], mirror: { host: 'reviews' }, mirrorPercentage: { value: 150 }, mirrors: [{ destination: { host: 'reviews' }, percentage: { value: 50 } }] }]);
    expect(checkRule(virtualServiceMirrorPercentageRule, [vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/mirror/percentage-range', severity: 'error', path: 'spec.http[0].mirrorPercentage.value', context: { percentage: '150' },
    })]);
  });

  it('does not fire within 0–100', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')], mirror: { host: 'reviews' }, mirrorPercentage: { value: 100 } }]);
    expect(checkRule(virtualServiceMirrorPercentageRule, [vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/fault/percentage-range', () => {
  it('fires on a negative abort percentage', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')], fault: { abort: { httpStatus: 500, percentage: { value: -5 } } } }]);
    expect(checkRule(virtualServiceFaultPercentageRule, [vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/fault/percentage-range', path: 'spec.http[0].fault.abort.percentage.value', context: { percentage: '-5' },
    })]);
  });

  it('does not fire within 0–100', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')], fault: { delay: { fixedDelay: '5s', percentage: { value: 10 } }, abort: { httpStatus: 500, percentage: { value: 0.5 } } } }]);
    expect(checkRule(virtualServiceFaultPercentageRule, [vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/retries/per-try-timeout', () => {
  it('fires when perTryTimeout exceeds the timeout', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ route: [dest('reviews')], timeout: '2s', retries: { attempts: 3, perTryTimeout: '2500ms' } }]);
    expect(checkRule(virtualServiceRetriesPerTryTimeoutRule, [vs], 'r')).toEqual([expect.objectContaining({
      checkID: 'virtualservice/retries/per-try-timeout', path: 'spec.http[0].retries.perTryTimeout', context: { perTryTimeout: '2500ms', timeout: '2s' },
    })]);
  });

  it('does not fire when it is shorter, or without a timeout', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [
      { route: [dest('reviews')], timeout: '1m', retries: { attempts: 3, perTryTimeout: '10s' } },
      { route: [dest('reviews')], retries: { attempts: 3, perTryTimeout: '10s' } },
    ]);
    expect(checkRule(virtualServiceRetriesPerTryTimeoutRule, [vs], 'r')).toEqual([]);
  });
});

describe('virtualservice/match/invalid-regex', () => {
  it('fires on an unparsable regex and on RE2-unsupported lookarounds', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{
      match: [{ uri: { regex: '/api/(v1' } }, { headers: { 'end-user': { regex: '^(?!admin).*' } } }], route: [dest('reviews')],
    }]);
    const findings = checkRule(virtualServiceMatchInvalidRegexRule, [vs], 'r');
    expect(findings.map((f) => [f.checkID, f.path, f.context.regex])).toEqual([
      ['virtualservice/match/invalid-regex', 'spec.http[0].match[0].uri.regex', '/api/(v1'],
      ['virtualservice/match/invalid-regex', 'spec.http[0].match[1].headers["end-user"].regex', '^(?!admin).*'],
    ]);
  });

  it('does not fire on valid RE2 regexes', () => {
    const vs = httpVirtualService('r', 'bookinfo', ['reviews'], [{ match: [{ uri: { regex: '/api/v[0-9]+/.*' }, queryParams: { id: { regex: '\\d+' } } }], route: [dest('reviews')] }]);
    expect(checkRule(virtualServiceMatchInvalidRegexRule, [vs], 'r')).toEqual([]);
  });
});

describe('the virtualservice family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = virtualServiceRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^virtualservice\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
