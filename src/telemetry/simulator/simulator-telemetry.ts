// The in-process telemetry adapter: answers from the demo's traffic simulator, reading the
// same reporter Prometheus queries would (the destination's sidecar where there is one, so
// nothing is counted twice), with quantiles from the same histogram buckets.

import type { EdgeTraffic, TrafficSnapshot } from '../../core/traffic/types.js';
import type { DemoApp } from '../../demo/app.js';
import { windowErrorRate, windowQuantileMs, windowRps, type TrafficSimulator } from '../../demo/simulator/simulator.js';
import type { TelemetryPort, TrafficQuery } from '../port.js';

export class SimulatorTelemetry implements TelemetryPort {
  constructor(private readonly simulator: TrafficSimulator, private readonly app: DemoApp, private readonly cluster: string) {}

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
}
