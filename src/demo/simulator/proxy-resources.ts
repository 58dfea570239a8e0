// What the demo's sidecars cost: CPU and memory of each pod's `istio-proxy` container, as
// cAdvisor would report them (`container_cpu_usage_seconds_total`,
// `container_memory_working_set_bytes`). A small plausible model, not a measurement:
// - CPU: an idle cost (xDS, stats flushes, health checks) plus a cost per request the proxy
//   handles and per byte of TCP it copies, with a little per-tick jitter;
// - memory: a per-pod baseline, a slow drift (heap growth and release), and buffers that grow
//   with the load the proxy carries.
// Everything is a pure function of (seed, pod, tick or instant), like the traffic itself.

import type { DemoWorkload } from '../app.js';
import { hashString, rngFor, safeName } from '../random.js';

export const PROXY_CONTAINER = 'istio-proxy';

/** Envoy doing nothing still wakes up for xDS, stats flushes and health checks: a few millicores. */
export const IDLE_CORES = 0.004;
/** CPU per HTTP/gRPC request handled (parse, route, mTLS, telemetry): about 0.35 ms. */
export const CPU_SECONDS_PER_REQUEST = 0.00035;
/** CPU per MB of TCP payload proxied (mostly encryption). */
export const CPU_SECONDS_PER_MB = 0.003;

const MIB = 1024 * 1024;
/** A sidecar's working set right after start-up, with its config loaded. */
const BASE_MEMORY_BYTES = 36 * MIB;
/** Pods differ by how much config and how many clusters they hold. */
const MEMORY_SPREAD_BYTES = 12 * MIB;
const DRIFT_AMPLITUDE_BYTES = 3 * MIB;
/** Slow, so a chart over an hour shows a gentle wave and not noise. */
const DRIFT_PERIOD_MS = 47 * 60_000;
/** Connection and buffer memory per request per second the proxy carries. */
const MEMORY_BYTES_PER_RPS = 48 * 1024;
/** Relative per-tick CPU jitter (±). */
const CPU_JITTER = 0.08;

const PROXY_STREAM = 0x9e0c;

/** One pod's sidecar: where cAdvisor's `namespace` and `pod` labels come from. */
export interface ProxyPod {
  workload: string;
  namespace: string;
  pod: string;
  /** Stable numeric identity for the pod's random streams. */
  podHash: number;
}

/** The work one proxy did in one tick. */
export interface ProxyWork {
  /** HTTP/gRPC requests it reported (inbound as the destination, outbound as the source). */
  requests: number;
  /** TCP bytes it copied, both ways. */
  tcpBytes: number;
}

/**
 * The pod names of a workload, as the demo's objects name them (Deployment pods
 * `<name>-<pod-template-hash>-<suffix>`, StatefulSet pods `<name>-<ordinal>`), so the
 * metrics and the inventory name the same pods.
 */
export function demoPodNames(seed: number, w: DemoWorkload): string[] {
  if (w.kind === 'StatefulSet') return Array.from({ length: w.replicas }, (_, i) => `${w.name}-${i}`);
  const hash = safeName(seed, `${w.namespace}/${w.name}/pod-template-hash`, 9 + (hashString(w.name) % 2));
  const rsName = `${w.name}-${hash}`;
  return Array.from({ length: w.replicas }, (_, i) => `${rsName}-${safeName(seed, `${w.namespace}/${rsName}/${i}`, 5)}`);
}

/** The sidecars of a workload: one per pod, none when it runs without a proxy. */
export function proxyPodsOf(seed: number, w: DemoWorkload): ProxyPod[] {
  if (w.proxy === 'none') return [];
  return demoPodNames(seed, w).map((pod) => ({ workload: w.name, namespace: w.namespace, pod, podHash: hashString(`${w.namespace}/${pod}`) }));
}

/** CPU seconds one sidecar used during one tick of `tickSeconds`. */
export function proxyTickCpuSeconds(seed: number, pod: ProxyPod, tick: number, work: ProxyWork, tickSeconds = 1): number {
  const rng = rngFor(seed, PROXY_STREAM, tick, pod.podHash);
  const jitter = 1 + CPU_JITTER * (2 * rng() - 1);
  const busy = CPU_SECONDS_PER_REQUEST * work.requests + (CPU_SECONDS_PER_MB * work.tcpBytes) / 1e6;
  return (IDLE_CORES * tickSeconds + busy) * jitter;
}

/** Working-set bytes of one sidecar at an instant, carrying `handledRps` requests per second. */
export function proxyMemoryBytes(seed: number, pod: ProxyPod, atMs: number, handledRps: number): number {
  const rng = rngFor(seed, PROXY_STREAM, pod.podHash);
  const baseline = BASE_MEMORY_BYTES + MEMORY_SPREAD_BYTES * rng();
  const phase = 2 * Math.PI * rng();
  const drift = DRIFT_AMPLITUDE_BYTES * Math.sin((2 * Math.PI * atMs) / DRIFT_PERIOD_MS + phase);
  // Whole pages, as the kernel accounts memory.
  return Math.round((baseline + drift + MEMORY_BYTES_PER_RPS * Math.max(0, handledRps)) / 4096) * 4096;
}
