// The Kubernetes objects of the demo cluster: namespaces, nodes, the Istio control plane and
// ingress gateway, the demo application's controllers, pods (with istio-proxy sidecars as
// Istio's injector writes them), services, Istio routing resources and the DemoApplication CR.
// Deterministic for a seed: uids, hashes and IPs come from the seed, timestamps from `now`.

import type { KubeObject, OwnerReference } from '../kube/object.js';
import {
  CONTROL_PLANE_NAME, DEMO_APP, DEMO_CLUSTER_NAME, DEMO_COMPONENTS, GATEWAY_NAME, ISTIO_NAMESPACE, ISTIO_VERSION,
  workloadLabels, type DemoApp, type DemoPort, type DemoWorkload,
} from './app.js';
import { hashString, mix, rngFor, safeName, uuidFor } from './random.js';

export interface DemoObjectsOptions {
  seed?: number;
  clusterName?: string;
  /** The moment the cluster is observed; creation timestamps lie before it. */
  now?: Date;
  app?: DemoApp;
}

export const PROXY_IMAGE = 'ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc.0';
export const PILOT_IMAGE = 'ghcr.io/cisco-open/istio-pilot:v1.15.3-bzc.0';
export const ISTIOD_NAME = `istiod-${CONTROL_PLANE_NAME}`;
const KUBELET_VERSION = 'v1.24.7';
const MESH_ID = 'mesh1';
const NETWORK = 'network1';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// --- context ------------------------------------------------------------------------------

interface NodeInfo {
  name: string;
  ip: string;
  zone: string;
  podCidrPrefix: string;
}

/** What every builder needs: the seed, the clock, where pods land and which IPs are taken. */
class BuildContext {
  readonly seed: number;
  readonly clusterName: string;
  readonly nowMs: number;
  readonly app: DemoApp;
  readonly nodes: NodeInfo[];
  private nextNode: number;
  private readonly podIps = new Map<string, number>();
  private readonly clusterIps = new Set<string>();

  constructor(options: DemoObjectsOptions) {
    this.seed = options.seed ?? 1;
    this.clusterName = options.clusterName ?? DEMO_CLUSTER_NAME;
    this.nowMs = Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000;
    this.app = options.app ?? DEMO_APP;
    const zones = ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'];
    this.nodes = zones.map((zone, i) => ({
      name: `demo-worker-${i + 1}`,
      ip: `10.0.${i + 1}.${10 + (mix(this.seed, i) % 200)}`,
      zone,
      podCidrPrefix: `10.244.${i + 1}`,
    }));
    this.nextNode = mix(this.seed, 0x90d) % this.nodes.length;
  }

  uid(kind: string, namespace: string | undefined, name: string): string {
    return uuidFor(this.seed, `${kind}/${namespace ?? ''}/${name}`);
  }

  /** RFC 3339 at whole seconds, as the API server writes timestamps. */
  time(agoMs: number): string {
    return new Date(this.nowMs - agoMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Spread pods over the nodes round-robin (from a seeded start), with a free pod IP there. */
  placePod(): { node: NodeInfo; ip: string } {
    const node = this.nodes[this.nextNode % this.nodes.length]!;
    this.nextNode++;
    const used = (this.podIps.get(node.name) ?? 10) + 1 + (mix(this.seed, this.nextNode) % 7);
    this.podIps.set(node.name, used);
    return { node, ip: `${node.podCidrPrefix}.${used}` };
  }

  clusterIp(key: string): string {
    for (let attempt = 0; ; attempt++) {
      const h = mix(this.seed, hashString(key), attempt);
      const ip = `10.96.${(h >>> 8) % 255}.${1 + (h % 254)}`;
      if (!this.clusterIps.has(ip)) {
        this.clusterIps.add(ip);
        return ip;
      }
    }
  }

  hex(name: string, length: number): string {
    const rng = rngFor(this.seed, hashString(name), 0x6e7);
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(rng() * 16).toString(16);
    return out;
  }
}

interface MetaInput {
  kind: string;
  name: string;
  namespace?: string;
  agoMs: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: KubeObject;
  generateName?: string;
  generation?: number;
}

function meta(ctx: BuildContext, m: MetaInput): KubeObject['metadata'] {
  return {
    name: m.name,
    ...(m.generateName ? { generateName: m.generateName } : {}),
    ...(m.namespace ? { namespace: m.namespace } : {}),
    uid: ctx.uid(m.kind, m.namespace, m.name),
    ...(m.generation ? { generation: m.generation } : {}),
    creationTimestamp: ctx.time(m.agoMs),
    ...(m.labels ? { labels: m.labels } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
    ...(m.owner ? { ownerReferences: [controllerRef(m.owner)] } : {}),
  };
}

function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '',
    controller: true, blockOwnerDeletion: true,
  };
}

// --- namespaces and nodes -----------------------------------------------------------------

function namespace(ctx: BuildContext, name: string, agoMs: number, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: meta(ctx, { kind: 'Namespace', name, agoMs, labels: { 'kubernetes.io/metadata.name': name, ...labels } }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function namespaces(ctx: BuildContext): KubeObject[] {
  const cluster = 72 * HOUR;
  return [
    namespace(ctx, 'default', cluster),
    namespace(ctx, 'kube-system', cluster),
    namespace(ctx, ISTIO_NAMESPACE, 2 * HOUR),
    namespace(ctx, ctx.app.namespace, 110 * MINUTE, {
      'app.kubernetes.io/instance': 'smm-demo',
      'app.kubernetes.io/name': 'smm-demo',
      'app.kubernetes.io/part-of': 'smm-demo',
      'app.kubernetes.io/version': ctx.app.version,
      'istio.io/rev': ctx.app.revision,
    }),
  ];
}

function node(ctx: BuildContext, n: NodeInfo, index: number): KubeObject {
  const since = ctx.time(72 * HOUR - index * MINUTE);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, reason, message, lastHeartbeatTime: ctx.time(20_000), lastTransitionTime: since,
  });
  const capacity = { cpu: '4', 'ephemeral-storage': '101430960Ki', 'hugepages-2Mi': '0', memory: '16202260Ki', pods: '110' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: meta(ctx, {
      kind: 'Node', name: n.name, agoMs: 72 * HOUR - index * MINUTE,
      labels: {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': n.name,
        'node.kubernetes.io/instance-type': 'm5.xlarge',
        'topology.kubernetes.io/region': 'eu-central-1', 'topology.kubernetes.io/zone': n.zone,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    }),
    spec: { podCIDR: `${n.podCidrPrefix}.0/24`, podCIDRs: [`${n.podCidrPrefix}.0/24`] },
    status: {
      capacity,
      allocatable: { ...capacity, cpu: '3920m', memory: '15051284Ki' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: ctx.hex(`machine/${n.name}`, 32), systemUUID: ctx.uid('system', undefined, n.name), bootID: ctx.uid('boot', undefined, n.name),
        kernelVersion: '5.15.0-1022-aws', osImage: 'Ubuntu 22.04.1 LTS', containerRuntimeVersion: 'containerd://1.6.8',
        kubeletVersion: KUBELET_VERSION, kubeProxyVersion: KUBELET_VERSION, operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  };
}

// --- pods ---------------------------------------------------------------------------------

interface ContainerInput {
  name: string;
  image: string;
  ports?: DemoPort[];
  args?: string[];
  resources?: Record<string, Record<string, string>>;
}

function container(c: ContainerInput): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    ...(c.args ? { args: c.args } : {}),
    ...(c.ports && c.ports.length > 0
      ? { ports: c.ports.map((p) => ({ name: p.name, containerPort: p.targetPort, protocol: 'TCP' })) }
      : {}),
    resources: c.resources ?? { limits: { cpu: '2', memory: '192Mi' }, requests: { cpu: '40m', memory: '64Mi' } },
    imagePullPolicy: 'IfNotPresent',
  };
}

// What the 1.15 injector adds: the volumes it lists in `sidecar.istio.io/status`.
const SIDECAR_VOLUMES = ['workload-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'];

function sidecarStatus(revision: string): string {
  return JSON.stringify({
    initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: SIDECAR_VOLUMES, imagePullSecrets: null, revision,
  });
}

const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });

function istioProxyContainer(ctx: BuildContext, w: DemoWorkload, mode: 'sidecar' | 'router'): Record<string, unknown> {
  const owner = `kubernetes://apis/apps/v1/namespaces/${w.namespace}/${w.kind === 'StatefulSet' ? 'statefulsets' : 'deployments'}/${w.name}`;
  return {
    name: 'istio-proxy',
    image: PROXY_IMAGE,
    args: ['proxy', mode, '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    env: [
      { name: 'JWT_POLICY', value: 'third-party-jwt' },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: `${ISTIOD_NAME}.${ISTIO_NAMESPACE}.svc:15012` },
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('INSTANCE_IP', 'status.podIP'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      fieldEnv('HOST_IP', 'status.hostIP'),
      { name: 'PROXY_CONFIG', value: JSON.stringify({ discoveryAddress: `${ISTIOD_NAME}.${ISTIO_NAMESPACE}.svc:15012`, meshId: MESH_ID }) },
      { name: 'ISTIO_META_POD_PORTS', value: JSON.stringify(w.ports.map((p) => ({ name: p.name, containerPort: p.targetPort, protocol: 'TCP' }))) },
      { name: 'ISTIO_META_APP_CONTAINERS', value: mode === 'sidecar' ? w.containerName : '' },
      { name: 'ISTIO_META_CLUSTER_ID', value: ctx.clusterName },
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: w.name },
      { name: 'ISTIO_META_OWNER', value: owner },
      { name: 'ISTIO_META_MESH_ID', value: MESH_ID },
      { name: 'ISTIO_META_NETWORK', value: NETWORK },
    ],
    ports: [
      { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
      ...(mode === 'router' ? w.ports.map((p) => ({ name: p.name, containerPort: p.targetPort, protocol: 'TCP' })) : []),
    ],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 30, timeoutSeconds: 3, successThreshold: 1 },
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false,
      readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: true, runAsUser: 1337,
    },
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
    imagePullPolicy: 'IfNotPresent',
  };
}

function istioInitContainer(): Record<string, unknown> {
  return {
    name: 'istio-init',
    image: PROXY_IMAGE,
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*',
      '-d', '15090,15021,15020', '--log_output_level=default:info'],
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, privileged: false,
      readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0,
    },
    imagePullPolicy: 'IfNotPresent',
  };
}

function proxyVolumes(): Record<string, unknown>[] {
  return [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    {
      name: 'istio-podinfo',
      downwardAPI: { items: [
        { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
        { path: 'annotations', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' } },
      ] },
    },
    { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
  ];
}

/** The un-injected pod spec, as a Deployment's template holds it. */
function templateSpec(w: DemoWorkload, containers: Record<string, unknown>[]): Record<string, unknown> {
  return {
    serviceAccountName: w.serviceAccount,
    containers,
    // A gateway's template is its proxy, mounts and all; app templates get theirs from the injector.
    ...(w.proxy === 'gateway' ? { volumes: proxyVolumes() } : {}),
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
  };
}

function appContainers(ctx: BuildContext, w: DemoWorkload): Record<string, unknown>[] {
  if (w.proxy === 'gateway') return [istioProxyContainer(ctx, w, 'router')];
  return [container({ name: w.containerName, image: w.image, ports: w.ports })];
}

function canonicalLabels(w: DemoWorkload): Record<string, string> {
  return { 'service.istio.io/canonical-name': w.app, 'service.istio.io/canonical-revision': w.version ?? 'latest' };
}

interface PodInput {
  workload: DemoWorkload;
  name: string;
  generateName: string;
  owner: KubeObject;
  labels: Record<string, string>;
  agoMs: number;
  containers: Record<string, unknown>[];
}

function pod(ctx: BuildContext, p: PodInput): KubeObject {
  const w = p.workload;
  const injected = w.proxy === 'sidecar';
  const { node: n, ip } = ctx.placePod();
  const containers = injected ? [...p.containers, istioProxyContainer(ctx, w, 'sidecar')] : p.containers;
  const started = ctx.time(p.agoMs - 4_000);
  const ready = ctx.time(p.agoMs - 9_000);
  const labels: Record<string, string> = {
    ...p.labels,
    ...(w.proxy === 'none' ? {} : { 'istio.io/rev': ctx.app.revision, ...canonicalLabels(w) }),
    ...(injected ? { 'security.istio.io/tlsMode': 'istio' } : {}),
  };
  const annotations: Record<string, string> = injected
    ? {
      'kubectl.kubernetes.io/default-container': w.containerName,
      'kubectl.kubernetes.io/default-logs-container': w.containerName,
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status': sidecarStatus(ctx.app.revision),
    }
    : { 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' };
  const status = (c: Record<string, unknown>) => ({
    name: c.name, ready: true, started: true, restartCount: 0, image: c.image,
    imageID: `${String(c.image).split(':')[0]}@sha256:${ctx.hex(`image/${String(c.image)}`, 64)}`,
    containerID: `containerd://${ctx.hex(`container/${p.name}/${String(c.name)}`, 64)}`,
    state: { running: { startedAt: started } },
    lastState: {},
  });
  const condition = (type: string, time: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: time });
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: meta(ctx, { kind: 'Pod', name: p.name, generateName: p.generateName, namespace: w.namespace, agoMs: p.agoMs, labels, annotations, owner: p.owner }),
    spec: {
      ...templateSpec(w, containers),
      ...(injected ? { initContainers: [istioInitContainer()] } : {}),
      volumes: injected || w.proxy === 'gateway' ? proxyVolumes() : [],
      nodeName: n.name,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        condition('Initialized', started),
        condition('Ready', ready),
        condition('ContainersReady', ready),
        condition('PodScheduled', ctx.time(p.agoMs)),
      ],
      hostIP: n.ip,
      podIP: ip,
      podIPs: [{ ip }],
      startTime: ctx.time(p.agoMs - 1_000),
      qosClass: 'Burstable',
      containerStatuses: containers.map(status),
      ...(injected
        ? {
          initContainerStatuses: [{
            name: 'istio-init', ready: true, restartCount: 0, image: PROXY_IMAGE,
            imageID: `${PROXY_IMAGE.split(':')[0]}@sha256:${ctx.hex(`image/${PROXY_IMAGE}`, 64)}`,
            containerID: `containerd://${ctx.hex(`container/${p.name}/istio-init`, 64)}`,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ctx.time(p.agoMs - 2_000), finishedAt: ctx.time(p.agoMs - 3_000) } },
            lastState: {},
          }],
        }
        : {}),
    },
  };
}

// --- controllers --------------------------------------------------------------------------

function controllerLabels(ctx: BuildContext, w: DemoWorkload): Record<string, string> {
  const part: Record<string, string> = w.namespace === ctx.app.namespace
    ? { 'app.kubernetes.io/instance': 'smm-demo', 'app.kubernetes.io/part-of': 'smm-demo', 'app.kubernetes.io/version': ctx.app.version }
    : {};
  return { ...workloadLabels(w), 'app.kubernetes.io/name': w.app, ...part };
}

/** The workload's selector: `app` (+ `version`), as the demo's Deployments select. */
function selectorOf(w: DemoWorkload): Record<string, string> {
  return { app: w.app, ...(w.version ? { version: w.version } : {}) };
}

function deploymentObjects(ctx: BuildContext, w: DemoWorkload, agoMs: number, containers: Record<string, unknown>[]): KubeObject[] {
  const podLabels = workloadLabels(w);
  const replicas = w.replicas;
  const template = { metadata: { labels: podLabels }, spec: templateSpec(w, containers) };
  const hash = safeName(ctx.seed, `${w.namespace}/${w.name}/pod-template-hash`, 9 + (hashString(w.name) % 2));
  const rsName = `${w.name}-${hash}`;
  const rsLabels = { ...podLabels, 'pod-template-hash': hash };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: meta(ctx, {
      kind: 'Deployment', name: w.name, namespace: w.namespace, agoMs, generation: 1,
      labels: controllerLabels(ctx, w), annotations: { 'deployment.kubernetes.io/revision': '1' },
    }),
    spec: {
      replicas,
      selector: { matchLabels: selectorOf(w) },
      template,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: ctx.time(agoMs - 15_000), lastTransitionTime: ctx.time(agoMs - 15_000) },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.`, lastUpdateTime: ctx.time(agoMs - 15_000), lastTransitionTime: ctx.time(agoMs) },
      ],
    },
  };
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: meta(ctx, {
      kind: 'ReplicaSet', name: rsName, namespace: w.namespace, agoMs: agoMs - 1_000, generation: 1, labels: rsLabels, owner: deployment,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
        'deployment.kubernetes.io/revision': '1',
      },
    }),
    spec: {
      replicas,
      selector: { matchLabels: { ...selectorOf(w), 'pod-template-hash': hash } },
      template: { metadata: { labels: rsLabels }, spec: template.spec },
    },
    status: { observedGeneration: 1, replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
  const pods = Array.from({ length: replicas }, (_, i) => {
    const name = `${rsName}-${safeName(ctx.seed, `${w.namespace}/${rsName}/${i}`, 5)}`;
    return pod(ctx, { workload: w, name, generateName: `${rsName}-`, owner: replicaSet, labels: rsLabels, agoMs: agoMs - 2_000, containers });
  });
  return [deployment, replicaSet, ...pods];
}

function statefulSetObjects(ctx: BuildContext, w: DemoWorkload, agoMs: number, containers: Record<string, unknown>[]): KubeObject[] {
  const podLabels = workloadLabels(w);
  const replicas = w.replicas;
  const revision = `${w.name}-${safeName(ctx.seed, `${w.namespace}/${w.name}/controller-revision-hash`, 10)}`;
  const statefulSet: KubeObject = {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: meta(ctx, { kind: 'StatefulSet', name: w.name, namespace: w.namespace, agoMs, generation: 1, labels: controllerLabels(ctx, w) }),
    spec: {
      replicas,
      serviceName: w.app,
      selector: { matchLabels: selectorOf(w) },
      template: { metadata: { labels: podLabels }, spec: templateSpec(w, containers) },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      observedGeneration: 1, replicas, readyReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas,
      currentRevision: revision, updateRevision: revision, collisionCount: 0,
    },
  };
  const pods = Array.from({ length: replicas }, (_, i) => pod(ctx, {
    workload: w, name: `${w.name}-${i}`, generateName: `${w.name}-`, owner: statefulSet, agoMs: agoMs - 2_000 - i * 10_000, containers,
    labels: { ...podLabels, 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': `${w.name}-${i}` },
  }));
  return [statefulSet, ...pods];
}

function workloadObjects(ctx: BuildContext, w: DemoWorkload, agoMs: number): KubeObject[] {
  const containers = appContainers(ctx, w);
  return w.kind === 'StatefulSet' ? statefulSetObjects(ctx, w, agoMs, containers) : deploymentObjects(ctx, w, agoMs, containers);
}

function serviceAccount(ctx: BuildContext, name: string, ns: string, agoMs: number, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(ctx, { kind: 'ServiceAccount', name, namespace: ns, agoMs, labels }) };
}

interface ServiceInput {
  name: string;
  namespace: string;
  type: 'ClusterIP' | 'LoadBalancer';
  selector: Record<string, string>;
  ports: { name: string; port: number; targetPort: number }[];
  labels: Record<string, string>;
  agoMs: number;
}

function service(ctx: BuildContext, s: ServiceInput): KubeObject {
  const clusterIP = ctx.clusterIp(`${s.namespace}/${s.name}`);
  const lb = s.type === 'LoadBalancer';
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: meta(ctx, { kind: 'Service', name: s.name, namespace: s.namespace, agoMs: s.agoMs, labels: s.labels }),
    spec: {
      type: s.type,
      selector: s.selector,
      ports: s.ports.map((p, i) => ({
        name: p.name, port: p.port, targetPort: p.targetPort, protocol: 'TCP',
        ...(lb ? { nodePort: 30000 + ((mix(ctx.seed, hashString(`${s.namespace}/${s.name}`), i) % 2700)) } : {}),
      })),
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ...(lb ? { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true } : {}),
    },
    status: { loadBalancer: lb ? { ingress: [{ ip: `203.0.113.${10 + (mix(ctx.seed, hashString(s.name)) % 200)}` }] } : {} },
  };
}

// --- control plane ------------------------------------------------------------------------

function controlPlaneObjects(ctx: BuildContext): KubeObject[] {
  const agoMs = 2 * HOUR - MINUTE;
  const revision = ctx.app.revision;
  const istiod: DemoWorkload = {
    name: ISTIOD_NAME, namespace: ISTIO_NAMESPACE, kind: 'Deployment', app: 'istiod', replicas: 1,
    serviceAccount: ISTIOD_NAME, containerName: 'discovery', image: PILOT_IMAGE, proxy: 'none',
    ports: [
      { name: 'http-debug', port: 8080, targetPort: 8080, protocol: 'http' },
      { name: 'grpc-xds', port: 15010, targetPort: 15010, protocol: 'grpc' },
      { name: 'https-webhooks', port: 15017, targetPort: 15017, protocol: 'tcp' },
    ],
    extraLabels: { istio: 'pilot', 'istio.io/rev': revision },
    latencyMs: { median: 1, sigma: 0 }, errorRate: 0, errorCode: 503, grpcErrorStatus: '14',
    requestBytes: { median: 0, sigma: 0 }, responseBytes: { median: 0, sigma: 0 },
  };
  const discovery = {
    ...container({
      name: 'discovery', image: PILOT_IMAGE, ports: istiod.ports,
      args: ['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', 'cluster.local', '--keepaliveMaxServerConnectionAge', '30m'],
      resources: { requests: { cpu: '500m', memory: '2048Mi' } },
    }),
    env: [
      { name: 'REVISION', value: CONTROL_PLANE_NAME },
      { name: 'CLUSTER_ID', value: ctx.clusterName },
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    ],
  };
  const icp: KubeObject = {
    apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane',
    metadata: meta(ctx, { kind: 'IstioControlPlane', name: CONTROL_PLANE_NAME, namespace: ISTIO_NAMESPACE, agoMs: agoMs + MINUTE, generation: 1, labels: { 'app.kubernetes.io/managed-by': 'smm-operator' } }),
    spec: {
      version: ISTIO_VERSION,
      mode: 'ACTIVE',
      distribution: 'cisco',
      networkName: NETWORK,
      meshID: MESH_ID,
      clusterID: ctx.clusterName,
      istiod: { deployment: { image: PILOT_IMAGE, replicas: { min: 1, max: 5, count: 1 } } },
      proxy: { image: PROXY_IMAGE },
      proxyInit: { image: PROXY_IMAGE },
      meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'false' } }, enableTracing: false, trustDomain: 'cluster.local' },
      telemetryV2: { enabled: true },
      sidecarInjector: { service: { ports: [{ name: 'https-inject', port: 443, targetPort: 15017, protocol: 'TCP' }] } },
    },
    status: {
      status: 'Available',
      istioControlPlaneName: CONTROL_PLANE_NAME,
      meshExpansion: false,
      clusterID: ctx.clusterName,
      istiodAddresses: [`${ISTIOD_NAME}.${ISTIO_NAMESPACE}.svc:15012`],
      injectionNamespaces: [ctx.app.namespace],
    },
  };
  const gateway = ctx.app.workloads.find((w) => w.proxy === 'gateway' && w.name === GATEWAY_NAME);
  const meshGateway: KubeObject[] = gateway
    ? [{
      apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioMeshGateway',
      metadata: meta(ctx, { kind: 'IstioMeshGateway', name: GATEWAY_NAME, namespace: gateway.namespace, agoMs, generation: 1 }),
      spec: {
        istioControlPlane: { name: CONTROL_PLANE_NAME, namespace: ISTIO_NAMESPACE },
        type: 'ingress',
        runAsRoot: false,
        deployment: {
          replicas: { min: 1, max: 1, count: 1 },
          metadata: { labels: { 'gateway-name': GATEWAY_NAME, 'gateway-type': 'ingress' } },
        },
        service: { type: 'LoadBalancer', ports: gateway.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: 'TCP' })) },
      },
      status: { Status: 'Available', GatewayAddress: [`203.0.113.${10 + (mix(ctx.seed, hashString(GATEWAY_NAME)) % 200)}`], ErrorMessage: '' },
    }]
    : [];
  return [
    icp,
    serviceAccount(ctx, ISTIOD_NAME, ISTIO_NAMESPACE, agoMs, { app: 'istiod', 'istio.io/rev': revision }),
    ...deploymentObjects(ctx, istiod, agoMs, [discovery]),
    service(ctx, {
      name: ISTIOD_NAME, namespace: ISTIO_NAMESPACE, type: 'ClusterIP', agoMs,
      selector: { app: 'istiod', 'istio.io/rev': revision },
      labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': revision },
      ports: [
        { name: 'grpc-xds', port: 15010, targetPort: 15010 },
        { name: 'https-dns', port: 15012, targetPort: 15012 },
        { name: 'https-webhook', port: 443, targetPort: 15017 },
        { name: 'http-monitoring', port: 15014, targetPort: 15014 },
      ],
    }),
    ...meshGateway,
    // The mesh-wide mTLS policy smm's clusters run with: PERMISSIVE accepts mTLS from proxies and
    // plaintext from callers without one; DestinationRules turning on ISTIO_MUTUAL rely on it.
    {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: meta(ctx, { kind: 'PeerAuthentication', name: 'default', namespace: ISTIO_NAMESPACE, agoMs, generation: 1 }),
      spec: { mtls: { mode: 'PERMISSIVE' } },
    },
  ];
}

// --- the demo application -----------------------------------------------------------------

function applicationObjects(ctx: BuildContext): KubeObject[] {
  const app = ctx.app;
  const out: KubeObject[] = [];
  const accounts = new Set<string>();
  app.workloads.forEach((w, i) => {
    const agoMs = 100 * MINUTE - i * 1_000;
    const key = `${w.namespace}/${w.serviceAccount}`;
    if (!accounts.has(key)) {
      accounts.add(key);
      out.push(serviceAccount(ctx, w.serviceAccount, w.namespace, agoMs, { app: w.app }));
    }
    out.push(...workloadObjects(ctx, w, agoMs));
  });
  for (const s of app.services) {
    out.push(service(ctx, {
      name: s.name, namespace: s.namespace, type: s.type, selector: s.selector, ports: s.ports, agoMs: 100 * MINUTE,
      labels: { app: s.selector.app ?? s.name, ...(s.namespace === app.namespace ? { 'app.kubernetes.io/part-of': 'smm-demo' } : {}) },
    }));
  }
  return out;
}

const NETWORKING = 'networking.istio.io/v1beta1';

function istioResources(ctx: BuildContext): KubeObject[] {
  const ns = ctx.app.namespace;
  const agoMs = 100 * MINUTE;
  const host = (name: string) => `${name}.${ns}.svc.cluster.local`;
  const resource = (kind: string, name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: NETWORKING, kind,
    metadata: meta(ctx, { kind, name, namespace: ns, agoMs, generation: 1, labels: { 'app.kubernetes.io/part-of': 'smm-demo' } }),
    spec,
  });
  const out: KubeObject[] = [];
  const frontpage = ctx.app.services.find((s) => s.name === 'frontpage' && s.namespace === ns);
  const entryPort = frontpage?.ports.find((p) => p.protocol === 'http');
  if (frontpage && entryPort) {
    out.push(resource('Gateway', 'smm-demo-gateway', {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    }));
    out.push(resource('VirtualService', 'frontpage', {
      hosts: ['*'],
      gateways: ['smm-demo-gateway'],
      http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: host('frontpage'), port: { number: entryPort.port } } }] }],
    }));
  }
  for (const s of ctx.app.services) {
    if (!s.split || s.namespace !== ns) continue;
    const versionOf = (workload: string) => ctx.app.workloads.find((w) => w.name === workload)?.version;
    out.push(resource('VirtualService', s.name, {
      hosts: [s.name],
      http: [{ route: s.split.map((x) => ({ destination: { host: s.name, subset: x.subset }, weight: x.weight })) }],
    }));
    out.push(resource('DestinationRule', s.name, {
      host: s.name,
      subsets: s.split.map((x) => ({ name: x.subset, labels: { version: versionOf(x.workload) ?? x.subset } })),
    }));
  }
  if (ctx.app.services.some((s) => s.name === 'payments' && s.namespace === ns)) {
    out.push(resource('DestinationRule', 'payments', {
      host: 'payments',
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '2s' }, http: { http1MaxPendingRequests: 64, maxRequestsPerConnection: 10 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      },
    }));
  }
  return out;
}

function demoApplication(ctx: BuildContext): KubeObject {
  return {
    apiVersion: 'smm.cisco.com/v1alpha1', kind: 'DemoApplication',
    metadata: meta(ctx, { kind: 'DemoApplication', name: 'smm-demo', namespace: ctx.app.namespace, agoMs: 110 * MINUTE, generation: 1 }),
    spec: {
      autoscaling: { enabled: true },
      controlPlaneRef: { name: 'smm' },
      deployIstioResources: true,
      deploySLOResources: true,
      enabled: true,
      enabledComponents: [...DEMO_COMPONENTS],
      istio: { revision: ctx.app.revision },
      load: { enabled: true, maxRPS: ctx.app.load.maxRPS, minRPS: ctx.app.load.minRPS, swingPeriod: ctx.app.load.swingPeriodNs },
      replicas: 1,
      resources: { limits: { cpu: '2', memory: '192Mi' }, requests: { cpu: '40m', memory: '64Mi' } },
    },
  };
}

/**
 * Every object of the demo cluster, in an order a loader can create them in (namespaces
 * before what lives in them, owners before what they own).
 */
export function buildDemoObjects(options: DemoObjectsOptions = {}): KubeObject[] {
  const ctx = new BuildContext(options);
  return [
    ...namespaces(ctx),
    ...ctx.nodes.map((n, i) => node(ctx, n, i)),
    ...controlPlaneObjects(ctx),
    ...applicationObjects(ctx),
    ...istioResources(ctx),
    demoApplication(ctx),
  ];
}
