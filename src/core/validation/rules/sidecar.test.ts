import { describe, expect, it } from 'vitest';
import {
  sidecarEgressCatchAllNotLastRule, sidecarEgressHostFormatRule, sidecarEgressHostNotFoundRule, sidecarEgressNamespaceNotFoundRule,
  sidecarIngressDuplicatePortRule, sidecarMultipleDefaultRule, sidecarRootNamespaceSelectorRule, sidecarRules,
  sidecarSelectorNoWorkloadRule, sidecarSelectorOverlapRule,
} from './sidecar.js';
import { checkRule, namespace, pod, service, serviceEntry } from '../testing.js';
import { istiod, sidecarResource } from '../testing-networking.js';

const egress = (hosts: string[]) => ({ egress: [{ hosts }] });
const selecting = (name: string, labels: Record<string, string>, ns = 'apps') => sidecarResource(name, ns, { workloadSelector: { labels }, ...egress(['./*']) });

describe('sidecar/selector/multiple-default', () => {
  it('fires when two Sidecars of a namespace have no workloadSelector', () => {
    expect(checkRule(sidecarMultipleDefaultRule, [sidecarResource('a', 'apps', egress(['./*'])), sidecarResource('b', 'apps', egress(['./*']))], 'a')).toEqual([expect.objectContaining({
      checkID: 'sidecar/selector/multiple-default', severity: 'error', path: 'spec', context: { namespace: 'apps', otherSidecars: 'apps/b' },
    })]);
  });
  it('does not fire when the other has a selector or is in another namespace', () => {
    const objects = [sidecarResource('a', 'apps', egress(['./*'])), selecting('b', { app: 'web' }), sidecarResource('c', 'other', egress(['./*']))];
    expect(checkRule(sidecarMultipleDefaultRule, objects, 'a')).toEqual([]);
  });
});

describe('sidecar/selector/overlap', () => {
  const web = pod('web-1', 'apps', { app: 'web', version: 'v1' });
  it('fires when two Sidecars select one pod', () => {
    expect(checkRule(sidecarSelectorOverlapRule, [web, selecting('a', { app: 'web' }), selecting('b', { version: 'v1' })], 'a')).toEqual([expect.objectContaining({
      checkID: 'sidecar/selector/overlap', severity: 'error', path: 'spec.workloadSelector.labels', context: { pods: 'web-1', otherSidecars: 'apps/b' },
    })]);
  });
  it('does not fire on disjoint selections', () => {
    expect(checkRule(sidecarSelectorOverlapRule, [web, pod('api-1', 'apps', { app: 'api' }), selecting('a', { app: 'web' }), selecting('b', { app: 'api' })], 'a')).toEqual([]);
  });
});

describe('sidecar/selector/no-workload', () => {
  it('fires when no pod of the namespace matches', () => {
    expect(checkRule(sidecarSelectorNoWorkloadRule, [pod('web-1', 'other', { app: 'web' }), selecting('a', { app: 'web' })], 'a')).toEqual([expect.objectContaining({
      checkID: 'sidecar/selector/no-workload', severity: 'warning', path: 'spec.workloadSelector.labels', context: { selector: 'app=web', namespace: 'apps' },
    })]);
  });
  it('does not fire when a pod matches', () => {
    expect(checkRule(sidecarSelectorNoWorkloadRule, [pod('web-1', 'apps', { app: 'web' }), selecting('a', { app: 'web' })], 'a')).toEqual([]);
  });
});

describe('sidecar/egress/host-format', () => {
  it('fires on hosts without namespace', () => {
    expect(checkRule(sidecarEgressHostFormatRule, [sidecarResource('s', 'apps', egress(['./*', 'reviews.bookinfo.svc.cluster.local']))], 's')).toEqual([expect.objectContaining({
      checkID: 'sidecar/egress/host-format', severity: 'error', path: 'spec.egress[0].hosts[1]', context: { host: 'reviews.bookinfo.svc.cluster.local', reason: 'expected namespace/host' },
    })]);
  });
  it('does not fire on namespace/host forms', () => {
    expect(checkRule(sidecarEgressHostFormatRule, [sidecarResource('s', 'apps', egress(['./*', 'istio-system/*', '*/api.example.com', '~/*']))], 's')).toEqual([]);
  });
});

describe('sidecar/egress/namespace-not-found', () => {
  const s = sidecarResource('s', 'apps', egress(['./*', 'bookinfo/*', 'istio-system/*']));
  it('fires on a namespace that does not exist', () => {
    expect(checkRule(sidecarEgressNamespaceNotFoundRule, [namespace('apps'), namespace('istio-system'), s], 's')).toEqual([expect.objectContaining({
      checkID: 'sidecar/egress/namespace-not-found', path: 'spec.egress[0].hosts[1]', context: { host: 'bookinfo/*', namespace: 'bookinfo' },
    })]);
  });
  it('does not fire when they all exist', () => {
    expect(checkRule(sidecarEgressNamespaceNotFoundRule, [namespace('apps'), namespace('istio-system'), namespace('bookinfo'), s], 's')).toEqual([]);
  });
});

describe('sidecar/egress/host-not-found', () => {
  const reviews = service('reviews', 'bookinfo', { app: 'reviews' });
  it('fires on a host its namespace does not declare', () => {
    const s = sidecarResource('s', 'apps', egress(['bookinfo/reviews.bookinfo.svc.cluster.local', 'apps/reviews.bookinfo.svc.cluster.local']));
    expect(checkRule(sidecarEgressHostNotFoundRule, [reviews, s], 's')).toEqual([expect.objectContaining({
      checkID: 'sidecar/egress/host-not-found', path: 'spec.egress[0].hosts[1]', context: { host: 'apps/reviews.bookinfo.svc.cluster.local', namespace: 'apps' },
    })]);
  });
  it('does not fire on Services, ServiceEntries, VirtualService hosts and wildcards', () => {
    const ext = serviceEntry('ext', 'apps', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] });
    const s = sidecarResource('s', 'apps', egress(['*/reviews.bookinfo.svc.cluster.local', './api.example.com', 'bookinfo/*']));
    expect(checkRule(sidecarEgressHostNotFoundRule, [reviews, ext, s], 's')).toEqual([]);
  });
});

describe('sidecar/root-namespace/selector', () => {
  it('fires on a Sidecar with a selector in the root namespace', () => {
    expect(checkRule(sidecarRootNamespaceSelectorRule, [istiod('mesh-root'), selecting('s', { app: 'web' }, 'mesh-root')], 's')).toEqual([expect.objectContaining({
      checkID: 'sidecar/root-namespace/selector', path: 'spec.workloadSelector', context: { rootNamespace: 'mesh-root', selector: 'app=web' },
    })]);
  });
  it('does not fire elsewhere, or without selector', () => {
    expect(checkRule(sidecarRootNamespaceSelectorRule, [selecting('s', { app: 'web' }, 'apps')], 's')).toEqual([]);
    expect(checkRule(sidecarRootNamespaceSelectorRule, [sidecarResource('s', 'istio-system', egress(['*/*']))], 's')).toEqual([]);
  });
});

describe('sidecar/egress/catch-all-not-last', () => {
  it('fires when the listener without port is not last', () => {
    const s = sidecarResource('s', 'apps', { egress: [{ hosts: ['./*'] }, { port: { number: 3306, protocol: 'MYSQL', name: 'mysql' }, hosts: ['db/*'] }] });
    expect(checkRule(sidecarEgressCatchAllNotLastRule, [s], 's')).toEqual([expect.objectContaining({
      checkID: 'sidecar/egress/catch-all-not-last', path: 'spec.egress[0]', context: { index: '0', listeners: '2' },
    })]);
  });
  it('does not fire when it is last', () => {
    const s = sidecarResource('s', 'apps', { egress: [{ port: { number: 3306, protocol: 'MYSQL', name: 'mysql' }, hosts: ['db/*'] }, { hosts: ['./*'] }] });
    expect(checkRule(sidecarEgressCatchAllNotLastRule, [s], 's')).toEqual([]);
  });
});

describe('sidecar/ingress/duplicate-port', () => {
  const listener = (n: number) => ({ port: { number: n, protocol: 'HTTP', name: `http-${n}` }, defaultEndpoint: `127.0.0.1:${n}` });
  it('fires on a repeated ingress port', () => {
    expect(checkRule(sidecarIngressDuplicatePortRule, [sidecarResource('s', 'apps', { ingress: [listener(9080), listener(9080)] })], 's')).toEqual([expect.objectContaining({
      checkID: 'sidecar/ingress/duplicate-port', path: 'spec.ingress[1].port.number', context: { port: '9080', duplicateOf: 'spec.ingress[0]' },
    })]);
  });
  it('does not fire on distinct ports', () => {
    expect(checkRule(sidecarIngressDuplicatePortRule, [sidecarResource('s', 'apps', { ingress: [listener(9080), listener(9090)] })], 's')).toEqual([]);
  });
});

describe('the sidecar family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = sidecarRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sidecar\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
