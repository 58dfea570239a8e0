import { describe, expect, it } from 'vitest';
import { DEMO_APP, defineDemoApp, deriveEdges } from './app.js';

describe('the demo application', () => {
  it('has the product components, movies in three versions and the load generator', () => {
    const names = DEMO_APP.workloads.filter((w) => w.namespace === 'smm-demo').map((w) => w.name).sort();
    expect(names).toEqual([
      'analytics-v1', 'bombardier', 'bookings-v1', 'catalog-v1', 'database-v1', 'frontpage-v1',
      'movies-v1', 'movies-v2', 'movies-v3', 'mysql', 'notifications-v1', 'payments-v1', 'postgresql',
    ]);
    expect(DEMO_APP.load).toEqual({ minRPS: 10, maxRPS: 30, swingPeriodNs: 1_380_000_000_000 });
  });

  it('splits calls to movies over its versions by the route weights', () => {
    const toMovies = DEMO_APP.edges.filter((e) => e.service === 'movies');
    expect(toMovies.map((e) => [e.destination, e.ratio])).toEqual([['movies-v1', 0.75], ['movies-v2', 0.45], ['movies-v3', 0.3]]);
  });

  it('uses each protocol, with database edges on their own ports', () => {
    const byProtocol = (p: string) => DEMO_APP.edges.filter((e) => e.protocol === p).map((e) => e.id);
    expect(byProtocol('grpc')).toContain('analytics-v1->database-v1');
    expect(DEMO_APP.edges.find((e) => e.id === 'catalog-v1->postgresql')?.port).toMatchObject({ name: 'tcp-postgresql', port: 5432 });
    expect(DEMO_APP.edges.find((e) => e.id === 'database-v1->mysql')?.port).toMatchObject({ name: 'tcp-mysql', port: 3306 });
    expect(byProtocol('http')).toContain('bombardier->frontpage-v1');
  });

  it('gives one version of movies a steady error rate and the others none', () => {
    const failing = DEMO_APP.workloads.filter((w) => w.errorRate > 0).map((w) => [w.name, w.errorRate, w.errorCode]);
    expect(failing).toEqual([['movies-v3', 0.05, 503]]);
  });

  it('rejects calls to unknown services or ports', () => {
    const parts = { ...DEMO_APP };
    expect(() => deriveEdges(parts.workloads, parts.services, [{ from: 'catalog-v1', service: 'nope', port: 'http', ratio: 1 }])).toThrow(/no service nope/);
    expect(() => deriveEdges(parts.workloads, parts.services, [{ from: 'catalog-v1', service: 'movies', port: 'tcp-x', ratio: 1 }])).toThrow(/no port tcp-x/);
    expect(() => defineDemoApp({ ...parts, calls: [...parts.calls, parts.calls[0]!] })).toThrow(/declared twice/);
  });
});
