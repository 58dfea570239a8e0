import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { grafana } from './grafana.js';
import { envOf, findObject, firstContainer, servicePortsOf, TEST_IMAGES, testInstallConfig } from './testing.js';

describe('grafana', () => {
  const desired = grafana.build(testInstallConfig());

  it('runs smm-grafana on 3000 with the Prometheus Service as its default data source', () => {
    const d = findObject(desired, 'Deployment', 'smm-grafana', 'smm-system');
    expect(firstContainer(d.object).image).toBe(TEST_IMAGES.grafana);
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-grafana').object)).toMatchObject([{ port: 3000 }]);
    const data = findObject(desired, 'ConfigMap', 'smm-grafana-datasources').object['data'] as Record<string, string>;
    const ds = parse(data['datasources.yaml']!) as { datasources: { url: string; type: string; isDefault: boolean }[] };
    expect(ds.datasources).toEqual([expect.objectContaining({ type: 'prometheus', isDefault: true, url: 'http://smm-prometheus.smm-system.svc.cluster.local:59090' })]);
  });

  it('follows Prometheus to its namespace, and may point at another one', () => {
    const moved = grafana.build(testInstallConfig({ spec: { smm: { prometheus: { namespace: 'monitoring' } } } }));
    expect(JSON.stringify(findObject(moved, 'ConfigMap', 'smm-grafana-datasources').object)).toContain('smm-prometheus.monitoring.svc.cluster.local');
    const external = grafana.build(testInstallConfig({ spec: { smm: { grafana: { valuesOverride: { prometheusUrl: 'http://prom.example:9090', anonymousRole: 'Editor' } } } } }));
    expect(JSON.stringify(findObject(external, 'ConfigMap', 'smm-grafana-datasources').object)).toContain('http://prom.example:9090');
    expect(envOf(firstContainer(findObject(external, 'Deployment', 'smm-grafana').object))['GF_AUTH_ANONYMOUS_ORG_ROLE']).toBe('Editor');
  });

  it('warns when Prometheus is off', () => {
    expect(grafana.warnings!(testInstallConfig({ spec: { smm: { prometheus: { enabled: false } } } })).join()).toMatch(/spec\.smm\.prometheus is not/);
  });
});
