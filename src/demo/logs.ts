// Container logs of the demo pods: one request a second per pod, told twice, by the
// application (allspark's logrus lines, the databases' own formats) and by its istio-proxy
// sidecar (Envoy access-log lines in Istio's default text format). Status codes and durations
// come from the same workload parameters the traffic simulator uses (movies-v3 fails 5 % of its
// requests with 503 and is the slowest), and every line is a pure function of (seed, pod,
// container, second): the same seed reads the same logs, any time range can be recomputed alone.

import { setTimeout as sleep } from 'node:timers/promises';
import type { PodLogSource, PodLogTarget } from '../kube/memory/pod-logs.js';
import type { KubeObject } from '../kube/object.js';
import { DEMO_APP, type DemoApp, type DemoEdge, type DemoWorkload } from './app.js';
import { hashString, mix, Normals, rngFor, type Rng } from './random.js';

export interface DemoLogOptions {
  app?: DemoApp;
  seed?: number;
  /** Clock (ms since the epoch) for what "now" is; following readers are paced by real timers. */
  now?: () => number;
  /** How often a following reader gets a new line (default 1 s). */
  intervalMs?: number;
  /** How far back a container's log reaches (default 10 minutes; a kubelet rotates logs too). */
  historySeconds?: number;
}

const PROXY_CONTAINER = 'istio-proxy';
const SECOND = 1000;

/** One simulated request, seen by both containers of the pod that served (or sent) it. */
export interface DemoRequest {
  at: number;
  edge: DemoEdge;
  /** `inbound`: this pod served it; `outbound`: this pod (a traffic origin) sent it. */
  direction: 'inbound' | 'outbound';
  code: number;
  durationMs: number;
  bytesReceived: number;
  bytesSent: number;
  requestId: string;
  remotePort: number;
}

/** The demo workload a pod belongs to, by its namespace and `app` / `version` labels. */
export function workloadOfPod(app: DemoApp, pod: KubeObject): DemoWorkload | undefined {
  const labels = pod.metadata.labels ?? {};
  return app.workloads.find((w) => w.namespace === pod.metadata.namespace && labels['app'] === w.app && labels['version'] === w.version);
}

function pick<T>(rng: Rng, items: readonly T[], weight: (t: T) => number): T | undefined {
  const total = items.reduce((sum, t) => sum + weight(t), 0);
  let r = rng() * total;
  for (const t of items) {
    r -= weight(t);
    if (r < 0) return t;
  }
  return items[items.length - 1];
}

function requestIdOf(rng: Rng): string {
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(rng() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}

/**
 * The request of second `second` for a pod: served when anything calls its workload (picked
 * by call ratio), sent otherwise (the load generator, the ingress gateway).
 */
export function demoRequest(app: DemoApp, seed: number, w: DemoWorkload, podName: string, second: number): DemoRequest | undefined {
  const inbound = app.edges.filter((e) => e.destination === w.name);
  const outbound = app.edges.filter((e) => e.source === w.name);
  const direction = inbound.length > 0 ? 'inbound' : 'outbound';
  const rng = rngFor(seed, hashString(podName), second, 0x109);
  const edge = pick(rng, direction === 'inbound' ? inbound : outbound, (e) => e.ratio);
  if (!edge) return undefined;
  const served = app.workloads.find((x) => x.name === edge.destination) ?? w;
  const normals = new Normals(rng);
  const failed = rng() < served.errorRate;
  const durationMs = Math.max(1, Math.round(normals.logNormal(served.latencyMs.median, served.latencyMs.sigma)));
  const withBody = edge.protocol !== 'http';
  return {
    at: second * SECOND + Math.floor(rng() * SECOND),
    edge,
    direction,
    code: failed && edge.protocol === 'http' ? served.errorCode : 200,
    durationMs,
    bytesReceived: withBody ? Math.round(normals.logNormal(served.requestBytes.median, served.requestBytes.sigma)) : 0,
    bytesSent: failed ? 95 : Math.round(normals.logNormal(served.responseBytes.median, served.responseBytes.sigma)),
    requestId: requestIdOf(rng),
    remotePort: 32768 + Math.floor(rng() * 28000),
  };
}

/** A stable pod IP for a workload whose pod object the log source does not have (the peer). */
function peerIp(seed: number, workload: string): string {
  const h = mix(seed, hashString(workload), 0x1b);
  return `10.244.${1 + (h % 3)}.${11 + ((h >>> 8) % 60)}`;
}

function serviceIp(seed: number, service: string): string {
  const h = mix(seed, hashString(service), 0x5e);
  return `10.96.${(h >>> 8) % 255}.${1 + (h % 254)}`;
}

const isoMs = (ms: number): string => new Date(ms).toISOString();
const isoS = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Istio's default access-log format (`[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%
 * %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% ... %ROUTE_NAME%`).
 */
export function envoyAccessLine(app: DemoApp, seed: number, podIp: string, r: DemoRequest): string {
  const { edge } = r;
  const port = edge.port.targetPort;
  const fqdn = `${edge.service}.${app.workloads.find((w) => w.name === edge.destination)?.namespace ?? app.namespace}.svc.cluster.local`;
  const subset = app.services.find((s) => s.name === edge.service)?.split?.find((x) => x.workload === edge.destination)?.subset ?? '';
  const upstreamTime = r.code === 200 || r.code >= 500 ? String(Math.max(0, r.durationMs - 1)) : '-';
  if (r.direction === 'inbound') {
    const peer = `${peerIp(seed, edge.source)}:${r.remotePort}`;
    const local = `${podIp}:${port}`;
    const sni = `outbound_.${edge.port.port}_.${subset}_.${fqdn}`;
    if (edge.protocol === 'tcp') {
      return `[${isoMs(r.at)}] "- - -" 0 - - - "-" ${r.bytesReceived} ${r.bytesSent} ${r.durationMs} - "-" "-" "-" "-" "${local}" inbound|${port}|| 127.0.0.6:${r.remotePort - 7} ${local} ${peer} ${sni} -`;
    }
    const request = edge.protocol === 'grpc' ? '"POST /allspark.Allspark/Request HTTP/2"' : '"GET / HTTP/1.1"';
    const agent = edge.protocol === 'grpc' ? 'grpc-go/1.49.0' : 'Go-http-client/1.1';
    return `[${isoMs(r.at)}] ${request} ${r.code} - via_upstream - "-" ${r.bytesReceived} ${r.bytesSent} ${r.durationMs} ${upstreamTime} "-" "${agent}" "${r.requestId}" "${edge.service}:${edge.port.port}" "${local}" inbound|${port}|| 127.0.0.6:${r.remotePort - 7} ${local} ${peer} ${sni} default`;
  }
  // Sent by this pod: the load generator's sidecar, or the ingress gateway for outside visitors.
  const fromGateway = app.workloads.find((w) => w.name === edge.source)?.proxy === 'gateway';
  const upstream = `${peerIp(seed, edge.destination)}:${port}`;
  const downstream = fromGateway ? `203.0.113.${1 + (r.remotePort % 200)}:${r.remotePort}` : `${podIp}:${r.remotePort}`;
  const agent = fromGateway ? 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0' : 'fasthttp';
  const authority = fromGateway ? 'demo.example.com' : `${edge.service}:${edge.port.port}`;
  const forwarded = fromGateway ? downstream.split(':')[0]! : '-';
  const localAddress = fromGateway ? `${podIp}:${edge.port.port}` : `${serviceIp(seed, edge.service)}:${edge.port.port}`;
  return `[${isoMs(r.at)}] "GET / HTTP/1.1" ${r.code} - via_upstream - "-" 0 ${r.bytesSent} ${r.durationMs} ${upstreamTime} "${forwarded}" "${agent}" "${r.requestId}" "${authority}" "${upstream}" outbound|${edge.port.port}|${subset}|${fqdn} ${podIp}:${r.remotePort + 1} ${localAddress} ${downstream} - default`;
}

/** The application container's own line for the same request. */
export function appLogLine(w: DemoWorkload, r: DemoRequest, pid: number): string {
  const { edge } = r;
  if (w.app === 'postgresql') {
    const stamp = isoMs(r.at).replace('T', ' ').replace('Z', ' UTC');
    const table = edge.source.startsWith('bookings') ? 'bookings' : 'movies';
    return `${stamp} [${pid}] LOG:  duration: ${(r.durationMs + 0.137).toFixed(3)} ms  statement: SELECT * FROM ${table} WHERE id = ${r.remotePort % 1000}`;
  }
  if (w.app === 'mysql') {
    return `${isoMs(r.at).replace('Z', '000Z')}\t${10 + (pid % 90)} Query\tSELECT id, title, rating FROM movies WHERE id = ${r.remotePort % 1000}`;
  }
  if (r.direction === 'outbound') {
    return `${isoS(r.at)} bombarding http://${edge.service}:${edge.port.port}/ - status ${r.code}, latency ${r.durationMs}ms`;
  }
  const route = edge.protocol === 'grpc' ? 'grpc method=/allspark.Allspark/Request' : 'http method=GET path=/';
  if (r.code >= 400) {
    return `time="${isoS(r.at)}" level=error msg="request failed" ${route} status=${r.code} error="injected error: service unavailable" duration=${r.durationMs}ms request_id=${r.requestId}`;
  }
  return `time="${isoS(r.at)}" level=info msg="request served" ${route} status=${r.code} duration=${r.durationMs}ms request_id=${r.requestId}`;
}

/** The line `container` of `pod` wrote in `second`, if any. */
export function demoLogLine(app: DemoApp, seed: number, target: PodLogTarget, second: number): string | undefined {
  const w = workloadOfPod(app, target.pod);
  if (!w) return undefined;
  const podName = target.pod.metadata.name ?? '';
  const r = demoRequest(app, seed, w, podName, second);
  if (!r) return undefined;
  const podIp = (target.pod.status as { podIP?: string } | undefined)?.podIP ?? peerIp(seed, w.name);
  if (target.container === PROXY_CONTAINER) return envoyAccessLine(app, seed, podIp, r);
  if (target.container === w.containerName) return appLogLine(w, r, 1 + (hashString(podName) % 400));
  return undefined;
}

function podStartMs(pod: KubeObject): number {
  const status = pod.status as { startTime?: string } | undefined;
  const t = Date.parse(status?.startTime ?? pod.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** The demo's log source for the in-memory API server. */
export function demoLogSource(options: DemoLogOptions = {}): PodLogSource {
  const app = options.app ?? DEMO_APP;
  const seed = options.seed ?? 1;
  const now = options.now ?? (() => Date.now());
  const intervalMs = options.intervalMs ?? SECOND;
  const historySeconds = options.historySeconds ?? 600;
  const lines = (target: PodLogTarget, from: number, to: number): string[] => {
    const out: string[] = [];
    for (let s = from; s <= to; s++) {
      const line = demoLogLine(app, seed, target, s);
      if (line !== undefined) out.push(line);
    }
    return out;
  };
  return {
    history(target, sinceSeconds) {
      const last = Math.floor(now() / SECOND) - 1;
      const window = Math.min(historySeconds, sinceSeconds ?? Infinity);
      const first = Math.max(Math.ceil(podStartMs(target.pod) / SECOND), last - window + 1);
      return lines(target, first, last);
    },
    async *follow(target, signal) {
      // Seconds advance with the clock, and at least one per tick (a frozen test clock still flows).
      let last = Math.floor(now() / SECOND) - 1;
      while (!signal.aborted) {
        const done = await sleep(intervalMs, true, { signal }).catch(() => false);
        if (!done) return;
        const upTo = Math.max(last + 1, Math.floor(now() / SECOND));
        for (const line of lines(target, last + 1, upTo)) yield line;
        last = upTo;
      }
    },
  };
}
