import { describe, expect, it } from 'vitest';
import {
  gatewayCredentialSecretNotFoundRule, gatewayPortNameProtocolMismatchRule, gatewayPortProtocolConflictRule, gatewayReusedCertRule,
  gatewayRules, gatewaySelectorNoWorkloadRule, gatewayServerDuplicateHostRule, gatewayServerInvalidHostRule,
  gatewayServerNamespaceNotFoundRule, gatewayServerTlsMissingRule, gatewayTlsCredentialMissingRule,
} from './gateway.js';
import { checkRule, gateway, namespace, pod } from '../testing.js';
import { ingressGateway, ingressPod, secret, server } from '../testing-networking.js';

describe('gateway/reused-cert', () => {
  const tls = (name: string, credentialName: string) => gateway(name, 'istio-system', {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [`${name}.example.com`], tls: { mode: 'SIMPLE', credentialName } }],
  });

  it('fires on every Gateway sharing a credentialName, with the path and the secret', () => {
    const findings = checkRule(gatewayReusedCertRule, [tls('a', 'wildcard'), tls('b', 'wildcard')], 'a');
    expect(findings).toEqual([expect.objectContaining({
      checkID: 'gateway/reused-cert', severity: 'error', path: 'spec.servers[0].tls.credentialName',
      message: 'multiple gateways configured with same TLS certificate',
      context: expect.objectContaining({ reusedCertificateSecret: 'secret:c1:istio-system:wildcard', otherGateways: 'b' }),
    })]);
  });

  it('does not fire when each Gateway has its own certificate', () => {
    expect(checkRule(gatewayReusedCertRule, [tls('a', 'cert-a'), tls('b', 'cert-b')], 'a')).toEqual([]);
  });
});

describe('gateway/port/protocol-conflict', () => {
  it('fires once per Gateway when the same port has TCP on one Gateway and TLS on another with the same selector', () => {
    const objects = [
      ingressGateway('tcp-gw', [server(9443, 'TCP', ['*'])]),
      ingressGateway('tls-gw', [server(80, 'HTTP'), server(9443, 'TLS', ['db.example.com'], { mode: 'PASSTHROUGH' })]),
    ];
    expect(checkRule(gatewayPortProtocolConflictRule, objects, 'tls-gw')).toEqual([expect.objectContaining({
      checkID: 'gateway/port/protocol-conflict', severity: 'error', path: 'spec.servers[1]', message: 'Conflicting gateway port protocols',
      context: expect.objectContaining({ port: '9443', protocol: 'TLS', conflictingProtocols: 'TCP', otherGateways: 'istio-system/tcp-gw' }),
    })]);
    expect(checkRule(gatewayPortProtocolConflictRule, objects, 'tcp-gw')).toEqual([expect.objectContaining({
      path: 'spec.servers[0]', context: expect.objectContaining({ port: '9443', protocol: 'TCP' }),
    })]);
  });

  it('does not fire for other selectors, or HTTPS and TLS sharing a port', () => {
    const objects = [
      ingressGateway('tcp-gw', [server(9443, 'TCP')], 'istio-system', { istio: 'other' }),
      ingressGateway('tls-gw', [server(9443, 'TLS', ['a.example.com'], { mode: 'PASSTHROUGH' })]),
      ingressGateway('https-gw', [server(9443, 'HTTPS', ['b.example.com'], { mode: 'SIMPLE', credentialName: 'b' })]),
    ];
    expect(checkRule(gatewayPortProtocolConflictRule, objects, 'tls-gw')).toEqual([]);
  });
});

describe('gateway/credential/secret-not-found', () => {
  const gw = ingressGateway('gw', [server(443, 'HTTPS', ['a.example.com'], { mode: 'SIMPLE', credentialName: 'a-cert' })], 'apps');

  it('fires when the Secret is not in the namespace of the gateway pods (even if in the Gateway\'s)', () => {
    const findings = checkRule(gatewayCredentialSecretNotFoundRule, [gw, ingressPod('istio-system'), secret('a-cert', 'apps')], 'gw');
    expect(findings).toEqual([expect.objectContaining({
      checkID: 'gateway/credential/secret-not-found', severity: 'error', path: 'spec.servers[0].tls.credentialName',
      context: { credentialName: 'a-cert', namespace: 'istio-system' },
    })]);
  });

  it('does not fire when the Secret is in the gateway workload\'s namespace', () => {
    expect(checkRule(gatewayCredentialSecretNotFoundRule, [gw, ingressPod('istio-system'), secret('a-cert', 'istio-system')], 'gw')).toEqual([]);
  });

  it('falls back to the Gateway\'s namespace when no gateway pod is known', () => {
    expect(checkRule(gatewayCredentialSecretNotFoundRule, [gw, secret('a-cert', 'apps')], 'gw')).toEqual([]);
  });
});

describe('gateway/selector/no-workload', () => {
  const gw = ingressGateway('gw', [server(80, 'HTTP')]);

  it('fires when no pod has the selector\'s labels', () => {
    expect(checkRule(gatewaySelectorNoWorkloadRule, [gw, pod('web', 'istio-system', { app: 'web' })], 'gw')).toEqual([expect.objectContaining({
      checkID: 'gateway/selector/no-workload', severity: 'warning', path: 'spec.selector', context: { selector: 'istio=ingressgateway' },
    })]);
  });

  it('does not fire when a gateway pod in any namespace matches', () => {
    expect(checkRule(gatewaySelectorNoWorkloadRule, [gw, ingressPod('gateways')], 'gw')).toEqual([]);
  });
});

describe('gateway/server/duplicate-host', () => {
  it('fires when another Gateway on the same workload serves the host on the same port', () => {
    const objects = [ingressGateway('a', [server(80, 'HTTP', ['shop.example.com'])]), ingressGateway('b', [server(80, 'HTTP', ['apps/shop.example.com'])])];
    expect(checkRule(gatewayServerDuplicateHostRule, objects, 'a')).toEqual([expect.objectContaining({
      checkID: 'gateway/server/duplicate-host', path: 'spec.servers[0].hosts[0]',
      context: { host: 'shop.example.com', port: '80', otherGateways: 'istio-system/b' },
    })]);
  });

  it('does not fire on another port or another host', () => {
    const objects = [
      ingressGateway('a', [server(80, 'HTTP', ['shop.example.com'])]),
      ingressGateway('b', [server(8080, 'HTTP', ['shop.example.com'])]),
      ingressGateway('c', [server(80, 'HTTP', ['blog.example.com'])]),
    ];
    expect(checkRule(gatewayServerDuplicateHostRule, objects, 'a')).toEqual([]);
  });
});

describe('gateway/server/invalid-host', () => {
  it('fires on a server without hosts and on malformed hosts', () => {
    const gw = ingressGateway('gw', [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }, server(81, 'HTTP', ['a/b/c', 'foo.*.com'])]);
    const findings = checkRule(gatewayServerInvalidHostRule, [gw], 'gw');
    expect(findings.map((f) => [f.checkID, f.path, f.context.reason])).toEqual([
      ['gateway/server/invalid-host', 'spec.servers[0].hosts', 'no hosts'],
      ['gateway/server/invalid-host', 'spec.servers[1].hosts[0]', 'more than one "/"'],
      ['gateway/server/invalid-host', 'spec.servers[1].hosts[1]', 'a wildcard may only be the first label (`*.example.com`)'],
    ]);
  });

  it('does not fire on `*`, wildcards and namespaced hosts', () => {
    const gw = ingressGateway('gw', [server(80, 'HTTP', ['*', '*.example.com', 'apps/a.example.com', './b.example.com', '*/c.example.com'])]);
    expect(checkRule(gatewayServerInvalidHostRule, [gw], 'gw')).toEqual([]);
  });
});

describe('gateway/server/namespace-not-found', () => {
  const gw = ingressGateway('gw', [server(80, 'HTTP', ['shop/a.example.com', './b.example.com', '*/c.example.com'])]);

  it('fires when the namespace before the slash does not exist', () => {
    expect(checkRule(gatewayServerNamespaceNotFoundRule, [gw, namespace('istio-system')], 'gw')).toEqual([expect.objectContaining({
      checkID: 'gateway/server/namespace-not-found', severity: 'warning', path: 'spec.servers[0].hosts[0]', context: { host: 'shop/a.example.com', namespace: 'shop' },
    })]);
  });

  it('does not fire when it exists (or when the snapshot has no Namespaces at all)', () => {
    expect(checkRule(gatewayServerNamespaceNotFoundRule, [gw, namespace('istio-system'), namespace('shop')], 'gw')).toEqual([]);
    expect(checkRule(gatewayServerNamespaceNotFoundRule, [gw], 'gw')).toEqual([]);
  });
});

describe('gateway/server/tls-missing', () => {
  it('fires on an HTTPS server without tls', () => {
    expect(checkRule(gatewayServerTlsMissingRule, [ingressGateway('gw', [server(80, 'HTTP'), server(443, 'HTTPS')])], 'gw')).toEqual([expect.objectContaining({
      checkID: 'gateway/server/tls-missing', severity: 'error', path: 'spec.servers[1]', context: { port: '443', protocol: 'HTTPS' },
    })]);
  });

  it('does not fire with tls settings', () => {
    expect(checkRule(gatewayServerTlsMissingRule, [ingressGateway('gw', [server(443, 'TLS', ['*'], { mode: 'PASSTHROUGH' })])], 'gw')).toEqual([]);
  });
});

describe('gateway/tls/credential-missing', () => {
  it('fires on SIMPLE tls without a certificate', () => {
    expect(checkRule(gatewayTlsCredentialMissingRule, [ingressGateway('gw', [server(443, 'HTTPS', ['*'], { mode: 'SIMPLE' })])], 'gw')).toEqual([expect.objectContaining({
      checkID: 'gateway/tls/credential-missing', path: 'spec.servers[0].tls', context: { mode: 'SIMPLE', port: '443' },
    })]);
  });

  it('does not fire with a credentialName, or with PASSTHROUGH', () => {
    const gw = ingressGateway('gw', [server(443, 'HTTPS', ['*'], { mode: 'MUTUAL', credentialName: 'c' }), server(8443, 'TLS', ['*'], { mode: 'PASSTHROUGH' })]);
    expect(checkRule(gatewayTlsCredentialMissingRule, [gw], 'gw')).toEqual([]);
  });
});

describe('gateway/port/name-protocol-mismatch', () => {
  it('fires when the port name says another protocol', () => {
    const gw = ingressGateway('gw', [{ port: { number: 443, name: 'http-443', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'c' } }]);
    expect(checkRule(gatewayPortNameProtocolMismatchRule, [gw], 'gw')).toEqual([expect.objectContaining({
      checkID: 'gateway/port/name-protocol-mismatch', severity: 'info', path: 'spec.servers[0].port.name',
      context: { name: 'http-443', protocol: 'HTTPS', nameProtocol: 'HTTP' },
    })]);
  });

  it('does not fire on matching or free-form names', () => {
    const gw = ingressGateway('gw', [server(80, 'HTTP'), { port: { number: 81, name: 'web', protocol: 'HTTP' }, hosts: ['*'] }]);
    expect(checkRule(gatewayPortNameProtocolMismatchRule, [gw], 'gw')).toEqual([]);
  });
});

describe('the gateway family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = gatewayRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^gateway\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
