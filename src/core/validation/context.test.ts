import { describe, expect, it } from 'vitest';
import { AnalysisContext } from './context.js';
import type { KubeObject } from '../model/k8s.js';
import { pod, service, virtualService } from './testing.js';

const input = (objects: KubeObject[]) => ({ clusters: [{ name: 'c1', objects }] });

describe('AnalysisContext.next', () => {
  const vs = virtualService('reviews', 'shop', { hosts: ['reviews'] });
  const base = [service('reviews', 'shop', { app: 'reviews' }), pod('reviews-1', 'shop', { app: 'reviews' }), vs];

  it('keeps indexes no changed kind feeds (the model) and sees the changed objects', () => {
    const first = new AnalysisContext(input(base));
    const model = first.model;
    const edited = virtualService('reviews', 'shop', { hosts: ['reviews', 'ratings'] });
    const next = first.next(input([base[0]!, base[1]!, edited]), new Set(['VirtualService']));
    expect(next.model).toBe(model);
    expect(next.all('VirtualService').map((o) => o.object)).toEqual([edited]);
    expect(next.get('VirtualService', 'c1', 'shop', 'reviews')?.object).toBe(edited);
    expect(next.resolveHost('c1', 'shop', 'reviews')).toHaveLength(1);
  });

  it('rebuilds what a changed kind feeds, and forgets deleted objects', () => {
    const first = new AnalysisContext(input(base));
    expect(first.podsMatching('c1', 'shop', { app: 'reviews' })).toHaveLength(1);
    const next = first.next(input([base[0]!, vs]), new Set(['Pod']));
    expect(next.model).not.toBe(first.model);
    expect(next.podsMatching('c1', 'shop', { app: 'reviews' })).toEqual([]);
    expect(next.get('Pod', 'c1', 'shop', 'reviews-1')).toBeUndefined();
    const noService = next.next(input([vs]), new Set(['Service']));
    expect(noService.resolveHost('c1', 'shop', 'reviews')).toEqual([]);
  });
});
