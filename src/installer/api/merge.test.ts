import { describe, expect, it } from 'vitest';
import { deepMerge, mergeValues } from './merge.js';

describe('mergeValues', () => {
  it('applies defaults, then overrides, then managed settings', () => {
    const r = mergeValues({ replicas: 1, retention: '8h', image: { tag: 'v1', pullPolicy: 'IfNotPresent' } },
      { replicas: 3, image: { pullPolicy: 'Always' } }, { image: { tag: 'v2' } });
    expect(r.values).toEqual({ replicas: 3, retention: '8h', image: { tag: 'v2', pullPolicy: 'Always' } });
    expect(r.collisions).toEqual([]);
  });

  it('reports a user value that a managed setting overrides, with its path', () => {
    const r = mergeValues({ a: { b: 1 } }, { a: { b: 5 }, namespace: 'mine' }, { a: { b: 2 }, namespace: 'smm-system' });
    expect(r.values).toEqual({ a: { b: 2 }, namespace: 'smm-system' });
    expect(r.collisions.sort()).toEqual(['a.b', 'namespace']);
  });

  it('does not report an override equal to the managed value; replaces lists whole', () => {
    expect(mergeValues({}, { ns: 'x' }, { ns: 'x' }).collisions).toEqual([]);
    expect(deepMerge({ l: [1, 2, 3] }, { l: [9] })).toEqual({ l: [9] });
  });

  it('never mutates its inputs', () => {
    const d = { a: { b: 1 } };
    const o = { a: { c: 2 } };
    mergeValues(d, o, { a: { d: 3 } });
    expect(d).toEqual({ a: { b: 1 } });
    expect(o).toEqual({ a: { c: 2 } });
  });
});
