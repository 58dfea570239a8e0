import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { ask } from './testing.js';

describe('GraphQL detail lookups on the demo', () => {
  it('finds one workload, service, pod, node and controller, and null for what is absent', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const movies = backend.model().workloads.find((w) => w.name === 'movies-v1')!;
      const replicaSet = movies.controllers.find((c) => c.kind === 'ReplicaSet')!.name;
      const pod = movies.pods[0]!;
      const { data, errors } = await ask<Record<string, unknown>>(backend, `{
        workload(cluster: "${backend.clusterName}", namespace: "smm-demo", name: "movies-v1") { kind name }
        service(namespace: "smm-demo", name: "movies") { name workloads { name } }
        pod(namespace: "smm-demo", name: "${pod.name}") { name workload { name } }
        node(name: "${pod.node}") { name ready }
        deployment: controller(namespace: "smm-demo", kind: "Deployment", name: "movies-v1") { kind workloads { name } pods { name } }
        replicaSet: controller(namespace: "smm-demo", kind: "ReplicaSet", name: "${replicaSet}") { kind name workloads { name } pods { name } }
        noWorkload: workload(namespace: "smm-demo", name: "nope") { name }
        noService: service(namespace: "nope", name: "movies") { name }
        noPod: pod(namespace: "smm-demo", name: "nope") { name }
        noNode: node(cluster: "elsewhere", name: "${pod.node}") { name }
        noController: controller(namespace: "smm-demo", kind: "StatefulSet", name: "movies-v1") { name }
      }`);
      expect(errors).toBeUndefined();
      expect(data).toMatchObject({
        workload: { kind: 'Deployment', name: 'movies-v1' },
        service: { name: 'movies', workloads: expect.arrayContaining([{ name: 'movies-v1' }, { name: 'movies-v3' }]) },
        pod: { name: pod.name, workload: { name: 'movies-v1' } },
        node: { name: pod.node, ready: true },
        deployment: { kind: 'Deployment', workloads: [{ name: 'movies-v1' }], pods: [{ name: pod.name }] },
        replicaSet: { kind: 'ReplicaSet', name: replicaSet, workloads: [{ name: 'movies-v1' }], pods: [{ name: pod.name }] },
        noWorkload: null, noService: null, noPod: null, noNode: null, noController: null,
      });
    } finally {
      await backend.close();
    }
  });

  it('shows control plane and proxy versions and revisions, with a sync state it does not invent', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const { data, errors } = await ask<{ controlPlanes: object[]; proxies: { version: string; revision: string; syncState: string }[] }>(backend,
        '{ controlPlanes { revision version syncState } proxies(namespace: "smm-demo") { version revision syncState } }');
      expect(errors).toBeUndefined();
      expect(data!.controlPlanes).toEqual([{ revision: 'cp-v115x.istio-system', version: '1.15.3', syncState: 'UNKNOWN' }]);
      expect(data!.proxies.length).toBeGreaterThan(10);
      for (const p of data!.proxies) expect(p).toMatchObject({ revision: 'cp-v115x.istio-system', version: expect.any(String), syncState: 'UNKNOWN' });
    } finally {
      await backend.close();
    }
  });
});
