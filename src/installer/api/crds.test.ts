import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { controlPlaneCrd, demoApplicationCrd, structuralSchemaOf, toStructural, type JSONSchemaProps } from './crds.js';

/** Every node of a schema with its path. */
function* nodes(s: JSONSchemaProps, path = ''): Generator<[string, JSONSchemaProps]> {
  yield [path || '<root>', s];
  for (const [k, v] of Object.entries(s.properties ?? {})) yield* nodes(v, path ? `${path}.${k}` : k);
  if (s.items) yield* nodes(s.items, `${path}[]`);
  if (s.additionalProperties) yield* nodes(s.additionalProperties, `${path}.*`);
}

describe('the CRDs', () => {
  const cp = controlPlaneCrd();
  const demo = demoApplicationCrd();

  it('ControlPlane: controlplanes.smm.cisco.com, cluster-scoped, short name cp, status subresource, printer columns', () => {
    expect(cp.metadata.name).toBe('controlplanes.smm.cisco.com');
    expect(cp.spec.scope).toBe('Cluster');
    expect(cp.spec.names).toMatchObject({ kind: 'ControlPlane', plural: 'controlplanes', singular: 'controlplane', shortNames: ['cp'] });
    const [version] = cp.spec.versions;
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
    expect(version?.additionalPrinterColumns?.map((c) => c.name)).toEqual(['Cluster', 'Role', 'Status', 'Age']);
  });

  it('DemoApplication: namespaced, same group and version', () => {
    expect(demo.metadata.name).toBe('demoapplications.smm.cisco.com');
    expect(demo.spec.scope).toBe('Namespaced');
    expect(demo.spec.versions[0]?.subresources).toEqual({ status: {} });
  });

  it('are structural: a type on every node, no additionalProperties beside properties, no $schema/$ref', () => {
    for (const crd of [cp, demo]) {
      const schema = crd.spec.versions[0]!.schema.openAPIV3Schema;
      expect(JSON.stringify(schema)).not.toMatch(/"\$schema"|"\$ref"|"anyOf"|"oneOf"|"additionalProperties":false/);
      for (const [path, node] of nodes(schema)) {
        expect(node.type, path).toBeDefined();
        expect(node.properties && node.additionalProperties, path).toBeFalsy();
      }
    }
  });

  it('carry the schema\'s enums, patterns, ranges, descriptions and open maps', () => {
    const spec = cp.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!;
    const smm = spec.properties!['smm']!;
    expect(spec.properties!['role']).toMatchObject({ type: 'string', enum: ['active', 'passive'] });
    expect(spec.properties!['clusterName']).toMatchObject({ type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 });
    expect(smm.properties!['prometheus']!.properties!['replicas']).toEqual({ type: 'integer', minimum: 0, description: expect.any(String) as unknown as string });
    expect(smm.properties!['grafana']!.properties!['valuesOverride']).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(spec.properties!['oneEye']).toEqual({ type: 'object', description: 'One Eye; takes no settings.', maxProperties: 0 });
    expect(spec.properties!['registryAccess']!.properties!['pullSecrets']!.items).toMatchObject({ type: 'object', required: ['name', 'namespace'] });
    expect(cp.spec.versions[0]!.schema.openAPIV3Schema.required).toEqual(['spec']);
  });

  it('refuse zod constructs Kubernetes cannot express, naming where', () => {
    expect(() => structuralSchemaOf(z.strictObject({ a: z.union([z.string(), z.number()]) }))).toThrow('CRD schema at a: "anyOf" is not structural');
    expect(() => toStructural({ type: 'object', properties: { x: {} } })).toThrow('CRD schema at x: every node needs a type');
    expect(structuralSchemaOf(z.strictObject({ m: z.record(z.string(), z.string()) }))).toEqual({
      type: 'object', properties: { m: { type: 'object', additionalProperties: { type: 'string' } } }, required: ['m'],
    });
  });
});
