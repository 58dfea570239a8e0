// The demo backend: the demo application loaded into an in-memory API server, read through
// the same informer cache as a real cluster, plus the traffic simulator's metrics, the
// cluster's Events and simulated container logs; validated live like a real cluster (with
// seeded configuration mistakes on request).

import { buildDemoEvents } from '../demo/events.js';
import { buildIssueObjects } from '../demo/issues.js';
import { LoadRefused, type LoadGenerator } from '../core/load/request.js';
import { createDemo, LoadTargetError, type DemoApp, type DemoOptions, type TrafficSimulator } from '../demo/index.js';
import { demoLogSource } from '../demo/logs.js';
import { MemoryCluster } from '../kube/memory/memory-cluster.js';
import { SimulatorTelemetry } from '../telemetry/simulator/simulator-telemetry.js';
import type { MeshBackend } from './backend.js';
import { createClusterBackend } from './cluster-backend.js';
import type { MeshValidatorOptions } from './validation/validator.js';

export interface DemoBackend extends MeshBackend {
  cluster: MemoryCluster;
  clusterName: string;
  app: DemoApp;
  simulator: TrafficSimulator;
}

export interface DemoBackendOptions extends Pick<DemoOptions, 'seed' | 'now'> {
  /** Add the seeded configuration mistakes of src/demo/issues.ts (`smm demo --with-issues`). */
  withIssues?: boolean;
  /** Live validation options (default: lazy, debounced 100 ms); false turns validation off. */
  validation?: MeshValidatorOptions | false;
}

export async function createDemoBackend(options: DemoBackendOptions = {}): Promise<DemoBackend> {
  const demo = createDemo({ seed: options.seed, now: options.now });
  const now = options.now ?? (() => Date.now());
  const cluster = new MemoryCluster({
    name: demo.clusterName,
    now: options.now ? () => new Date(options.now!()) : undefined,
    logSource: demoLogSource({ app: demo.app, seed: options.seed ?? 1, now }),
  });
  const issues = options.withIssues ? buildIssueObjects({ now: new Date(now()) }) : [];
  cluster.load([...demo.objects, ...issues, ...buildDemoEvents(demo.objects, { seed: options.seed ?? 1, now: new Date(now()) })]);
  const backend = await createClusterBackend([{ name: demo.clusterName, port: cluster.port() }], {
    mode: 'demo',
    ...(options.validation !== undefined ? { validation: options.validation } : {}),
    demoMetrics: () => demo.simulator.renderPrometheusText(),
  });
  const telemetry = new SimulatorTelemetry(demo.simulator, demo.app, demo.clusterName);
  return { ...backend, telemetry, loadGenerator: simulatorLoad(demo.simulator), cluster, clusterName: demo.clusterName, app: demo.app, simulator: demo.simulator };
}

/** Test load into the simulator: extra traffic from the demo's load generator, deterministic. */
function simulatorLoad(simulator: TrafficSimulator): LoadGenerator {
  return {
    start(request) {
      try {
        const run = simulator.addLoad({ namespace: request.namespace, service: request.service, port: request.port }, request.requestsPerSecond, request.durationSeconds);
        return { request, fromMs: run.fromMs, untilMs: run.untilMs };
      } catch (e) {
        if (e instanceof LoadTargetError) throw new LoadRefused(e.argument, e.message);
        throw e;
      }
    },
  };
}
