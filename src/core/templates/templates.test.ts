import { describe, expect, it } from 'vitest';
import { getTemplate, listTemplates, renderTemplate, TemplateError } from './index.js';

const KINDS = ['VirtualService', 'DestinationRule', 'PeerAuthentication', 'AuthorizationPolicy', 'Gateway', 'IstioMeshGateway', 'Sidecar', 'ServiceEntry'];

describe('Istio resource templates', () => {
  it('cover every kind the editor offers, with unique ids and described parameters', () => {
    const all = listTemplates();
    expect(new Set(all.map((t) => t.kind))).toEqual(new Set(KINDS));
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all) {
      expect(t.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
      expect(t.title).not.toBe('');
      for (const p of t.parameters) expect(p.description, `${t.id} ${p.name}`).not.toBe('');
      expect(t.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['name', 'namespace']));
    }
    expect(listTemplates('DestinationRule').every((t) => t.kind === 'DestinationRule')).toBe(true);
  });

  for (const t of listTemplates()) {
    it(`${t.id}: renders a well-formed ${t.kind} with its defaults`, () => {
      const o = renderTemplate(t.id);
      expect(o.kind).toBe(t.kind);
      expect(o.apiVersion).toBe(t.apiVersion);
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(o.metadata.namespace).toBeTruthy();
      expect(typeof o.spec).toBe('object');
      // Only what was set: no undefined members anywhere (clean YAML, exact SSA ownership).
      expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    });
  }

  it('builds what the manual describes', () => {
    const weighted = renderTemplate('virtualservice/weighted-routing', { weightA: 90 });
    expect((weighted.spec as { http: { route: { weight: number }[] }[] }).http[0]!.route.map((r) => r.weight)).toEqual([90, 10]);
    const abort = renderTemplate('virtualservice/fault-abort', { httpStatus: 503, percentage: 50 });
    expect((abort.spec as { http: { fault: unknown }[] }).http[0]!.fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 50 } } });
    const match = renderTemplate('virtualservice/header-match');
    expect((match.spec as { http: { match?: unknown[] }[] }).http[0]!.match).toEqual([{ uri: { prefix: '/ratings/v2/' }, headers: { 'end-user': { exact: 'jason' } } }]);
    expect((match.spec as { http: { match?: unknown[] }[] }).http.at(-1)!.match).toBeUndefined();
    const cb = renderTemplate('destinationrule/circuit-breaker');
    expect(Object.keys((cb.spec as { trafficPolicy: object }).trafficPolicy).sort()).toEqual(['connectionPool', 'outlierDetection']);
    const port = renderTemplate('peerauthentication/port', { port: 9090, portMode: 'DISABLE' });
    expect(port.spec).toMatchObject({ selector: { matchLabels: { app: 'payments' } }, portLevelMtls: { 9090: { mode: 'DISABLE' } } });
    expect(renderTemplate('authorizationpolicy/allow-nothing').spec).toEqual({ action: 'ALLOW' });
    expect(renderTemplate('gateway/https').spec).toMatchObject({ servers: [{ tls: { mode: 'SIMPLE', credentialName: 'echo-example-com-tls' } }, { tls: { httpsRedirect: true } }] });
    expect(renderTemplate('istiomeshgateway/egress', { name: 'egress-demo' })).toMatchObject({ apiVersion: 'servicemesh.cisco.com/v1alpha1', spec: { type: 'egress', deployment: { metadata: { labels: { 'gateway-name': 'egress-demo', 'gateway-type': 'egress' } } } } });
    expect(renderTemplate('serviceentry/tcp-database', { address: '10.0.0.5' }).spec).toMatchObject({ resolution: 'STATIC', endpoints: [{ address: '10.0.0.5' }] });
  });

  it('refuses unknown templates, unknown parameters and bad values, naming them', () => {
    expect(() => renderTemplate('nope/nope')).toThrow(/no template "nope\/nope"/);
    const err = (() => {
      try {
        renderTemplate('virtualservice/fault-delay', { fixedDelay: 'soon', percentage: 200, colour: 'red' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(TemplateError);
    const paths = (err as TemplateError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['', 'fixedDelay', 'percentage']);
    expect((err as TemplateError).message).toContain('unknown parameter "colour"');
    expect(() => renderTemplate('virtualservice/fault-delay', [])).toThrow(TemplateError);
    expect(getTemplate('sidecar/egress-restriction')?.kind).toBe('Sidecar');
  });
});
