// Where the traffic views (`smm stat`, `smm edges`) get their data: the backend of the other
// read commands plus, on a cluster, a Prometheus with the Istio standard metrics. Without one
// the views still list the inventory and report why traffic is missing.

import { loadKubeConfig } from '../kube/clientnode/index.js';
import type { MeshBackend } from '../server/backend.js';
import { createGraphQLHandler, GRAPHQL_PATH } from '../server/graphql/handler.js';
import { DEMO_NAMESPACE } from '../demo/index.js';
import { PrometheusTelemetry } from '../telemetry/prometheus/prometheus-telemetry.js';
import { openBackend } from './backend.js';
import type { CliIO, GlobalOptions } from './context.js';
import { CliError, usageError } from './errors.js';

export interface TrafficSourceFlags {
  demo?: boolean;
  prometheusUrl?: string;
}

/** Only http(s) URLs, checked before anything connects. */
export function parsePrometheusUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const example = 'e.g. http://prometheus.monitoring:9090';
  if (!/^https?:\/\//i.test(value)) throw usageError(`--prometheus-url "${value}": must start with http:// or https:// (${example})`);
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw usageError(`--prometheus-url "${value}": not a URL (${example})`);
  }
}

/** The demo brings its own simulated telemetry; a cluster gets Prometheus when one is named. */
export async function openTrafficBackend(globals: GlobalOptions, flags: TrafficSourceFlags, io: CliIO): Promise<MeshBackend> {
  const prometheusUrl = flags.demo ? undefined : parsePrometheusUrl(flags.prometheusUrl ?? io.env.SMM_PROMETHEUS_URL);
  const backend = await openBackend(globals, { demo: Boolean(flags.demo), io });
  return prometheusUrl ? { ...backend, telemetry: new PrometheusTelemetry({ url: prometheusUrl }) } : backend;
}

/**
 * The namespace a single-object target lives in when `-n` is absent, as kubectl resolves it:
 * the kubeconfig context's namespace, else `default`. The demo behaves as a context whose
 * namespace is the demo application's.
 */
export function defaultNamespace(globals: GlobalOptions, demo: boolean): string {
  if (globals.namespace) return globals.namespace;
  if (demo) return DEMO_NAMESPACE;
  const { kc } = loadKubeConfig({ kubeconfig: globals.kubeconfig, context: globals.context });
  return kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
}

export interface GraphQLIssue {
  message: string;
  extensions?: { code?: string };
}

/** The API's code for "inventory answered, traffic did not". */
export const TELEMETRY_UNAVAILABLE = 'TELEMETRY_UNAVAILABLE';

/**
 * Like `query` in graphql.ts, but a telemetry failure is not fatal: the topology's nodes still
 * arrive (edges are null), so the caller can show the inventory and report the reason.
 * Any other error fails the command.
 */
export async function queryToleratingTelemetry<T>(backend: MeshBackend, source: string, variables: Record<string, unknown>): Promise<{ data: T; trafficError?: string }> {
  const response = await createGraphQLHandler(backend).fetch(`http://smm${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: source, variables }),
  });
  const result = await response.json() as { data?: T | null; errors?: GraphQLIssue[] };
  const errors = result.errors ?? [];
  const fatal = errors.filter((e) => e.extensions?.code !== TELEMETRY_UNAVAILABLE);
  if (fatal.length > 0) throw new CliError(fatal.map((e) => e.message).join('; '));
  if (!result.data) throw new CliError(`the GraphQL API answered HTTP ${response.status} without data`);
  const telemetry = errors.find((e) => e.extensions?.code === TELEMETRY_UNAVAILABLE);
  return telemetry ? { data: result.data, trafficError: telemetry.message } : { data: result.data };
}

/** The failure that ends a traffic view once its rows are printed: exit 1, with the remedy. */
export function trafficUnavailable(message: string, backend: MeshBackend): CliError {
  const hint = backend.telemetry ? '' : ' (pass --prometheus-url or set SMM_PROMETHEUS_URL)';
  return new CliError(`${message}${hint}`);
}
