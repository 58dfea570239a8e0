import { describe, expect, it } from 'vitest';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import { AuthenticationError, authModeFromEnv, bearerToken, createAuthenticator, portAs } from './identity.js';

describe('request identity', () => {
  it('reads the mode from SMM_AUTH_MODE (local when unset) and refuses unknown modes', () => {
    expect(authModeFromEnv({})).toBe('local');
    expect(authModeFromEnv({ SMM_AUTH_MODE: 'impersonation' })).toBe('impersonation');
    expect(() => authModeFromEnv({ SMM_AUTH_MODE: 'oidc' })).toThrow(/not one of local, impersonation, anonymous/);
  });

  it('parses Bearer headers and refuses other schemes', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(() => bearerToken('Basic dXNlcjpwdw==')).toThrow(AuthenticationError);
  });

  it('authenticates tokens by TokenReview (cached), and applies the mode to requests without one', async () => {
    const cluster = new MemoryCluster({ tokens: { t1: { username: 'alice', groups: ['devs'] } } });
    const port = cluster.port();
    let reviews = 0;
    const counting = { ...port, tokenReview: (t: string) => { reviews++; return port.tokenReview(t); } } as typeof port;
    const local = createAuthenticator(() => counting, { mode: 'local' });
    expect(await local.authenticate('Bearer t1')).toEqual({ kind: 'user', user: { username: 'alice', groups: ['devs', 'system:authenticated'] } });
    await local.authenticate('Bearer t1');
    expect(reviews).toBe(1);
    await expect(local.authenticate('Bearer nope')).rejects.toThrow(/invalid bearer token/);
    expect(await local.authenticate(null)).toEqual({ kind: 'server', mode: 'local' });
    const inCluster = createAuthenticator(() => counting, { mode: 'impersonation' });
    await expect(inCluster.authenticate(undefined)).rejects.toThrow(/authentication required/);
    const noCluster = createAuthenticator(() => undefined, { mode: 'local' });
    await expect(noCluster.authenticate('Bearer t1')).rejects.toThrow(/no cluster/);
  });

  it('acts as the user through impersonation, or as the server without one', async () => {
    const cluster = new MemoryCluster();
    const port = cluster.port();
    expect(portAs(port, { kind: 'server', mode: 'local' })).toBe(port);
    expect(portAs(port, { kind: 'user', user: { username: 'bob' } }).description).toBe('memory/bob');
  });
});
