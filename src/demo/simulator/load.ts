// Test load (TOPOLOGY > HTTP): which edges a load run on one service port adds to, and by how
// much per requested request per second. The demo's own load generator workload sends it, the
// service's split spreads it over the workloads behind it, and from there it flows down the
// call graph by the same ratios as the demo's own load. Pure: a function of the app.

import { deriveEdges, type DemoApp, type DemoEdge, type DemoPort, type DemoService } from '../app.js';

/** The workload that sends test load: the demo's own load generator (the product's is bombardier too). */
export const LOAD_SOURCE = 'bombardier';

export interface LoadTarget {
  namespace: string;
  service: string;
  port: number;
}

export interface LoadPlan {
  service: DemoService;
  port: DemoPort;
  /** Load source → workloads behind the service (some may already be edges of the app). */
  entries: DemoEdge[];
  /** Edge id → requests per second on it per requested request per second. */
  factors: Map<string, number>;
}

/** Why a target cannot take test load; `argument` names the input to fix. */
export class LoadTargetError extends Error {
  constructor(readonly argument: 'service' | 'port', message: string) {
    super(message);
  }
}

export function planLoad(app: DemoApp, target: LoadTarget): LoadPlan {
  const service = app.services.find((s) => s.namespace === target.namespace && s.name === target.service);
  if (!service) throw new LoadTargetError('service', `no demo service ${target.service} in namespace ${target.namespace}`);
  const port = service.ports.find((p) => p.port === target.port);
  if (!port) throw new LoadTargetError('port', `service ${target.service} has no port ${target.port} (it has ${service.ports.map((p) => p.port).join(', ')})`);
  if (port.protocol === 'tcp') throw new LoadTargetError('port', `port ${port.port} of ${target.service} is plain TCP: HTTP load cannot be sent to it`);
  const entries = deriveEdges(app.workloads, app.services, [{ from: LOAD_SOURCE, service: service.name, port: port.name, ratio: 1 }]);
  const factors = new Map<string, number>();
  const add = (edge: DemoEdge, factor: number): void => {
    factors.set(edge.id, (factors.get(edge.id) ?? 0) + factor);
    // The call graph is acyclic (buildModel checks it), so this walk ends.
    for (const next of app.edges) if (next.source === edge.destination) add(next, factor * next.ratio);
  };
  for (const e of entries) add(e, e.ratio);
  return { service, port, entries, factors };
}
