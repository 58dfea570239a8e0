// One error type for every failure that crosses the cluster port, shaped after the API
// server's `Status` object so adapters only translate, and callers branch on `reason`.

export type KubeErrorReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Invalid'
  | 'BadRequest'
  | 'Gone'
  | 'MethodNotAllowed'
  | 'Timeout'
  | 'Unavailable'
  | 'InternalError'
  | 'Unknown';

export interface KubeErrorCause {
  /** Field path, e.g. `spec.http[0].route`. */
  field?: string;
  reason?: string;
  message: string;
}

const statusCodeOf: Record<KubeErrorReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Forbidden: 403,
  Unauthorized: 401,
  Invalid: 422,
  BadRequest: 400,
  Gone: 410,
  MethodNotAllowed: 405,
  Timeout: 504,
  Unavailable: 503,
  InternalError: 500,
  Unknown: 500,
};

export class KubeError extends Error {
  readonly reason: KubeErrorReason;
  readonly code: number;
  readonly causes: KubeErrorCause[];

  constructor(reason: KubeErrorReason, message: string, options: { code?: number; causes?: KubeErrorCause[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KubeError';
    this.reason = reason;
    this.code = options.code ?? statusCodeOf[reason];
    this.causes = options.causes ?? [];
  }

  /** Build from an API server `Status` body (or anything shaped like it). */
  static fromStatus(status: unknown, httpCode?: number): KubeError {
    const s = (typeof status === 'object' && status !== null ? status : {}) as {
      reason?: string; message?: string; code?: number;
      details?: { causes?: { field?: string; reason?: string; message?: string }[] };
    };
    const code = s.code ?? httpCode ?? 500;
    const reason = normalizeReason(s.reason, code);
    const causes = (s.details?.causes ?? []).map((c) => ({
      field: c.field, reason: c.reason, message: c.message ?? '',
    }));
    return new KubeError(reason, s.message ?? `request failed with HTTP ${code}`, { code, causes });
  }
}

function normalizeReason(reason: string | undefined, code: number): KubeErrorReason {
  const known: KubeErrorReason[] = ['NotFound', 'AlreadyExists', 'Conflict', 'Forbidden', 'Unauthorized',
    'Invalid', 'BadRequest', 'Gone', 'MethodNotAllowed', 'Timeout', 'InternalError'];
  if (reason === 'Expired') return 'Gone';
  // 429: the server is up but not ready (e.g. its watch cache after a restart): retry later.
  if (reason === 'ServiceUnavailable' || reason === 'TooManyRequests' || code === 429) return 'Unavailable';
  if (reason && (known as string[]).includes(reason)) return reason as KubeErrorReason;
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 409: return 'Conflict';
    case 410: return 'Gone';
    case 422: return 'Invalid';
    case 503: return 'Unavailable';
    case 504: return 'Timeout';
    default: return 'Unknown';
  }
}

export function isKubeError(e: unknown, reason?: KubeErrorReason): e is KubeError {
  return e instanceof KubeError && (reason === undefined || e.reason === reason);
}
