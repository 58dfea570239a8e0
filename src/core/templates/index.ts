// Istio resource templates: pure, typed builders per kind and a registry of ready-made ones.

export * from './types.js';
export { listTemplates, renderTemplate, getTemplate, describeTemplate, parametersOf, TEMPLATES } from './registry.js';
export { virtualService, virtualServiceTemplates, type VirtualServiceProps, type VirtualServiceSpec, type HTTPRoute } from './virtual-service.js';
export { destinationRule, destinationRuleTemplates, type DestinationRuleProps, type TrafficPolicy } from './destination-rule.js';
export { peerAuthentication, peerAuthenticationTemplates, type PeerAuthenticationProps } from './peer-authentication.js';
export { authorizationPolicy, authorizationPolicyTemplates, type AuthorizationPolicyProps } from './authorization-policy.js';
export { gateway, gatewayTemplates, type GatewayProps } from './gateway.js';
export { istioMeshGateway, istioMeshGatewayTemplates, type IstioMeshGatewayProps } from './istio-mesh-gateway.js';
export { sidecar, sidecarTemplates, type SidecarProps } from './sidecar.js';
export { serviceEntry, serviceEntryTemplates, type ServiceEntryProps } from './service-entry.js';
