// cert-manager: controller, cainjector and webhook in their own namespace, with the CRDs smm
// and its users need. No admission webhook configurations: with the webhook Service not (yet)
// reachable they would make the API server refuse every cert-manager object.

import { z } from 'zod';
import type { KubeObject } from '../../core/model/k8s.js';
import type { InstallConfig } from '../api/types.js';
import type { Component } from './component.js';
import { anyObject, arr, bool, customResourceDefinition, int, looseCrd, obj, str, stringMap, type PrinterColumn } from './crd.js';
import {
  appLabels, clusterRole, clusterRoleBinding, deployment, fieldEnv, KIND, mark, role, roleBinding, service, serviceAccount,
  withResources, type Container, type Labels, type PolicyRule,
} from './k8s.js';
import { componentNamespace } from './namespaces.js';
import { componentSettings, imageOf } from './settings.js';
import { componentValues, imageSchema, labelsSchema, replicasSchema, resourcesSchema, validValues, valueWarnings } from './values.js';

// --- settings --------------------------------------------------------------------------------

const workloadSchema = z.strictObject({ image: imageSchema, replicas: replicasSchema, resources: resourcesSchema });

const certManagerSchema = z.strictObject({
  namespace: z.string(),
  labels: labelsSchema,
  /** klog verbosity of all three. */
  logLevel: z.number().int().min(0).max(6),
  controller: workloadSchema,
  cainjector: workloadSchema,
  webhook: workloadSchema,
});
export type CertManagerValues = z.output<typeof certManagerSchema>;

export function certManagerValues(config: InstallConfig) {
  const s = componentSettings(config, 'certManager');
  const workload = (image: string) => ({ image, replicas: 1, resources: { requests: { cpu: '10m', memory: '32Mi' } } });
  return componentValues(s, certManagerSchema, {
    namespace: s.namespace,
    labels: {},
    logLevel: 2,
    controller: workload(imageOf(config, 'certManagerController')),
    cainjector: workload(imageOf(config, 'certManagerCainjector')),
    webhook: workload(imageOf(config, 'certManagerWebhook')),
  }, {
    namespace: s.namespace,
    labels: appLabels('cert-manager', 'cert-manager'),
    ...(s.resources ? { controller: { resources: s.resources } } : {}),
  });
}

// --- CRDs ------------------------------------------------------------------------------------

const GROUP = 'cert-manager.io';
const READY: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const issuerRef = obj({ name: str(), kind: str(), group: str() }, { required: ['name'] });

function certificateCrd(labels: Labels): KubeObject {
  return customResourceDefinition({
    group: GROUP, kind: 'Certificate', plural: 'certificates', scope: 'Namespaced', versions: ['v1'],
    shortNames: ['cert', 'certs'], categories: ['cert-manager'], labels,
    spec: obj({
      secretName: str('Secret the signed certificate and its key are stored in'),
      issuerRef,
      commonName: str(),
      dnsNames: arr(str()),
      ipAddresses: arr(str()),
      uris: arr(str()),
      emailAddresses: arr(str()),
      duration: str(),
      renewBefore: str(),
      isCA: bool(),
      usages: arr(str()),
      privateKey: obj({ algorithm: str(), encoding: str(), size: int(), rotationPolicy: str() }),
      secretTemplate: obj({ annotations: stringMap(), labels: stringMap() }),
    }, { required: ['secretName', 'issuerRef'], preserve: true }),
    status: anyObject(),
    printerColumns: [READY, { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' }, { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name', priority: 1 }],
  });
}

function issuerCrd(kind: 'Issuer' | 'ClusterIssuer', labels: Labels): KubeObject {
  return customResourceDefinition({
    group: GROUP, kind, plural: `${kind.toLowerCase()}s`, scope: kind === 'Issuer' ? 'Namespaced' : 'Cluster', versions: ['v1'],
    categories: ['cert-manager'], labels,
    spec: obj({
      selfSigned: obj({ crlDistributionPoints: arr(str()) }),
      ca: obj({ secretName: str() }, { required: ['secretName'] }),
      acme: anyObject(),
      vault: anyObject(),
      venafi: anyObject(),
    }, { preserve: true }),
    status: anyObject(),
    printerColumns: [READY],
  });
}

/** The three smm uses get structural schemas; the others only need to exist for the controller's informers. */
function crds(labels: Labels): KubeObject[] {
  return [
    certificateCrd(labels),
    issuerCrd('Issuer', labels),
    issuerCrd('ClusterIssuer', labels),
    looseCrd({ group: GROUP, kind: 'CertificateRequest', plural: 'certificaterequests', scope: 'Namespaced', versions: ['v1'], shortNames: ['cr', 'crs'], categories: ['cert-manager'], labels }),
    looseCrd({ group: 'acme.cert-manager.io', kind: 'Order', plural: 'orders', scope: 'Namespaced', versions: ['v1'], categories: ['cert-manager', 'cert-manager-acme'], labels }),
    looseCrd({ group: 'acme.cert-manager.io', kind: 'Challenge', plural: 'challenges', scope: 'Namespaced', versions: ['v1'], categories: ['cert-manager', 'cert-manager-acme'], labels }),
  ];
}

// --- RBAC ------------------------------------------------------------------------------------

const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];

const CONTROLLER_RULES: PolicyRule[] = [
  {
    apiGroups: [GROUP],
    resources: ['certificates', 'certificates/status', 'certificates/finalizers', 'certificaterequests', 'certificaterequests/status',
      'certificaterequests/finalizers', 'issuers', 'issuers/status', 'clusterissuers', 'clusterissuers/status'],
    verbs: ALL,
  },
  { apiGroups: ['acme.cert-manager.io'], resources: ['orders', 'orders/status', 'orders/finalizers', 'challenges', 'challenges/status', 'challenges/finalizers'], verbs: ALL },
  { apiGroups: [GROUP], resources: ['signers'], resourceNames: ['issuers.cert-manager.io/*', 'clusterissuers.cert-manager.io/*'], verbs: ['approve'] },
  { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests', 'certificatesigningrequests/status'], verbs: ['get', 'list', 'watch', 'update'] },
  { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['issuers.cert-manager.io/*', 'clusterissuers.cert-manager.io/*'], verbs: ['sign'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ALL },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  // HTTP-01 solvers run as pods behind services and ingresses.
  { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'] },
  { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
];

const CAINJECTOR_RULES: PolicyRule[] = [
  { apiGroups: [GROUP], resources: ['certificates'], verbs: READ },
  { apiGroups: [''], resources: ['secrets'], verbs: READ },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'create', 'update', 'patch'] },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], verbs: [...READ, 'update', 'patch'] },
  { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: [...READ, 'update', 'patch'] },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: [...READ, 'update', 'patch'] },
];

const WEBHOOK_RULES: PolicyRule[] = [{ apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] }];

const LEADER_ELECTION: PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] }];
const WEBHOOK_CA_SECRET = 'cert-manager-webhook-ca';
const WEBHOOK_SECRETS: PolicyRule[] = [
  { apiGroups: [''], resources: ['secrets'], resourceNames: [WEBHOOK_CA_SECRET], verbs: ['get', 'list', 'watch', 'update'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
];

// --- workloads -------------------------------------------------------------------------------

type Part = 'controller' | 'cainjector' | 'webhook';
const NAMES: Record<Part, string> = { controller: 'cert-manager', cainjector: 'cert-manager-cainjector', webhook: 'cert-manager-webhook' };

function partLabels(v: CertManagerValues, part: Part): Labels {
  return { ...v.labels, 'app.kubernetes.io/name': part === 'controller' ? 'cert-manager' : part, 'app.kubernetes.io/component': part };
}

function container(v: CertManagerValues, part: Part): Container {
  const ns = v.namespace;
  const common = { image: v[part].image, imagePullPolicy: 'IfNotPresent' as const, env: [fieldEnv('POD_NAMESPACE', 'metadata.namespace')], ...withResources(v[part].resources) };
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  switch (part) {
    case 'controller':
      return {
        name: 'cert-manager-controller', ...common, securityContext,
        args: [`--v=${v.logLevel}`, '--cluster-resource-namespace=$(POD_NAMESPACE)', `--leader-election-namespace=${ns}`],
        ports: [{ name: 'http-metrics', containerPort: 9402 }],
      };
    case 'cainjector':
      return { name: 'cert-manager-cainjector', ...common, securityContext, args: [`--v=${v.logLevel}`, `--leader-election-namespace=${ns}`] };
    case 'webhook': {
      const svc = NAMES.webhook;
      return {
        name: 'cert-manager-webhook', ...common, securityContext,
        args: [
          `--v=${v.logLevel}`, '--secure-port=10250',
          '--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)', `--dynamic-serving-ca-secret-name=${WEBHOOK_CA_SECRET}`,
          `--dynamic-serving-dns-names=${svc},${svc}.${ns},${svc}.${ns}.svc`,
        ],
        ports: [{ name: 'https', containerPort: 10250 }, { name: 'healthcheck', containerPort: 6080 }],
        livenessProbe: { httpGet: { path: '/livez', port: 6080 }, initialDelaySeconds: 60, periodSeconds: 10 },
        readinessProbe: { httpGet: { path: '/healthz', port: 6080 }, initialDelaySeconds: 5, periodSeconds: 5 },
      };
    }
  }
}

function partObjects(v: CertManagerValues, part: Part, clusterRules: PolicyRule[], namespaceRules: PolicyRule[]): KubeObject[] {
  const name = NAMES[part];
  const ns = v.namespace;
  const labels = partLabels(v, part);
  const subject = { serviceAccount: name, namespace: ns };
  return [
    serviceAccount({ name, namespace: ns, labels }),
    clusterRole({ name, labels }, clusterRules),
    clusterRoleBinding({ name, labels }, name, subject),
    role({ name, namespace: ns, labels }, namespaceRules),
    roleBinding({ name, namespace: ns, labels }, name, subject),
    deployment({
      name, namespace: ns, labels, replicas: v[part].replicas,
      selector: { app: name },
      pod: { serviceAccountName: name, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [container(v, part)] },
    }),
  ];
}

function objects(v: CertManagerValues): KubeObject[] {
  const ns = v.namespace;
  return [
    ...crds(v.labels),
    ...partObjects(v, 'controller', CONTROLLER_RULES, LEADER_ELECTION),
    ...partObjects(v, 'cainjector', CAINJECTOR_RULES, LEADER_ELECTION),
    ...partObjects(v, 'webhook', WEBHOOK_RULES, WEBHOOK_SECRETS),
    service({ name: NAMES.controller, namespace: ns, labels: partLabels(v, 'controller'), selector: { app: NAMES.controller }, ports: [{ name: 'tcp-prometheus-servicemonitor', port: 9402 }] }),
    service({ name: NAMES.webhook, namespace: ns, labels: partLabels(v, 'webhook'), selector: { app: NAMES.webhook }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] }),
  ];
}

export const certManager: Component = {
  name: 'certManager',
  title: 'Cert Manager',
  kinds: [KIND.Namespace, KIND.CustomResourceDefinition, KIND.ServiceAccount, KIND.ClusterRole, KIND.ClusterRoleBinding, KIND.Role, KIND.RoleBinding, KIND.Deployment, KIND.Service],
  enabled: (config) => componentSettings(config, 'certManager').enabled,
  build(config) {
    const { enabled } = componentSettings(config, 'certManager');
    return [...componentNamespace(config, 'certManager'), ...mark(objects(validValues(certManagerValues(config))), enabled)];
  },
  warnings: (config) => valueWarnings(() => certManagerValues(config)),
};
