// Readiness: what later components (and the user) need before going on. CRDs must be
// Established before their custom resources can be applied; workloads must be Available.

import type { KubeObject } from '../../core/model/k8s.js';
import { isKubeError, KubeError } from '../../kube/errors.js';
import { describeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';

interface Readiness {
  condition: string;
  ready(current: KubeObject): boolean;
}

type Cond = { type: string; status: string };
const conditionTrue = (o: KubeObject, type: string): boolean =>
  ((o.status as { conditions?: Cond[] } | undefined)?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
const observed = (o: KubeObject): boolean =>
  ((o.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);
const num = (o: KubeObject, path: 'spec' | 'status', key: string, fallback = 0): number =>
  ((o[path] as Record<string, unknown> | undefined)?.[key] as number | undefined) ?? fallback;

export function readinessOf(o: KubeObject): Readiness | undefined {
  switch (o.kind) {
    case 'CustomResourceDefinition':
      return { condition: 'Established', ready: (c) => conditionTrue(c, 'Established') };
    case 'Deployment':
      return { condition: 'Available', ready: (c) => observed(c) && conditionTrue(c, 'Available') && num(c, 'status', 'availableReplicas') >= num(c, 'spec', 'replicas', 1) };
    case 'StatefulSet':
      return { condition: 'Ready', ready: (c) => observed(c) && num(c, 'status', 'readyReplicas') >= num(c, 'spec', 'replicas', 1) };
    case 'DaemonSet':
      return { condition: 'Ready', ready: (c) => observed(c) && num(c, 'status', 'numberReady') >= num(c, 'status', 'desiredNumberScheduled') };
    default:
      return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}

/** Poll until every object is ready; a timeout names the object, the condition and how long. */
export async function waitForReady(
  port: ClusterPort,
  objects: KubeObject[],
  timeoutMs: number,
  onWait: (object: string, condition: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (const o of objects) {
    const r = readinessOf(o);
    if (!r) continue;
    const t = await port.resolveType(o.apiVersion, o.kind);
    const deadline = Date.now() + timeoutMs;
    let announced = false;
    let delay = 100;
    for (;;) {
      let current: KubeObject | undefined;
      try {
        current = await port.get(t, o.metadata.name!, o.metadata.namespace);
      } catch (e) {
        if (!isKubeError(e, 'NotFound')) throw e;
      }
      if (current && r.ready(current)) break;
      if (!announced) {
        onWait(describeObject(o), r.condition);
        announced = true;
      }
      if (Date.now() > deadline) {
        throw new KubeError('Timeout', `${describeObject(o)} did not become ${r.condition} within ${Math.round(timeoutMs / 1000)} s`);
      }
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 1_000);
    }
  }
}

/**
 * A namespace being deleted refuses new content, so installing right after an uninstall
 * would fail: wait until such a namespace is gone (then it is created afresh).
 */
export async function waitForTerminatingNamespaces(
  port: ClusterPort,
  namespaces: KubeObject[],
  timeoutMs: number,
  onWait: (object: string, condition: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (const ns of namespaces) {
    const t = await port.resolveType(ns.apiVersion, ns.kind);
    const deadline = Date.now() + timeoutMs;
    let announced = false;
    for (;;) {
      let current: KubeObject;
      try {
        current = await port.get(t, ns.metadata.name!);
      } catch (e) {
        if (isKubeError(e, 'NotFound')) break;
        throw e;
      }
      if (!current.metadata.deletionTimestamp) break;
      if (!announced) {
        onWait(describeObject(ns), 'deleted (it is terminating)');
        announced = true;
      }
      if (Date.now() > deadline) throw new KubeError('Timeout', `${describeObject(ns)} is still terminating after ${Math.round(timeoutMs / 1000)} s`);
      await sleep(500, signal);
    }
  }
}
