import { describe, expect, it } from 'vitest';
import type { IstioResourceRow } from './api';
import { editorPath, filterResources, validationSummary } from './resource-list';

const row = (kind: string, namespace: string, name: string): IstioResourceRow => ({ cluster: 'c', kind, namespace, name, resourceVersion: '1', issues: [] });
const ROWS = [row('VirtualService', 'smm-demo', 'a'), row('DestinationRule', 'smm-demo', 'b'), row('DestinationRule', 'istio-system', 'c'), row('Gateway', 'other', 'd')];

describe('istio resources list', () => {
  it('filters by namespaces and kinds, both optional', () => {
    expect(filterResources(ROWS, [], []).length).toBe(4);
    expect(filterResources(ROWS, ['smm-demo', 'istio-system'], ['DestinationRule']).map((r) => r.name)).toEqual(['b', 'c']);
    expect(filterResources(ROWS, ['other'], []).map((r) => r.name)).toEqual(['d']);
    expect(filterResources(ROWS, [], ['VirtualService', 'Gateway']).map((r) => r.name)).toEqual(['a', 'd']);
  });

  it('summarises validation findings', () => {
    expect(validationSummary([])).toMatchObject({ tone: 'ok', text: 'valid' });
    expect(validationSummary([{ severity: 'warning', message: 'w' }])).toMatchObject({ tone: 'warn', text: '1 warning' });
    expect(validationSummary([{ severity: 'error', message: 'e' }, { severity: 'error', message: 'f' }, { severity: 'warning', message: 'w' }])).toMatchObject({ tone: 'bad', text: '2 errors, 1 warning', detail: 'error: e\nerror: f\nwarning: w' });
  });

  it('links to the editor with each part encoded', () => {
    expect(editorPath({ kind: 'VirtualService', namespace: 'smm-demo', name: 'a.b' })).toBe('/istio-resources/VirtualService/smm-demo/a.b');
  });
});
