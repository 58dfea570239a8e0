export * from './types.js';
export type { KubeObject } from './k8s.js';
export { buildMeshModel, imageVersion, namespaceInjection, type ClusterSnapshot } from './build.js';
export { servicePortProtocol, protocolFromName } from './protocol.js';
export { canonicalApp, canonicalVersion } from './labels.js';
