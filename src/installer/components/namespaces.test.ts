import { describe, expect, it } from 'vitest';
import type { InstallConfig } from '../api/types.js';
import { COMPONENTS } from './index.js';
import { testInstallConfig, type DeepPartial } from './testing.js';

/** Which component returns which Namespace, and in which state. */
function namespaceClaims(spec: DeepPartial<InstallConfig['spec']>): string[] {
  const c = testInstallConfig({ spec });
  return COMPONENTS.flatMap((comp) => comp.build(c).filter((d) => d.object.kind === 'Namespace').map((d) => `${d.object.metadata.name}:${comp.name}:${d.state}`)).sort();
}

describe('namespaces', () => {
  it('are created by the first enabled component that uses them; exclusive ones by their only user', () => {
    expect(namespaceClaims({})).toEqual([
      'cert-manager:certManager:present', 'cluster-registry:clusterRegistry:present', 'istio-system:meshManager:present', 'smm-system:meshGateway:present',
    ]);
  });

  it('move their creator when it is disabled, and are never removed while shared', () => {
    expect(namespaceClaims({ smm: { enabled: false } })).toContain('smm-system:nodeExporter:present');
    expect(namespaceClaims({ smm: { enabled: false }, nodeExporter: { enabled: false } }).filter((c) => c.startsWith('smm-system'))).toEqual([]);
  });

  it('of a single user are removed with it', () => {
    expect(namespaceClaims({ smm: { prometheus: { namespace: 'monitoring' } } })).toContain('monitoring:prometheus:present');
    expect(namespaceClaims({ smm: { prometheus: { namespace: 'monitoring', enabled: false } } })).toContain('monitoring:prometheus:absent');
    expect(namespaceClaims({ meshManager: { enabled: false } })).toContain('istio-system:meshManager:absent');
  });

  it('that are well known are never created nor deleted', () => {
    expect(namespaceClaims({ nodeExporter: { namespace: 'kube-system' } }).some((c) => c.startsWith('kube-system'))).toBe(false);
  });
});
