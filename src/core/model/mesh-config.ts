// A control plane's mesh-wide settings (Istio's MeshConfig) as the dashboard shows them:
// root namespace, trust domain(s), automatic mTLS, outbound traffic policy. Read from the
// mesh ConfigMap istiod loads (`data.mesh`, YAML) or, without it, from the IstioControlPlane's
// `spec.meshConfig`; Istio's defaults fill what neither sets. Pure: the caller reads objects.

import { parse } from 'yaml';

export type OutboundTrafficPolicy = 'ALLOW_ANY' | 'REGISTRY_ONLY';

export interface MeshSettings {
  rootNamespace: string;
  /** The trust domain first, then its aliases. */
  trustDomains: string[];
  /** `enableAutoMtls`: sidecars send mTLS to peers that accept it without a DestinationRule. */
  autoMtls: boolean;
  outboundTrafficPolicy: OutboundTrafficPolicy;
  /** Where the values came from: the mesh ConfigMap, the IstioControlPlane spec, or Istio's defaults only. */
  source: 'ConfigMap' | 'IstioControlPlane' | 'defaults';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Settings from a MeshConfig object (any shape: missing or malformed fields take Istio's
 * defaults). Istio's root namespace defaults to the namespace istiod runs in.
 */
export function meshSettings(meshConfig: unknown, controlPlaneNamespace: string, source: MeshSettings['source']): MeshSettings {
  const m = isRecord(meshConfig) ? meshConfig : {};
  const trustDomain = nonEmpty(m['trustDomain']) ? m['trustDomain'] : 'cluster.local';
  const aliases = Array.isArray(m['trustDomainAliases']) ? m['trustDomainAliases'].filter(nonEmpty) : [];
  const policy = isRecord(m['outboundTrafficPolicy']) ? m['outboundTrafficPolicy']['mode'] : undefined;
  return {
    rootNamespace: nonEmpty(m['rootNamespace']) ? m['rootNamespace'] : controlPlaneNamespace,
    trustDomains: [...new Set([trustDomain, ...aliases])],
    autoMtls: typeof m['enableAutoMtls'] === 'boolean' ? m['enableAutoMtls'] : true,
    outboundTrafficPolicy: policy === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY',
    source,
  };
}

/** The names istiod's mesh ConfigMap has for a control plane: `istio-<revision name>`, then `istio`. */
export function meshConfigMapNames(controlPlane: { name: string; revision: string; source: 'IstioControlPlane' | 'istiod' }): string[] {
  const rev = controlPlane.source === 'IstioControlPlane' ? controlPlane.name : controlPlane.revision;
  return rev && rev !== 'default' ? [`istio-${rev}`, 'istio'] : ['istio'];
}

/** The MeshConfig in a mesh ConfigMap (`data.mesh`), or undefined when it has none or it is not YAML. */
export function meshConfigOfConfigMap(configMap: { data?: Record<string, string> } | undefined): Record<string, unknown> | undefined {
  const text = configMap?.data?.['mesh'];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
