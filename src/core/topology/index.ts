export * from './types.js';
export { buildTopology, isGateway } from './build.js';
export { mergeTraffic, TrafficSum } from './aggregate.js';
export { appId, clusterId, edgeId, externalId, namespaceId, serviceId, unknownId, workloadId } from './ids.js';
