import { describe, expect, it } from 'vitest';
import type { KubeEventInfo } from './api';
import { eventsOf, formatDestination, formatPort, formatTls, gatewaySelector, openPorts, statusTone } from './gateway-format';

describe('gateway formatting', () => {
  it('writes ports in the dashboard notation', () => {
    expect(formatPort({ name: 'http2', port: 80, protocol: 'HTTP2', targetPort: '8080' })).toBe('http2 80/HTTP2 → 8080');
    expect(formatPort({ name: null, port: 443, protocol: 'HTTPS', targetPort: '443' })).toBe('443/HTTPS');
    expect(openPorts([{ name: 'a', port: 80, protocol: 'HTTP', targetPort: null }, { name: 'b', port: 443, protocol: 'HTTPS', targetPort: null }])).toBe('80/HTTP, 443/HTTPS');
    expect(openPorts([])).toBe('–');
  });

  it('writes destinations with subset and weight', () => {
    expect(formatDestination({ host: 'movies', port: 8080, subset: 'v1', weight: 90 })).toBe('movies:8080 (v1) 90%');
    expect(formatDestination({ host: 'echo', port: null, subset: null, weight: null })).toBe('echo');
  });

  it('writes TLS settings', () => {
    expect(formatTls({ tlsMode: 'SIMPLE', credentialName: 's', httpsRedirect: false })).toBe('SIMPLE · secret s');
    expect(formatTls({ tlsMode: null, credentialName: null, httpsRedirect: true })).toBe('redirect to HTTPS');
    expect(formatTls({ tlsMode: null, credentialName: null, httpsRedirect: false })).toBe('–');
  });

  it('colours statuses', () => {
    expect(statusTone('Available')).toBe('ok');
    expect(statusTone('Degraded')).toBe('warn');
    expect(statusTone('Unavailable')).toBe('bad');
    expect(statusTone('Whatever')).toBe('');
  });

  it('picks the events of a workload, its replica sets and pods', () => {
    const e = (name: string): KubeEventInfo => ({ type: 'Normal', reason: 'r', message: 'm', count: 1, lastSeen: '', involvedObject: { kind: 'Pod', name } });
    expect(eventsOf([e('gw'), e('gw-abc-123'), e('gwx'), e('other')], 'gw').map((x) => x.involvedObject.name)).toEqual(['gw', 'gw-abc-123']);
  });

  it('selects a gateway\'s pods for a new Gateway', () => {
    const workload = (labels: Record<string, string>) => ({ cluster: 'c', namespace: 'n', name: 'w', kind: 'Deployment', replicaStatus: { desired: 1, ready: 1, available: 1 }, serviceAccounts: [], controllers: [], labels, pods: [] });
    expect(gatewaySelector({ name: 'gw', type: 'ingress', source: 'IstioMeshGateway', workload: null })).toEqual({ 'gateway-name': 'gw', 'gateway-type': 'ingress' });
    expect(gatewaySelector({ name: 'x', type: 'ingress', source: 'Workload', workload: workload({ istio: 'ingressgateway', app: 'a' }) })).toEqual({ istio: 'ingressgateway' });
    expect(gatewaySelector({ name: 'x', type: 'unknown', source: 'Workload', workload: workload({}) })).toBeUndefined();
  });
});
