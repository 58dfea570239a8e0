// The mesh model: what smm knows about a mesh, built by pure functions from snapshots of
// Kubernetes objects. Views (GraphQL, CLI, topology, validation) read this, never raw objects.

/** Where an entity lives; every entity carries it so multi-cluster meshes need no special case. */
export interface Located {
  cluster: string;
  namespace: string;
  name: string;
}

export interface Cluster {
  name: string;
  namespaces: number;
  nodes: number;
  controlPlanes: string[];
}

/**
 * How a namespace asks for sidecars. `enabled`: `istio-injection=enabled` (the default
 * revision); `revision`: an `istio.io/rev` label; `disabled`: explicitly off; `none`: no label.
 */
export type InjectionMode = 'enabled' | 'revision' | 'disabled' | 'none';

export interface Injection {
  mode: InjectionMode;
  /** The revision the namespace asks for (`default` for `istio-injection=enabled`). */
  revision?: string;
  /** The control plane serving that revision, when one exists. */
  controlPlane?: ControlPlaneRef;
  /** Injection is requested but no control plane serves the revision. */
  missingControlPlane: boolean;
}

export interface Namespace {
  cluster: string;
  name: string;
  labels: Record<string, string>;
  injection: Injection;
}

/** Protocols as Istio selects them: `appProtocol` first, then the port name prefix. */
export type MeshProtocol = 'HTTP' | 'HTTP2' | 'HTTPS' | 'GRPC' | 'GRPC-WEB' | 'TCP' | 'TLS' | 'UDP' | 'MONGO' | 'MYSQL' | 'REDIS' | 'UNKNOWN';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol: MeshProtocol;
  /** Where the protocol came from; `auto` means Istio will sniff it. */
  protocolSource: 'appProtocol' | 'name' | 'transport' | 'auto';
}

export interface WorkloadRef {
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

export interface Service extends Located {
  type: string;
  /** metadata.creationTimestamp (RFC 3339), when known. */
  createdAt?: string;
  clusterIP?: string;
  ports: ServicePort[];
  /** Absent for services without a selector (endpoints managed by hand or ExternalName). */
  selector?: Record<string, string>;
  labels: Record<string, string>;
  /** Workloads whose pods the selector matches. */
  workloads: WorkloadRef[];
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod' | 'WorkloadGroup'
  | 'DeploymentConfig' | 'ReplicationController';

export interface Replicas {
  desired: number;
  current: number;
  ready: number;
  available: number;
}

export interface Workload extends Located {
  kind: WorkloadKind;
  /** The top object's creationTimestamp (RFC 3339), when known. */
  createdAt?: string;
  app?: string;
  version?: string;
  labels: Record<string, string>;
  replicas: Replicas;
  pods: Pod[];
  serviceAccounts: string[];
  /** `all`: every pod has a sidecar; `some`, `none`; `unknown` with no pods to judge by. */
  sidecars: 'all' | 'some' | 'none' | 'unknown';
  /** Services selecting this workload's pods. */
  services: string[];
  /** The object chain from the top controller down, e.g. Deployment → ReplicaSet. */
  controllers: ControllerLink[];
}

/** One object of a workload's controller chain, with what its detail view shows when it was visible. */
export interface ControllerLink {
  kind: string;
  name: string;
  createdAt?: string;
  labels?: Record<string, string>;
  replicas?: Replicas;
}

export interface Container {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  /** `running`, `waiting` or `terminated` (from the container status), `unknown` without one. */
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** Why it waits or terminated, e.g. `CrashLoopBackOff`, `Completed`. */
  stateReason?: string;
}

export interface Sidecar {
  image: string;
  /** Proxy version from the image tag, e.g. `1.15.3-bzc.0`. */
  version?: string;
  ready: boolean;
}

export interface Pod extends Located {
  /** `Pod`, or `WorkloadEntry` for a VM instance of a WorkloadGroup. */
  source: 'Pod' | 'WorkloadEntry';
  phase: string;
  ready: boolean;
  node?: string;
  ip?: string;
  labels: Record<string, string>;
  containers: Container[];
  sidecar?: Sidecar;
  /** The namespace asks for injection but this pod has no sidecar. */
  missingSidecar: boolean;
  /** Control plane revision the pod's proxy belongs to. */
  revision?: string;
  workload: WorkloadRef;
  serviceAccount?: string;
  createdAt?: string;
  /** status.startTime: when the kubelet accepted the pod. */
  startedAt?: string;
  /** The node's IP (status.hostIP). */
  hostIP?: string;
}

export interface Node {
  cluster: string;
  name: string;
  ready: boolean;
  internalIP?: string;
  zone?: string;
  kubeletVersion?: string;
  labels: Record<string, string>;
  capacity: Record<string, string>;
  pods: number;
  createdAt?: string;
  /** status.nodeInfo: operatingSystem, architecture, osImage, kernelVersion, containerRuntimeVersion. */
  system: NodeSystem;
  taints: NodeTaint[];
  conditions: NodeCondition[];
}

export interface NodeSystem {
  os?: string;
  architecture?: string;
  osImage?: string;
  kernelVersion?: string;
  containerRuntime?: string;
}

export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransition?: string;
}

export interface ControlPlaneRef {
  cluster: string;
  namespace: string;
  name: string;
  revision: string;
}

export interface ControlPlane extends ControlPlaneRef {
  /** Istio version, from the IstioControlPlane spec or the istiod image tag. */
  version?: string;
  /** `IstioControlPlane` (smm-managed) or `istiod` (found from its Deployment only). */
  source: 'IstioControlPlane' | 'istiod';
  status?: string;
  istiodPods: { name: string; ready: boolean; version?: string }[];
  /** The IstioControlPlane's `spec.meshConfig` (the overrides smm renders into the mesh ConfigMap). */
  meshConfig?: Record<string, unknown>;
}

export interface Proxy {
  cluster: string;
  namespace: string;
  pod: string;
  workload: WorkloadRef;
  version?: string;
  revision?: string;
  controlPlane?: ControlPlaneRef;
}

export interface MeshModel {
  clusters: Cluster[];
  namespaces: Namespace[];
  services: Service[];
  workloads: Workload[];
  pods: Pod[];
  nodes: Node[];
  controlPlanes: ControlPlane[];
  proxies: Proxy[];
}
