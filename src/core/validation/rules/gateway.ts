// Gateway rules: what Istio accepts on Gateways but breaks traffic at the edge.

import type { ConfigObject, Rule, RuleFinding } from '../types.js';

interface GatewayServer {
  port?: { number?: number; name?: string; protocol?: string };
  hosts?: string[];
  tls?: { mode?: string; credentialName?: string };
}
const serversOf = (o: ConfigObject): GatewayServer[] => ((o.object.spec as { servers?: GatewayServer[] } | undefined)?.servers ?? []);

/**
 * Browsers reuse one HTTP/2 connection for every host a certificate covers; when two Gateways
 * serve those hosts with one certificate, requests for the second host reach the first
 * Gateway's routes and get 404s.
 */
export const gatewayReusedCertRule: Rule = {
  id: 'gateway/reused-cert',
  severity: 'error',
  kinds: ['Gateway'],
  reads: [],
  title: 'Several Gateways use one TLS certificate (credentialName)',
  fix: 'Serve all hosts of the certificate from one Gateway, or give each Gateway its own certificate.',
  check(subject, ctx) {
    const findings: RuleFinding[] = [];
    const ns = subject.object.metadata.namespace ?? '';
    serversOf(subject).forEach((server, i) => {
      const secret = server.tls?.credentialName;
      if (!secret) return;
      const others = ctx.all('Gateway').filter((g) => g.object !== subject.object && g.cluster === subject.cluster
        && (g.object.metadata.namespace ?? '') === ns && serversOf(g).some((s) => s.tls?.credentialName === secret));
      if (others.length === 0) return;
      findings.push({
        path: `spec.servers[${i}].tls.credentialName`,
        message: 'multiple gateways configured with same TLS certificate',
        context: {
          reusedCertificateSecret: `secret:${subject.cluster}:${ns}:${secret}`,
          otherGateways: others.map((g) => g.object.metadata.name ?? '').sort().join(', '),
        },
      });
    });
    return findings;
  },
};

export const gatewayRules: readonly Rule[] = [gatewayReusedCertRule];
