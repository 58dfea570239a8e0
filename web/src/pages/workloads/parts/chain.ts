// The drill-down chain (workload → controller → pod → node) as links and breadcrumbs.
import { pathTo } from '../../../app/router';
import type { Crumb } from '../../../components/Page';

export interface ControllerLink { kind: string; name: string }

/**
 * The controller directly above a pod: the deepest of the workload's chain whose name the pod's
 * name extends (a ReplicaSet `web-5d9f` owns `web-5d9f-x2k4p`), else the top of the chain.
 */
export function controllerOfPod(chain: readonly ControllerLink[], podName: string): ControllerLink | undefined {
  for (let i = chain.length - 1; i > 0; i--) {
    if (podName.startsWith(`${chain[i]!.name}-`)) return chain[i];
  }
  return chain[0];
}

/** `?cluster=` for links in a multi-cluster mesh; nothing when the cluster is unknown. */
export const withCluster = (path: string, cluster: string | null | undefined): string => (cluster ? `${path}?cluster=${encodeURIComponent(cluster)}` : path);

export const workloadPath = (namespace: string, name: string, cluster?: string | null) => withCluster(pathTo('workloads', namespace, name), cluster);
export const controllerPath = (namespace: string, kind: string, name: string, cluster?: string | null) => withCluster(pathTo('controllers', namespace, kind, name), cluster);
export const podPath = (namespace: string, name: string, cluster?: string | null) => withCluster(pathTo('pods', namespace, name), cluster);
export const servicePath = (namespace: string, name: string, cluster?: string | null) => withCluster(pathTo('services', namespace, name), cluster);
/** A node link remembers the pod it came from, so its breadcrumbs lead back up the chain. */
export function nodePath(name: string, cluster?: string | null, from?: { namespace: string; pod: string }): string {
  const q = new URLSearchParams();
  if (cluster) q.set('cluster', cluster);
  if (from) q.set('pod', `${from.namespace}/${from.pod}`);
  const s = q.toString();
  return pathTo('nodes', name) + (s ? `?${s}` : '');
}

/** Breadcrumbs down to (and excluding) the current level. */
export function chainCrumbs(at: { namespace: string; cluster?: string | null; workload?: string; controller?: ControllerLink; pod?: string }): Crumb[] {
  const crumbs: Crumb[] = [{ label: 'Workloads', to: `/workloads?ns=${encodeURIComponent(at.namespace)}` }];
  if (at.workload) crumbs.push({ label: `Workload ${at.workload}`, to: workloadPath(at.namespace, at.workload, at.cluster) });
  if (at.controller) crumbs.push({ label: `${at.controller.kind} ${at.controller.name}`, to: controllerPath(at.namespace, at.controller.kind, at.controller.name, at.cluster) });
  if (at.pod) crumbs.push({ label: `Pod ${at.pod}`, to: podPath(at.namespace, at.pod, at.cluster) });
  return crumbs;
}
