// Where the commands that change the mesh (`smm sidecar-proxy egress`, `smm istio
// outbound-traffic-policy`) act: the kubeconfig's cluster, or with `--demo` the embedded demo
// cluster. The demo cluster lives as long as the process, so a change made by one command is
// seen by the next one of the same process (`--apply`, then `get`), as on a real cluster.

import { createDemo, type Demo } from '../demo/index.js';
import { connectCluster } from '../kube/clientnode/index.js';
import { MemoryCluster } from '../kube/memory/memory-cluster.js';
import type { ClusterPort } from '../kube/port.js';
import type { MeshBackend } from '../server/backend.js';
import { createClusterBackend } from '../server/cluster-backend.js';
import { PrometheusTelemetry } from '../telemetry/prometheus/prometheus-telemetry.js';
import { SimulatorTelemetry } from '../telemetry/simulator/simulator-telemetry.js';
import type { CliIO, GlobalOptions } from './context.js';
import { parsePrometheusUrl, type TrafficSourceFlags } from './traffic-source.js';

interface DemoState {
  demo: Demo;
  cluster: MemoryCluster;
}

let demoState: DemoState | undefined;

/** The process's demo cluster (created on first use, with the default seed). */
export function demoCluster(): DemoState {
  if (!demoState) {
    const demo = createDemo();
    const cluster = new MemoryCluster({ name: demo.clusterName });
    cluster.load(demo.objects);
    demoState = { demo, cluster };
  }
  return demoState;
}

/** Forget the demo cluster's changes (tests). */
export function resetDemoCluster(): void {
  demoState = undefined;
}

export interface ClusterTarget {
  /** The cluster's name, as the mesh model names it. */
  name: string;
  port: ClusterPort;
}

/** The API server a write goes to: the demo's in-memory one, or the kubeconfig's. */
export async function openClusterTarget(globals: GlobalOptions, demo: boolean): Promise<ClusterTarget> {
  if (demo) {
    const { cluster } = demoCluster();
    return { name: cluster.name, port: cluster.port() };
  }
  const port = await connectCluster({ kubeconfig: globals.kubeconfig, context: globals.context });
  return { name: port.description.split('/')[0] || 'cluster', port };
}

/**
 * The mesh model and, when there is a source, telemetry over the same cluster a write would go
 * to: the demo's simulator with `--demo`, else Prometheus from `--prometheus-url` (or
 * SMM_PROMETHEUS_URL). `backend.ports` holds the cluster's port.
 */
export async function openMeshBackend(globals: GlobalOptions, flags: TrafficSourceFlags, io: CliIO): Promise<MeshBackend> {
  const prometheusUrl = flags.demo ? undefined : parsePrometheusUrl(flags.prometheusUrl ?? io.env.SMM_PROMETHEUS_URL);
  const target = await openClusterTarget(globals, Boolean(flags.demo));
  const backend = await createClusterBackend([{ name: target.name, port: target.port }], {
    mode: flags.demo ? 'demo' : 'cluster',
    onError: (c, kind, e) => {
      if (globals.verbose) io.stderr(`smm: ${c}: watching ${kind}: ${e instanceof Error ? e.message : String(e)}\n`);
    },
  });
  if (flags.demo) {
    const { demo } = demoCluster();
    return { ...backend, telemetry: new SimulatorTelemetry(demo.simulator, demo.app, demo.clusterName) };
  }
  return prometheusUrl ? { ...backend, telemetry: new PrometheusTelemetry({ url: prometheusUrl }) } : backend;
}

/** The one cluster of a backend the CLI opened (its first). */
export function backendCluster(backend: MeshBackend): ClusterTarget {
  const first = backend.ports ? [...backend.ports.entries()][0] : undefined;
  if (!first) throw new Error('the backend has no cluster to write to');
  return { name: first[0], port: first[1] };
}
