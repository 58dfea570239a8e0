// Who is asking: the identity of one API request, and how the server finds it.
//
// - A request with `Authorization: Bearer <token>` is authenticated by the API server itself
//   (TokenReview, sent as the server's own account). Every Istio-resource read and write of
//   that request then goes through impersonation of the token's user and groups, so the API
//   server's RBAC decides, and the server never acts with more rights than its user.
// - A request without a token depends on the mode:
//   - `local` (default: `smm demo`, `smm server` run by a person with their kubeconfig on
//     loopback): local single-user mode, the request acts as the kubeconfig's identity;
//   - `impersonation` (in-cluster, `SMM_AUTH_MODE=impersonation`): refused with 401;
//   - `anonymous` (in-cluster with `--anonymous-auth`): the server's own account.
//
// An invalid token is refused with 401 in every mode: a client that sends credentials means
// them, and falling back to another identity would surprise it.

import { createHash } from 'node:crypto';
import { isKubeError } from '../../kube/errors.js';
import type { ClusterPort, UserInfo } from '../../kube/port.js';

export type AuthMode = 'local' | 'impersonation' | 'anonymous';

export const AUTH_MODES: readonly AuthMode[] = ['local', 'impersonation', 'anonymous'];

/** The identity a request acts as. */
export type RequestIdentity =
  /** A user authenticated by a bearer token: ports act as this user (impersonation). */
  | { kind: 'user'; user: UserInfo }
  /** No token: the server's own identity (the kubeconfig's locally, the service account in a pod). */
  | { kind: 'server'; mode: AuthMode };

/** A request the server refuses before running it: HTTP 401 with this message. */
export class AuthenticationError extends Error {
  readonly status = 401;
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface AuthOptions {
  /** Default: `SMM_AUTH_MODE` from the environment, else `local`. */
  mode?: AuthMode;
  /** How long an accepted token's review is reused (ms, default 30 s; 0 disables the cache). */
  cacheMs?: number;
  now?: () => number;
}

/** The mode from `SMM_AUTH_MODE` (what the installer sets in the smm Deployment); `local` when unset. */
export function authModeFromEnv(env: Record<string, string | undefined> = process.env): AuthMode {
  const v = env['SMM_AUTH_MODE']?.trim();
  if (!v) return 'local';
  if ((AUTH_MODES as readonly string[]).includes(v)) return v as AuthMode;
  throw new Error(`SMM_AUTH_MODE="${v}" is not one of ${AUTH_MODES.join(', ')}`);
}

/** The token of an `Authorization: Bearer` header; undefined without the header. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!m) throw new AuthenticationError('the Authorization header must be "Bearer <token>"');
  return m[1];
}

export interface Authenticator {
  readonly mode: AuthMode;
  /** The identity of a request from its Authorization header; rejects with AuthenticationError. */
  authenticate(authorization: string | null | undefined): Promise<RequestIdentity>;
}

/**
 * An authenticator that asks `reviewer()` (the port of the cluster smm runs in, acting as the
 * server's own account) to review tokens. Accepted tokens are cached briefly by their hash, as
 * the API server's webhook authenticator does, so a dashboard's many requests cost one review.
 */
export function createAuthenticator(reviewer: () => ClusterPort | undefined, options: AuthOptions = {}): Authenticator {
  const mode = options.mode ?? authModeFromEnv();
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { user: UserInfo; until: number }>();

  const review = async (token: string): Promise<UserInfo> => {
    const key = createHash('sha256').update(token).digest('hex');
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.user;
    const port = reviewer();
    if (!port) throw new AuthenticationError('cannot authenticate the bearer token: this server has no cluster to review it');
    let result;
    try {
      result = await port.tokenReview(token);
    } catch (e) {
      if (isKubeError(e, 'Forbidden')) {
        throw new AuthenticationError(`cannot authenticate the bearer token: the server's account may not create TokenReviews (${e.message})`);
      }
      throw e;
    }
    if (!result.authenticated || !result.user) {
      throw new AuthenticationError(`invalid bearer token: the API server did not authenticate it${result.error ? ` (${result.error})` : ''}`);
    }
    const user: UserInfo = { username: result.user.username, groups: [...(result.user.groups ?? [])] };
    if (cacheMs > 0) {
      if (cache.size > 1000) cache.clear();
      cache.set(key, { user, until: now() + cacheMs });
    }
    return user;
  };

  return {
    mode,
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      if (token) return { kind: 'user', user: await review(token) };
      if (mode === 'impersonation') {
        throw new AuthenticationError('authentication required: send "Authorization: Bearer <token>" with a Kubernetes token (for example `kubectl create token <service-account>` or your kubeconfig\'s token)');
      }
      return { kind: 'server', mode };
    },
  };
}

/** The port a request's Kubernetes calls go through: impersonating its user, or the server's own. */
export function portAs(port: ClusterPort, identity: RequestIdentity | undefined): ClusterPort {
  if (!identity || identity.kind === 'server') return port;
  return port.impersonate(identity.user);
}

/** `viewer`, or `the server's identity`: for messages. */
export function describeIdentity(identity: RequestIdentity | undefined): string {
  if (!identity || identity.kind === 'server') return "the server's own identity";
  return `user "${identity.user.username}"`;
}
