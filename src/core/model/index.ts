export * from './types.js';
export type { KubeObject } from './k8s.js';
export { buildMeshModel, MODEL_INPUT_KINDS, imageVersion, namespaceInjection, type ClusterSnapshot } from './build.js';
export { servicePortProtocol, protocolFromName } from './protocol.js';
export { canonicalApp, canonicalVersion } from './labels.js';
