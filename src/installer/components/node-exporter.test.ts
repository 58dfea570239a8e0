import { describe, expect, it } from 'vitest';
import type { InstallConfig } from '../api/types.js';
import { nodeExporter } from './node-exporter.js';
import { findObject, firstContainer, podSpecOf, servicePortsOf, TEST_IMAGES, testInstallConfig, type DeepPartial } from './testing.js';

const build = (spec: DeepPartial<InstallConfig['spec']> = {}) => nodeExporter.build(testInstallConfig({ spec }));

describe('nodeExporter', () => {
  it('runs prometheus-node-exporter on every node, on host port 19101', () => {
    const desired = build();
    const ds = findObject(desired, 'DaemonSet', 'prometheus-node-exporter', 'smm-system');
    expect(podSpecOf(ds.object)).toMatchObject({ hostNetwork: true, hostPID: true, tolerations: [{ operator: 'Exists' }] });
    const c = firstContainer(ds.object);
    expect(c.image).toBe(TEST_IMAGES.nodeExporter);
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 19101, hostPort: 19101 }]);
    expect(c.args).toContain('--web.listen-address=:19101');
    expect(servicePortsOf(findObject(desired, 'Service', 'prometheus-node-exporter').object)).toMatchObject([{ name: 'metrics', port: 19101 }]);
  });

  it('moves to the configured port', () => {
    const c = firstContainer(findObject(build({ nodeExporter: { port: 9100 } }), 'DaemonSet', 'prometheus-node-exporter').object);
    expect(c.ports?.[0]).toMatchObject({ containerPort: 9100, hostPort: 9100 });
    expect(c.args).toContain('--web.listen-address=:9100');
  });

  it('creates its RBAC only with rbac.enabled', () => {
    expect(findObject(build(), 'ClusterRole', 'smm-prometheus-node-exporter').state).toBe('present');
    const off = build({ nodeExporter: { rbac: { enabled: false } } });
    expect(findObject(off, 'ClusterRole', 'smm-prometheus-node-exporter').state).toBe('absent');
    expect(findObject(off, 'ClusterRoleBinding', 'smm-prometheus-node-exporter').state).toBe('absent');
    const openshift = findObject(build({ platform: 'openshift' }), 'ClusterRole', 'smm-prometheus-node-exporter').object;
    expect(JSON.stringify(openshift['rules'])).toContain('securitycontextconstraints');
  });

  it('warns that PodSecurityPolicy no longer exists', () => {
    expect(nodeExporter.warnings!(testInstallConfig({ spec: { nodeExporter: { psp: { enabled: true } } } })).join()).toMatch(/PodSecurityPolicy was removed/);
    expect(nodeExporter.warnings!(testInstallConfig())).toEqual([]);
  });

  it('reports a valuesOverride of the managed port', () => {
    const c = testInstallConfig({ spec: { nodeExporter: { valuesOverride: { port: 9100 } } } });
    expect(nodeExporter.warnings!(c)).toEqual(['spec.nodeExporter.valuesOverride.port is managed by smm; using 19101']);
  });
});
