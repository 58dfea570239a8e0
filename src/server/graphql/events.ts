// Kubernetes Events: what controllers, the scheduler and kubelets say about objects. The
// model's caches do not keep them (they are many and short-lived), so they are read from the
// API server on demand, filtered by the server (field selectors), newest first.

import { createGraphQLError } from 'graphql-yoga';
import type { KubeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import { kubeGraphQLError } from './errors.js';
import type { GraphQLContext } from './context.js';

export const typeDefs = /* GraphQL */ `
  type KubeEventObject {
    kind: String!
    name: String!
    namespace: String
  }

  type KubeEventSource {
    "The reporting component: kubelet, default-scheduler, deployment-controller..."
    component: String!
    "The node (kubelet) or instance that reported it."
    host: String
  }

  "A Kubernetes Event (core/v1), repeated occurrences folded into one with a count."
  type KubeEvent {
    cluster: String!
    namespace: String!
    name: String!
    "Normal or Warning"
    type: String!
    reason: String!
    message: String!
    count: Int!
    "RFC 3339"
    firstSeen: String!
    "RFC 3339"
    lastSeen: String!
    involvedObject: KubeEventObject!
    source: KubeEventSource!
  }

  extend type Query {
    "Events, newest first; filtered by the object they are about (kind and/or name)."
    events(cluster: String, namespace: String, involvedKind: String, involvedName: String, limit: Int = 100): [KubeEvent!]!
  }
`;

export interface KubeEventView {
  cluster: string;
  namespace: string;
  name: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  involvedObject: { kind: string; name: string; namespace: string | null };
  source: { component: string; host: string | null };
}

interface CoreEvent {
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** Newer reporters (events.k8s.io) leave the legacy fields empty and fill eventTime and series. */
export function eventView(cluster: string, o: KubeObject): KubeEventView {
  const e = o as KubeObject & CoreEvent;
  const firstSeen = e.firstTimestamp || e.eventTime || o.metadata.creationTimestamp || '';
  return {
    cluster,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    type: e.type || 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.series?.count || e.count || 1,
    firstSeen: normalizeTime(firstSeen),
    lastSeen: normalizeTime(e.series?.lastObservedTime || e.lastTimestamp || e.eventTime || firstSeen),
    involvedObject: { kind: e.involvedObject?.kind ?? '', name: e.involvedObject?.name ?? '', namespace: e.involvedObject?.namespace || null },
    source: { component: e.source?.component || e.reportingComponent || '', host: e.source?.host || e.reportingInstance || null },
  };
}

/** eventTime has microseconds: whole seconds, as the other timestamps. */
function normalizeTime(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newestFirst(a: KubeEventView, b: KubeEventView): number {
  return Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || a.name.localeCompare(b.name);
}

/** The ports a query reads: the named cluster's, or every cluster's. */
export function portsFor(ctx: GraphQLContext, cluster: string | null | undefined): [string, ClusterPort][] {
  const ports = ctx.backend.ports;
  if (!ports) throw createGraphQLError('this backend has no cluster connection to read from', { extensions: { code: 'UNAVAILABLE' } });
  if (!cluster) return [...ports];
  const port = ports.get(cluster);
  if (!port) {
    throw createGraphQLError(`no cluster "${cluster}" (clusters: ${[...ports.keys()].join(', ')})`, { extensions: { code: 'BAD_USER_INPUT', argument: 'cluster' } });
  }
  return [[cluster, port]];
}

interface EventsArgs {
  cluster?: string | null;
  namespace?: string | null;
  involvedKind?: string | null;
  involvedName?: string | null;
  limit?: number | null;
}

const MAX_LIMIT = 1000;

function involvedSelector(args: EventsArgs): string | undefined {
  const parts = [
    ...(args.involvedKind ? [`involvedObject.kind=${args.involvedKind}`] : []),
    ...(args.involvedName ? [`involvedObject.name=${args.involvedName}`] : []),
  ];
  return parts.length > 0 ? parts.join(',') : undefined;
}

export async function listEvents(ctx: GraphQLContext, args: EventsArgs): Promise<KubeEventView[]> {
  const limit = args.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw createGraphQLError(`limit must be between 1 and ${MAX_LIMIT}`, { extensions: { code: 'BAD_USER_INPUT', argument: 'limit' } });
  }
  // Values with a comma or an `=` would change the selector's meaning.
  for (const [name, v] of [['involvedKind', args.involvedKind], ['involvedName', args.involvedName]] as const) {
    if (v && /[,=!\s]/.test(v)) throw createGraphQLError(`invalid ${name}: ${v}`, { extensions: { code: 'BAD_USER_INPUT', argument: name } });
  }
  const fieldSelector = involvedSelector(args);
  const perCluster = await Promise.all(portsFor(ctx, args.cluster).map(async ([cluster, port]) => {
    try {
      const list = await port.list(Resources.Event, { ...(args.namespace ? { namespace: args.namespace } : {}), ...(fieldSelector ? { fieldSelector } : {}) });
      return list.items.map((o) => eventView(cluster, o));
    } catch (e) {
      throw kubeGraphQLError(e);
    }
  }));
  return perCluster.flat().sort(newestFirst).slice(0, limit);
}

export const resolvers = {
  Query: {
    events: (_: unknown, args: EventsArgs, ctx: GraphQLContext) => listEvents(ctx, args),
  },
};
