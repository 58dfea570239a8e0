// Tracing (`spec.smm.tracing`): Jaeger all-in-one as `smm-tracing` (in-memory storage), with
// the product's Services: `smm-tracing` (UI on 80), `smm-jaeger-query`, `smm-jaeger-collector`
// (incl. Zipkin on 9411), `smm-jaeger-agent` (UDP) and `smm-zipkin` on 59411, the address the
// mesh config sends spans to.

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import { PORTS, ZIPKIN_SERVICE } from './addresses.js';
import type { Component } from './component.js';
import { appLabels, deployment, KIND, mark, service, serviceAccount, withResources, type Labels, type ServicePort } from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf } from './settings.js';
import { componentValues, imageSchema, labelsSchema, resourcesSchema, validValues, valueWarnings, type ResolvedValues } from './values.js';

export const TRACING_NAME = 'smm-tracing';

const tracingSchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  image: imageSchema,
  resources: resourcesSchema,
  /** Traces kept in memory before the oldest are dropped. */
  maxTraces: z.number().int().min(1),
});
export type TracingValues = z.output<typeof tracingSchema>;

export function tracingValues(config: InstallConfig): ResolvedValues<TracingValues> {
  const s = componentSettings(config, 'tracing');
  return componentValues(s, tracingSchema, {
    namespace: s.namespace, labels: {}, image: imageOf(config, 'jaeger'),
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    maxTraces: 50_000,
  }, {
    namespace: s.namespace,
    labels: appLabels(TRACING_NAME, 'tracing'),
    ...(s.resources ? { resources: s.resources } : {}),
  });
}

const UDP = 'UDP' as const;
const AGENT_PORTS: ServicePort[] = [
  { name: 'udp-agent-zipkin', port: 5775, protocol: UDP },
  { name: 'udp-agent-compact', port: 6831, protocol: UDP },
  { name: 'udp-agent-binary', port: 6832, protocol: UDP },
];

function services(ns: string, labels: Labels, selector: Labels): KubeObject[] {
  const svc = (name: string, ports: ServicePort[], headless = false) =>
    service({ name, namespace: ns, labels, selector, ports, ...(headless ? { clusterIP: 'None' as const } : {}) });
  return [
    svc(TRACING_NAME, [{ name: 'http-query', port: 80, targetPort: PORTS.jaegerQuery }]),
    svc('smm-jaeger-query', [{ name: 'http-query', port: PORTS.jaegerQuery }]),
    svc('smm-jaeger-collector', [
      { name: 'http-jaeger-collector', port: 14268 },
      { name: 'grpc-jaeger-collector', port: 14250 },
      { name: 'http-zipkin', port: PORTS.zipkin },
    ]),
    svc('smm-jaeger-agent', AGENT_PORTS, true),
    svc(ZIPKIN_SERVICE, [{ name: 'http', port: PORTS.smmZipkin, targetPort: PORTS.zipkin }]),
  ];
}

function objects(v: TracingValues): KubeObject[] {
  const ns = v.namespace;
  const labels = v.labels;
  const selector = { app: 'jaeger', 'app.kubernetes.io/instance': TRACING_NAME };
  return [
    serviceAccount({ name: TRACING_NAME, namespace: ns, labels }),
    deployment({
      name: TRACING_NAME, namespace: ns, labels, replicas: 1, selector,
      pod: {
        serviceAccountName: TRACING_NAME,
        securityContext: { runAsNonRoot: true, runAsUser: 10001 },
        containers: [{
          name: 'jaeger', image: v.image, imagePullPolicy: 'IfNotPresent',
          args: [`--memory.max-traces=${v.maxTraces}`],
          env: [
            { name: 'SPAN_STORAGE_TYPE', value: 'memory' },
            { name: 'COLLECTOR_ZIPKIN_HOST_PORT', value: `:${PORTS.zipkin}` },
          ],
          ports: [
            ...AGENT_PORTS.map((p) => ({ name: p.name.replace('udp-agent-', 'agent-'), containerPort: p.port, protocol: UDP })),
            { name: 'configs', containerPort: 5778 },
            { name: 'query', containerPort: PORTS.jaegerQuery },
            { name: 'collector-http', containerPort: 14268 },
            { name: 'collector-grpc', containerPort: 14250 },
            { name: 'zipkin', containerPort: PORTS.zipkin },
            { name: 'admin', containerPort: 14269 },
          ],
          readinessProbe: { httpGet: { path: '/', port: 14269 }, periodSeconds: 5 },
          livenessProbe: { httpGet: { path: '/', port: 14269 }, initialDelaySeconds: 10, periodSeconds: 15 },
          ...withResources(v.resources),
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        }],
      },
    }),
    ...services(ns, labels, selector),
  ];
}

export const tracing: Component = {
  name: 'tracing',
  title: 'Tracing',
  kinds: [KIND.Namespace, KIND.ServiceAccount, KIND.Deployment, KIND.Service],
  enabled: (config) => componentSettings(config, 'tracing').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'tracing');
    return [...componentNamespace(config, 'tracing'), ...mark(objects(validValues(tracingValues(config))), enabled)];
  },
  warnings: (config) => valueWarnings(() => tracingValues(config)),
};
