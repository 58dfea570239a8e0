// The in-process telemetry adapter: answers from the demo's traffic simulator, reading the
// same reporter Prometheus queries would (the destination's sidecar where there is one, so
// nothing is counted twice), with quantiles from the same histogram buckets.

import { pickStep, stepEnds } from '../../core/traffic/step.js';
import type {
  EdgeTraffic, EntityMetrics, EntityRef, ProxyResources, Series, SeriesRange, TrafficDirection, TrafficSnapshot,
} from '../../core/traffic/types.js';
import { workloadLabels, type DemoApp } from '../../demo/app.js';
import { DURATION_BUCKETS_MS, histogramQuantile } from '../../demo/simulator/buckets.js';
import {
  windowErrorRate, windowQuantileMs, windowRps, type EdgeWindow, type SimulatedEdge, type TrafficSimulator,
} from '../../demo/simulator/simulator.js';
import { inboundSignalsByWorkload, type WorkloadSignals } from '../../core/traffic/signals.js';
import type { EntitySeriesQuery, TelemetryPort, TrafficQuery, WorkloadSignalsQuery } from '../port.js';

export class SimulatorTelemetry implements TelemetryPort {
  constructor(private readonly simulator: TrafficSimulator, private readonly app: DemoApp, private readonly cluster: string) {}

  /** In-process, one edge snapshot per step is cheap; the core turns them into series. */
  async workloadSignals(query: WorkloadSignalsQuery): Promise<WorkloadSignals[]> {
    const { fromMs, toMs, stepMs } = query.range;
    const steps = await Promise.all(stepEnds(fromMs, toMs, stepMs).map((end) =>
      this.edgeTraffic({ window: { fromMs: end - stepMs, toMs: end }, namespaces: query.namespaces })));
    const wanted = query.namespaces && query.namespaces.length > 0 ? new Set(query.namespaces) : undefined;
    return [...inboundSignalsByWorkload(steps).values()].filter((w) => !wanted || wanted.has(w.namespace));
  }

  async edgeTraffic(query: TrafficQuery): Promise<TrafficSnapshot> {
    const { fromMs, toMs } = query.window;
    const workloads = new Map(this.app.workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
    const wanted = query.namespaces && query.namespaces.length > 0 ? new Set(query.namespaces) : undefined;
    const edges: EdgeTraffic[] = [];
    for (const e of this.simulator.edges) {
      if (wanted && !wanted.has(e.sourceNamespace) && !wanted.has(e.destinationNamespace)) continue;
      const w = this.simulator.edgeWindow(e.id, fromMs, toMs);
      const src = workloads.get(`${e.sourceNamespace}/${e.source}`);
      const dst = workloads.get(`${e.destinationNamespace}/${e.destination}`);
      const tcp = e.protocol === 'tcp';
      const seconds = Math.max(w.seconds, 1);
      const hasRequests = !tcp && w.requests > 0;
      edges.push({
        source: { cluster: this.cluster, namespace: e.sourceNamespace, workload: e.source, app: src?.app, version: src?.version },
        destination: {
          cluster: this.cluster, namespace: e.destinationNamespace, workload: e.destination, app: dst?.app, version: dst?.version,
          service: { name: e.service, namespace: e.serviceNamespace, host: `${e.service}.${e.serviceNamespace}.svc.cluster.local` },
        },
        protocol: e.protocol,
        requestsPerSecond: tcp ? 0 : windowRps(w),
        errorRate: tcp ? 0 : windowErrorRate(w),
        ...(hasRequests ? { p50Ms: windowQuantileMs(w, 0.5), p95Ms: windowQuantileMs(w, 0.95), p99Ms: windowQuantileMs(w, 0.99) } : {}),
        bytesPerSecond: tcp ? (w.tcp.sentBytes + w.tcp.receivedBytes) / seconds : (w.requestBytes + w.responseBytes) / seconds,
        connectionsPerSecond: tcp ? w.tcp.opened / seconds : 0,
        mtls: e.mtls ? 'mutual' : 'plaintext',
      });
    }
    return { window: { fromMs, toMs }, edges };
  }

  /**
   * Each point sums the entity's edges over the step ending at it, every edge read from the
   * reporter `edgeTraffic` uses; quantiles come from the merged buckets of those edges.
   */
  async entityMetrics(query: EntitySeriesQuery): Promise<EntityMetrics> {
    const { fromMs, toMs } = query.range;
    const stepMs = query.range.stepMs ?? pickStep(toMs - fromMs);
    const ends = stepEnds(fromMs, toMs, stepMs);
    const edges = this.cluster === (query.entity.cluster ?? this.cluster) ? entityEdges(this.simulator.edges, query.entity, query.direction) : [];
    const points = ends.map((t) => mergeWindows(edges.map((e) => this.simulator.edgeWindow(e.id, t - stepMs, t))));
    return entityMetricsFromPoints(points, {
      startMs: fromMs + stepMs, stepMs,
      hasRequests: edges.some((e) => e.protocol !== 'tcp'),
      hasTcp: edges.some((e) => e.protocol === 'tcp'),
    });
  }

  /** CPU per step (CPU seconds over the step, per second) and the working set at each step end. */
  async proxyResources(entity: EntityRef, range: SeriesRange): Promise<ProxyResources | null> {
    if (entity.cluster !== undefined && entity.cluster !== this.cluster) return null;
    const stepMs = range.stepMs ?? pickStep(range.toMs - range.fromMs);
    const ends = stepEnds(range.fromMs, range.toMs, stepMs);
    const proxied = new Set(this.simulator.proxyPods.map((p) => `${p.namespace}/${p.workload}`));
    const workloads = entityWorkloads(this.app, entity).filter((w) => proxied.has(`${w.namespace}/${w.name}`));
    if (workloads.length === 0) return null;
    const cpu: (number | null)[] = [];
    const memory: (number | null)[] = [];
    for (const t of ends) {
      const windows = workloads.map((w) => this.simulator.proxyWindow(w.namespace, w.name, t - stepMs, t)!);
      const seconds = Math.max(...windows.map((w) => w.seconds));
      // No simulated data for this step (before the start, beyond retention or in the future).
      if (seconds === 0) {
        cpu.push(null);
        memory.push(null);
        continue;
      }
      cpu.push(windows.reduce((sum, w) => sum + w.cpuSeconds, 0) / seconds);
      memory.push(workloads.reduce((sum, w) => sum + this.simulator.proxyMemoryBytesAt(w.namespace, w.name, t)!, 0));
    }
    const startMs = range.fromMs + stepMs;
    return { cpuCores: { startMs, stepMs, values: cpu }, memoryBytes: { startMs, stepMs, values: memory } };
  }
}

/**
 * The edges an entity's series cover. Inbound: the entity is the destination (a service: the
 * edges addressed to it); outbound: the entity is the source. A service sends nothing itself,
 * so its outbound is empty, as Istio's metrics have no source-service label.
 */
export function entityEdges(edges: readonly SimulatedEdge[], entity: EntityRef, direction: TrafficDirection): SimulatedEdge[] {
  const inbound = direction === 'inbound';
  return edges.filter((e) => {
    switch (entity.kind) {
      case 'workload':
        return inbound
          ? e.destination === entity.name && e.destinationNamespace === entity.namespace
          : e.source === entity.name && e.sourceNamespace === entity.namespace;
      case 'service':
        return inbound && e.service === entity.name && e.serviceNamespace === entity.namespace;
      case 'namespace':
        return inbound ? e.destinationNamespace === entity.namespace : e.sourceNamespace === entity.namespace;
    }
  });
}

/** The workloads whose sidecars make up an entity: itself, the ones a service selects, or a namespace's. */
function entityWorkloads(app: DemoApp, entity: EntityRef): DemoApp['workloads'] {
  const inNamespace = app.workloads.filter((w) => w.namespace === entity.namespace);
  switch (entity.kind) {
    case 'workload':
      return inNamespace.filter((w) => w.name === entity.name);
    case 'service': {
      const service = app.services.find((s) => s.name === entity.name && s.namespace === entity.namespace);
      if (!service) return [];
      return inNamespace.filter((w) => Object.entries(service.selector).every(([k, v]) => workloadLabels(w)[k] === v));
    }
    case 'namespace':
      return inNamespace;
  }
}

/** Several edges' windows over the same step, added up (histogram buckets included). */
export interface MergedWindow {
  seconds: number;
  requests: number;
  errors: number;
  /** Cumulative bucket counts over DURATION_BUCKETS_MS, the last one `+Inf`. */
  cumulative: number[];
  requestBytes: number;
  responseBytes: number;
  tcp: EdgeWindow['tcp'];
}

export function mergeWindows(windows: readonly EdgeWindow[]): MergedWindow {
  const merged: MergedWindow = {
    seconds: 0, requests: 0, errors: 0, cumulative: new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0),
    requestBytes: 0, responseBytes: 0, tcp: { opened: 0, closed: 0, sentBytes: 0, receivedBytes: 0 },
  };
  for (const w of windows) {
    // All windows cover the same clipped range; max() so an empty list stays at 0 s.
    merged.seconds = Math.max(merged.seconds, w.seconds);
    merged.requests += w.requests;
    merged.errors += w.errors;
    w.duration.cumulative.forEach((c, i) => { merged.cumulative[i]! += c; });
    merged.requestBytes += w.requestBytes;
    merged.responseBytes += w.responseBytes;
    merged.tcp.opened += w.tcp.opened;
    merged.tcp.closed += w.tcp.closed;
    merged.tcp.sentBytes += w.tcp.sentBytes;
    merged.tcp.receivedBytes += w.tcp.receivedBytes;
  }
  return merged;
}

interface SeriesShape {
  startMs: number;
  stepMs: number;
  /** The entity has HTTP/gRPC edges (else their series are all null, as Prometheus has none). */
  hasRequests: boolean;
  hasTcp: boolean;
}

/** Merged windows, one per step, as the port's series; null where there is no data. */
export function entityMetricsFromPoints(points: readonly MergedWindow[], shape: SeriesShape): EntityMetrics {
  const series = (pick: (p: MergedWindow) => number | null): Series => ({
    startMs: shape.startMs, stepMs: shape.stepMs, values: points.map((p) => (p.seconds > 0 ? pick(p) : null)),
  });
  const http = (pick: (p: MergedWindow) => number | null): Series => series((p) => (shape.hasRequests ? pick(p) : null));
  const tcp = (pick: (p: MergedWindow) => number): Series => series((p) => (shape.hasTcp ? pick(p) : null));
  const quantile = (q: number) => (p: MergedWindow): number | null =>
    (p.requests > 0 ? histogramQuantile(q, DURATION_BUCKETS_MS, p.cumulative) : null);
  return {
    requestsPerSecond: http((p) => p.requests / p.seconds),
    errorRate: http((p) => (p.requests > 0 ? p.errors / p.requests : null)),
    p50Ms: http(quantile(0.5)),
    p95Ms: http(quantile(0.95)),
    p99Ms: http(quantile(0.99)),
    requestBytesPerSecond: http((p) => p.requestBytes / p.seconds),
    responseBytesPerSecond: http((p) => p.responseBytes / p.seconds),
    tcpSentBytesPerSecond: tcp((p) => p.tcp.sentBytes / p.seconds),
    tcpReceivedBytesPerSecond: tcp((p) => p.tcp.receivedBytes / p.seconds),
    tcpConnectionsOpenedPerSecond: tcp((p) => p.tcp.opened / p.seconds),
    tcpConnectionsClosedPerSecond: tcp((p) => p.tcp.closed / p.seconds),
  };
}
