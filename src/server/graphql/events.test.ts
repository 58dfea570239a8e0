import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackend, type DemoBackend } from '../demo-backend.js';
import { createGraphQLHandler, GRAPHQL_PATH } from './handler.js';
import type { KubeEventView } from './events.js';

interface Answer { data?: { events: KubeEventView[] } | null; errors?: { message: string; extensions?: { code?: string } }[] }

const NOW = Date.parse('2024-05-01T10:00:00Z');
const FIELDS = 'cluster namespace name type reason message count firstSeen lastSeen involvedObject { kind name namespace } source { component host }';

describe('GraphQL events on the demo', () => {
  let backend: DemoBackend;
  const ask = async (args: string): Promise<Answer> => {
    const r = await createGraphQLHandler(backend).fetch(`http://smm${GRAPHQL_PATH}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ events${args} { ${FIELDS} } }` }),
    });
    return await r.json() as Answer;
  };

  beforeAll(async () => {
    backend = await createDemoBackend({ seed: 3, now: () => NOW });
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('lists the cluster\'s events newest first: the flaky movies-v3 readiness probe on top', async () => {
    const { data, errors } = await ask('(namespace: "smm-demo")');
    expect(errors).toBeUndefined();
    const events = data!.events;
    expect(events.length).toBeGreaterThan(50);
    const lastSeen = events.map((e) => Date.parse(e.lastSeen));
    expect([...lastSeen].sort((a, b) => b - a)).toEqual(lastSeen);
    expect(events[0]).toMatchObject({
      cluster: 'demo-cluster', namespace: 'smm-demo', type: 'Warning', reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      involvedObject: { kind: 'Pod', namespace: 'smm-demo', name: expect.stringMatching(/^movies-v3-/) },
      source: { component: 'kubelet', host: expect.stringMatching(/^demo-worker-\d$/) },
    });
    expect(events[0]!.count).toBeGreaterThan(1);
    expect(Date.parse(events[0]!.firstSeen)).toBeLessThan(Date.parse(events[0]!.lastSeen));
    expect(events.every((e) => e.namespace === 'smm-demo')).toBe(true);
  });

  it('filters by the object they are about, and limits', async () => {
    const { data } = await ask('(namespace: "smm-demo", involvedKind: "Deployment", involvedName: "movies-v3")');
    expect(data!.events).toEqual([expect.objectContaining({
      type: 'Normal', reason: 'ScalingReplicaSet', message: expect.stringMatching(/^Scaled up replica set movies-v3-\w+ to 1$/),
      involvedObject: { kind: 'Deployment', name: 'movies-v3', namespace: 'smm-demo' }, source: { component: 'deployment-controller', host: null }, count: 1,
    })]);
    const pod = backend.model().workloads.find((w) => w.name === 'movies-v1')!.pods[0]!.name;
    const podEvents = (await ask(`(cluster: "demo-cluster", involvedName: "${pod}")`)).data!.events;
    expect(podEvents.map((e) => e.reason).sort()).toEqual(['Pulled', 'Pulled', 'Pulled', 'Scheduled']);
    expect(podEvents.find((e) => e.reason === 'Pulled')!.message).toMatch(/^Container image ".+" already present on machine$/);
    expect((await ask('(limit: 3)')).data!.events).toHaveLength(3);
  });

  it('refuses a bad limit and an unknown cluster with coded errors', async () => {
    expect((await ask('(limit: 0)')).errors![0]).toMatchObject({ message: 'limit must be between 1 and 1000', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await ask('(cluster: "nope")')).errors![0]).toMatchObject({ message: expect.stringContaining('no cluster "nope"'), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await ask('(involvedName: "a,b=c")')).errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
