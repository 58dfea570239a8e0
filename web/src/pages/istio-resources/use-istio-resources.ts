// Every cluster's Istio resources: one istioResources call per cluster (the API reads each
// cluster's API server as the user), merged; a cluster that fails is reported beside the rest.
import { useEffect, useState } from 'react';
import { request, RequestError, type ApiError } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { CLUSTERS_QUERY, RESOURCES_QUERY, type ClustersAnswer, type IstioResourceRow, type ResourcesAnswer } from './api';

export interface IstioResourcesState {
  rows: IstioResourceRow[] | undefined;
  /** Clusters that failed while others answered. */
  errors: ApiError[];
  /** Nothing could be read. */
  error: RequestError | undefined;
  loading: boolean;
  refetch: () => void;
}

export function useIstioResources(pollMs: number): IstioResourcesState {
  const clusters = useQuery<ClustersAnswer>(CLUSTERS_QUERY);
  const names = clusters.data?.clusters.map((c) => c.name) ?? [];
  const key = names.join(',');
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<Omit<IstioResourcesState, 'refetch' | 'loading'>>({ rows: undefined, errors: [], error: undefined });
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    setLoading(true);
    void Promise.allSettled(key.split(',').map((cluster) => request<ResourcesAnswer>(RESOURCES_QUERY, { cluster }, controller.signal))).then((results) => {
      if (controller.signal.aborted) return;
      const rows = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.data.istioResources : []));
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof RequestError ? r.reason : new RequestError(String(r.reason), 'INTERNAL_SERVER_ERROR')] : []));
      const partial = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.errors : []));
      if (failures.length === results.length) setState((s) => ({ ...s, error: failures[0] }));
      else setState({ rows, errors: [...partial, ...failures.map((f) => ({ code: f.code, message: f.message }))], error: undefined });
      setLoading(false);
    });
    return () => controller.abort();
  }, [key, tick]);

  useEffect(() => {
    const id = window.setInterval(() => setTick((t) => t + 1), pollMs);
    return () => window.clearInterval(id);
  }, [pollMs]);

  return { ...state, error: state.error ?? clusters.error, loading: loading || clusters.loading, refetch: () => setTick((t) => t + 1) };
}
