import { describe, expect, it } from 'vitest';
import { DEMO_APP, DEMO_COMPONENTS } from '../../demo/app.js';
import { buildDemoApplication } from './demoApplication.js';
import { envOf, findObject, firstContainer, podLabelsOf, presentObjects, shapeProblems } from './testing.js';

const REV = 'cp-v115x.istio-system';

describe('buildDemoApplication', () => {
  const desired = buildDemoApplication({ revision: REV });
  const objects = presentObjects(desired);

  it('creates smm-demo labelled with the revision, and the DemoApplication CR', () => {
    expect(findObject(desired, 'Namespace', 'smm-demo').object.metadata.labels).toMatchObject({ 'istio.io/rev': REV, 'app.kubernetes.io/part-of': 'smm-demo' });
    const cr = findObject(desired, 'DemoApplication', 'smm-demo', 'smm-demo').object;
    expect(cr.apiVersion).toBe('smm.cisco.com/v1alpha1');
    expect(cr['spec']).toMatchObject({ controlPlaneRef: { name: 'smm' }, enabledComponents: [...DEMO_COMPONENTS], istio: { revision: REV }, load: { enabled: true, minRPS: 10, maxRPS: 30 } });
  });

  it('runs every workload of DEMO_APP in smm-demo as a Deployment with its image, labels and ports; no pods', () => {
    const demo = DEMO_APP.workloads.filter((w) => w.namespace === DEMO_APP.namespace);
    for (const w of demo) {
      const d = findObject(desired, 'Deployment', w.name, 'smm-demo');
      expect(podLabelsOf(d.object)).toMatchObject({ app: w.app, ...(w.version ? { version: w.version } : {}) });
      const c = firstContainer(d.object);
      expect(c.image).toBe(w.image);
      expect(c.ports?.map((p) => p.containerPort) ?? []).toEqual(w.ports.map((p) => p.targetPort));
    }
    expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(demo.length);
    expect(objects.filter((o) => ['Pod', 'ReplicaSet'].includes(o.kind))).toEqual([]);
    // Plain application containers: the injector adds the proxy.
    expect(objects.filter((o) => o.kind === 'Deployment').every((o) => firstContainer(o).name !== 'istio-proxy')).toBe(true);
  });

  it('has a Service per component, and valid shapes throughout', () => {
    for (const name of DEMO_COMPONENTS) expect(findObject(desired, 'Service', name, 'smm-demo').state).toBe('present');
    expect(objects.flatMap(shapeProblems)).toEqual([]);
  });

  it('wires the calls of DEMO_APP into allspark REQUESTS', () => {
    expect(envOf(firstContainer(findObject(desired, 'Deployment', 'frontpage-v1').object))['REQUESTS']).toBe('http://catalog:8080/#1 http://bookings:8080/#1');
    expect(envOf(firstContainer(findObject(desired, 'Deployment', 'movies-v3').object))['REQUESTS']).toBe('grpc://database:8082#2');
  });

  it('installs only the chosen components, and calls only those', () => {
    const some = buildDemoApplication({ revision: REV, components: ['frontpage', 'catalog'] });
    expect(presentObjects(some).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual(['bombardier', 'catalog-v1', 'frontpage-v1']);
    expect(presentObjects(some).filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['catalog', 'frontpage']);
    expect(envOf(firstContainer(findObject(some, 'Deployment', 'frontpage-v1').object))['REQUESTS']).toBe('http://catalog:8080/#1');
    // A peer cluster's half has no entry service, so no load generator.
    const peer = buildDemoApplication({ revision: REV, components: ['movies', 'database', 'mysql'] });
    expect(presentObjects(peer).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual(['database-v1', 'movies-v1', 'movies-v2', 'movies-v3', 'mysql']);
  });

  it('refuses unknown components, naming the valid ones', () => {
    expect(() => buildDemoApplication({ revision: REV, components: ['frontpage', 'nope'] })).toThrow(/unknown demo component\(s\) nope; choose from frontpage, catalog/);
    expect(() => buildDemoApplication({ revision: REV, components: [] })).toThrow(/no demo components/);
  });

  it('stops the load generator when load is disabled', () => {
    const stopped = buildDemoApplication({ revision: REV, load: { enabled: false } });
    expect(findObject(stopped, 'Deployment', 'bombardier').object['spec']).toMatchObject({ replicas: 0 });
    expect(findObject(stopped, 'DemoApplication', 'smm-demo').object['spec']).toMatchObject({ load: { enabled: false } });
  });

  it('can go to another namespace', () => {
    const other = presentObjects(buildDemoApplication({ revision: REV, namespace: 'demo-2' }));
    expect(other.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'demo-2')).toBe(true);
  });
});
