// HTTP to one API server. @kubernetes/client-node supplies what the kubeconfig says about
// trust and identity (CA, client certificates, bearer tokens, exec and auth-provider plugins,
// refreshed as they expire) through `KubeConfig.applyToHTTPSOptions`; the requests themselves are
// plain node:http(s), so every request carries exactly the headers we choose (impersonation,
// apply-patch content type), watches are read as a byte stream we split ourselves, cancelling is
// destroying the request, and failures are told apart precisely: a `Status` body from the server,
// a refused or reset connection, a TLS failure, a timeout.

import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError, type KubeErrorCause } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Headers = Record<string, string | string[]>;

export interface RequestSpec {
  method: Method;
  /** Path below the server URL, starting with `/`. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  contentType?: string;
  headers?: Headers;
  /** Retrying a request the server may already have executed is harmful (create). */
  idempotent?: boolean;
}

export interface TransportOptions {
  /** Client-side timeout of non-watch requests. */
  timeoutMs?: number;
  userAgent?: string;
}

/** Error codes of failures to reach or talk to the server (as opposed to it answering). */
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

interface AuthResult {
  agent: http.Agent;
  headers: Headers;
}

export class Transport {
  /** The API server's base URL (without trailing slash), as in the kubeconfig. */
  readonly server: string;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private agent: { key: string; agent: http.Agent } | undefined;

  constructor(private readonly kc: KubeConfig, readonly clusterName: string, options: TransportOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster?.server) throw new KubeError('BadRequest', `cluster "${clusterName}" has no server URL in the kubeconfig`);
    this.server = cluster.server.replace(/\/+$/, '');
    this.base = new URL(this.server);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'smm';
  }

  /** Send a request and parse the JSON answer; any non-2xx answer becomes a KubeError. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.send(spec, undefined, this.timeoutMs);
    const text = await readBody(res).catch((e: unknown) => { throw this.connectionError(e); });
    const code = res.statusCode ?? 0;
    if (code < 200 || code >= 300) throw this.errorFromResponse(spec, code, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError('InternalError', `${spec.method} ${this.server}${spec.path}: the server answered HTTP ${code} with a body that is not JSON: ${snippet(text)}`);
    }
  }

  /**
   * Open a streaming request (watch). Resolves with the response once the server answered
   * 2xx; a non-2xx answer rejects with its KubeError. `signal` cancels at any point.
   */
  async stream(spec: RequestSpec, signal?: AbortSignal): Promise<{ response: http.IncomingMessage; request: http.ClientRequest }> {
    let request: http.ClientRequest | undefined;
    const response = await this.send(spec, signal, 0, (r) => { request = r; });
    const code = response.statusCode ?? 0;
    if (code < 200 || code >= 300) {
      const text = await readBody(response).catch((e: unknown) => { throw this.connectionError(e); });
      throw this.errorFromResponse(spec, code, text);
    }
    return { response, request: request! };
  }

  /** Close pooled connections (keep-alive sockets). */
  close(): void {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }

  /** The server's `Status` (or whatever it said) as a KubeError. */
  errorFromResponse(spec: Pick<RequestSpec, 'method' | 'path'>, code: number, text: string): KubeError {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status') {
      return statusError(body, code);
    }
    const message = `${spec.method} ${this.server}${spec.path}: HTTP ${code}${text.trim() ? `: ${snippet(text)}` : ''}`;
    return statusError({ message, code }, code);
  }

  private async send(spec: RequestSpec, signal: AbortSignal | undefined, timeoutMs: number, onRequest?: (r: http.ClientRequest) => void): Promise<http.IncomingMessage> {
    const auth = await this.auth();
    const attempt = (): Promise<http.IncomingMessage> => new Promise((resolve, reject) => {
      const url = new URL(this.base.pathname.replace(/\/+$/, '') + spec.path, this.base);
      if (spec.query) url.search = spec.query.toString();
      const payload = spec.body === undefined ? undefined : Buffer.from(typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body));
      const headers: Headers = {
        ...auth.headers,
        Accept: 'application/json',
        'User-Agent': this.userAgent,
        ...(payload ? { 'Content-Type': spec.contentType ?? 'application/json', 'Content-Length': String(payload.length) } : {}),
        ...spec.headers,
      };
      const lib = url.protocol === 'http:' ? http : https;
      const req = lib.request(url, { method: spec.method, headers, agent: auth.agent });
      onRequest?.(req);
      let timedOut = false;
      let aborted = false;
      const onAbort = (): void => {
        aborted = true;
        req.destroy();
      };
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => {
          timedOut = true;
          req.destroy();
        });
      }
      req.on('response', (res) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal) {
          // Cancelling while the body streams ends the response too.
          signal.addEventListener('abort', () => req.destroy(), { once: true });
        }
        resolve(res);
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        if (aborted) reject(new AbortedError());
        else if (timedOut) reject(new KubeError('Timeout', `${spec.method} ${url.origin}${spec.path}: no answer from the API server within ${timeoutMs} ms`, { cause: e }));
        else if (req.reusedSocket && e.code === 'ECONNRESET' && spec.idempotent !== false) reject(new StaleSocketError(e));
        else reject(this.connectionError(e));
      });
      req.end(payload);
    });
    try {
      return await attempt();
    } catch (e) {
      // A pooled keep-alive connection the server closed meanwhile (e.g. it restarted): the
      // request never reached it, so one retry on a fresh connection is safe.
      if (e instanceof StaleSocketError) return attempt().catch((e2: unknown) => { throw e2 instanceof StaleSocketError ? this.connectionError(e2.cause) : e2; });
      throw e;
    }
  }

  /** A failure to reach the server (refused, reset, DNS, TLS) as `Unavailable`, naming the URL. */
  connectionError(e: unknown): KubeError {
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? '';
    const what = TLS_CODES.test(code) || /certificate|tls|ssl/i.test(err.message)
      ? `TLS connection to the API server ${this.server} (cluster "${this.clusterName}") failed: ${err.message}; check the cluster's certificate-authority and the client certificate in the kubeconfig`
      : `cannot reach the API server ${this.server} (cluster "${this.clusterName}"): ${err.message || code}`;
    return new KubeError('Unavailable', what, { cause: e });
  }

  /** Credentials and trust from client-node, per request (tokens and exec credentials expire). */
  private async auth(): Promise<AuthResult> {
    const opts: https.RequestOptions = { headers: {} };
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (e) {
      const user = this.kc.getCurrentUser()?.name ?? '';
      throw new KubeError('Unauthorized', `cannot get credentials for user "${user}" of cluster "${this.clusterName}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const headers: Headers = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') headers[k] = String(v);
      else if (Array.isArray(v)) headers[k] = v.map(String);
    }
    if (opts.auth) headers['Authorization'] = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    // A proxy agent (cluster.proxyUrl) is used as client-node built it; direct connections share
    // one keep-alive agent as long as the TLS material stays the same.
    if (this.kc.getCurrentCluster()?.proxyUrl && opts.agent instanceof http.Agent) return { agent: opts.agent, headers };
    const tls = {
      ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase,
      rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername,
    };
    const key = JSON.stringify(tls, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
    if (this.agent?.key !== key) {
      this.agent?.agent.destroy();
      const agent = this.base.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true, ...dropUndefined(tls) });
      this.agent = { key, agent };
    }
    return { agent: this.agent.agent, headers };
  }
}

/** The request was cancelled through its AbortSignal. */
export class AbortedError extends Error {
  constructor() {
    super('request aborted');
    this.name = 'AbortError';
  }
}

class StaleSocketError extends Error {
  constructor(override readonly cause: NodeJS.ErrnoException) {
    super(cause.message);
  }
}

/**
 * `KubeError.fromStatus` (which also reads 429 as `Unavailable`), and two corrections where the
 * server's Status says less than it knows:
 * - server-side apply of a field the schema does not declare answers HTTP 500 ("failed to create
 *   typed patch object"), but it is the request that is wrong: `BadRequest`, as for create;
 * - strict field validation names unknown and duplicate fields only in the message: they are
 *   added as causes with their field paths.
 */
export function statusError(status: unknown, httpCode: number): KubeError {
  let err = KubeError.fromStatus(status, httpCode);
  if (err.code === 500 && /failed to create typed patch object/.test(err.message)) {
    err = new KubeError('BadRequest', err.message, { code: 400, causes: err.causes });
  }
  if (err.causes.length === 0 && (err.reason === 'BadRequest' || err.reason === 'Invalid')) {
    const causes = fieldCauses(err.message);
    if (causes.length > 0) return new KubeError(err.reason, err.message, { code: err.code, causes });
  }
  return err;
}

function fieldCauses(message: string): KubeErrorCause[] {
  const causes: KubeErrorCause[] = [];
  // Create / update: `strict decoding error: unknown field "spec.x", duplicate field "y"`.
  for (const m of message.matchAll(/(unknown|duplicate) field "([^"]+)"/g)) {
    causes.push({ field: m[2]!, reason: m[1] === 'unknown' ? 'FieldValueUnknown' : 'FieldValueDuplicate', message: `${m[1]} field` });
  }
  // Server-side apply: `.spec.x: field not declared in schema`.
  for (const m of message.matchAll(/(?:^|\s)\.([^\s:]+): field not declared in schema/g)) {
    causes.push({ field: m[1]!, reason: 'FieldValueUnknown', message: 'field not declared in schema' });
  }
  return causes;
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function snippet(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
