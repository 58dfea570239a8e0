import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ControlPlaneValidationError, parseControlPlane, parseControlPlaneYaml, type ValidationProblem } from './schema.js';

const cp = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'smm' }): Record<string, unknown> =>
  ({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata, spec });

function problemsOf(input: unknown): ValidationProblem[] {
  try {
    parseControlPlane(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ControlPlaneValidationError);
    return [...(e as ControlPlaneValidationError).problems];
  }
  throw new Error('expected the ControlPlane to be refused');
}
const only = (input: unknown): { path: string; message: string } => {
  const problems = problemsOf(input);
  expect(problems).toHaveLength(1);
  return { path: problems[0]!.path, message: problems[0]!.message };
};

/** The manual's recommended ControlPlane (product-docs.txt L1646-1724), as written. */
const MANUAL_EXAMPLE = `
apiVersion: smm.cisco.com/v1alpha1
kind: ControlPlane
metadata:
  name: smm
spec:
  clusterName: workload-cluster-1
  certManager: {enabled: true, namespace: cert-manager}
  clusterRegistry: {enabled: true, namespace: cluster-registry}
  log: {}
  meshManager:
    enabled: true
    istio:
      enabled: true
      istioCRRef: {name: cp-v115x, namespace: istio-system}
      operators: {namespace: smm-system}
    namespace: smm-system
  nodeExporter: {enabled: true, namespace: smm-system, psp: {enabled: false}, rbac: {enabled: true}}
  oneEye: {}
  registryAccess:
    enabled: true
    imagePullSecretsController: {}
    namespace: smm-registry-access
    pullSecrets:
      - name: smm-registry.eticloud.io-pull-secret
        namespace: smm-registry-access
  repositoryOverride: {host: registry.eticloud.io, prefix: smm}
  role: active
  smm:
    als: {enabled: true, log: {}}
    application: {enabled: true, log: {}}
    auth: {mode: impersonation}
    certManager: {enabled: true}
    enabled: true
    federationGateway: {enabled: true, name: smm, service: {enabled: true, name: smm-federation-gateway, port: 80}}
    federationGatewayOperator: {enabled: true}
    impersonation: {enabled: true}
    istio: {revision: cp-v115x.istio-system}
    leo: {enabled: true, log: {}}
    log: {}
    namespace: smm-system
    prometheus: {enabled: true, replicas: 1}
    prometheusOperator: {}
    releaseName: smm
    role: active
    sre: {enabled: true}
    useIstioResources: true
`;

describe('parseControlPlane accepts', () => {
  it('the manual\'s recommended ControlPlane, unchanged', () => {
    const parsed = parseControlPlane(parseYaml(MANUAL_EXAMPLE));
    expect(parsed.spec.smm?.istio?.revision).toBe('cp-v115x.istio-system');
    expect(parsed.spec.registryAccess?.pullSecrets).toEqual([{ name: 'smm-registry.eticloud.io-pull-secret', namespace: 'smm-registry-access' }]);
  });

  it('an empty spec, and keeps what the server adds to metadata and status', () => {
    const stored = {
      ...cp({}, { name: 'smm', uid: 'u1', resourceVersion: '7', generation: 2, labels: { a: 'b' } }),
      status: { status: 'Succeeded', observedGeneration: 2, components: { meshManager: { status: 'Available' } } },
    };
    expect(parseControlPlane(stored)).toEqual(stored);
  });

  it('resources, valuesOverride of any shape, and the proxy/pilot resources of the ops guide', () => {
    const spec = {
      smm: { grafana: { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1.5G' } }, valuesOverride: { a: { b: [1, 'x'] } } } },
      meshManager: { istio: { proxy: { resources: { requests: { cpu: '50m', memory: '64M' } } }, pilot: { resources: { limits: { cpu: '1', memory: '2000M' } } } } },
    };
    expect(parseControlPlane(cp(spec)).spec).toEqual(spec);
  });
});

describe('parseControlPlane refuses, naming the field', () => {
  it('unknown fields, suggesting the field meant', () => {
    expect(only(cp({ meshmanager: {} }))).toEqual({
      path: 'spec.meshmanager',
      message: expect.stringMatching(/^unknown field \(did you mean "meshManager"\?\); accepted here: clusterName, role, /) as unknown as string,
    });
    expect(only(cp({ smm: { prometheus: { replica: 2 } } })).path).toBe('spec.smm.prometheus.replica');
    expect(only(cp({ smm: { prometheus: { replica: 2 } } })).message).toContain('did you mean "replicas"?');
    expect(only(cp({ oneEye: { x: 1 } }))).toEqual({ path: 'spec.oneEye.x', message: 'unknown field; this object takes no fields' });
    expect(only({ ...cp({}), extra: true }).path).toBe('extra');
  });

  it('wrong types', () => {
    expect(only(cp({ smm: { prometheus: { replicas: '2' } } }))).toEqual({ path: 'spec.smm.prometheus.replicas', message: 'expected number, got string' });
    expect(only(cp({ smm: { enabled: 'yes' } }))).toEqual({ path: 'spec.smm.enabled', message: 'expected boolean, got string' });
    expect(only(cp({ registryAccess: { pullSecrets: [{ name: 'a', namespace: 3 }] } }))).toEqual({ path: 'spec.registryAccess.pullSecrets[0].namespace', message: 'expected string, got number' });
    expect(only(cp({ registryAccess: { pullSecrets: [{ name: 'a' }] } }))).toEqual({ path: 'spec.registryAccess.pullSecrets[0].namespace', message: 'required (string)' });
    expect(only(cp({ smm: { prometheus: { replicas: 1.5 } } }))).toEqual({ path: 'spec.smm.prometheus.replicas', message: 'expected integer, got 1.5' });
    expect(only(cp({ smm: [] }))).toEqual({ path: 'spec.smm', message: 'expected object, got array' });
  });

  it('values outside an enum', () => {
    expect(only(cp({ role: 'primary' }))).toEqual({ path: 'spec.role', message: 'expected one of "active" | "passive", got "primary"' });
    expect(only(cp({ smm: { auth: { mode: 'oidc' } } }))).toEqual({ path: 'spec.smm.auth.mode', message: 'expected one of "impersonation" | "anonymous", got "oidc"' });
    expect(only(cp({ meshManager: { istio: { sidecarInjectorFailurePolicy: 'fail' } } })).path).toBe('spec.meshManager.istio.sidecarInjectorFailurePolicy');
    expect(only({ ...cp({}), kind: 'Controlplane' })).toEqual({ path: 'kind', message: 'expected one of "ControlPlane", got "Controlplane"' });
  });

  it('negative replicas and out-of-range ports', () => {
    expect(only(cp({ smm: { prometheus: { replicas: -1 } } }))).toEqual({ path: 'spec.smm.prometheus.replicas', message: 'must be at least 0, got -1' });
    expect(only(cp({ smm: { highAvailability: { replicas: -2 } } })).path).toBe('spec.smm.highAvailability.replicas');
    expect(only(cp({ nodeExporter: { port: 70000 } }))).toEqual({ path: 'spec.nodeExporter.port', message: 'must be at most 65535, got 70000' });
  });

  it('a cluster name that is not an RFC 1123 label, with the name it normalizes to', () => {
    const p = only(cp({ clusterName: 'gke_proj_region' }));
    expect(p.path).toBe('spec.clusterName');
    expect(p.message).toMatch(/^not a valid cluster name \(RFC 1123 label.*got "gke_proj_region"; try "gke-proj-region"$/);
    expect(only(cp({ clusterName: 'a'.repeat(64) })).message).toBe(`must be at most 63 characters, got 64; try "${'a'.repeat(63)}"`);
    expect(only(cp({ clusterName: 'My.Cluster' })).message).toContain('try "my-cluster"');
  });

  it('bad Istio versions', () => {
    for (const version of ['1.24', 'v1.24.3', '1.24.x', 'latest', '01.2.3']) {
      const p = only(cp({ meshManager: { istio: { version } } }));
      expect(p).toEqual({ path: 'spec.meshManager.istio.version', message: `not an Istio version: expected MAJOR.MINOR.PATCH, e.g. 1.24.3, got ${JSON.stringify(version)}` });
    }
    expect(parseControlPlane(cp({ meshManager: { istio: { version: '1.15.3-bzc.0' } } })).spec.meshManager?.istio?.version).toBe('1.15.3-bzc.0');
  });

  it('bad names, quantities and durations', () => {
    expect(only(cp({ smm: { namespace: 'SMM' } })).path).toBe('spec.smm.namespace');
    expect(only(cp({ smm: { grafana: { resources: { limits: { memory: '1 GB' } } } } })).path).toBe('spec.smm.grafana.resources.limits.memory');
    expect(only(cp({ smm: { prometheus: { retentionTime: '6 hours' } } })).message).toBe('not a Prometheus duration (e.g. 6h, 15d), got "6 hours"');
  });
});

describe('parseControlPlane refuses impossible combinations', () => {
  it('smm without the mesh manager', () => {
    expect(only(cp({ meshManager: { enabled: false }, smm: { enabled: true } }))).toEqual({
      path: 'spec.smm.enabled', message: 'requires spec.meshManager.enabled, which is false: smm runs on the mesh the mesh manager installs',
    });
    // Left out, smm follows the mesh manager: no contradiction.
    expect(parseControlPlane(cp({ meshManager: { enabled: false } })).spec.smm).toBeUndefined();
  });

  it('an exposed dashboard with smm disabled, explicitly or by following the mesh manager', () => {
    expect(only(cp({ smm: { enabled: false, exposeDashboard: { meshGateway: { enabled: true } } } }))).toEqual({
      path: 'spec.smm.exposeDashboard.meshGateway.enabled', message: 'exposes the dashboard, but smm is disabled (spec.smm.enabled: false)',
    });
    expect(only(cp({ meshManager: { enabled: false }, smm: { exposeDashboard: { meshGateway: { enabled: true } } } })).message)
      .toBe('exposes the dashboard, but smm is disabled (spec.smm.enabled follows spec.meshManager.enabled: false)');
  });

  it('smm\'s cert-manager use without cert-manager', () => {
    expect(only(cp({ certManager: { enabled: false }, smm: { certManager: { enabled: true } } })).path).toBe('spec.smm.certManager.enabled');
  });

  it('a passive cluster whose smm is active, or the other way round', () => {
    expect(only(cp({ clusterName: 'c2', role: 'passive', smm: { role: 'active' } }))).toEqual({
      path: 'spec.smm.role', message: 'is active, but spec.role is passive: the smm role mirrors the cluster role',
    });
    expect(only(cp({ role: 'active', smm: { role: 'passive' } })).path).toBe('spec.smm.role');
  });

  it('a passive cluster without a name', () => {
    expect(only(cp({ role: 'passive' }))).toEqual({ path: 'spec.clusterName', message: 'required on a passive cluster: every cluster of a mesh needs its own name' });
  });

  it('high availability with fewer than 2 replicas', () => {
    expect(only(cp({ smm: { highAvailability: { enabled: true, replicas: 1 } } })).path).toBe('spec.smm.highAvailability.replicas');
    expect(only(cp({ smm: { highAvailability: { enabled: true }, prometheus: { replicas: 1 } } })).path).toBe('spec.smm.prometheus.replicas');
  });

  it('an IstioControlPlane name that does not match the version', () => {
    expect(only(cp({ meshManager: { istio: { version: '1.24.3', istioCRRef: { name: 'cp-v115x' } } } }))).toEqual({
      path: 'spec.meshManager.istio.istioCRRef.name', message: 'is cp-v115x, but Istio 1.24.3 runs in cp-v124x: set both, or leave the name out to derive it',
    });
  });

  it('istioCROverrides that are not a YAML mapping', () => {
    expect(only(cp({ meshManager: { istio: { istioCROverrides: 'meshConfig: [' } } })).message).toMatch(/^is not valid YAML: .*\(line 1, column \d+ of the string\)$/);
    expect(only(cp({ meshManager: { istio: { istioCROverrides: '- a\n- b' } } })).message).toBe('must be a YAML mapping (fields of the IstioControlPlane spec)');
    expect(parseControlPlane(cp({ meshManager: { istio: { istioCROverrides: 'meshConfig:\n  enableTracing: false\n' } } }))).toBeTruthy();
  });

  it('a namespace or no name in metadata (ControlPlane is cluster-scoped)', () => {
    expect(only(cp({}, { name: 'smm', namespace: 'smm-system' }))).toEqual({ path: 'metadata.namespace', message: 'ControlPlane is cluster-scoped: remove the namespace' });
    expect(only(cp({}, {})).path).toBe('metadata.name');
  });
});

describe('ControlPlaneValidationError', () => {
  it('lists every problem at once, with the source, type errors and rule violations together', () => {
    let error: ControlPlaneValidationError | undefined;
    try {
      parseControlPlane(cp({ role: 'passive', smm: { role: 'active', prometheus: { replicas: 'x' } }, bogus: 1 }), 'cp.yaml');
    } catch (e) {
      error = e as ControlPlaneValidationError;
    }
    expect(error?.name).toBe('ControlPlaneValidationError');
    expect(error?.source).toBe('cp.yaml');
    expect(error?.problems.map((p) => p.path).sort()).toEqual(['spec.bogus', 'spec.clusterName', 'spec.smm.prometheus.replicas', 'spec.smm.role']);
    expect(error?.message.split('\n')[0]).toBe('ControlPlane in cp.yaml is invalid (4 problems):');
    expect(error?.message).toContain('\n  spec.smm.prometheus.replicas: expected number, got string');
  });
});

describe('parseControlPlaneYaml', () => {
  const file = 'controlplane.yaml';
  const yamlProblems = (text: string): string[] => {
    try {
      parseControlPlaneYaml(text, file);
    } catch (e) {
      expect(e).toBeInstanceOf(ControlPlaneValidationError);
      return (e as ControlPlaneValidationError).message.split('\n').slice(1).map((l) => l.trim());
    }
    throw new Error('expected the YAML to be refused');
  };

  it('reads a valid file', () => {
    expect(parseControlPlaneYaml(MANUAL_EXAMPLE, file).metadata.name).toBe('smm');
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(yamlProblems('apiVersion: smm.cisco.com/v1alpha1\nspec:\n  smm: [1,\n  role: x\n')).toEqual([
      expect.stringMatching(/^controlplane\.yaml:4:\d+: YAML syntax error: /),
    ]);
    expect(yamlProblems('kind: ControlPlane\nkind: ControlPlane\n')).toEqual(['controlplane.yaml:2:1: YAML syntax error: Map keys must be unique']);
  });

  it('places schema problems on the line of the offending field, in file order', () => {
    const text = [
      'apiVersion: smm.cisco.com/v1alpha1', // 1
      'kind: ControlPlane', // 2
      'metadata:', // 3
      '  name: smm', // 4
      'spec:', // 5
      '  clusterName: gke_a_b', // 6
      '  smm:', // 7
      '    role: primary', // 8
      '    prometheus:', // 9
      '      replicas: "2"', // 10
      '  meshmanager: {}', // 11
      '  registryAccess:', // 12
      '    pullSecrets:', // 13
      '      - name: a', // 14
      '        namespace: 7', // 15
    ].join('\n');
    const lines = yamlProblems(text);
    expect(lines.map((l) => l.split(' ')[0])).toEqual([
      'controlplane.yaml:6:3:', 'controlplane.yaml:8:5:', 'controlplane.yaml:10:7:', 'controlplane.yaml:11:3:', 'controlplane.yaml:15:9:',
    ]);
    expect(lines[2]).toBe('controlplane.yaml:10:7: spec.smm.prometheus.replicas: expected number, got string');
  });

  it('points a missing field at its parent, and a rule problem at its field', () => {
    const lines = yamlProblems('apiVersion: smm.cisco.com/v1alpha1\nkind: ControlPlane\nmetadata:\n  name: smm\nspec:\n  role: passive\n  smm:\n    role: active\n');
    expect(lines).toEqual([
      'controlplane.yaml:5:1: spec.clusterName: required on a passive cluster: every cluster of a mesh needs its own name',
      'controlplane.yaml:8:5: spec.smm.role: is active, but spec.role is passive: the smm role mirrors the cluster role',
    ]);
  });

  it('refuses an empty file and several documents', () => {
    expect(yamlProblems('# nothing\n')).toEqual(['controlplane.yaml:1:1: the file holds no YAML document']);
    expect(yamlProblems(`${MANUAL_EXAMPLE}---\n${MANUAL_EXAMPLE}`)).toEqual([expect.stringMatching(/^controlplane\.yaml:\d+:1: expected one document, found 2$/)]);
  });
});
