// The Kubernetes object shapes the model reads. The core owns them (it depends on nothing
// else of ours); the cluster port re-exports the generic `KubeObject`.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

// --- the fields of each kind the model reads (everything optional: input is untrusted) ---

export interface ContainerSpec {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  /** `Always` on an init container makes it a native sidecar (Kubernetes 1.28+). */
  restartPolicy?: string;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: PodSpec;
}

export interface PodSpec {
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  nodeName?: string;
  serviceAccountName?: string;
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: Record<string, unknown>;
}

export interface PodObject extends KubeObject {
  spec?: PodSpec;
  status?: {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface WorkloadObject extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplate; selector?: { matchLabels?: Record<string, string> }; jobTemplate?: { spec?: { template?: PodTemplate } } };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; numberReady?: number; desiredNumberScheduled?: number; active?: number; succeeded?: number };
}

export interface ServiceObject extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    selector?: Record<string, string>;
    externalName?: string;
    ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }[];
  };
}

export interface NodeObject extends KubeObject {
  spec?: { taints?: { key?: string; value?: string; effect?: string }[] };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: {
      kubeletVersion?: string; osImage?: string; architecture?: string; operatingSystem?: string; kernelVersion?: string; containerRuntimeVersion?: string;
    };
    capacity?: Record<string, string>;
  };
}
