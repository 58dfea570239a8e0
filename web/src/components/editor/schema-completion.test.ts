import { describe, expect, it } from 'vitest';
import { completionsAt, describeType, nodeAt, type FieldNode } from './schema-completion';
import { yamlContextAt } from './yaml-context';

const ROOT: FieldNode = {
  type: 'object',
  fields: {
    kind: { type: 'string', values: ['VirtualService'] },
    metadata: { type: 'object', fields: { name: { type: 'string' }, labels: { type: 'object', mapValues: { type: 'string' } } } },
    spec: {
      type: 'object',
      fields: {
        hosts: { type: 'array', items: { type: 'string' } },
        http: { type: 'array', items: { type: 'object', fields: { route: { type: 'array', items: { type: 'object', required: ['destination'], fields: { destination: { type: 'object', fields: { host: { type: 'string' } } }, weight: { type: 'integer' } } } }, timeout: { type: 'string' } } } },
        exportTo: { type: 'array', items: { type: 'string' } },
        tls: { type: 'object', fields: { mode: { type: 'string', values: ['SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] }, enabled: { type: 'boolean' } } },
      },
    },
  },
};

const complete = (textWithCursor: string) => {
  const offset = textWithCursor.indexOf('|');
  const ctx = yamlContextAt(textWithCursor.replace('|', ''), offset);
  return ctx ? completionsAt(ROOT, ctx) : [];
};

describe('schema completion', () => {
  it('walks lists and maps', () => {
    expect(nodeAt(ROOT, ['spec', 'http', '[]', 'route', '[]', 'weight'])?.type).toBe('integer');
    expect(nodeAt(ROOT, ['metadata', 'labels', 'app'])?.type).toBe('string');
    expect(nodeAt(ROOT, ['spec', 'nope', 'x'])).toBeUndefined();
  });

  it('offers the fields not yet present, filtered by the prefix', () => {
    expect(complete('spec:\n  hosts:\n  - a\n  |').map((c) => c.label)).toEqual(['http', 'exportTo', 'tls']);
    expect(complete('spec:\n  h|').map((c) => c.label)).toEqual(['hosts', 'http']);
  });

  it('marks required fields and inserts blocks for objects and lists', () => {
    const [dest] = complete('spec:\n  http:\n  - route:\n    - d|');
    expect(dest).toMatchObject({ label: 'destination', detail: 'object · required', boost: 1, apply: 'destination:\n        ' });
    expect(complete('spec:\n  hos|')[0]!.apply).toBe('hosts:\n  - ');
    expect(complete('spec:\n  http:\n  - tim|')[0]!.apply).toBe('timeout: ');
  });

  it('offers enum and boolean values', () => {
    expect(complete('spec:\n  tls:\n    mode: |').map((c) => c.label)).toEqual(['SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);
    expect(complete('spec:\n  tls:\n    mode: IS|').map((c) => c.label)).toEqual(['ISTIO_MUTUAL']);
    expect(complete('spec:\n  tls:\n    enabled: |').map((c) => c.label)).toEqual(['true', 'false']);
  });

  it('describes types for the list', () => {
    expect(describeType(ROOT.fields!['spec']!.fields!['http']!)).toBe('list of objects');
    expect(describeType(ROOT.fields!['metadata']!.fields!['labels']!)).toBe('map of string');
  });
});
