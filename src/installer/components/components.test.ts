// What every component promises, checked across all of them: order, shapes, structural CRD
// schemas, one owner per object, namespaces that exist, absent-when-disabled, determinism,
// and managed settings winning over valuesOverride with a warning.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/model/k8s.js';
import { deepMerge, type Values } from '../api/merge.js';
import { COMPONENT_ORDER, type InstallConfig } from '../api/types.js';
import type { Component } from './component.js';
import type { Schema } from './crd.js';
import { COMPONENTS } from './index.js';
import { WELL_KNOWN_NAMESPACES } from './namespaces.js';
import type { StackComponent } from './settings.js';
import {
  isClusterScoped, key, presentObjects, shapeProblems, testInstallConfig, untypedSchemaNodes, type DeepPartial,
} from './testing.js';

const config = testInstallConfig();
const byName = (name: StackComponent): Component => COMPONENTS.find((c) => c.name === name)!;
const all = (c: InstallConfig): { component: string; object: KubeObject; state: string }[] =>
  COMPONENTS.flatMap((comp) => comp.build(c).map((d) => ({ component: comp.name, ...d })));

/** How to switch each component off, and where its valuesOverride lives (none for meshGateway). */
const SWITCHES: Record<StackComponent, { off: DeepPartial<InstallConfig['spec']>; override?: (v: Record<string, unknown>) => DeepPartial<InstallConfig['spec']> }> = {
  certManager: { off: { certManager: { enabled: false } }, override: (v) => ({ certManager: { valuesOverride: v } }) },
  clusterRegistry: { off: { clusterRegistry: { enabled: false } }, override: (v) => ({ clusterRegistry: { valuesOverride: v } }) },
  meshManager: { off: { meshManager: { enabled: false } }, override: (v) => ({ meshManager: { valuesOverride: v } }) },
  meshGateway: { off: { smm: { enabled: false } } },
  nodeExporter: { off: { nodeExporter: { enabled: false } }, override: (v) => ({ nodeExporter: { valuesOverride: v } }) },
  prometheus: { off: { smm: { prometheus: { enabled: false } } }, override: (v) => ({ smm: { prometheus: { valuesOverride: v } } }) },
  grafana: { off: { smm: { grafana: { enabled: false } } }, override: (v) => ({ smm: { grafana: { valuesOverride: v } } }) },
  tracing: { off: { smm: { tracing: { enabled: false } } }, override: (v) => ({ smm: { tracing: { valuesOverride: v } } }) },
  smm: { off: { smm: { application: { enabled: false } } }, override: (v) => ({ smm: { valuesOverride: v } }) },
};

describe('COMPONENTS', () => {
  it('are in COMPONENT_ORDER', () => {
    expect(COMPONENTS.map((c) => c.name)).toEqual([...COMPONENT_ORDER]);
  });

  it('are all enabled by the test configuration and render objects', () => {
    for (const c of COMPONENTS) {
      expect(c.enabled(config), c.name).toBe(true);
      expect(presentObjects(c.build(config)).length, c.name).toBeGreaterThan(0);
    }
  });

  it('render valid Kubernetes shapes', () => {
    const problems = all(config).flatMap((d) => shapeProblems(d.object));
    expect(problems).toEqual([]);
  });

  it('render CRDs with structural schemas (every node typed)', () => {
    const crds = all(config).filter((d) => d.object.kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(20);
    for (const { object } of crds) {
      const versions = (object['spec'] as { versions: { name: string; storage: boolean; schema: { openAPIV3Schema: Schema } }[] }).versions;
      expect(versions.filter((v) => v.storage), object.metadata.name).toHaveLength(1);
      for (const v of versions) expect(untypedSchemaNodes(v.schema.openAPIV3Schema), `${object.metadata.name} ${v.name}`).toEqual([]);
    }
  });

  it('never claim the same object twice (kind/namespace/name)', () => {
    const owners = new Map<string, string[]>();
    for (const { component, object } of all(config)) owners.set(key(object), [...(owners.get(key(object)) ?? []), component]);
    const twice = [...owners].filter(([, cs]) => cs.length > 1).map(([k, cs]) => `${k}: ${cs.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('put objects only in namespaces some component creates, or well-known ones', () => {
    const objects = presentObjects(all(config).map(({ object, state }) => ({ object, state: state as 'present' | 'absent' })));
    const created = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const used = new Set(objects.filter((o) => !isClusterScoped(o)).map((o) => o.metadata.namespace!));
    const missing = [...used].filter((ns) => !created.has(ns) && !WELL_KNOWN_NAMESPACES.has(ns));
    expect(missing).toEqual([]);
    expect([...created].sort()).toEqual(['cert-manager', 'cluster-registry', 'istio-system', 'smm-system']);
  });

  it('list every kind they return in `kinds` (the engine prunes by those)', () => {
    for (const c of COMPONENTS) {
      const declared = new Set(c.kinds.map((k) => `${k.apiVersion}/${k.kind}`));
      const returned = new Set(c.build(config).map((d) => `${d.object.apiVersion}/${d.object.kind}`));
      expect([...returned].filter((k) => !declared.has(k)), c.name).toEqual([]);
    }
  });

  it('are deterministic', () => {
    expect(JSON.stringify(all(testInstallConfig()))).toBe(JSON.stringify(all(testInstallConfig())));
  });

  it('carry the app.kubernetes.io labels, but no ownership labels (the engine adds those)', () => {
    for (const { component, object } of all(config)) {
      const labels = object.metadata.labels ?? {};
      expect(labels['app.kubernetes.io/part-of'], `${component} ${key(object)}`).toBeDefined();
      expect(Object.keys(labels).filter((l) => l.startsWith('smm.cisco.com/') || l === 'app.kubernetes.io/managed-by'), key(object)).toEqual([]);
    }
  });
});

describe.each(COMPONENT_ORDER)('%s', (name) => {
  const component = byName(name);
  const sw = SWITCHES[name];

  it('returns every object absent when disabled (shared namespaces are left to their creator)', () => {
    const off = testInstallConfig({ spec: sw.off });
    expect(component.enabled(off)).toBe(false);
    const onKeys = component.build(config).filter((d) => d.object.kind !== 'Namespace').map((d) => key(d.object)).sort();
    const desired = component.build(off);
    expect(desired.filter((d) => d.state === 'present').map((d) => key(d.object))).toEqual([]);
    // The same objects, now to be removed (a namespace only if this component alone used it).
    expect(desired.filter((d) => d.object.kind !== 'Namespace').map((d) => key(d.object)).sort()).toEqual(onKeys);
    for (const ns of desired.filter((d) => d.object.kind === 'Namespace')) expect(ns.object.metadata.name).not.toBe('smm-system');
  });
});

const WITH_OVERRIDE = COMPONENT_ORDER.filter((n) => SWITCHES[n].override);

describe.each(WITH_OVERRIDE)('%s valuesOverride', (name) => {
  const component = byName(name);
  const sw = SWITCHES[name];

  it('reports a valuesOverride key that collides with a managed setting, and keeps the managed value', () => {
    const c = testInstallConfig({ spec: sw.override!({ namespace: 'elsewhere' }) });
    const warnings = component.warnings!(c);
    expect(warnings.some((w) => w.includes('valuesOverride.namespace is managed by smm'))).toBe(true);
    expect(presentObjects(component.build(c)).some((o) => o.metadata.namespace === 'elsewhere')).toBe(false);
  });

  it('refuses an unknown or mistyped valuesOverride with the path, and warns without throwing', () => {
    const c = testInstallConfig({ spec: sw.override!({ replicaz: 2 }) });
    expect(() => component.build(c)).toThrow(/valuesOverride: unknown field\(s\) replicaz/);
    expect(component.warnings!(c).join('\n')).toMatch(/replicaz/);
  });

  it('ignores the valuesOverride of a disabled component (removal never blocks on it)', () => {
    const spec = deepMerge(sw.off as Values, sw.override!({ replicaz: 2 }) as Values) as DeepPartial<InstallConfig['spec']>;
    const c = testInstallConfig({ spec });
    expect(component.enabled(c)).toBe(false);
    expect(() => component.build(c)).not.toThrow();
  });
});
