import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.js';
import { objectYaml, pathLines } from './object-yaml.js';

const gateway: KubeObject = {
  apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway',
  metadata: { name: 'gw', namespace: 'istio-system', managedFields: [{ manager: 'kubectl', operation: 'Apply' }], labels: { 'app.kubernetes.io/name': 'gw' } },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['a.example.com', 'b.example.com'], tls: { mode: 'SIMPLE', credentialName: 'cert' } },
    ],
  },
};

/** The 1-based line numbers whose text contains `needle`. */
const linesWith = (yaml: string, needle: string): number[] => yaml.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));

describe('objectYaml', () => {
  it('leaves out managedFields', () => {
    const yaml = objectYaml(gateway);
    expect(yaml).not.toContain('managedFields');
    expect(yaml).toContain('credentialName: cert');
  });

  it("never shows a Secret's payload", () => {
    const yaml = objectYaml({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"x"}}', keep: 'me' } }, data: { 'tls.key': 'c2VjcmV0' } } as never);
    expect(yaml).not.toContain('c2VjcmV0');
    expect(yaml).not.toContain('last-applied');
    expect(yaml).toContain('keep: me');
  });
});

describe('pathLines', () => {
  const yaml = objectYaml(gateway);

  it('maps a scalar field to its own line', () => {
    const [line] = linesWith(yaml, 'credentialName: cert');
    expect(pathLines(yaml, 'spec.servers[1].tls.credentialName')).toEqual({ path: 'spec.servers[1].tls.credentialName', start: line, end: line, exact: true });
  });

  it('maps a list item to all of its lines', () => {
    const r = pathLines(yaml, 'spec.servers[1]')!;
    expect(r.start).toBe(linesWith(yaml, 'number: 443')[0]! - 1);
    expect(r.end).toBe(linesWith(yaml, 'credentialName: cert')[0]);
  });

  it('maps a block field from its key to its last line', () => {
    const r = pathLines(yaml, 'spec.servers[1].hosts')!;
    expect([r.start, r.end]).toEqual([linesWith(yaml, 'hosts:')[1], linesWith(yaml, 'b.example.com')[0]]);
  });

  it('reads quoted keys', () => {
    const [line] = linesWith(yaml, 'app.kubernetes.io/name');
    expect(pathLines(yaml, 'metadata.labels["app.kubernetes.io/name"]')).toMatchObject({ start: line, end: line, exact: true });
  });

  it('falls back to the nearest existing ancestor for a missing field', () => {
    const [line] = linesWith(yaml, '  selector:');
    expect(pathLines(yaml, 'spec.selector.app')).toEqual({ path: 'spec.selector.app', start: linesWith(yaml, 'istio: ingressgateway')[0]! - 1, end: line, exact: false });
  });

  it('has no lines for the whole object or a malformed path', () => {
    expect(pathLines(yaml, '')).toBeUndefined();
    expect(pathLines(yaml, 'spec[')).toBeUndefined();
  });
});
