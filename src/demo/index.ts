// The embedded demo: the product's demo application as Kubernetes objects plus a traffic
// simulator producing Istio's standard metrics for it. `smm demo` fills the memory adapters
// from here.

import type { KubeObject } from '../kube/object.js';
import { DEMO_APP, DEMO_CLUSTER_NAME, type DemoApp } from './app.js';
import { buildDemoObjects } from './objects.js';
import { TrafficSimulator, type Clock, type SimulatorOptions } from './simulator/index.js';

export interface DemoOptions {
  seed?: number;
  /** Clock for the simulator and the objects' timestamps (default: the system clock). */
  now?: () => number;
  clusterName?: string;
  app?: DemoApp;
  /** Further simulator settings (backfill, retention, swing period, faults). */
  simulator?: Omit<SimulatorOptions, 'app' | 'seed' | 'clock' | 'clusterName'>;
}

export interface Demo {
  app: DemoApp;
  objects: KubeObject[];
  simulator: TrafficSimulator;
  clusterName: string;
}

export function createDemo(options: DemoOptions = {}): Demo {
  const seed = options.seed ?? 1;
  const clock: Clock = { now: options.now ?? (() => Date.now()) };
  const app = options.app ?? DEMO_APP;
  const clusterName = options.clusterName ?? DEMO_CLUSTER_NAME;
  return {
    app,
    clusterName,
    objects: buildDemoObjects({ seed, clusterName, now: new Date(clock.now()), app }),
    simulator: new TrafficSimulator({ ...options.simulator, app, seed, clock, clusterName }),
  };
}

export * from './app.js';
export { buildDemoObjects, PILOT_IMAGE, PROXY_IMAGE, type DemoObjectsOptions } from './objects.js';
export * from './simulator/index.js';
