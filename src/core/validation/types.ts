// The validation catalogue's vocabulary. A rule looks at one object (its subject) in the
// context of the whole mesh and reports findings; the analyzer stamps each finding with the
// rule's stable ID and severity and the subject's identity. Modelled on istioctl analyze's
// message catalogue (stable IDs, severity, a fix) and Kiali's one-checker-per-rule split.

import type { KubeObject } from '../model/k8s.js';
import type { AnalysisContext } from './context.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** An object of some cluster: what rules check and what lookups return. */
export interface ConfigObject {
  cluster: string;
  object: KubeObject;
}

/** The identity of a finding's subject. */
export interface Subject {
  /** API group, '' for core (e.g. `networking.istio.io`). */
  group: string;
  kind: string;
  cluster: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/**
 * What a rule reports. `path` points into the object in dotted/bracket notation from its root
 * (`spec.servers[0].tls.credentialName`, `spec.http[1].route[0].destination.subset`) so
 * editors can highlight the spot and offline mode can map it to a file line.
 */
export interface RuleFinding {
  /** A more specific ID under the rule's (`schema/unknown-field` under `schema`); the rule's when absent. */
  checkID?: string;
  path: string;
  message: string;
  /** Values that explain the finding (`port: 9443`, `reusedCertificateSecret: secret:…`). */
  context?: Record<string, string>;
  /** A fix for this very case, when more specific than the rule's. */
  fix?: string;
  /** Overrides the rule's severity for this case (rare: e.g. info when only a guess). */
  severity?: Severity;
}

export interface Finding {
  /** The rule's stable ID, e.g. `gateway/reused-cert`. */
  checkID: string;
  severity: Severity;
  subject: Subject;
  path: string;
  message: string;
  context: Record<string, string>;
  fix: string;
  /** `cp-v115x.istio-system`: the control plane the subject's namespace belongs to, when known. */
  istioRevision?: string;
}

export interface Rule {
  /** Stable, lowercase, slash-separated: `<kind>/<check>[/<sub-check>]`. Never renamed. */
  id: string;
  severity: Severity;
  /** Subject kinds this rule checks (`Gateway`, `VirtualService`, `Pod`, ...). */
  kinds: readonly string[];
  /**
   * Other kinds whose changes can change this rule's verdict on a subject. The analyzer
   * re-runs the rule on every subject when one of them changes (incremental validation).
   */
  reads: readonly string[];
  /** One line for the catalogue (`smm analyze --list-rules`, docs). */
  title: string;
  /** The generic suggested fix. */
  fix: string;
  check(subject: ConfigObject, ctx: AnalysisContext): RuleFinding[];
}

/** The API group of an object from its apiVersion (`networking.istio.io/v1` → `networking.istio.io`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function subjectOf(o: ConfigObject): Subject {
  return {
    group: groupOf(o.object.apiVersion),
    kind: o.object.kind,
    cluster: o.cluster,
    ...(o.object.metadata.namespace ? { namespace: o.object.metadata.namespace } : {}),
    name: o.object.metadata.name ?? '',
  };
}

/**
 * The manual's subjectContextKey: `<kind>.<group>:<cluster>:<namespace>:<name>`, kind in lower
 * case (`gateway.networking.istio.io:master:istio-system:demo-gw`); core kinds have no group part.
 */
export function subjectKey(s: Subject): string {
  const kind = s.kind.toLowerCase();
  return `${s.group ? `${kind}.${s.group}` : kind}:${s.cluster}:${s.namespace ?? ''}:${s.name}`;
}

/** A rule's findings as full findings. */
export function stamp(rule: Rule, subject: ConfigObject, findings: readonly RuleFinding[], istioRevision?: string): Finding[] {
  const s = subjectOf(subject);
  return findings.map((f) => ({
    checkID: f.checkID ?? rule.id,
    severity: f.severity ?? rule.severity,
    subject: s,
    path: f.path,
    message: f.message,
    context: f.context ?? {},
    fix: f.fix ?? rule.fix,
    ...(istioRevision ? { istioRevision } : {}),
  }));
}
