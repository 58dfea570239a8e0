import { describe, expect, it } from 'vitest';
import { kindOf, yamlContextAt } from './yaml-context';

/** The context where `|` is in the text. */
const at = (textWithCursor: string) => {
  const offset = textWithCursor.indexOf('|');
  return yamlContextAt(textWithCursor.replace('|', ''), offset);
};

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: x
spec:
  hosts:
  - movies
  http:
  - route:
    - destination:
        host: movies
      weight: 90
`;

describe('yamlContextAt', () => {
  it('top-level keys, with what is already there', () => {
    expect(at(`${VS}sta|`)).toMatchObject({ mode: 'key', path: [], prefix: 'sta', siblings: ['apiVersion', 'kind', 'metadata', 'spec'] });
  });

  it('inside spec, after a compact list (list at the key\'s column)', () => {
    expect(at(`${VS}  |`)).toMatchObject({ mode: 'key', path: ['spec'], prefix: '', siblings: ['hosts', 'http'] });
  });

  it('in an item of a list of routes', () => {
    expect(at(`${VS}      hea|`)).toMatchObject({ mode: 'key', path: ['spec', 'http', '[]', 'route', '[]'], prefix: 'hea', siblings: ['destination', 'weight'] });
  });

  it('in a new item of a list (after the dash)', () => {
    expect(at(`${VS}  - ret|`)).toMatchObject({ mode: 'key', path: ['spec', 'http', '[]'], prefix: 'ret', column: 4, siblings: [] });
  });

  it('inside a nested object', () => {
    expect(at(`${VS.replace('        host: movies\n', '        host: movies\n        su|\n')}`)).toMatchObject({ path: ['spec', 'http', '[]', 'route', '[]', 'destination'], prefix: 'su', siblings: ['host'] });
  });

  it('typing a value', () => {
    expect(at('spec:\n  mtls:\n    mode: ST|')).toMatchObject({ mode: 'value', path: ['spec', 'mtls'], key: 'mode', prefix: 'ST', from: 24 });
  });

  it('nothing in comments or in the middle of a scalar list item', () => {
    expect(at('spec:\n  # a comm|')).toBeUndefined();
    expect(at('spec:\n  hosts:\n  - a b|')).toBeUndefined();
  });

  it('reads the kind', () => {
    expect(kindOf(VS)).toBe('VirtualService');
    expect(kindOf('metadata:\n  kind: X\n')).toBeUndefined();
  });
});
