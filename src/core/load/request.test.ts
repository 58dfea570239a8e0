import { describe, expect, it } from 'vitest';
import type { Service } from '../model/types.js';
import { checkLoadRequest, type LoadRequestInput } from './request.js';

const service = (name: string, ports: number[]): Service => ({
  cluster: 'c1', namespace: 'shop', name, type: 'ClusterIP', labels: {}, workloads: [],
  ports: ports.map((port) => ({ port, protocol: 'HTTP', protocolSource: 'name' })),
});
const model = { services: [service('catalog', [8080, 8082]), service('notifications', [8080])] };
const base: LoadRequestInput = { namespace: 'shop', service: 'catalog', port: 8080, requestsPerSecond: 20, durationSeconds: 60 };
const argumentOf = (input: Partial<LoadRequestInput>): string | undefined => {
  const r = checkLoadRequest(model, { ...base, ...input });
  return r.ok ? undefined : r.argument;
};

describe('checkLoadRequest', () => {
  it('fills in the defaults for a valid request', () => {
    expect(checkLoadRequest(model, base)).toEqual({
      ok: true,
      request: { cluster: 'c1', namespace: 'shop', service: 'catalog', port: 8080, path: '/', method: 'GET', requestsPerSecond: 20, durationSeconds: 60 },
    });
    const single = checkLoadRequest(model, { ...base, service: 'notifications', port: null, method: 'post' });
    expect(single.ok && single.request).toMatchObject({ port: 8080, method: 'POST' });
  });

  it('names the argument it refuses', () => {
    expect(argumentOf({ requestsPerSecond: 0 })).toBe('requestsPerSecond');
    expect(argumentOf({ requestsPerSecond: 1000.5 })).toBe('requestsPerSecond');
    expect(argumentOf({ requestsPerSecond: Number.NaN })).toBe('requestsPerSecond');
    expect(argumentOf({ requestsPerSecond: 1000 })).toBeUndefined();
    expect(argumentOf({ durationSeconds: 0 })).toBe('durationSeconds');
    expect(argumentOf({ durationSeconds: 3601 })).toBe('durationSeconds');
    expect(argumentOf({ method: 'TRACE' })).toBe('method');
    expect(argumentOf({ path: 'index.html' })).toBe('path');
    expect(argumentOf({ service: 'nope' })).toBe('service');
    expect(argumentOf({ namespace: 'other' })).toBe('service');
    expect(argumentOf({ cluster: 'c2' })).toBe('service');
    expect(argumentOf({ port: 9999 })).toBe('port');
    expect(argumentOf({ port: null })).toBe('port');
  });
});
