// The sidecar injector's configuration for istiod (`config` and `values` keys of the
// `istio-sidecar-injector-<name>` ConfigMap). The template is Istio's Go template language
// (sprig functions included), rendered by istiod per pod: a trimmed form of upstream's
// `sidecar` template with the same ports, users, volumes and environment.

import type { ResourceRequirements } from '../api/types.js';
import { toYaml } from './k8s.js';

export interface InjectorSettings {
  /** `istiod-<name>.<ns>.svc:15012`: the CA and xDS address of the revision. */
  istiodAddress: string;
  istioNamespace: string;
  revision: string;
  clusterName: string;
  meshID: string;
  network: string;
  proxyImage: string;
  proxyInitImage: string;
  proxyResources: ResourceRequirements;
}

const PROXY_UID = 1337;

function sidecarTemplate(s: InjectorSettings): string {
  return `{{- $containers := list }}
{{- range $index, $container := .Spec.Containers }}{{ if not (eq $container.Name "istio-proxy") }}{{ $containers = append $containers $container.Name }}{{ end }}{{ end }}
metadata:
  labels:
    security.istio.io/tlsMode: {{ index .ObjectMeta.Labels \`security.istio.io/tlsMode\` | default "istio" | quote }}
    service.istio.io/canonical-name: {{ index .ObjectMeta.Labels \`service.istio.io/canonical-name\` | default (index .ObjectMeta.Labels \`app.kubernetes.io/name\`) | default (index .ObjectMeta.Labels \`app\`) | default .DeploymentMeta.Name | quote }}
    service.istio.io/canonical-revision: {{ index .ObjectMeta.Labels \`service.istio.io/canonical-revision\` | default (index .ObjectMeta.Labels \`app.kubernetes.io/version\`) | default (index .ObjectMeta.Labels \`version\`) | default "latest" | quote }}
  annotations:
    prometheus.io/port: "15020"
    prometheus.io/scrape: "true"
    prometheus.io/path: "/stats/prometheus"
    {{- if ge (len $containers) 1 }}
    kubectl.kubernetes.io/default-container: "{{ index $containers 0 }}"
    {{- end }}
spec:
  initContainers:
  - name: istio-init
    image: "{{ .Values.global.proxy_init.image }}"
    args: ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "${PROXY_UID}", "-m", "REDIRECT", "-i", "*", "-x", "", "-b", "*", "-d", "15090,15021,15020", "--log_output_level=default:info"]
    resources: {{ toJSON .Values.global.proxy.resources }}
    securityContext:
      allowPrivilegeEscalation: false
      privileged: false
      capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] }
      readOnlyRootFilesystem: false
      runAsGroup: 0
      runAsNonRoot: false
      runAsUser: 0
  containers:
  - name: istio-proxy
    image: "{{ .Values.global.proxy.image }}"
    args: ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--proxyLogLevel=warning", "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info"]
    ports:
    - { containerPort: 15090, protocol: TCP, name: http-envoy-prom }
    env:
    - { name: JWT_POLICY, value: third-party-jwt }
    - { name: PILOT_CERT_PROVIDER, value: istiod }
    - { name: CA_ADDR, value: "${s.istiodAddress}" }
    - { name: POD_NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
    - { name: POD_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
    - { name: INSTANCE_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }
    - { name: SERVICE_ACCOUNT, valueFrom: { fieldRef: { fieldPath: spec.serviceAccountName } } }
    - { name: HOST_IP, valueFrom: { fieldRef: { fieldPath: status.hostIP } } }
    - name: PROXY_CONFIG
      value: |
             {{ protoToJSON .ProxyConfig }}
    - { name: ISTIO_META_APP_CONTAINERS, value: "{{ $containers | join "," }}" }
    - { name: ISTIO_META_CLUSTER_ID, value: "${s.clusterName}" }
    - { name: ISTIO_META_INTERCEPTION_MODE, value: REDIRECT }
    - { name: ISTIO_META_WORKLOAD_NAME, value: "{{ .DeploymentMeta.Name }}" }
    - { name: ISTIO_META_MESH_ID, value: "${s.meshID}" }
    - { name: ISTIO_META_NETWORK, value: "${s.network}" }
    - { name: TRUST_DOMAIN, value: cluster.local }
    {{- if .ProxyConfig.HoldApplicationUntilProxyStarts.GetValue }}
    lifecycle:
      postStart:
        exec:
          command: ["pilot-agent", "wait"]
    {{- end }}
    readinessProbe:
      httpGet: { path: /healthz/ready, port: 15021 }
      initialDelaySeconds: 1
      periodSeconds: 2
      timeoutSeconds: 3
      failureThreshold: 30
    resources: {{ toJSON .Values.global.proxy.resources }}
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: { drop: ["ALL"] }
      privileged: false
      readOnlyRootFilesystem: true
      runAsGroup: ${PROXY_UID}
      runAsNonRoot: true
      runAsUser: ${PROXY_UID}
    volumeMounts:
    - { name: workload-socket, mountPath: /var/run/secrets/workload-spiffe-uds }
    - { name: credential-socket, mountPath: /var/run/secrets/credential-uds }
    - { name: workload-certs, mountPath: /var/run/secrets/workload-spiffe-credentials }
    - { name: istiod-ca-cert, mountPath: /var/run/secrets/istio }
    - { name: istio-data, mountPath: /var/lib/istio/data }
    - { name: istio-envoy, mountPath: /etc/istio/proxy }
    - { name: istio-token, mountPath: /var/run/secrets/tokens }
    - { name: istio-podinfo, mountPath: /etc/istio/pod }
  volumes:
  - { name: workload-socket, emptyDir: {} }
  - { name: credential-socket, emptyDir: {} }
  - { name: workload-certs, emptyDir: {} }
  - { name: istio-envoy, emptyDir: { medium: Memory } }
  - { name: istio-data, emptyDir: {} }
  - name: istio-podinfo
    downwardAPI:
      items:
      - { path: labels, fieldRef: { fieldPath: metadata.labels } }
      - { path: annotations, fieldRef: { fieldPath: metadata.annotations } }
  - name: istio-token
    projected:
      sources:
      - serviceAccountToken: { path: istio-token, expirationSeconds: 43200, audience: istio-ca }
  - { name: istiod-ca-cert, configMap: { name: istio-ca-root-cert } }
`;
}

/** The `config` key: injection policy and templates (YAML). */
export function injectorConfig(s: InjectorSettings): string {
  return toYaml({
    policy: 'enabled',
    alwaysInjectSelector: [],
    neverInjectSelector: [],
    injectedAnnotations: {},
    defaultTemplates: ['sidecar'],
    templates: { sidecar: sidecarTemplate(s) },
  });
}

/** The `values` key: what the template reads as `.Values` (JSON, as upstream writes it). */
export function injectorValues(s: InjectorSettings): string {
  return JSON.stringify({
    global: {
      istioNamespace: s.istioNamespace,
      meshID: s.meshID,
      network: s.network,
      multiCluster: { clusterName: s.clusterName },
      jwtPolicy: 'third-party-jwt',
      pilotCertProvider: 'istiod',
      caAddress: s.istiodAddress,
      proxy: { image: s.proxyImage, clusterDomain: 'cluster.local', resources: s.proxyResources },
      proxy_init: { image: s.proxyInitImage },
    },
    revision: s.revision,
    sidecarInjectorWebhook: { rewriteAppHTTPProbe: true },
  }, null, 2);
}
