// Who creates (and who may delete) each namespace. Several components share `smm-system`;
// deleting a namespace deletes everything in it, so the rule is:
//
//  - a namespace only one component uses (cert-manager, cluster-registry, istio-system by
//    default) belongs to that component: present when it is enabled, absent when not;
//  - a namespace several components use (smm-system) is created by the first *enabled* one in
//    COMPONENT_ORDER and is never returned absent: disabling components never deletes it (the
//    product, too, leaves it for `kubectl delete namespace`);
//  - well-known namespaces (default, kube-system, ...) are never created nor deleted.
//
// For a given configuration exactly one component returns each namespace.

import type { KubeObject } from '../../core/model/k8s.js';
import { COMPONENT_ORDER, type InstallConfig } from '../api/types.js';
import type { DesiredObject } from './component.js';
import { namespaceObject, PART_OF } from './k8s.js';
import { componentSettings, type StackComponent } from './settings.js';

export const WELL_KNOWN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The components that place objects in `namespace` under this configuration, in order. */
export function namespaceUsers(config: InstallConfig, namespace: string): StackComponent[] {
  return COMPONENT_ORDER.filter((c) => componentSettings(config, c).namespace === namespace);
}

function namespaceFor(name: string): KubeObject {
  return namespaceObject(name, { 'app.kubernetes.io/part-of': PART_OF });
}

/** The Namespace object `component` is responsible for, if any (see the rule above). */
export function componentNamespace(config: InstallConfig, component: StackComponent): DesiredObject[] {
  const { namespace, enabled } = componentSettings(config, component);
  if (WELL_KNOWN_NAMESPACES.has(namespace)) return [];
  const users = namespaceUsers(config, namespace);
  if (users.length === 1) return [{ object: namespaceFor(namespace), state: enabled ? 'present' : 'absent' }];
  const creator = users.find((c) => componentSettings(config, c).enabled);
  return creator === component ? [{ object: namespaceFor(namespace), state: 'present' }] : [];
}
