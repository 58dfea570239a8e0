import { describe, expect, it } from 'vitest';
import type { SchemaBundle } from './crd-schema.js';
import { fieldTreeOf, toFieldNode, versionRank } from './field-tree.js';
import bundled from './istio-schemas.json' with { type: 'json' };

const bundle = bundled as unknown as SchemaBundle;

describe('field tree for the editor', () => {
  it('orders versions GA, beta, alpha', () => {
    expect(['v1alpha3', 'v1', 'v1beta1'].sort((a, b) => versionRank(b) - versionRank(a))).toEqual(['v1', 'v1beta1', 'v1alpha3']);
  });

  it('describes a VirtualService: nested fields, types, required', () => {
    const tree = fieldTreeOf(bundle, 'virtualservice')!;
    expect(tree).toMatchObject({ group: 'networking.istio.io', kind: 'VirtualService', version: 'v1' });
    const spec = tree.root.fields!['spec']!;
    expect(Object.keys(spec.fields!)).toEqual(expect.arrayContaining(['hosts', 'gateways', 'http', 'tls', 'tcp']));
    const route = spec.fields!['http']!.items!.fields!['route']!.items!;
    expect(route.fields!['weight']!.type).toBe('integer');
    expect(route.fields!['destination']!.fields!['host']!.type).toBe('string');
    expect(route.fields!['destination']!.required).toContain('host');
    expect(tree.root.fields!['apiVersion']!.values![0]).toBe('networking.istio.io/v1');
  });

  it('keeps enums and maps', () => {
    const pa = fieldTreeOf(bundle, 'PeerAuthentication')!;
    expect(pa.root.fields!['spec']!.fields!['mtls']!.fields!['mode']!.values).toEqual(expect.arrayContaining(['STRICT', 'PERMISSIVE', 'DISABLE']));
    expect(pa.root.fields!['spec']!.fields!['selector']!.fields!['matchLabels']!.mapValues!.type).toBe('string');
  });

  it('finds smm\'s IstioMeshGateway and nothing for unknown kinds', () => {
    expect(fieldTreeOf(bundle, 'IstioMeshGateway')!.root.fields!['spec']!.fields!['type']!.values).toEqual(expect.arrayContaining(['ingress', 'egress']));
    expect(fieldTreeOf(bundle, 'Deployment')).toBeUndefined();
  });

  it('merges one-of branches and treats int-or-string as one type', () => {
    const node = toFieldNode({ type: 'object', oneOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { 'x-kubernetes-int-or-string': true } } }] });
    expect(node.fields).toEqual({ a: { type: 'string' }, b: { type: 'int-or-string' } });
  });

  it('is much smaller than the bundle', () => {
    expect(JSON.stringify(fieldTreeOf(bundle, 'VirtualService')).length).toBeLessThan(JSON.stringify(bundle).length / 5);
  });
});
