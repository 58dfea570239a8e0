// The mesh-wide outbound traffic policy (Istio's `meshConfig.outboundTrafficPolicy.mode`):
// `ALLOW_ANY` lets proxies reach hosts outside the registry, `REGISTRY_ONLY` blocks them.
// smm keeps it where the product does: the active IstioControlPlane's `spec.meshConfig`, and,
// when smm manages that IstioControlPlane through the ControlPlane resource, in the
// ControlPlane's `spec.meshManager.istio.istioCROverrides` (merged into the IstioControlPlane on
// every reconcile, so the setting survives it). Pure: objects and text in, values out.

import { parseDocument, stringify } from 'yaml';
import type { KubeObject } from '../model/k8s.js';

export type OutboundTrafficPolicyMode = 'ALLOW_ANY' | 'REGISTRY_ONLY';

/** Istio's default when the mesh config says nothing. */
export const DEFAULT_OUTBOUND_TRAFFIC_POLICY: OutboundTrafficPolicyMode = 'ALLOW_ANY';

/** What the command accepts: the product's words and Istio's. */
export const OUTBOUND_POLICY_ARGUMENTS = ['restricted', 'allowed', 'REGISTRY_ONLY', 'ALLOW_ANY'] as const;

/** `restricted|REGISTRY_ONLY` → REGISTRY_ONLY, `allowed|ALLOW_ANY` → ALLOW_ANY (any case); else undefined. */
export function parseOutboundPolicy(value: string): OutboundTrafficPolicyMode | undefined {
  switch (value.trim().toLowerCase().replace(/-/g, '_')) {
    case 'restricted':
    case 'registry_only':
      return 'REGISTRY_ONLY';
    case 'allowed':
    case 'allow_any':
      return 'ALLOW_ANY';
    default:
      return undefined;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The mode an IstioControlPlane sets, or undefined when it sets none. */
export function outboundPolicyOf(icp: KubeObject): string | undefined {
  const spec = icp['spec'];
  const mesh = isMap(spec) ? spec['meshConfig'] : undefined;
  const policy = isMap(mesh) ? mesh['outboundTrafficPolicy'] : undefined;
  const mode = isMap(policy) ? policy['mode'] : undefined;
  return typeof mode === 'string' && mode ? mode : undefined;
}

/** Whether an IstioControlPlane serves the mesh (`ACTIVE`, the default) rather than a passive cluster's copy. */
export function isActiveControlPlane(icp: KubeObject): boolean {
  const spec = icp['spec'];
  const mode = isMap(spec) ? spec['mode'] : undefined;
  return mode === undefined || mode === 'ACTIVE';
}

/** The partial IstioControlPlane that sets the mode (for server-side apply). */
export function outboundPolicyPatch(icp: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>, mode: OutboundTrafficPolicyMode): KubeObject {
  return {
    apiVersion: icp.apiVersion,
    kind: icp.kind,
    metadata: { name: icp.metadata.name, namespace: icp.metadata.namespace },
    spec: { meshConfig: { outboundTrafficPolicy: { mode } } },
  };
}

/**
 * `istioCROverrides` (a YAML string with `spec:` like the IstioControlPlane's) with the mode set,
 * keeping everything else the user wrote, comments included. Throws on text that is not a
 * YAML map (the installer refuses it too), so nothing is silently replaced.
 */
export function withOutboundPolicyOverride(text: string | undefined, mode: OutboundTrafficPolicyMode): string {
  const source = text ?? '';
  if (!source.trim()) return stringify({ spec: { meshConfig: { outboundTrafficPolicy: { mode } } } });
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new Error(`istioCROverrides is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root: unknown = doc.toJS();
  if (root !== null && root !== undefined && !isMap(root)) throw new Error('istioCROverrides must be a YAML map with a spec');
  if (root === null || root === undefined) return stringify({ spec: { meshConfig: { outboundTrafficPolicy: { mode } } } });
  const plain = root;
  const at = (path: string[]): unknown => path.reduce<unknown>((cur, k) => (isMap(cur) ? cur[k] : undefined), plain);
  for (const path of [['spec'], ['spec', 'meshConfig'], ['spec', 'meshConfig', 'outboundTrafficPolicy']]) {
    const v = at(path);
    if (v !== undefined && v !== null && !isMap(v)) throw new Error(`istioCROverrides: ${path.join('.')} must be a map`);
    if (v === null) {
      doc.deleteIn(path); // `spec:` with nothing under it: setIn below creates the map
      break;
    }
  }
  doc.setIn(['spec', 'meshConfig', 'outboundTrafficPolicy', 'mode'], mode);
  return doc.toString();
}
