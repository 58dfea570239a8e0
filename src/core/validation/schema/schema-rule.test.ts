import { describe, expect, it } from 'vitest';
import { parseManifests } from '../source/parse-manifests.js';
import { checkRule, gateway, virtualService } from '../testing.js';
import { schemaRule } from './schema-rule.js';

describe('schemaRule', () => {
  it('is a schema rule (the analyzer runs it first) over every bundled kind, reading nothing else', () => {
    expect(schemaRule.id).toBe('schema');
    expect(schemaRule.reads).toEqual([]);
    expect(schemaRule.kinds).toEqual(expect.arrayContaining(['VirtualService', 'DestinationRule', 'Gateway', 'AuthorizationPolicy', 'IstioMeshGateway']));
    expect(schemaRule.kinds).not.toContain('Service');
  });

  it('reports each issue as a finding with its specific check as checkID', () => {
    const vs = virtualService('reviews', 'bookinfo', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', hots: 'x' } }] }] });
    const findings = checkRule(schemaRule, [vs], 'reviews');
    expect(findings).toEqual([expect.objectContaining({
      checkID: 'schema/unknown-field',
      severity: 'error',
      subject: { group: 'networking.istio.io', kind: 'VirtualService', cluster: 'c1', namespace: 'bookinfo', name: 'reviews' },
      path: 'spec.http[0].route[0].destination.hots',
      message: 'unknown field "spec.http[0].route[0].destination.hots"',
      context: {},
    })]);
    expect(findings[0]!.fix).toMatch(/spelling/);
  });

  it('finds nothing on a valid object', () => {
    const gw = gateway('gw', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
    expect(checkRule(schemaRule, [gw], 'gw')).toEqual([]);
  });

  it('offline mode end to end: a file\'s findings map to file:line', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        hots: typo\n';
    const [parsed] = parseManifests(text, 'vs.yaml').objects;
    const [finding] = checkRule(schemaRule, [parsed!.object], 'reviews');
    const { line, column } = parsed!.lineOf(finding!.path);
    expect(`${parsed!.file}:${line}:${column}: ${finding!.message}`).toBe('vs.yaml:11:9: unknown field "spec.http[0].route[0].destination.hots"');
  });
});
