// Every page of the dashboard and its URL. Pages load on first visit (the editor and the graph
// are large; the overview should not wait for them).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface Route {
  pattern: string;
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
  /** The menu entry this page belongs to. */
  section: Section;
}

export type Section = 'overview' | 'mesh' | 'topology' | 'workloads' | 'services' | 'gateways' | 'istio-resources';

export const MENU: { section: Section; label: string; to: string }[] = [
  { section: 'overview', label: 'Overview', to: '/overview' },
  { section: 'mesh', label: 'Mesh', to: '/mesh' },
  { section: 'topology', label: 'Topology', to: '/topology' },
  { section: 'workloads', label: 'Workloads', to: '/workloads' },
  { section: 'services', label: 'Services', to: '/services' },
  { section: 'gateways', label: 'Gateways', to: '/gateways' },
  { section: 'istio-resources', label: 'Istio resources', to: '/istio-resources' },
];

const page = (load: () => Promise<{ default: ComponentType<{ params: Record<string, string> }> }>) => lazy(load);

export const ROUTES: Route[] = [
  { pattern: '/overview', section: 'overview', page: page(() => import('../pages/overview/OverviewPage')) },
  { pattern: '/mesh', section: 'mesh', page: page(() => import('../pages/mesh/MeshPage')) },
  { pattern: '/mesh/controlplanes/:cluster/:namespace/:name', section: 'mesh', page: page(() => import('../pages/mesh/ControlPlanePage')) },
  { pattern: '/topology', section: 'topology', page: page(() => import('../pages/topology/TopologyPage')) },
  { pattern: '/workloads', section: 'workloads', page: page(() => import('../pages/workloads/WorkloadsPage')) },
  { pattern: '/workloads/:namespace/:name', section: 'workloads', page: page(() => import('../pages/workloads/WorkloadPage')) },
  { pattern: '/controllers/:namespace/:kind/:name', section: 'workloads', page: page(() => import('../pages/workloads/ControllerPage')) },
  { pattern: '/pods/:namespace/:name', section: 'workloads', page: page(() => import('../pages/workloads/PodPage')) },
  { pattern: '/nodes/:name', section: 'workloads', page: page(() => import('../pages/workloads/NodePage')) },
  { pattern: '/services', section: 'services', page: page(() => import('../pages/services/ServicesPage')) },
  { pattern: '/services/:namespace/:name', section: 'services', page: page(() => import('../pages/services/ServicePage')) },
  { pattern: '/gateways', section: 'gateways', page: page(() => import('../pages/gateways/GatewaysPage')) },
  { pattern: '/gateways/:namespace/:name', section: 'gateways', page: page(() => import('../pages/gateways/GatewayPage')) },
  { pattern: '/istio-resources', section: 'istio-resources', page: page(() => import('../pages/istio-resources/IstioResourcesPage')) },
  { pattern: '/istio-resources/new', section: 'istio-resources', page: page(() => import('../pages/istio-resources/EditorPage')) },
  { pattern: '/istio-resources/:kind/:namespace/:name', section: 'istio-resources', page: page(() => import('../pages/istio-resources/EditorPage')) },
];
