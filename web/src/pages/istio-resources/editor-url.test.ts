import { describe, expect, it } from 'vitest';
import { newResourcePath, parseParams } from './editor-url';

describe('editor URLs', () => {
  it('carry kind, template, its parameters and the way back', () => {
    const path = newResourcePath('Gateway', { template: 'gateway/http', params: { selector: { 'gateway-name': 'gw' } }, back: '/gateways/a/b' });
    const url = new URL(path, 'http://x');
    expect(url.pathname).toBe('/istio-resources/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({ kind: 'Gateway', template: 'gateway/http', params: '{"selector":{"gateway-name":"gw"}}', back: '/gateways/a/b' });
    expect(parseParams(url.searchParams.get('params'))).toEqual({ selector: { 'gateway-name': 'gw' } });
    expect(newResourcePath('VirtualService', { params: { a: 1 } })).toBe('/istio-resources/new?kind=VirtualService');
  });

  it('ignores parameters that are not a JSON object', () => {
    expect(parseParams(null)).toBeUndefined();
    expect(parseParams('[1]')).toBeUndefined();
    expect(parseParams('{oops')).toBeUndefined();
  });
});
