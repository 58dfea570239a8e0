// The ControlPlane's components in reconcile order (uninstall runs them in reverse).

import { COMPONENT_ORDER } from '../api/types.js';
import { certManager } from './cert-manager.js';
import { clusterRegistry } from './cluster-registry.js';
import type { Component } from './component.js';
import { grafana } from './grafana.js';
import { meshGateway } from './mesh-gateway.js';
import { meshManager } from './mesh-manager.js';
import { nodeExporter } from './node-exporter.js';
import { prometheus } from './prometheus.js';
import { smm } from './smm.js';
import { tracing } from './tracing.js';

export const COMPONENTS: Component[] = [
  certManager, clusterRegistry, meshManager, meshGateway, nodeExporter, prometheus, grafana, tracing, smm,
];

// The engine runs COMPONENTS as listed: a mismatch with the documented order is a bug here.
const order = COMPONENTS.map((c) => c.name).join(',');
if (order !== COMPONENT_ORDER.join(',')) throw new Error(`components are out of order: ${order}; expected ${COMPONENT_ORDER.join(',')}`);

export type { Component, DesiredObject } from './component.js';
export { buildDemoApplication } from './demoApplication.js';
