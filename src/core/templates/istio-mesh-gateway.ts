// IstioMeshGateway (servicemesh.cisco.com/v1alpha1): smm's gateway CR. Its controller runs an
// Envoy Deployment and a Service, labelled `gateway-name` and `gateway-type`, which Istio
// Gateways select. Fields as the manual and the installer's own mesh gateway use them.

import { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';
import { meta, nameParam, namespaceParam } from './common.js';
import { defineTemplate } from './types.js';

export const ISTIO_MESH_GATEWAY_API_VERSION = 'servicemesh.cisco.com/v1alpha1';

export interface MeshGatewayPort {
  name: string;
  port: number;
  targetPort: number;
  protocol: 'TCP' | 'UDP';
}

export interface IstioMeshGatewaySpec {
  type: 'ingress' | 'egress';
  istioControlPlane: { name: string; namespace: string };
  runAsRoot?: boolean;
  deployment?: {
    replicas?: { min?: number; max?: number; count?: number };
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  };
  service: { type: 'LoadBalancer' | 'NodePort' | 'ClusterIP'; ports: MeshGatewayPort[]; loadBalancerIP?: string; metadata?: { annotations?: Record<string, string> } };
}

export interface IstioMeshGatewayProps {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  spec: IstioMeshGatewaySpec;
}

export function istioMeshGateway(p: IstioMeshGatewayProps): KubeObject {
  return { ...meta(ISTIO_MESH_GATEWAY_API_VERSION, 'IstioMeshGateway', p.name, p.namespace, p.labels), spec: { ...p.spec } };
}

const params = (name: string, serviceType: 'LoadBalancer' | 'ClusterIP') => z.object({
  name: nameParam(name),
  namespace: namespaceParam(),
  controlPlaneName: z.string().min(1).default('cp-v115x').describe('the IstioControlPlane the gateway proxies connect to'),
  controlPlaneNamespace: z.string().min(1).default('istio-system').describe('namespace of that IstioControlPlane'),
  serviceType: z.enum(['LoadBalancer', 'NodePort', 'ClusterIP']).default(serviceType).describe('type of the gateway Service'),
  replicas: z.number().int().min(1).max(100).default(1).describe('proxy replicas'),
  httpPort: z.number().int().min(1).max(65535).default(80).describe('Service port for HTTP'),
  httpTargetPort: z.number().int().min(1025).max(65535).default(8080).describe('container port for HTTP (above 1024: the proxy does not run as root)'),
  httpsPort: z.number().int().min(1).max(65535).default(443).describe('Service port for HTTPS'),
  httpsTargetPort: z.number().int().min(1025).max(65535).default(8443).describe('container port for HTTPS'),
});

const build = (type: 'ingress' | 'egress') => (p: z.output<ReturnType<typeof params>>): KubeObject => istioMeshGateway({
  name: p.name, namespace: p.namespace,
  spec: {
    type,
    istioControlPlane: { name: p.controlPlaneName, namespace: p.controlPlaneNamespace },
    runAsRoot: false,
    deployment: {
      replicas: { min: p.replicas, max: p.replicas, count: p.replicas },
      metadata: { labels: { 'gateway-name': p.name, 'gateway-type': type } },
      podMetadata: { labels: { app: p.name, 'gateway-name': p.name, 'gateway-type': type } },
    },
    service: {
      type: p.serviceType,
      ports: [
        { name: 'tcp-status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
        { name: 'http2', port: p.httpPort, targetPort: p.httpTargetPort, protocol: 'TCP' },
        { name: 'https', port: p.httpsPort, targetPort: p.httpsTargetPort, protocol: 'TCP' },
      ],
    },
  },
});

export const istioMeshGatewayTemplates = [
  defineTemplate({
    id: 'istiomeshgateway/ingress',
    kind: 'IstioMeshGateway',
    apiVersion: ISTIO_MESH_GATEWAY_API_VERSION,
    title: 'Ingress',
    description: 'An ingress mesh gateway: Envoy proxies behind a LoadBalancer Service; select its pods from Gateways with gateway-name and gateway-type=ingress.',
    params: params('demo-gw', 'LoadBalancer'),
    build: build('ingress'),
  }),
  defineTemplate({
    id: 'istiomeshgateway/egress',
    kind: 'IstioMeshGateway',
    apiVersion: ISTIO_MESH_GATEWAY_API_VERSION,
    title: 'Egress',
    description: 'An egress mesh gateway: a dedicated exit for traffic leaving the mesh (routing only; restrict with REGISTRY_ONLY and ServiceEntries).',
    params: params('egress-demo', 'ClusterIP'),
    build: build('egress'),
  }),
];
