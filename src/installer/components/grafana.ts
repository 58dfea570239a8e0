// Grafana (`spec.smm.grafana`): Deployment `smm-grafana` with the smm Prometheus provisioned
// as its default data source; anonymous read-only access, embeddable in the dashboard.

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import { PORTS, prometheusUrl } from './addresses.js';
import type { Component } from './component.js';
import { appLabels, checksum, configMap, deployment, KIND, mark, service, serviceAccount, toYaml, withResources } from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf } from './settings.js';
import { componentValues, imageSchema, labelsSchema, replicasSchema, resourcesSchema, validValues, valueWarnings, type ResolvedValues } from './values.js';

export const GRAFANA_NAME = 'smm-grafana';

const grafanaSchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  image: imageSchema,
  replicas: replicasSchema,
  resources: resourcesSchema,
  /** smm's Prometheus by default; an override may point at another one. */
  prometheusUrl: z.url(),
  /** The role anonymous users get (they are the dashboard's embedded views). */
  anonymousRole: z.enum(['Viewer', 'Editor', 'Admin']),
});
export type GrafanaValues = z.output<typeof grafanaSchema>;

export function grafanaValues(config: InstallConfig): ResolvedValues<GrafanaValues> {
  const s = componentSettings(config, 'grafana');
  return componentValues(s, grafanaSchema, {
    namespace: s.namespace, labels: {}, image: imageOf(config, 'grafana'), replicas: 1,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    prometheusUrl: prometheusUrl(config),
    anonymousRole: 'Viewer',
  }, {
    namespace: s.namespace,
    labels: appLabels(GRAFANA_NAME, 'grafana'),
    ...(s.resources ? { resources: s.resources } : {}),
  });
}

export function grafanaDatasources(v: GrafanaValues): string {
  return toYaml({
    apiVersion: 1,
    datasources: [{ name: 'Prometheus', type: 'prometheus', uid: 'prometheus', access: 'proxy', url: v.prometheusUrl, isDefault: true, editable: false }],
  });
}

function objects(v: GrafanaValues): KubeObject[] {
  const ns = v.namespace;
  const labels = v.labels;
  const selector = { app: GRAFANA_NAME };
  const datasources = grafanaDatasources(v);
  const configName = `${GRAFANA_NAME}-datasources`;
  return [
    serviceAccount({ name: GRAFANA_NAME, namespace: ns, labels }),
    configMap({ name: configName, namespace: ns, labels }, { 'datasources.yaml': datasources }),
    deployment({
      name: GRAFANA_NAME, namespace: ns, labels, replicas: v.replicas, selector,
      podAnnotations: { 'checksum/config': checksum(datasources) },
      pod: {
        serviceAccountName: GRAFANA_NAME,
        securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
        containers: [{
          name: 'grafana', image: v.image, imagePullPolicy: 'IfNotPresent',
          env: [
            { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'true' },
            { name: 'GF_AUTH_ANONYMOUS_ORG_ROLE', value: v.anonymousRole },
            { name: 'GF_AUTH_DISABLE_LOGIN_FORM', value: 'true' },
            { name: 'GF_SECURITY_ALLOW_EMBEDDING', value: 'true' },
            { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
            { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
          ],
          ports: [{ name: 'http', containerPort: PORTS.grafana }],
          readinessProbe: { httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 5 },
          livenessProbe: { httpGet: { path: '/api/health', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 10 },
          ...withResources(v.resources),
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          volumeMounts: [
            { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
            { name: 'storage', mountPath: '/var/lib/grafana' },
          ],
        }],
        volumes: [{ name: 'datasources', configMap: { name: configName } }, { name: 'storage', emptyDir: {} }],
      },
    }),
    service({ name: GRAFANA_NAME, namespace: ns, labels, selector, ports: [{ name: 'http', port: PORTS.grafana, targetPort: 'http' }] }),
  ];
}

export const grafana: Component = {
  name: 'grafana',
  title: 'Grafana',
  kinds: [KIND.Namespace, KIND.ServiceAccount, KIND.ConfigMap, KIND.Deployment, KIND.Service],
  enabled: (config) => componentSettings(config, 'grafana').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'grafana');
    return [...componentNamespace(config, 'grafana'), ...mark(objects(validValues(grafanaValues(config))), enabled)];
  },
  warnings(config) {
    const noPrometheus = componentSettings(config, 'grafana').enabled && !componentSettings(config, 'prometheus').enabled
      ? ['spec.smm.grafana is enabled but spec.smm.prometheus is not: its data source will not answer']
      : [];
    return [...valueWarnings(() => grafanaValues(config)), ...noPrometheus];
  },
};
