import { describe, expect, it } from 'vitest';
import { meshConfigMapNames, meshConfigOfConfigMap, meshSettings } from './mesh-config.js';

describe('meshSettings', () => {
  it("takes Istio's defaults for what the MeshConfig leaves out", () => {
    expect(meshSettings(undefined, 'istio-system', 'defaults')).toEqual({
      rootNamespace: 'istio-system', trustDomains: ['cluster.local'], autoMtls: true, outboundTrafficPolicy: 'ALLOW_ANY', source: 'defaults',
    });
  });

  it('reads root namespace, trust domain with aliases, auto mTLS and the outbound policy', () => {
    const s = meshSettings({
      rootNamespace: 'mesh-root', trustDomain: 'example.org', trustDomainAliases: ['old.example.org', 'example.org', ''],
      enableAutoMtls: false, outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    }, 'istio-system', 'ConfigMap');
    expect(s).toEqual({ rootNamespace: 'mesh-root', trustDomains: ['example.org', 'old.example.org'], autoMtls: false, outboundTrafficPolicy: 'REGISTRY_ONLY', source: 'ConfigMap' });
  });

  it('ignores malformed values instead of showing them', () => {
    const s = meshSettings({ trustDomain: 42, enableAutoMtls: 'no', outboundTrafficPolicy: 'REGISTRY_ONLY', rootNamespace: ' ' }, 'cp-ns', 'IstioControlPlane');
    expect(s).toMatchObject({ rootNamespace: 'cp-ns', trustDomains: ['cluster.local'], autoMtls: true, outboundTrafficPolicy: 'ALLOW_ANY' });
  });
});

describe('the mesh ConfigMap', () => {
  it('is named after the IstioControlPlane, or after the istiod revision, then istio', () => {
    expect(meshConfigMapNames({ name: 'cp-v115x', revision: 'cp-v115x.istio-system', source: 'IstioControlPlane' })).toEqual(['istio-cp-v115x', 'istio']);
    expect(meshConfigMapNames({ name: 'istiod-canary', revision: 'canary', source: 'istiod' })).toEqual(['istio-canary', 'istio']);
    expect(meshConfigMapNames({ name: 'istiod', revision: 'default', source: 'istiod' })).toEqual(['istio']);
  });

  it('holds the MeshConfig as YAML under data.mesh', () => {
    expect(meshConfigOfConfigMap({ data: { mesh: 'trustDomain: td.local\nenableAutoMtls: false\n' } })).toEqual({ trustDomain: 'td.local', enableAutoMtls: false });
    expect(meshConfigOfConfigMap({ data: { mesh: '[not: a map' } })).toBeUndefined();
    expect(meshConfigOfConfigMap({ data: {} })).toBeUndefined();
    expect(meshConfigOfConfigMap(undefined)).toBeUndefined();
  });
});
