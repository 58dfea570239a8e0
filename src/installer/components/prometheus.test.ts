import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { InstallConfig } from '../api/types.js';
import { prometheus } from './prometheus.js';
import { findObject, firstContainer, servicePortsOf, TEST_IMAGES, testInstallConfig, type DeepPartial } from './testing.js';

const build = (spec: DeepPartial<InstallConfig['spec']> = {}) => prometheus.build(testInstallConfig({ spec }));

interface Job {
  job_name: string;
  metrics_path?: string;
  kubernetes_sd_configs?: { role: string; namespaces?: { names: string[] } }[];
  relabel_configs?: { source_labels?: string[]; action: string; regex?: string }[];
}
interface PromConfig { global: { scrape_interval: string }; scrape_configs: Job[] }

function promConfig(d: ReturnType<typeof build>): PromConfig {
  const data = findObject(d, 'ConfigMap', 'smm-prometheus-config', 'smm-system').object['data'] as Record<string, string>;
  return parse(data['prometheus.yml']!) as PromConfig;
}
const job = (c: PromConfig, name: string): Job => c.scrape_configs.find((j) => j.job_name === name)!;
/** Whether the job's `keep` rule keeps a target with these source label values (as Prometheus joins them with `;`). */
const keeps = (j: Job, ...values: string[]): boolean => {
  const rule = j.relabel_configs!.find((r) => r.action === 'keep')!;
  return new RegExp(`^(?:${rule.regex})$`).test(values.join(';'));
};

describe('prometheus', () => {
  const desired = build();

  it('runs prometheus-smm-prometheus with the configured replicas and retention', () => {
    const sts = findObject(desired, 'StatefulSet', 'prometheus-smm-prometheus', 'smm-system').object;
    expect(sts['spec']).toMatchObject({ replicas: 1, serviceName: 'prometheus-operated' });
    const c = firstContainer(sts);
    expect(c.image).toBe(TEST_IMAGES.prometheus);
    expect(c.args).toContain('--storage.tsdb.retention.time=1d');
    expect(findObject(desired, 'PodDisruptionBudget', 'smm-prometheus').state).toBe('absent');
    const passive = build({ smm: { prometheus: { retentionTime: '8h', replicas: 1 }, highAvailability: { enabled: true } } });
    expect(findObject(passive, 'StatefulSet', 'prometheus-smm-prometheus').object['spec']).toMatchObject({ replicas: 2 });
    expect(firstContainer(findObject(passive, 'StatefulSet', 'prometheus-smm-prometheus').object).args).toContain('--storage.tsdb.retention.time=8h');
    expect(findObject(passive, 'PodDisruptionBudget', 'smm-prometheus').state).toBe('present');
  });

  it('scrapes the Envoy sidecars on their http-envoy-prom port, at /stats/prometheus', () => {
    const envoy = job(promConfig(desired), 'envoy-stats');
    expect(envoy.metrics_path).toBe('/stats/prometheus');
    expect(envoy.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    expect(keeps(envoy, 'http-envoy-prom')).toBe(true);
    expect(keeps(envoy, 'http')).toBe(false);
  });

  it('scrapes istiod (every revision), the node exporters and the smm server', () => {
    const c = promConfig(desired);
    const istiod = job(c, 'istiod');
    expect(istiod.kubernetes_sd_configs![0]!.namespaces!.names).toEqual(['istio-system']);
    expect(keeps(istiod, 'istiod-cp-v115x', 'http-monitoring')).toBe(true);
    expect(keeps(istiod, 'istiod-cp-v115x', 'grpc-xds')).toBe(false);
    expect(keeps(job(c, 'node-exporter'), 'prometheus-node-exporter', 'metrics')).toBe(true);
    expect(keeps(job(c, 'smm'), 'smm', 'http')).toBe(true);
  });

  it('serves queries as prometheus-operated (9090, headless) and smm-prometheus (59090)', () => {
    expect(findObject(desired, 'Service', 'prometheus-operated').object['spec']).toMatchObject({ clusterIP: 'None', ports: [{ port: 9090 }] });
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-prometheus').object)).toMatchObject([{ port: 59090, targetPort: 'web' }]);
  });

  it('may discover pods, nodes and endpoints cluster-wide', () => {
    const rules = findObject(desired, 'ClusterRole', 'smm-prometheus').object['rules'] as { resources?: string[]; verbs: string[] }[];
    expect(rules[0]).toMatchObject({ resources: expect.arrayContaining(['pods', 'nodes', 'endpoints']), verbs: ['get', 'list', 'watch'] });
  });

  it('takes a scrape interval from valuesOverride, and refuses one Prometheus would not parse', () => {
    expect(promConfig(build({ smm: { prometheus: { valuesOverride: { scrapeInterval: '15s' } } } })).global.scrape_interval).toBe('15s');
    expect(() => build({ smm: { prometheus: { valuesOverride: { scrapeInterval: '15 seconds' } } } }))
      .toThrow(/spec\.smm\.prometheus\.valuesOverride\.scrapeInterval: expected a Prometheus duration/);
  });
});
