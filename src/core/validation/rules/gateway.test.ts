import { describe, expect, it } from 'vitest';
import { gatewayReusedCertRule } from './gateway.js';
import { checkRule, gateway } from '../testing.js';

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
