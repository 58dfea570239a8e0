// Test helpers for rules: build objects tersely and run one rule on one subject in a one-cluster
// context. Used by the rule tests only.

import type { KubeObject } from '../model/k8s.js';
import { AnalysisContext } from './context.js';
import { stamp, type Finding, type Rule } from './types.js';

export const TEST_CLUSTER = 'c1';

export function obj(apiVersion: string, kind: string, name: string, namespace: string | undefined, spec: Record<string, unknown> = {}, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(extra.metadata ?? {}) }, spec, ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'metadata')) };
}

export const gateway = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj('networking.istio.io/v1', 'Gateway', name, ns, spec);
export const virtualService = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj('networking.istio.io/v1', 'VirtualService', name, ns, spec);
export const destinationRule = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj('networking.istio.io/v1', 'DestinationRule', name, ns, spec);
export const serviceEntry = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => obj('networking.istio.io/v1', 'ServiceEntry', name, ns, spec);
export const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
export const service = (name: string, ns: string, selector: Record<string, string> | undefined, ports: { name?: string; port: number; appProtocol?: string }[] = [{ name: 'http', port: 80 }]): KubeObject =>
  obj('v1', 'Service', name, ns, { ...(selector ? { selector } : {}), ports });
export function pod(name: string, ns: string, labels: Record<string, string>, options: { sidecarImage?: string; serviceAccount?: string } = {}): KubeObject {
  const containers = [{ name: 'app', image: 'app:1' }, ...(options.sidecarImage ? [{ name: 'istio-proxy', image: options.sidecarImage }] : [])];
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels },
    spec: { containers, serviceAccountName: options.serviceAccount ?? 'default', nodeName: 'node-1' },
    status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, restartCount: 0 })) },
  };
}

/** A context over `objects` in one cluster (`c1`). */
export function contextOf(objects: readonly KubeObject[]): AnalysisContext {
  return new AnalysisContext({ clusters: [{ name: TEST_CLUSTER, objects }] });
}

/** Runs `rule` on the object named `subjectName` (of one of the rule's kinds) among `objects`. */
export function checkRule(rule: Rule, objects: readonly KubeObject[], subjectName: string, subjectNamespace?: string): Finding[] {
  const ctx = contextOf(objects);
  const subject = objects.find((o) => rule.kinds.includes(o.kind) && o.metadata.name === subjectName && (subjectNamespace === undefined || o.metadata.namespace === subjectNamespace));
  if (!subject) throw new Error(`no ${rule.kinds.join('/')} named ${subjectName} among the test objects`);
  const s = { cluster: TEST_CLUSTER, object: subject };
  return stamp(rule, s, rule.check(s, ctx), ctx.revisionOf(TEST_CLUSTER, subject.metadata.namespace));
}
