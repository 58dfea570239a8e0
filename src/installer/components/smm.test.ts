import { describe, expect, it } from 'vitest';
import type { InstallConfig } from '../api/types.js';
import type { PolicyRule } from './k8s.js';
import { smm } from './smm.js';
import { envOf, findObject, firstContainer, servicePortsOf, TEST_IMAGES, testInstallConfig, type DeepPartial } from './testing.js';

const build = (spec: DeepPartial<InstallConfig['spec']> = {}) => smm.build(testInstallConfig({ spec }));
const rulesOf = (d: ReturnType<typeof build>) => findObject(d, 'ClusterRole', 'smm').object['rules'] as PolicyRule[];

describe('smm', () => {
  const desired = build();

  it('runs the server on 50500 behind the smm Service, healthy at /healthz', () => {
    const d = findObject(desired, 'Deployment', 'smm', 'smm-system');
    expect(d.object['spec']).toMatchObject({ replicas: 1 });
    const c = firstContainer(d.object);
    expect(c.image).toBe(TEST_IMAGES.smm);
    expect(c.args?.slice(0, 3)).toEqual(['server', '--port', '50500']);
    expect(c.readinessProbe?.httpGet?.path).toBe('/healthz');
    expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(envOf(c)).toMatchObject({ SMM_PROMETHEUS_URL: 'http://smm-prometheus.smm-system.svc.cluster.local:59090', SMM_ISTIO_REVISION: 'cp-v115x.istio-system' });
    expect(servicePortsOf(findObject(desired, 'Service', 'smm', 'smm-system').object)).toEqual([{ name: 'http', port: 50500, targetPort: 'http', protocol: 'TCP' }]);
  });

  it('reads what the dashboard shows, never Secrets, and writes only by impersonation', () => {
    const rules = rulesOf(desired);
    expect(rules).toContainEqual({ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] });
    expect(rules.flatMap((r) => r.resources ?? [])).not.toContain('secrets');
    const writes = rules.filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
    expect(writes.flatMap((r) => r.verbs).sort()).toEqual(['create', 'create', 'impersonate']);
    expect(rulesOf(build({ smm: { impersonation: { enabled: false } } })).some((r) => r.verbs.includes('impersonate'))).toBe(false);
  });

  it('runs highAvailability.replicas with a disruption budget when HA', () => {
    const ha = build({ smm: { highAvailability: { enabled: true, replicas: 3 } } });
    expect(findObject(ha, 'Deployment', 'smm').object['spec']).toMatchObject({ replicas: 3 });
    expect(findObject(ha, 'PodDisruptionBudget', 'smm').state).toBe('present');
    expect(findObject(desired, 'PodDisruptionBudget', 'smm').state).toBe('absent');
  });

  it('receives Envoy access logs as smm-als:50600 when ALS is on', () => {
    expect(findObject(desired, 'Service', 'smm-als').state).toBe('present');
    expect(findObject(build({ smm: { als: { enabled: false } } }), 'Service', 'smm-als').state).toBe('absent');
  });

  it('is off on a passive cluster (no application), while the rest of the stack runs', () => {
    const passive = testInstallConfig({ spec: { smm: { application: { enabled: false } } } });
    expect(smm.enabled(passive)).toBe(false);
  });
});
