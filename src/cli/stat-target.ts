// What `smm stat` is asked about, parsed from its argument the way kubectl and linkerd read
// `TYPE/NAME`: a bare name is a namespace (one row per workload in it).

import { usageError } from './errors.js';

export type StatTarget =
  /** `NAME`: every workload of the namespace, one row each. */
  | { type: 'namespace-workloads'; namespace: string }
  /** `ns/NAME`: the namespace as one row (traffic into any of its workloads), as in linkerd. */
  | { type: 'namespace'; namespace: string }
  /** `deploy/NAME`, `sts/NAME`, `ds/NAME` (that kind only) or `wl/NAME` (any kind). */
  | { type: 'workload'; kind: WorkloadKind | undefined; noun: string; name: string }
  /** `svc/NAME`: traffic addressed to the service. */
  | { type: 'service'; name: string };

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export const STAT_TARGET_FORMS = 'NAMESPACE, ns/NAME, deploy/NAME, sts/NAME, ds/NAME, wl/NAME or svc/NAME';

interface TypeWord { type: 'namespace' | 'workload' | 'service'; kind?: WorkloadKind; noun: string }

/** Type words (lower-case, as kubectl spells them) and what they select. */
const TYPES: ReadonlyMap<string, TypeWord> = new Map(([
  [['ns', 'namespace', 'namespaces'], { type: 'namespace', noun: 'namespace' }],
  [['deploy', 'deployment', 'deployments'], { type: 'workload', kind: 'Deployment', noun: 'deployment' }],
  [['sts', 'statefulset', 'statefulsets'], { type: 'workload', kind: 'StatefulSet', noun: 'statefulset' }],
  [['ds', 'daemonset', 'daemonsets'], { type: 'workload', kind: 'DaemonSet', noun: 'daemonset' }],
  [['wl', 'workload', 'workloads'], { type: 'workload', noun: 'workload' }],
  [['svc', 'service', 'services'], { type: 'service', noun: 'service' }],
] satisfies [string[], TypeWord][]).flatMap(([words, t]) => words.map((w): [string, TypeWord] => [w, t])));

/** Kubernetes object names: DNS subdomains (lower-case alphanumerics, `-` and `.`). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function parseStatTarget(arg: string): StatTarget {
  const bad = (why: string): Error => usageError(`invalid target "${arg}": ${why}; use ${STAT_TARGET_FORMS}`);
  const parts = arg.split('/');
  if (parts.length > 2) throw bad('too many "/"');
  if (parts.length === 1) {
    if (!OBJECT_NAME.test(arg)) throw bad('not a namespace name');
    return { type: 'namespace-workloads', namespace: arg };
  }
  const [word = '', name = ''] = parts;
  const t = TYPES.get(word.toLowerCase());
  if (!t) throw bad(`unknown type "${word}"`);
  if (!OBJECT_NAME.test(name)) throw bad(name ? `"${name}" is not a ${t.noun} name` : 'no name after "/"');
  if (t.type === 'namespace') return { type: 'namespace', namespace: name };
  if (t.type === 'service') return { type: 'service', name };
  return { type: 'workload', kind: t.kind, noun: t.noun, name };
}
