import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse-manifests.js';

// Line numbers are written next to the lines the tests look up.
const MULTI = [
  'apiVersion: networking.istio.io/v1', //  1
  'kind: Gateway', //                       2
  'metadata:', //                           3
  '  name: public-gw', //                   4
  '  labels:', //                           5
  '    app.kubernetes.io/name: gw', //      6
  'spec:', //                               7
  '  servers:', //                          8
  '  - port: {number: 443, name: https, protocol: HTTPS}', // 9
  '    hosts: ["*.example.com"]', //        10
  '    tls:', //                            11
  '      mode: SIMPLE', //                  12
  '      credentialName: example-cert', //  13
  '---', //                                 14
  'apiVersion: networking.istio.io/v1', //  15
  'kind: VirtualService', //                16
  'spec:', //                               17
  '  hosts: [a, b', //                      18  (unclosed flow sequence)
  '  http: []', //                          19
  '---', //                                 20
  '# the third document', //                21
  'apiVersion: networking.istio.io/v1', //  22
  'kind: VirtualService', //                23
  'metadata: {name: reviews}', //           24
  'spec:', //                               25
  '  hosts: [reviews]', //                  26
  '  http:', //                             27
  '  - route:', //                          28
  '    - destination:', //                 29
  '        hots: reviews', //               30
  '---', //                                 31
  '',
].join('\n');

describe('parseManifests: a multi-document file with a malformed middle document', () => {
  const { objects, errors } = parseManifests(MULTI, 'mesh.yaml');

  it('keeps the documents around the broken one and reports the broken one with its line', () => {
    expect(objects.map((o) => [o.object.kind, o.object.metadata.name, o.documentIndex, o.file])).toEqual([
      ['Gateway', 'public-gw', 0, 'mesh.yaml'],
      ['VirtualService', 'reviews', 2, 'mesh.yaml'],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'mesh.yaml', documentIndex: 1 });
    expect(errors[0]!.message).toMatch(/^document 2: /);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(18);
    expect(errors[0]!.line).toBeLessThanOrEqual(20);
  });

  it('maps paths to the line and column of the key or list item', () => {
    const [gw, vs] = objects;
    expect(gw!.lineOf('spec.servers[0].tls.credentialName')).toEqual({ line: 13, column: 7 });
    expect(gw!.lineOf('spec.servers[0]')).toEqual({ line: 9, column: 5 });
    expect(gw!.lineOf('spec.servers[0].port.number')).toEqual({ line: 9, column: 12 });
    expect(gw!.lineOf('spec.servers[0].hosts[0]')).toEqual({ line: 10, column: 13 });
    expect(gw!.lineOf('metadata.labels["app.kubernetes.io/name"]')).toEqual({ line: 6, column: 5 });
    expect(vs!.lineOf('spec.http[0].route[0].destination.hots')).toEqual({ line: 30, column: 9 });
  });

  it('falls back to the nearest existing ancestor, and to the object\'s start', () => {
    const [gw, vs] = objects;
    // A missing required field: shown at its parent.
    expect(vs!.lineOf('spec.http[0].route[0].destination.host')).toEqual({ line: 29, column: 7 });
    expect(gw!.lineOf('spec.servers[3].tls')).toEqual({ line: 8, column: 3 });
    expect(gw!.lineOf('')).toEqual({ line: 1, column: 1 });
    expect(vs!.lineOf('no.such[1].path')).toEqual({ line: 22, column: 1 });
    expect(vs!.lineOf('not a [ path')).toEqual({ line: 22, column: 1 });
  });
});

describe('parseManifests: other shapes', () => {
  it('reads JSON, with lines', () => {
    const text = '{\n  "apiVersion": "security.istio.io/v1",\n  "kind": "PeerAuthentication",\n  "metadata": {"name": "default"},\n  "spec": {\n    "mtls": {"mode": "STRICT"}\n  }\n}\n';
    const { objects, errors } = parseManifests(text, 'pa.json');
    expect(errors).toEqual([]);
    expect(objects[0]!.object).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(objects[0]!.lineOf('spec.mtls.mode')).toEqual({ line: 6, column: 14 });
  });

  it('reads the items of a kind: List, each mapping its own paths', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: networking.istio.io/v1',
      '  kind: Sidecar',
      '  metadata: {name: a}',
      '  spec: {egress: [{hosts: ["./*"]}]}',
      '- 42',
      '- apiVersion: networking.istio.io/v1',
      '  kind: ServiceEntry',
      '  metadata: {name: b}',
      '  spec:',
      '    hosts: [api.example.com]',
    ].join('\n');
    const { objects, errors } = parseManifests(text, 'list.yaml');
    expect(objects.map((o) => [o.object.kind, o.itemIndex, o.documentIndex])).toEqual([['Sidecar', 0, 0], ['ServiceEntry', 2, 0]]);
    expect(objects[1]!.lineOf('spec.hosts[0]')).toEqual({ line: 13, column: 13 });
    expect(objects[1]!.lineOf('')).toEqual({ line: 9, column: 3 });
    expect(errors).toEqual([{ file: 'list.yaml', documentIndex: 0, line: 8, column: 3, message: 'document 1: items[1] is a number, not a Kubernetes object' }]);
  });

  it('names non-object documents and documents without kind or apiVersion; skips empty ones', () => {
    const text = 'just a string\n---\nkind: Gateway\nmetadata: {name: g}\n---\n# nothing here\n---\n- a\n- b\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n';
    const { objects, errors } = parseManifests(text, 'x.yaml');
    expect(objects.map((o) => o.object.metadata.name)).toEqual(['demo']);
    expect(errors).toEqual([
      { file: 'x.yaml', documentIndex: 0, line: 1, column: 1, message: 'document 1 is a string, not a Kubernetes object' },
      { file: 'x.yaml', documentIndex: 1, line: 3, column: 1, message: 'document 2 has no apiVersion' },
      { file: 'x.yaml', documentIndex: 3, line: 8, column: 1, message: 'document 4 is a list, not a Kubernetes object' },
    ]);
  });

  it('gives an object without metadata an empty one (rules read metadata)', () => {
    const { objects } = parseManifests('apiVersion: networking.istio.io/v1\nkind: Sidecar\nspec: {}\n', 's.yaml');
    expect(objects[0]!.object.metadata).toEqual({});
  });

  it('reports duplicate keys (kubectl refuses them too)', () => {
    const { objects, errors } = parseManifests('apiVersion: v1\nkind: Namespace\nkind: Namespace\nmetadata: {name: a}\n', 'd.yaml');
    expect(objects).toEqual([]);
    expect(errors[0]).toMatchObject({ documentIndex: 0, line: 3 });
  });

  it('follows YAML aliases', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: r\n  trafficPolicy: &tp\n    tls:\n      mode: SIMPLE\n  subsets:\n  - name: v1\n    trafficPolicy: *tp\n';
    const { objects } = parseManifests(text, 'a.yaml');
    expect(objects[0]!.lineOf('spec.subsets[0].trafficPolicy.tls.mode')).toEqual({ line: 8, column: 7 });
  });
});
