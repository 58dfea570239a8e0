// The dashboard's only way to the backend: GraphQL over HTTP (queries, mutations) and over
// Server-Sent Events (subscriptions), on the same endpoint the CLI and scripts use.

export const GRAPHQL_PATH = '/api/graphql';
const TOKEN_KEY = 'smm.token';

/** One GraphQL error as the server sends it; `code` is `extensions.code` (docs/graphql.md). */
export interface ApiError {
  message: string;
  code: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A request that failed as a whole (network, HTTP status, or errors without data). */
export class RequestError extends Error {
  constructor(message: string, readonly code: string, readonly errors: ApiError[] = []) {
    super(message);
  }
}

export interface QueryResult<T> {
  data: T;
  /** Errors on some fields while the rest arrived (e.g. TELEMETRY_UNAVAILABLE). */
  errors: ApiError[];
}

export function getToken(): string | null {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

function headers(accept: string): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json', accept };
  const token = getToken();
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

interface RawError { message?: string; path?: (string | number)[]; extensions?: Record<string, unknown> }

function toApiErrors(raw: RawError[] | undefined): ApiError[] {
  return (raw ?? []).map((e) => ({
    message: e.message ?? 'unknown error',
    code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR',
    ...(e.path ? { path: e.path } : {}),
    ...(e.extensions ? { extensions: e.extensions } : {}),
  }));
}

/** Runs a query or mutation. Field errors come back beside the data; a failed request throws. */
export async function request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<QueryResult<T>> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, { method: 'POST', headers: headers('application/graphql-response+json, application/json'), body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new RequestError('the smm server does not answer: is it still running?', 'NETWORK');
  }
  let body: { data?: T | null; errors?: RawError[] };
  try {
    body = await res.json() as typeof body;
  } catch {
    throw new RequestError(`the smm server answered HTTP ${res.status} without a GraphQL response`, `HTTP_${res.status}`);
  }
  const errors = toApiErrors(body.errors);
  if (res.status === 401) throw new RequestError(errors[0]?.message ?? 'not signed in', 'UNAUTHENTICATED', errors);
  if (body.data === null || body.data === undefined) {
    throw new RequestError(errors.map((e) => e.message).join('; ') || `HTTP ${res.status}`, errors[0]?.code ?? `HTTP_${res.status}`, errors);
  }
  return { data: body.data, errors };
}

/**
 * Subscribes over Server-Sent Events; `onNext` gets each payload's data. Returns the function
 * that ends the stream (and the server's work for it).
 */
export function subscribe<T>(query: string, variables: Record<string, unknown>, handlers: { onNext: (data: T) => void; onError: (error: RequestError) => void; onComplete?: () => void }): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const res = await fetch(GRAPHQL_PATH, { method: 'POST', headers: headers('text/event-stream'), body: JSON.stringify({ query, variables }), signal: controller.signal });
      if (!res.ok || !res.body) throw new RequestError(`subscription refused: HTTP ${res.status}`, res.status === 401 ? 'UNAUTHENTICATED' : `HTTP_${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: ?(.*)$/m.exec(frame)?.[1];
          const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (event === 'complete') { handlers.onComplete?.(); return; }
          if (!data) continue;
          const payload = JSON.parse(data) as { data?: T; errors?: RawError[] };
          const errors = toApiErrors(payload.errors);
          if (payload.data) handlers.onNext(payload.data);
          else if (errors.length) handlers.onError(new RequestError(errors.map((e) => e.message).join('; '), errors[0]!.code, errors));
        }
      }
      handlers.onComplete?.();
    } catch (e) {
      if (controller.signal.aborted) return;
      handlers.onError(e instanceof RequestError ? e : new RequestError('the live stream was interrupted: the smm server stopped answering', 'NETWORK'));
    }
  })();
  return () => controller.abort();
}
