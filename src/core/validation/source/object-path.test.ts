import { describe, expect, it } from 'vitest';
import { childPath, formatPath, parsePath } from './object-path.js';

describe('path notation', () => {
  it('formats keys with dots and indexes with brackets, quoting keys that are not plain words', () => {
    expect(formatPath(['spec', 'servers', 0, 'tls', 'credentialName'])).toBe('spec.servers[0].tls.credentialName');
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(formatPath(['spec', 'portLevelMtls', '8080', 'mode'])).toBe('spec.portLevelMtls["8080"].mode');
    expect(formatPath([])).toBe('');
    expect(childPath('spec.http', 0)).toBe('spec.http[0]');
    expect(childPath('', 'spec')).toBe('spec');
    expect(childPath('spec', 'a b')).toBe('spec["a b"]');
  });

  it('parses what it formats, and what rules write by hand', () => {
    for (const segments of [['spec', 'http', 1, 'route', 0, 'destination', 'subset'], ['metadata', 'annotations', 'a.b/c"d]'], ['x-y', 0, 0]]) {
      expect(parsePath(formatPath(segments))).toEqual(segments);
    }
    expect(parsePath("spec.selector['istio']")).toEqual(['spec', 'selector', 'istio']);
    expect(parsePath('')).toEqual([]);
  });

  it('refuses what is not a path', () => {
    for (const bad of ['spec.', '.spec', 'spec[', 'spec[x]', 'spec["a]']) expect(parsePath(bad)).toBeUndefined();
  });
});
