// The demo traffic simulator: Istio standard metrics from the demo app's call graph.

export {
  createSimulator, systemClock, TrafficSimulator, windowErrorRate, windowQuantileMs, windowRps,
  type Clock, type EdgeWindow, type LoadRun, type ProxyWindow, type SimulatedEdge, type SimulatorOptions,
} from './simulator.js';
export { BYTES_BUCKETS, DURATION_BUCKETS_MS, ENVOY_DEFAULT_BUCKETS, histogramQuantile } from './buckets.js';
export { DEFAULT_FAULTS, type FaultBurst, type FaultConfig, type FaultKind } from './faults.js';
export { swingLoad, type Reporter } from './model.js';
export { LOAD_SOURCE, LoadTargetError, planLoad, type LoadTarget } from './load.js';
export { isError, TICK_MS, type EdgeTickSample, type RequestGroup, type TcpGroup } from './sample.js';
export { demoPodNames, PROXY_CONTAINER, type ProxyPod } from './proxy-resources.js';
