import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { ask } from './testing.js';

// The fields of the dashboard's drill-down views (service → workload → controller → pod → node).
describe('GraphQL drill-down fields on the demo', () => {
  it('has what the service, controller, pod and node views show', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const movies = backend.model().workloads.find((w) => w.name === 'movies-v1')!;
      const replicaSet = movies.controllers.find((c) => c.kind === 'ReplicaSet')!.name;
      const pod = movies.pods[0]!;
      const { data, errors } = await ask<Record<string, Record<string, unknown>>>(backend, `{
        service(namespace: "smm-demo", name: "movies") { createdAt pods { name workload { name } } }
        workload(namespace: "smm-demo", name: "movies-v1") { createdAt }
        deployment: controller(namespace: "smm-demo", kind: "Deployment", name: "movies-v1") { labels createdAt replicas { desired ready } app version }
        replicaSet: controller(namespace: "smm-demo", kind: "ReplicaSet", name: "${replicaSet}") { labels createdAt replicas { desired } }
        pod(namespace: "smm-demo", name: "${pod.name}") { createdAt startedAt hostIP containers { name state } }
        node(name: "${pod.node}") { createdAt system { os architecture osImage } taints { key } conditions { type status } podList { name } }
      }`);
      expect(errors).toBeUndefined();
      const d = data!;
      expect(Date.parse(d.service!.createdAt as string)).toBeGreaterThan(0);
      const servicePods = (d.service!.pods as { workload: { name: string } }[]).map((p) => p.workload.name);
      expect(new Set(servicePods)).toEqual(new Set(['movies-v1', 'movies-v2', 'movies-v3']));
      expect(Date.parse(d.workload!.createdAt as string)).toBeGreaterThan(0);
      expect(d.deployment).toMatchObject({ labels: { app: 'movies', version: 'v1' }, replicas: { desired: movies.replicas.desired }, app: 'movies', version: 'v1' });
      expect(d.replicaSet).toMatchObject({ labels: { app: 'movies', 'pod-template-hash': expect.any(String) }, replicas: { desired: movies.replicas.desired } });
      expect(Date.parse(d.replicaSet!.createdAt as string)).toBeGreaterThan(0);
      expect(d.pod).toMatchObject({ hostIP: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), containers: expect.arrayContaining([{ name: 'istio-proxy', state: 'running' }]) });
      expect(Date.parse(d.pod!.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(d.pod!.createdAt as string));
      expect(d.node).toMatchObject({ system: { os: 'linux', architecture: 'amd64', osImage: 'Ubuntu 22.04.1 LTS' }, taints: [] });
      expect(d.node!.conditions).toContainEqual({ type: 'Ready', status: 'True' });
      expect((d.node!.podList as { name: string }[]).map((p) => p.name)).toContain(pod.name);
    } finally {
      await backend.close();
    }
  });
});
