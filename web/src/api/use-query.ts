// React hooks over the client: a query (optionally polled) and a subscription.
import { useCallback, useEffect, useRef, useState } from 'react';
import { request, subscribe, type ApiError, type RequestError } from './client';

export interface QueryState<T> {
  data: T | undefined;
  /** Field errors that came with the data. */
  errors: ApiError[];
  /** The request failed as a whole. */
  error: RequestError | undefined;
  loading: boolean;
  refetch: () => void;
}

/**
 * Runs `query` whenever it or its variables change, and every `pollMs` when given. While a new
 * answer loads, the previous one stays on screen (no flicker on polls and filter changes).
 */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, options: { pollMs?: number; skip?: boolean } = {}): QueryState<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<Omit<QueryState<T>, 'refetch'>>({ data: undefined, errors: [], error: undefined, loading: !options.skip });
  const [tick, setTick] = useState(0);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  const vars = useRef(variables);
  vars.current = variables;

  useEffect(() => {
    if (options.skip) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    request<T>(query, vars.current, controller.signal).then(
      (r) => setState({ data: r.data, errors: r.errors, error: undefined, loading: false }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, error: e as RequestError, loading: false }));
      },
    );
    return () => controller.abort();
  }, [query, key, tick, options.skip]);

  useEffect(() => {
    if (!options.pollMs || options.skip) return;
    const id = window.setInterval(refetch, options.pollMs);
    return () => window.clearInterval(id);
  }, [options.pollMs, options.skip, refetch]);

  return { ...state, refetch };
}

/** Keeps a subscription open while mounted (and its variables unchanged). */
export function useSubscription<T>(query: string, variables: Record<string, unknown>, onNext: (data: T) => void, options: { skip?: boolean } = {}): { error: RequestError | undefined; ended: boolean } {
  const key = JSON.stringify(variables);
  const [error, setError] = useState<RequestError | undefined>();
  const [ended, setEnded] = useState(false);
  const handler = useRef(onNext);
  handler.current = onNext;
  const vars = useRef(variables);
  vars.current = variables;
  useEffect(() => {
    if (options.skip) return;
    setError(undefined);
    setEnded(false);
    return subscribe<T>(query, vars.current, { onNext: (d) => handler.current(d), onError: setError, onComplete: () => setEnded(true) });
  }, [query, key, options.skip]);
  return { error, ended };
}
