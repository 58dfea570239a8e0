// The names and ports components use to reach each other (mesh config → zipkin and ALS,
// grafana → prometheus, gateway → istiod, smm → prometheus). One place, so a rename
// cannot leave a dangling address behind.

import type { InstallConfig } from '../api/types.js';
import { componentSettings, smmNamespace } from './settings.js';

const CLUSTER_DOMAIN = 'cluster.local';
const fqdn = (service: string, namespace: string): string => `${service}.${namespace}.svc.${CLUSTER_DOMAIN}`;

export const PORTS = {
  smm: 50500,
  als: 50600,
  prometheus: 9090,
  /** The product's `smm-prometheus` Service port. */
  prometheusService: 59090,
  grafana: 3000,
  zipkin: 9411,
  /** The product's `smm-zipkin` Service port (the mesh config's tracing address). */
  smmZipkin: 59411,
  jaegerQuery: 16686,
  istiodXds: 15012,
  istiodMonitoring: 15014,
  envoyStats: 15090,
} as const;

export const istiodName = (config: InstallConfig): string => `istiod-${config.istio.name}`;
export const istiodAddress = (config: InstallConfig): string => `${istiodName(config)}.${config.istio.namespace}.svc:${PORTS.istiodXds}`;

export const PROMETHEUS_SERVICE = 'smm-prometheus';
export const prometheusUrl = (config: InstallConfig): string =>
  `http://${fqdn(PROMETHEUS_SERVICE, componentSettings(config, 'prometheus').namespace)}:${PORTS.prometheusService}`;

export const ZIPKIN_SERVICE = 'smm-zipkin';
export const zipkinAddress = (config: InstallConfig): string =>
  `${fqdn(ZIPKIN_SERVICE, componentSettings(config, 'tracing').namespace)}:${PORTS.smmZipkin}`;

export const ALS_SERVICE = 'smm-als';
export const alsAddress = (config: InstallConfig): string => `${fqdn(ALS_SERVICE, smmNamespace(config))}:${PORTS.als}`;

/** Envoy access logs go to smm when its server runs with the ALS receiver on. */
export const alsEnabled = (config: InstallConfig): boolean =>
  componentSettings(config, 'smm').enabled && config.spec.smm.als.enabled;
