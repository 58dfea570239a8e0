// Prometheus for smm (`spec.smm.prometheus`): the history behind topology, golden signals,
// health and SLOs. A StatefulSet `prometheus-smm-prometheus` with a real scrape config: the
// Envoy sidecars and gateways (the container port named `*-envoy-prom`, 15090), istiod
// (`http-monitoring`, 15014), the node exporters and the smm server. Services as in the
// product: `prometheus-operated` (9090, headless) and `smm-prometheus` (59090).

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import { PORTS, PROMETHEUS_SERVICE } from './addresses.js';
import type { Component, DesiredObject } from './component.js';
import {
  appLabels, checksum, clusterRole, clusterRoleBinding, configMap, KIND, mark, only, podDisruptionBudget, service, serviceAccount,
  statefulSet, toYaml, withResources, type PolicyRule,
} from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { NODE_EXPORTER_NAME } from './node-exporter.js';
import { componentSettings, imageOf } from './settings.js';
import { componentValues, imageSchema, labelsSchema, replicasSchema, resourcesSchema, validValues, valueWarnings, type ResolvedValues } from './values.js';

export const PROMETHEUS_NAME = 'smm-prometheus';
const STATEFULSET = `prometheus-${PROMETHEUS_NAME}`;
const GOVERNING_SERVICE = 'prometheus-operated';
const CONFIG_FILE = 'prometheus.yml';

// --- settings --------------------------------------------------------------------------------

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'expected a Prometheus duration such as 15s, 8h or 10d');

const prometheusSchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  image: imageSchema,
  replicas: replicasSchema,
  retentionTime: duration,
  resources: resourcesSchema,
  scrapeInterval: duration,
  scrapeTimeout: duration,
  evaluationInterval: duration,
});
export type PrometheusValues = z.output<typeof prometheusSchema>;

export function prometheusValues(config: InstallConfig): ResolvedValues<PrometheusValues> {
  const s = componentSettings(config, 'prometheus');
  const spec = config.spec.smm.prometheus;
  const ha = config.spec.smm.highAvailability.enabled;
  return componentValues(s, prometheusSchema, {
    namespace: s.namespace, labels: {}, image: imageOf(config, 'prometheus'),
    replicas: 1, retentionTime: '1d',
    resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2Gi' } },
    // The product scrapes every 5 s (ops guide: 15 s or 30 s to save resources).
    scrapeInterval: '5s', scrapeTimeout: '5s', evaluationInterval: '30s',
  }, {
    namespace: s.namespace,
    labels: appLabels(PROMETHEUS_NAME, 'prometheus'),
    replicas: ha ? Math.max(2, spec.replicas) : spec.replicas,
    retentionTime: spec.retentionTime,
    ...(s.resources ? { resources: s.resources } : {}),
  });
}

// --- prometheus.yml --------------------------------------------------------------------------

interface ScrapeTargets {
  cluster: string;
  istioNamespace: string;
  nodeExporterNamespace: string;
  smmNamespace: string;
}

const keep = (labels: string[], regex: string) => ({ source_labels: labels, action: 'keep', regex });
const copy = (label: string, target: string) => ({ source_labels: [label], action: 'replace', target_label: target });
const endpointsIn = (namespace: string) => [{ role: 'endpoints', namespaces: { names: [namespace] } }];
const SERVICE_AND_PORT = ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'];

export function prometheusConfig(v: PrometheusValues, t: ScrapeTargets): Record<string, unknown> {
  return {
    global: {
      scrape_interval: v.scrapeInterval,
      scrape_timeout: v.scrapeTimeout,
      evaluation_interval: v.evaluationInterval,
      external_labels: { cluster: t.cluster },
    },
    scrape_configs: [
      { job_name: 'prometheus', static_configs: [{ targets: [`localhost:${PORTS.prometheus}`] }] },
      {
        // Istio's standard metrics, from every sidecar and gateway.
        job_name: 'envoy-stats',
        metrics_path: '/stats/prometheus',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          keep(['__meta_kubernetes_pod_container_port_name'], '.*-envoy-prom'),
          { action: 'labeldrop', regex: '__meta_kubernetes_pod_label_(.+)' },
          copy('__meta_kubernetes_namespace', 'namespace'),
          copy('__meta_kubernetes_pod_name', 'pod_name'),
        ],
      },
      {
        // Every revision's istiod (two run side by side during a canary upgrade).
        job_name: 'istiod',
        kubernetes_sd_configs: endpointsIn(t.istioNamespace),
        relabel_configs: [keep(SERVICE_AND_PORT, 'istiod.*;http-monitoring'), copy('__meta_kubernetes_pod_name', 'pod_name')],
      },
      {
        job_name: 'node-exporter',
        kubernetes_sd_configs: endpointsIn(t.nodeExporterNamespace),
        relabel_configs: [keep(SERVICE_AND_PORT, `${NODE_EXPORTER_NAME};metrics`), copy('__meta_kubernetes_endpoint_node_name', 'node')],
      },
      {
        job_name: 'smm',
        metrics_path: '/metrics',
        kubernetes_sd_configs: endpointsIn(t.smmNamespace),
        relabel_configs: [keep(SERVICE_AND_PORT, 'smm;http'), copy('__meta_kubernetes_pod_name', 'pod_name')],
      },
    ],
  };
}

// --- objects ---------------------------------------------------------------------------------

const DISCOVERY_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { nonResourceURLs: ['/metrics'], verbs: ['get'] },
];

function objects(config: InstallConfig, v: PrometheusValues): (KubeObject | DesiredObject)[] {
  const ns = v.namespace;
  const labels = v.labels;
  const selector = { app: 'prometheus', prometheus: PROMETHEUS_NAME };
  const yml = toYaml(prometheusConfig(v, {
    cluster: config.spec.clusterName,
    istioNamespace: config.istio.namespace,
    nodeExporterNamespace: componentSettings(config, 'nodeExporter').namespace,
    smmNamespace: componentSettings(config, 'smm').namespace,
  }));
  const configName = `${PROMETHEUS_NAME}-config`;
  return [
    serviceAccount({ name: PROMETHEUS_NAME, namespace: ns, labels }),
    clusterRole({ name: PROMETHEUS_NAME, labels }, DISCOVERY_RULES),
    clusterRoleBinding({ name: PROMETHEUS_NAME, labels }, PROMETHEUS_NAME, { serviceAccount: PROMETHEUS_NAME, namespace: ns }),
    configMap({ name: configName, namespace: ns, labels }, { [CONFIG_FILE]: yml }),
    statefulSet({
      name: STATEFULSET, namespace: ns, labels, replicas: v.replicas, serviceName: GOVERNING_SERVICE, selector,
      podAnnotations: { 'checksum/config': checksum(yml) },
      pod: {
        serviceAccountName: PROMETHEUS_NAME,
        securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 },
        containers: [{
          name: 'prometheus', image: v.image, imagePullPolicy: 'IfNotPresent',
          args: [
            `--config.file=/etc/prometheus/config/${CONFIG_FILE}`,
            '--storage.tsdb.path=/prometheus',
            `--storage.tsdb.retention.time=${v.retentionTime}`,
            `--web.listen-address=:${PORTS.prometheus}`,
            '--web.enable-lifecycle',
          ],
          ports: [{ name: 'web', containerPort: PORTS.prometheus }],
          readinessProbe: { httpGet: { path: '/-/ready', port: 'web' }, periodSeconds: 5, failureThreshold: 60 },
          livenessProbe: { httpGet: { path: '/-/healthy', port: 'web' }, periodSeconds: 10, failureThreshold: 6 },
          ...withResources(v.resources),
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          volumeMounts: [{ name: 'config', mountPath: '/etc/prometheus/config', readOnly: true }, { name: 'data', mountPath: '/prometheus' }],
        }],
        // History lives as long as the pod (the manual: without a volume, deleting the pod erases it).
        volumes: [{ name: 'config', configMap: { name: configName } }, { name: 'data', emptyDir: {} }],
      },
    }),
    service({ name: GOVERNING_SERVICE, namespace: ns, labels, selector, clusterIP: 'None', ports: [{ name: 'http', port: PORTS.prometheus, targetPort: 'web' }] }),
    service({ name: PROMETHEUS_SERVICE, namespace: ns, labels, selector, ports: [{ name: 'http', port: PORTS.prometheusService, targetPort: 'web' }] }),
    only(v.replicas > 1, podDisruptionBudget({ name: PROMETHEUS_NAME, namespace: ns, labels }, selector)),
  ];
}

export const prometheus: Component = {
  name: 'prometheus',
  title: 'Prometheus',
  kinds: [KIND.Namespace, KIND.ServiceAccount, KIND.ClusterRole, KIND.ClusterRoleBinding, KIND.ConfigMap, KIND.StatefulSet, KIND.Service, KIND.PodDisruptionBudget],
  enabled: (config) => componentSettings(config, 'prometheus').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'prometheus');
    return [...componentNamespace(config, 'prometheus'), ...mark(objects(config, validValues(prometheusValues(config))), enabled)];
  },
  warnings: (config) => valueWarnings(() => prometheusValues(config)),
};
