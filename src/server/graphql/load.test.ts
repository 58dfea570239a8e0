import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { LOAD_UNAVAILABLE } from './load.js';
import { ask } from './testing.js';

const GENERATE = /* GraphQL */ `mutation Load($service: String!, $port: Int, $rps: Float!, $seconds: Int!, $method: String, $path: String) {
  generateLoad(namespace: "smm-demo", service: $service, port: $port, requestsPerSecond: $rps, durationSeconds: $seconds, method: $method, path: $path) {
    cluster namespace service port path method requestsPerSecond durationSeconds startedAt until } }`;
const TOPOLOGY = /* GraphQL */ `query T($at: String) { topology(namespaces: ["smm-demo"], at: $at) { edges { source target rps } } }`;

interface Run { service: string; port: number; path: string; method: string; requestsPerSecond: number; durationSeconds: number; startedAt: string; until: string }
interface Topology { topology: { edges: { source: string; target: string; rps: number }[] } }

describe('generateLoad', () => {
  it('starts a run on the demo and the target edge carries it on the topology', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const backend = await createDemoBackend({ seed: 3, now: () => now, validation: false });
    try {
      const toAnalytics = async (): Promise<number> => {
        const { data, errors } = await ask<Topology>(backend, TOPOLOGY, { at: new Date(now).toISOString() });
        expect(errors).toBeUndefined();
        return data!.topology.edges.filter((e) => e.source.includes('bombardier') && e.target.includes('analytics')).reduce((sum, e) => sum + e.rps, 0);
      };
      expect(await toAnalytics()).toBe(0);
      const { data, errors } = await ask<{ generateLoad: Run }>(backend, GENERATE, { service: 'analytics', port: 8080, rps: 50, seconds: 120 });
      expect(errors).toBeUndefined();
      expect(data!.generateLoad).toMatchObject({ service: 'analytics', port: 8080, path: '/', method: 'GET', requestsPerSecond: 50, durationSeconds: 120 });
      expect(Date.parse(data!.generateLoad.until) - Date.parse(data!.generateLoad.startedAt)).toBe(120_000);
      now += 90_000;
      const rps = await toAnalytics();
      expect(rps).toBeGreaterThan(40);
      expect(rps).toBeLessThan(60);
    } finally {
      await backend.close();
    }
  });

  it('refuses bad input with BAD_USER_INPUT naming the argument', async () => {
    const backend = await createDemoBackend({ seed: 3, validation: false });
    try {
      const cases: [Record<string, unknown>, string][] = [
        [{ service: 'analytics', port: 8080, rps: 0, seconds: 60 }, 'requestsPerSecond'],
        [{ service: 'analytics', port: 8080, rps: 10, seconds: 0 }, 'durationSeconds'],
        [{ service: 'analytics', port: 8080, rps: 10, seconds: 60, method: 'TRACE' }, 'method'],
        [{ service: 'analytics', port: 8080, rps: 10, seconds: 60, path: 'x' }, 'path'],
        [{ service: 'nope', port: 8080, rps: 10, seconds: 60 }, 'service'],
        [{ service: 'analytics', port: 1, rps: 10, seconds: 60 }, 'port'],
        [{ service: 'analytics', port: 8083, rps: 10, seconds: 60 }, 'port'],
      ];
      for (const [variables, argument] of cases) {
        const { errors } = await ask(backend, GENERATE, variables);
        expect(errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      }
    } finally {
      await backend.close();
    }
  });

  it('is UNAVAILABLE on a backend without a load generator (a cluster)', async () => {
    const demo = await createDemoBackend({ seed: 3, validation: false });
    try {
      const cluster = { ...demo, mode: 'cluster' as const, loadGenerator: undefined };
      const { errors } = await ask(cluster, GENERATE, { service: 'analytics', port: 8080, rps: 10, seconds: 60 });
      expect(errors?.[0]).toMatchObject({ message: LOAD_UNAVAILABLE, extensions: { code: 'UNAVAILABLE' } });
    } finally {
      await demo.close();
    }
  });
});
