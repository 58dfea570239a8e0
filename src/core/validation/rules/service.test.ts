import { describe, expect, it } from 'vitest';
import {
  servicePortAppProtocolConflictRule, servicePortNameProtocolRule, servicePortServerFirstSniffedRule, serviceRules, serviceSelectorMissingRule,
  serviceSelectorMultipleAppsRule, serviceTargetPortNotFoundRule,
} from './service.js';
import { checkRule, obj, serviceEntry } from '../testing.js';
import { meshPod, serviceWith } from '../testing-policy.js';

describe('service/port/name-protocol', () => {
  it('fires (info) on a port without protocol prefix or appProtocol', () => {
    const svc = serviceWith('movies', 'smm-demo', { app: 'movies' }, [{ name: 'http', port: 80 }, { name: 'web', port: 8080 }]);
    expect(checkRule(servicePortNameProtocolRule, [svc], 'movies')).toEqual([expect.objectContaining({
      checkID: 'service/port/name-protocol', severity: 'info', path: 'spec.ports[1].name', context: { port: '8080', name: 'web' },
    })]);
  });

  it('does not fire on prefixed names, appProtocol, UDP or system namespaces', () => {
    const svc = serviceWith('movies', 'smm-demo', { app: 'movies' }, [{ name: 'http-web', port: 80 }, { name: 'web', port: 8080, appProtocol: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }]);
    expect(checkRule(servicePortNameProtocolRule, [svc], 'movies')).toEqual([]);
    expect(checkRule(servicePortNameProtocolRule, [serviceWith('kube-dns', 'kube-system', { k8s: 'dns' }, [{ name: 'metrics', port: 9153 }])], 'kube-dns')).toEqual([]);
  });
});

describe('service/port/app-protocol-conflict', () => {
  it('fires when the name prefix and appProtocol disagree', () => {
    const svc = serviceWith('movies', 'smm-demo', { app: 'movies' }, [{ name: 'http-web', port: 80, appProtocol: 'tcp' }]);
    expect(checkRule(servicePortAppProtocolConflictRule, [svc], 'movies')).toEqual([expect.objectContaining({
      checkID: 'service/port/app-protocol-conflict', severity: 'warning', path: 'spec.ports[0].appProtocol',
      context: { port: '80', name: 'http-web', nameProtocol: 'HTTP', appProtocol: 'tcp' },
    })]);
  });

  it('does not fire when they agree or the name has no prefix', () => {
    const svc = serviceWith('movies', 'smm-demo', { app: 'movies' }, [{ name: 'grpc-api', port: 80, appProtocol: 'grpc' }, { name: 'web', port: 81, appProtocol: 'http' }]);
    expect(checkRule(servicePortAppProtocolConflictRule, [svc], 'movies')).toEqual([]);
  });
});

describe('service/port/server-first-sniffed', () => {
  it('fires on MySQL on a port Istio sniffs', () => {
    const svc = serviceWith('mysql', 'smm-demo', { app: 'mysql' }, [{ name: 'db', port: 3306 }]);
    expect(checkRule(servicePortServerFirstSniffedRule, [svc], 'mysql')).toEqual([expect.objectContaining({
      checkID: 'service/port/server-first-sniffed', severity: 'warning', path: 'spec.ports[0].name', context: { port: '3306', name: 'db', protocol: 'MySQL' },
    })]);
  });

  it('does not fire when the port is declared TCP or mysql', () => {
    const svc = serviceWith('mysql', 'smm-demo', { app: 'mysql' }, [{ name: 'tcp-db', port: 3306 }, { name: 'mysql', port: 3307 }, { name: 'x', port: 33060, appProtocol: 'tcp' }]);
    expect(checkRule(servicePortServerFirstSniffedRule, [svc], 'mysql')).toEqual([]);
  });
});

describe('service/selector/missing', () => {
  const external = serviceWith('legacy-db', 'smm-demo', undefined, [{ name: 'tcp', port: 5432 }]);

  it('fires (info) on a Service without selector, Endpoints or ServiceEntry', () => {
    expect(checkRule(serviceSelectorMissingRule, [external], 'legacy-db')).toEqual([expect.objectContaining({
      checkID: 'service/selector/missing', severity: 'info', path: 'spec.selector', context: { host: 'legacy-db.smm-demo.svc.cluster.local' },
    })]);
  });

  it('does not fire with Endpoints, a ServiceEntry for its host, or for ExternalName Services', () => {
    const endpoints = obj('v1', 'Endpoints', 'legacy-db', 'smm-demo', {}, { subsets: [{ addresses: [{ ip: '10.0.0.5' }] }] });
    expect(checkRule(serviceSelectorMissingRule, [external, endpoints], 'legacy-db')).toEqual([]);
    const se = serviceEntry('db', 'smm-demo', { hosts: ['legacy-db.smm-demo.svc.cluster.local'], location: 'MESH_INTERNAL', ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }] });
    expect(checkRule(serviceSelectorMissingRule, [external, se], 'legacy-db')).toEqual([]);
    expect(checkRule(serviceSelectorMissingRule, [serviceWith('ext', 'smm-demo', undefined, [], { type: 'ExternalName', externalName: 'db.example.com' })], 'ext')).toEqual([]);
  });
});

describe('service/port/target-port-not-found', () => {
  const svc = serviceWith('movies', 'smm-demo', { app: 'movies' }, [{ name: 'http', port: 80, targetPort: 'http-web' }]);

  it('fires when no selected pod declares the named port', () => {
    const objects = [svc, meshPod('movies-1', 'smm-demo', { app: 'movies' }, { ports: [{ name: 'http', containerPort: 8080 }] })];
    expect(checkRule(serviceTargetPortNotFoundRule, objects, 'movies')).toEqual([expect.objectContaining({
      checkID: 'service/port/target-port-not-found', severity: 'error', path: 'spec.ports[0].targetPort', context: { targetPort: 'http-web', podsWithoutPort: 'movies-1' },
    })]);
  });

  it('does not fire when the pods declare it, or for numeric targets', () => {
    expect(checkRule(serviceTargetPortNotFoundRule, [svc, meshPod('movies-1', 'smm-demo', { app: 'movies' }, { ports: [{ name: 'http-web', containerPort: 8080 }] })], 'movies')).toEqual([]);
    const numeric = serviceWith('movies', 'smm-demo', { app: 'movies' }, [{ name: 'http', port: 80, targetPort: 8080 }]);
    expect(checkRule(serviceTargetPortNotFoundRule, [numeric, meshPod('movies-1', 'smm-demo', { app: 'movies' })], 'movies')).toEqual([]);
  });
});

describe('service/selector/multiple-apps', () => {
  const svc = serviceWith('web', 'smm-demo', { tier: 'web' }, [{ name: 'http', port: 80 }]);

  it('fires when the selector matches pods of two apps', () => {
    const objects = [svc, meshPod('movies-1', 'smm-demo', { app: 'movies', tier: 'web' }), meshPod('books-1', 'smm-demo', { app: 'books', tier: 'web' })];
    expect(checkRule(serviceSelectorMultipleAppsRule, objects, 'web')).toEqual([expect.objectContaining({
      checkID: 'service/selector/multiple-apps', path: 'spec.selector', context: { apps: 'books, movies' },
    })]);
  });

  it('does not fire for one app (several versions)', () => {
    const objects = [svc, meshPod('movies-1', 'smm-demo', { app: 'movies', version: 'v1', tier: 'web' }), meshPod('movies-2', 'smm-demo', { app: 'movies', version: 'v2', tier: 'web' })];
    expect(checkRule(serviceSelectorMultipleAppsRule, objects, 'web')).toEqual([]);
  });
});

describe('the service family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = serviceRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^service\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
