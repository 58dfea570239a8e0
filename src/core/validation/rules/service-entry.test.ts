import { describe, expect, it } from 'vitest';
import {
  serviceEntryCidrResolutionRule, serviceEntryDnsRequiresFqdnRule, serviceEntryDnsRoundRobinEndpointsRule,
  serviceEntryEndpointAddressRule, serviceEntryEndpointsWithSelectorRule, serviceEntryHostDuplicateRule,
  serviceEntryHostMissingRule, serviceEntryHostShadowsServiceRule, serviceEntryNoneWithEndpointsRule,
  serviceEntryPortDuplicateRule, serviceEntryPortMissingRule, serviceEntryRules, serviceEntryStaticWithoutEndpointsRule,
  serviceEntryWorkloadSelectorNoWorkloadRule,
} from './service-entry.js';
import { checkRule, pod, service, serviceEntry } from '../testing.js';
import { workloadEntry } from '../testing-networking.js';

const https = [{ number: 443, name: 'https', protocol: 'TLS' }];
const se = (spec: Record<string, unknown>, name = 'ext', ns = 'apps') => serviceEntry(name, ns, { hosts: ['api.example.com'], ports: https, resolution: 'DNS', ...spec });

describe('serviceentry/host/missing', () => {
  it('fires without hosts', () => {
    expect(checkRule(serviceEntryHostMissingRule, [se({ hosts: [] })], 'ext')).toEqual([expect.objectContaining({ checkID: 'serviceentry/host/missing', severity: 'error', path: 'spec.hosts' })]);
  });
  it('does not fire with hosts', () => {
    expect(checkRule(serviceEntryHostMissingRule, [se({})], 'ext')).toEqual([]);
  });
});

describe('serviceentry/port/missing', () => {
  it('fires without ports', () => {
    expect(checkRule(serviceEntryPortMissingRule, [se({ ports: undefined })], 'ext')).toEqual([expect.objectContaining({ checkID: 'serviceentry/port/missing', path: 'spec.ports' })]);
  });
  it('does not fire with ports', () => {
    expect(checkRule(serviceEntryPortMissingRule, [se({})], 'ext')).toEqual([]);
  });
});

describe('serviceentry/port/duplicate', () => {
  it('fires on a repeated port number', () => {
    const e = se({ ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 443, name: 'tls', protocol: 'TLS' }] });
    expect(checkRule(serviceEntryPortDuplicateRule, [e], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/port/duplicate', path: 'spec.ports[1].number', context: { port: '443', duplicateOf: 'spec.ports[0]' },
    })]);
  });
  it('does not fire on distinct ports', () => {
    expect(checkRule(serviceEntryPortDuplicateRule, [se({ ports: [...https, { number: 80, name: 'http', protocol: 'HTTP' }] })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/resolution/dns-requires-fqdn', () => {
  it('fires on a wildcard host with DNS resolution and no endpoints', () => {
    expect(checkRule(serviceEntryDnsRequiresFqdnRule, [se({ hosts: ['api.example.com', '*.example.com'] })], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/resolution/dns-requires-fqdn', severity: 'error', path: 'spec.hosts[1]', context: { host: '*.example.com', resolution: 'DNS' },
    })]);
  });
  it('does not fire with resolution NONE', () => {
    expect(checkRule(serviceEntryDnsRequiresFqdnRule, [se({ hosts: ['*.example.com'], resolution: 'NONE' })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/resolution/static-without-endpoints', () => {
  it('fires on STATIC without endpoints or workloadSelector', () => {
    expect(checkRule(serviceEntryStaticWithoutEndpointsRule, [se({ resolution: 'STATIC' })], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/resolution/static-without-endpoints', severity: 'warning', path: 'spec.resolution',
    })]);
  });
  it('does not fire with endpoints', () => {
    expect(checkRule(serviceEntryStaticWithoutEndpointsRule, [se({ resolution: 'STATIC', endpoints: [{ address: '10.1.2.3' }] })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/resolution/none-with-endpoints', () => {
  it('fires on NONE (the default) with endpoints', () => {
    expect(checkRule(serviceEntryNoneWithEndpointsRule, [se({ resolution: undefined, endpoints: [{ address: '10.1.2.3' }] })], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/resolution/none-with-endpoints', path: 'spec.endpoints', context: { resolution: 'NONE' },
    })]);
  });
  it('does not fire with STATIC', () => {
    expect(checkRule(serviceEntryNoneWithEndpointsRule, [se({ resolution: 'STATIC', endpoints: [{ address: '10.1.2.3' }] })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/resolution/dns-round-robin-endpoints', () => {
  it('fires with two endpoints', () => {
    expect(checkRule(serviceEntryDnsRoundRobinEndpointsRule, [se({ resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'a.example.com' }, { address: 'b.example.com' }] })], 'ext'))
      .toEqual([expect.objectContaining({ checkID: 'serviceentry/resolution/dns-round-robin-endpoints', path: 'spec.endpoints', context: { endpoints: '2' } })]);
  });
  it('does not fire with one', () => {
    expect(checkRule(serviceEntryDnsRoundRobinEndpointsRule, [se({ resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'a.example.com' }] })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/endpoint/invalid-address', () => {
  it('fires on a host name endpoint with STATIC resolution', () => {
    expect(checkRule(serviceEntryEndpointAddressRule, [se({ resolution: 'STATIC', endpoints: [{ address: '10.0.0.1' }, { address: 'db.example.com' }] })], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/endpoint/invalid-address', path: 'spec.endpoints[1].address', context: { address: 'db.example.com' },
    })]);
  });
  it('does not fire on IPv4, IPv6 and unix sockets', () => {
    expect(checkRule(serviceEntryEndpointAddressRule, [se({ resolution: 'STATIC', endpoints: [{ address: '10.0.0.1' }, { address: 'fd00::1' }, { address: 'unix:///var/run/s.sock' }] })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/address/cidr-resolution', () => {
  it('fires on a CIDR address with DNS resolution', () => {
    expect(checkRule(serviceEntryCidrResolutionRule, [se({ addresses: ['10.0.0.0/16'] })], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/address/cidr-resolution', path: 'spec.addresses[0]', context: { address: '10.0.0.0/16', resolution: 'DNS' },
    })]);
  });
  it('does not fire with NONE resolution or a plain VIP', () => {
    expect(checkRule(serviceEntryCidrResolutionRule, [se({ addresses: ['10.0.0.0/16'], resolution: 'NONE' })], 'ext')).toEqual([]);
    expect(checkRule(serviceEntryCidrResolutionRule, [se({ addresses: ['240.0.0.1'] })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/endpoints/with-workload-selector', () => {
  it('fires when both are set', () => {
    expect(checkRule(serviceEntryEndpointsWithSelectorRule, [se({ resolution: 'STATIC', endpoints: [{ address: '10.0.0.1' }], workloadSelector: { labels: { app: 'vm' } } })], 'ext'))
      .toEqual([expect.objectContaining({ checkID: 'serviceentry/endpoints/with-workload-selector', path: 'spec.workloadSelector', context: { endpoints: '1' } })]);
  });
  it('does not fire with a workloadSelector only', () => {
    expect(checkRule(serviceEntryEndpointsWithSelectorRule, [se({ resolution: 'STATIC', workloadSelector: { labels: { app: 'vm' } } })], 'ext')).toEqual([]);
  });
});

describe('serviceentry/host/duplicate', () => {
  it('fires when another ServiceEntry declares the host', () => {
    expect(checkRule(serviceEntryHostDuplicateRule, [se({}), se({}, 'ext2', 'other')], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/host/duplicate', path: 'spec.hosts[0]', context: { host: 'api.example.com', otherServiceEntries: 'other/ext2' },
    })]);
  });
  it('does not fire when exportTo keeps them apart', () => {
    expect(checkRule(serviceEntryHostDuplicateRule, [se({ exportTo: ['.'] }), se({ exportTo: ['.'] }, 'ext2', 'other')], 'ext')).toEqual([]);
  });
});

describe('serviceentry/host/shadows-service', () => {
  it('fires on the FQDN of a Kubernetes Service', () => {
    const e = se({ hosts: ['reviews.bookinfo.svc.cluster.local'], resolution: 'STATIC', endpoints: [{ address: '10.0.0.1' }] });
    expect(checkRule(serviceEntryHostShadowsServiceRule, [service('reviews', 'bookinfo', { app: 'reviews' }), e], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/host/shadows-service', path: 'spec.hosts[0]', context: { host: 'reviews.bookinfo.svc.cluster.local', service: 'bookinfo/reviews' },
    })]);
  });
  it('does not fire on external hosts', () => {
    expect(checkRule(serviceEntryHostShadowsServiceRule, [service('reviews', 'bookinfo', { app: 'reviews' }), se({})], 'ext')).toEqual([]);
  });
});

describe('serviceentry/workload-selector/no-workload', () => {
  const selecting = se({ resolution: 'STATIC', workloadSelector: { labels: { app: 'legacy' } } });
  it('fires when no pod or WorkloadEntry of the namespace matches', () => {
    expect(checkRule(serviceEntryWorkloadSelectorNoWorkloadRule, [selecting, pod('legacy-1', 'other', { app: 'legacy' })], 'ext')).toEqual([expect.objectContaining({
      checkID: 'serviceentry/workload-selector/no-workload', path: 'spec.workloadSelector.labels', context: { selector: 'app=legacy', namespace: 'apps' },
    })]);
  });
  it('does not fire when a pod or a WorkloadEntry matches', () => {
    expect(checkRule(serviceEntryWorkloadSelectorNoWorkloadRule, [selecting, pod('legacy-1', 'apps', { app: 'legacy' })], 'ext')).toEqual([]);
    expect(checkRule(serviceEntryWorkloadSelectorNoWorkloadRule, [selecting, workloadEntry('vm-1', 'apps', { app: 'legacy' })], 'ext')).toEqual([]);
  });
});

describe('the serviceentry family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = serviceEntryRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^serviceentry\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
