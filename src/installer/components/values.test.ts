import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidValuesError, resolveValues, validValues, valueWarnings } from './values.js';

const schema = z.strictObject({ namespace: z.string(), replicas: z.number().int(), nested: z.strictObject({ a: z.string() }) });
const defaults = { namespace: 'x', replicas: 1, nested: { a: 'a' } };

describe('resolveValues', () => {
  it('applies defaults, then the override, then managed settings, reporting replaced overrides', () => {
    const r = resolveValues(schema, 'spec.thing', defaults, { replicas: 3, namespace: 'user' }, { namespace: 'managed' });
    expect(r.values).toEqual({ namespace: 'managed', replicas: 3, nested: { a: 'a' } });
    expect(r.warnings).toEqual(['spec.thing.valuesOverride.namespace is managed by smm; using "managed"']);
    expect(r.errors).toEqual([]);
  });

  it('names the path of a wrong type or an unknown key', () => {
    const r = resolveValues(schema, 'spec.thing', defaults, { replicas: 'three', nested: { b: 1 } }, {});
    expect(r.errors).toEqual([
      'spec.thing.valuesOverride.replicas: Invalid input: expected number, received string',
      'spec.thing.valuesOverride.nested: unknown field(s) b',
    ]);
    expect(() => validValues(r)).toThrow(InvalidValuesError);
  });

  it('warnings never throw', () => {
    expect(valueWarnings(() => { throw new Error('no image configured for "smm"'); })).toEqual(['no image configured for "smm"']);
  });
});
