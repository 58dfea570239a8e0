// A test-load request (TOPOLOGY > HTTP) checked against the mesh before anything is sent:
// every refusal names the argument to fix, so the form can show it next to that field.

import type { MeshModel, Service } from '../model/types.js';

export const LOAD_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const;
export type LoadMethod = (typeof LOAD_METHODS)[number];
export const MAX_LOAD_RPS = 1000;
export const MAX_LOAD_SECONDS = 3600;

export interface LoadRequestInput {
  cluster?: string | null;
  namespace: string;
  service: string;
  port?: number | null;
  path?: string | null;
  method?: string | null;
  requestsPerSecond: number;
  durationSeconds: number;
}

export interface LoadRequest {
  cluster: string;
  namespace: string;
  service: string;
  port: number;
  path: string;
  method: LoadMethod;
  requestsPerSecond: number;
  durationSeconds: number;
}

export type LoadRequestCheck = { ok: true; request: LoadRequest } | { ok: false; argument: string; message: string };

const refuse = (argument: string, message: string): LoadRequestCheck => ({ ok: false, argument, message });
const isMethod = (m: string): m is LoadMethod => (LOAD_METHODS as readonly string[]).includes(m);

/** The request with defaults filled in, or the first argument that is wrong and why. */
export function checkLoadRequest(model: Pick<MeshModel, 'services'>, input: LoadRequestInput): LoadRequestCheck {
  const rps = input.requestsPerSecond;
  if (!Number.isFinite(rps) || rps <= 0 || rps > MAX_LOAD_RPS) return refuse('requestsPerSecond', `requestsPerSecond must be more than 0 and at most ${MAX_LOAD_RPS} (got ${rps})`);
  const seconds = input.durationSeconds;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_LOAD_SECONDS) return refuse('durationSeconds', `durationSeconds must be a whole number from 1 to ${MAX_LOAD_SECONDS} (got ${seconds})`);
  const method = (input.method ?? 'GET').toUpperCase();
  if (!isMethod(method)) return refuse('method', `method must be one of ${LOAD_METHODS.join(', ')} (got ${input.method})`);
  const path = input.path ?? '/';
  if (!path.startsWith('/') || /\s/.test(path)) return refuse('path', `path must start with / and contain no spaces (got "${path}")`);
  const candidates: Service[] = model.services.filter((s) => s.namespace === input.namespace && s.name === input.service && (!input.cluster || s.cluster === input.cluster));
  const service = candidates[0];
  if (!service) return refuse('service', `no service ${input.service} in namespace ${input.namespace}${input.cluster ? ` of cluster ${input.cluster}` : ''}`);
  const port = input.port ?? (service.ports.length === 1 ? service.ports[0]!.port : undefined);
  if (port === undefined) return refuse('port', `service ${service.name} has several ports (${service.ports.map((p) => p.port).join(', ')}): choose one`);
  if (!service.ports.some((p) => p.port === port)) return refuse('port', `service ${service.name} has no port ${port} (it has ${service.ports.map((p) => p.port).join(', ') || 'none'})`);
  return {
    ok: true,
    request: { cluster: service.cluster, namespace: service.namespace, service: service.name, port, path, method, requestsPerSecond: rps, durationSeconds: seconds },
  };
}

/** What a load generator started: the request and the instants it covers. */
export interface LoadRun {
  request: LoadRequest;
  fromMs: number;
  untilMs: number;
}

/** Sends test load; only the demo has one (on a cluster it would be a Job run as the user). */
export interface LoadGenerator {
  /** Throws LoadRefused when the target cannot take load after all (e.g. a plain TCP port). */
  start(request: LoadRequest): LoadRun;
}

/** A refusal from the generator itself, naming the argument to fix. */
export class LoadRefused extends Error {
  constructor(readonly argument: string, message: string) {
    super(message);
  }
}
