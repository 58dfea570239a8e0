// Test support for the GraphQL tests: ask the real handler (schema, plugins, masking) the way
// clients do, and a telemetry port whose new series methods are fakes that record their calls.

import type { EntityMetrics, EntityRef, ProxyResources, Series, SeriesRange } from '../../core/traffic/types.js';
import type { EntitySeriesQuery, TelemetryPort } from '../../telemetry/port.js';
import type { MeshBackend } from '../backend.js';
import { createGraphQLHandler, GRAPHQL_PATH } from './handler.js';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; argument?: string } & Record<string, unknown> }[];
}

export async function ask<T>(backend: MeshBackend, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
  const r = await createGraphQLHandler(backend).fetch(`http://smm${GRAPHQL_PATH}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }),
  });
  return await r.json() as GraphQLAnswer<T>;
}

export interface FakeSeriesTelemetry extends TelemetryPort {
  entityCalls: EntitySeriesQuery[];
  resourceCalls: { entity: EntityRef; range: SeriesRange }[];
}

/** A series over the range, one point per step (60 s when the caller leaves it open). */
export function fakeSeries(range: SeriesRange, value: (i: number) => number | null): Series {
  const stepMs = range.stepMs ?? 60_000;
  const points = Math.floor((range.toMs - range.fromMs) / stepMs);
  return { startMs: range.fromMs, stepMs, values: Array.from({ length: points }, (_, i) => value(i)) };
}

/** Edge traffic from `base` (e.g. the demo's); entity series made up, numbered by signal. */
export function fakeSeriesTelemetry(base: Pick<TelemetryPort, 'edgeTraffic' | 'workloadSignals'>, options: { fail?: Error } = {}): FakeSeriesTelemetry {
  const entityCalls: EntitySeriesQuery[] = [];
  const resourceCalls: { entity: EntityRef; range: SeriesRange }[] = [];
  return {
    entityCalls,
    resourceCalls,
    edgeTraffic: (q) => base.edgeTraffic(q),
    workloadSignals: (q) => base.workloadSignals(q),
    entityMetrics: (query) => {
      entityCalls.push(query);
      if (options.fail) return Promise.reject(options.fail);
      const s = (k: number): Series => fakeSeries(query.range, (i) => (i === 0 ? null : k + i));
      const metrics: EntityMetrics = {
        requestsPerSecond: s(1), errorRate: s(2), p50Ms: s(3), p95Ms: s(4), p99Ms: s(5),
        requestBytesPerSecond: s(6), responseBytesPerSecond: s(7), tcpSentBytesPerSecond: s(8), tcpReceivedBytesPerSecond: s(9),
        tcpConnectionsOpenedPerSecond: s(10), tcpConnectionsClosedPerSecond: s(11),
      };
      return Promise.resolve(metrics);
    },
    proxyResources: (entity, range) => {
      resourceCalls.push({ entity, range });
      if (options.fail) return Promise.reject(options.fail);
      const resources: ProxyResources = { cpuCores: fakeSeries(range, () => 0.05), memoryBytes: fakeSeries(range, () => 40e6) };
      return Promise.resolve(resources);
    },
  };
}
