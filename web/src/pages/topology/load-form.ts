// The test-load form's pure side: which targets and ports it offers, turning the fields into
// the mutation's variables, and the sentence that says what was started.

export interface LoadService {
  cluster: string;
  namespace: string;
  name: string;
  ports: { name: string | null; port: number; protocol: string }[];
}

export interface LoadFields {
  target: string;
  port: string;
  path: string;
  method: string;
  rps: string;
  duration: string;
}

export interface LoadVariables {
  cluster: string;
  namespace: string;
  service: string;
  port: number;
  path: string;
  method: string;
  requestsPerSecond: number;
  durationSeconds: number;
}

export const LOAD_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const;

/** Ports that can take HTTP requests (UNKNOWN: Istio sniffs); TCP, TLS, databases are not offered. */
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'HTTPS', 'GRPC', 'GRPC_WEB', 'UNKNOWN']);
export const httpPorts = (s: LoadService | undefined): LoadService['ports'] => (s?.ports ?? []).filter((p) => HTTP_PROTOCOLS.has(p.protocol));

export const targetKey = (s: Pick<LoadService, 'cluster' | 'namespace' | 'name'>): string => `${s.cluster}/${s.namespace}/${s.name}`;
export const targetLabel = (s: Pick<LoadService, 'namespace' | 'name'>): string => `${s.name}.${s.namespace}`;

/** Services that can take load (at least one HTTP port), by namespace then name. */
export function loadTargets(services: readonly LoadService[]): LoadService[] {
  return services.filter((s) => httpPorts(s).length > 0)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.cluster.localeCompare(b.cluster));
}

/** The mutation's variables, or which field is not even a number (range checks are the server's). */
export function loadVariables(fields: LoadFields, services: readonly LoadService[]): { ok: true; variables: LoadVariables } | { ok: false; field: keyof LoadFields; message: string } {
  const service = services.find((s) => targetKey(s) === fields.target);
  if (!service) return { ok: false, field: 'target', message: 'Pick a target service.' };
  const number = (field: 'port' | 'rps' | 'duration', label: string): number | string => {
    const text = fields[field].trim();
    const n = Number(text);
    return text === '' || !Number.isFinite(n) ? `${label} must be a number.` : n;
  };
  const port = number('port', 'Port');
  if (typeof port === 'string') return { ok: false, field: 'port', message: port };
  const rps = number('rps', 'Requests per second');
  if (typeof rps === 'string') return { ok: false, field: 'rps', message: rps };
  const duration = number('duration', 'Duration');
  if (typeof duration === 'string') return { ok: false, field: 'duration', message: duration };
  return {
    ok: true,
    variables: {
      cluster: service.cluster, namespace: service.namespace, service: service.name, port,
      path: fields.path.trim(), method: fields.method, requestsPerSecond: rps, durationSeconds: duration,
    },
  };
}

/** "sending 20 rps to catalog:8080 for 60 s" */
export function startedMessage(run: { service: string; port: number; requestsPerSecond: number; durationSeconds: number }): string {
  return `sending ${run.requestsPerSecond} rps to ${run.service}:${run.port} for ${run.durationSeconds} s`;
}
