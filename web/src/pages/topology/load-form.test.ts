import { describe, expect, it } from 'vitest';
import { httpPorts, loadTargets, loadVariables, startedMessage, targetKey, type LoadFields, type LoadService } from './load-form';

const services: LoadService[] = [
  { cluster: 'c', namespace: 'shop', name: 'postgresql', ports: [{ name: 'tcp', port: 5432, protocol: 'TCP' }, { name: 'sql', port: 5433, protocol: 'MYSQL' }] },
  { cluster: 'c', namespace: 'shop', name: 'catalog', ports: [{ name: 'http', port: 8080, protocol: 'HTTP' }, { name: 'tcp', port: 8083, protocol: 'TCP' }] },
  { cluster: 'c', namespace: 'app', name: 'zeta', ports: [{ name: 'grpc', port: 8082, protocol: 'GRPC' }] },
];
const fields: LoadFields = { target: 'c/shop/catalog', port: '8080', path: ' /items ', method: 'POST', rps: '20', duration: '60' };

describe('load form', () => {
  it('offers services with an HTTP or gRPC port, sorted, and only those ports', () => {
    expect(loadTargets(services).map(targetKey)).toEqual(['c/app/zeta', 'c/shop/catalog']);
    expect(httpPorts(services[1]).map((p) => p.port)).toEqual([8080]);
  });

  it('turns the fields into the mutation variables', () => {
    expect(loadVariables(fields, services)).toEqual({
      ok: true,
      variables: { cluster: 'c', namespace: 'shop', service: 'catalog', port: 8080, path: '/items', method: 'POST', requestsPerSecond: 20, durationSeconds: 60 },
    });
    // Out-of-range numbers go to the server, which names the argument (BAD_USER_INPUT).
    const zero = loadVariables({ ...fields, rps: '0' }, services);
    expect(zero.ok && zero.variables.requestsPerSecond).toBe(0);
  });

  it('names the field that is not a number or not picked', () => {
    expect(loadVariables({ ...fields, target: '' }, services)).toMatchObject({ ok: false, field: 'target' });
    expect(loadVariables({ ...fields, rps: 'lots' }, services)).toMatchObject({ ok: false, field: 'rps' });
    expect(loadVariables({ ...fields, duration: '' }, services)).toMatchObject({ ok: false, field: 'duration' });
    expect(loadVariables({ ...fields, port: 'x' }, services)).toMatchObject({ ok: false, field: 'port' });
  });

  it('says what was started', () => {
    expect(startedMessage({ service: 'catalog', port: 8080, requestsPerSecond: 20, durationSeconds: 60 })).toBe('sending 20 rps to catalog:8080 for 60 s');
  });
});
