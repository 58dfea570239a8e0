// The analyzer: runs the rule catalogue over a mesh snapshot and returns findings in a
// deterministic order. Pure: no I/O, no clock. Two entry points:
//
// - `analyzeMesh(ctx, rules)`: a full analysis of one AnalysisContext.
// - `IncrementalAnalyzer`: keeps findings per (rule, subject) and, given the objects that
//   changed since the last run, re-runs only what those changes can affect.
//
// Decisions (documented in docs/validation.md):
//
// 1. Schema rules run first. A schema rule is one whose ID is `schema` or starts with
//    `schema/` (the Istio schema validator's `schemaRule`). When a schema rule reports an
//    *error* on an object, the semantic rules skip that object as a subject: their findings on
//    a structurally broken object would be noise (or crash on unexpected shapes). The object
//    still takes part in lookups for other subjects (a VirtualService with a bad field still
//    routes to hosts other rules check).
// 2. Order: rules in catalogue order (schema rules first); within a rule, subjects by
//    (cluster, namespace, kind, name); within a subject, the order the rule reported them in.
//    The order the cluster cache happens to list objects in never shows.
// 3. A rule that throws does not stop the analysis: the failure is reported as an
//    `analyzer/rule-failed` warning on the subject, naming the rule and the error.
// 4. Incremental dependencies, as `Rule.reads` declares them. A change to an object of kind K
//    re-runs each rule whose `reads` include K on all its subjects, and each rule whose `kinds`
//    include K on that object only (or drops its findings when it was deleted). A rule that
//    compares a subject with its peers of the same kind (two Gateways sharing a certificate)
//    must therefore list its own kind in `reads`; the property test in analyze.test.ts runs
//    the whole catalogue against full analyses and catches a rule that does not.
//    `peers: 'assume'` treats every rule's own kinds as read (exact for any rule set, about
//    five times slower per change on a 10,000-resource mesh).

import type { AnalysisContext, AnalysisInput } from './context.js';
import { AnalysisContext as Context, revisionsByNamespace } from './context.js';
import { ALL_RULES } from './rules/index.js';
import { stamp, subjectKey, subjectOf, type ConfigObject, type Finding, type Rule, type RuleFinding } from './types.js';

/** The ID reported when a rule throws. */
export const RULE_FAILED_ID = 'analyzer/rule-failed';

export function isSchemaRule(rule: Rule): boolean {
  return rule.id === 'schema' || rule.id.startsWith('schema/');
}

/**
 * The rule a finding comes from: its checkID is the rule's ID or a more specific one under it
 * (`schema/unknown-field` under `schema`). The longest matching ID wins.
 */
export function ruleOfCheck<R extends { id: string }>(rules: readonly R[], checkID: string): R | undefined {
  let best: R | undefined;
  for (const r of rules) {
    if ((checkID === r.id || checkID.startsWith(`${r.id}/`)) && (!best || r.id.length > best.id.length)) best = r;
  }
  return best;
}

/** Schema rules first, then the others, each group in the given order. */
export function orderRules(rules: readonly Rule[]): Rule[] {
  return [...rules.filter(isSchemaRule), ...rules.filter((r) => !isSchemaRule(r))];
}

/** An object that changed (added, modified or deleted) since the last analysis. */
export interface ChangedObject {
  kind: string;
  cluster: string;
  namespace?: string;
  name: string;
}

export interface AnalyzerOptions {
  /**
   * `declared` (default): a change to a kind re-runs a rule that checks that kind on the
   * changed object only, unless the kind is also in the rule's `reads`. `assume`: on all its
   * subjects (for rule sets that compare peers without declaring it).
   */
  peers?: 'assume' | 'declared';
}

/** The identity of an object, as subjectKey() prints it, without needing the apiVersion. */
const objectKey = (kind: string, cluster: string, namespace: string | undefined, name: string): string =>
  `${kind}\u0000${cluster}\u0000${namespace ?? ''}\u0000${name}`;
const keyOfObject = (o: ConfigObject): string => objectKey(o.object.kind, o.cluster, o.object.metadata.namespace, o.object.metadata.name ?? '');

/** Sort key of a subject: cluster, namespace, kind, name. */
const sortKey = (o: ConfigObject): string =>
  `${o.cluster}\u0000${o.object.metadata.namespace ?? ''}\u0000${o.object.kind}\u0000${o.object.metadata.name ?? ''}`;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type RevisionOf = (cluster: string, namespace: string | undefined) => string | undefined;

/** Runs one rule on one subject, stamping the findings; a throwing rule becomes a finding. */
function runRule(rule: Rule, subject: ConfigObject, ctx: AnalysisContext, revisionOf: RevisionOf = (c, n) => ctx.revisionOf(c, n)): Finding[] {
  let found: RuleFinding[] | Error;
  try {
    found = rule.check(subject, ctx);
  } catch (e) {
    found = e instanceof Error ? e : new Error(String(e));
  }
  // Only findings need the revision (which needs the mesh model): most subjects have none.
  if (!(found instanceof Error) && found.length === 0) return [];
  const revision = revisionOf(subject.cluster, subject.object.metadata.namespace);
  if (!(found instanceof Error)) return stamp(rule, subject, found, revision);
  return [{
    checkID: RULE_FAILED_ID,
    severity: 'warning',
    subject: subjectOf(subject),
    path: '',
    message: `rule ${rule.id} failed on this object: ${found.message}`,
    context: { rule: rule.id, error: found.message },
    fix: 'Report this to the smm maintainers with the object; the other rules still ran.',
    ...(revision ? { istioRevision: revision } : {}),
  }];
}

const sortedSubjects = new WeakMap<AnalysisContext, Map<string, ConfigObject[]>>();

/** Subjects of a rule in the context, sorted by (cluster, namespace, kind, name); memoized per context. */
function subjectsOf(rule: Rule, ctx: AnalysisContext): ConfigObject[] {
  let memo = sortedSubjects.get(ctx);
  if (!memo) sortedSubjects.set(ctx, memo = new Map());
  const kinds = rule.kinds.join('\u0000');
  let out = memo.get(kinds);
  if (!out) {
    out = rule.kinds.flatMap((k) => ctx.all(k)).map((o) => ({ o, k: sortKey(o) })).sort((a, b) => compare(a.k, b.k)).map((x) => x.o);
    memo.set(kinds, out);
  }
  return out;
}

/** Objects that have an error-severity schema finding (semantic rules skip them). */
const schemaBroken = (findings: readonly Finding[]): Set<string> =>
  new Set(findings.filter((f) => f.severity === 'error')
    .map((f) => objectKey(f.subject.kind, f.subject.cluster, f.subject.namespace, f.subject.name)));

/**
 * A full analysis: every rule on every subject of its kinds. Takes a context or plain input
 * (clusters of objects); the rules default to the semantic catalogue (ALL_RULES; callers add
 * the schema rule).
 */
export function analyzeMesh(input: AnalysisContext | AnalysisInput, rules: readonly Rule[] = ALL_RULES): Finding[] {
  const ctx = input instanceof Context ? input : new Context(input);
  const ordered = orderRules(rules);
  const out: Finding[] = [];
  const schemaFindings: Finding[] = [];
  let broken: Set<string> | undefined;
  for (const rule of ordered) {
    const schema = isSchemaRule(rule);
    if (!schema) broken ??= schemaBroken(schemaFindings);
    for (const subject of subjectsOf(rule, ctx)) {
      if (!schema && broken!.has(keyOfObject(subject))) continue;
      const found = runRule(rule, subject, ctx);
      if (schema) schemaFindings.push(...found);
      out.push(...found);
    }
  }
  return out;
}

/** Convenience: analyze plain input (clusters of objects). */
export function analyzeInput(input: AnalysisInput, rules: readonly Rule[] = ALL_RULES): Finding[] {
  return analyzeMesh(new Context(input), rules);
}

/**
 * Findings kept per (rule, subject), updated from the objects that changed. `update` returns
 * exactly what `analyzeMesh` would return on the new input (the property test holds it to
 * that), at the cost of the rules the changes can affect.
 */
export class IncrementalAnalyzer {
  private readonly rules: Rule[];
  /** Per rule (same index as `rules`): subject object key → { sort key, findings }. */
  private readonly byRule: Map<string, { sort: string; findings: Finding[] }>[];
  /** Each rule's findings in order, kept until the rule's findings change. */
  private readonly sortedByRule: (Finding[] | undefined)[] = [];
  private ctx: AnalysisContext | undefined;
  private cached: Finding[] | undefined;
  /**
   * Namespace → control plane revision, kept across updates that change none of
   * REVISION_KINDS: computing it needs the mesh model, the most expensive index there is.
   */
  private revisions: Map<string, string | undefined> | undefined;
  private readonly revisionOf: RevisionOf = (cluster, namespace) => {
    if (!namespace) return undefined;
    this.revisions ??= revisionsByNamespace(this.ctx!.model);
    return this.revisions.get(`${cluster}\u0000${namespace}`);
  };
  /** What the last update did, for logs and the benchmark. */
  lastUpdate = { rulesFull: 0, subjectRuns: 0 };

  constructor(rules: readonly Rule[], private readonly options: AnalyzerOptions = {}) {
    this.rules = orderRules(rules);
    this.byRule = this.rules.map(() => new Map());
  }

  get context(): AnalysisContext | undefined {
    return this.ctx;
  }

  /** Analyze from scratch. */
  full(input: AnalysisInput | AnalysisContext): Finding[] {
    const ctx = input instanceof Context ? input : new Context(input as AnalysisInput);
    this.ctx = ctx;
    this.revisions = undefined;
    let runs = 0;
    let broken: Set<string> | undefined;
    this.rules.forEach((rule, i) => {
      const m = new Map<string, { sort: string; findings: Finding[] }>();
      this.byRule[i] = m;
      const schema = isSchemaRule(rule);
      if (!schema) broken ??= this.brokenObjects();
      for (const subject of subjectsOf(rule, ctx)) {
        const k = keyOfObject(subject);
        if (!schema && broken!.has(k)) continue;
        runs++;
        const found = runRule(rule, subject, ctx, this.revisionOf);
        if (found.length > 0) m.set(k, { sort: sortKey(subject), findings: found });
      }
    });
    this.lastUpdate = { rulesFull: this.rules.length, subjectRuns: runs };
    this.sortedByRule.length = 0;
    this.cached = undefined;
    return this.findings();
  }

  /**
   * Re-analyze after `changed` objects were added, modified or deleted; `input` is the whole
   * new state. Without a previous analysis this is a full one.
   */
  update(input: AnalysisInput | AnalysisContext, changed: readonly ChangedObject[]): Finding[] {
    if (!this.ctx) return this.full(input);
    const changedKinds = new Set(changed.map((c) => c.kind));
    // A new snapshot as plain input: derive its context, keeping indexes no change touched.
    const ctx = input instanceof Context ? input : this.ctx.next(input as AnalysisInput, changedKinds);
    this.ctx = ctx;
    if (changed.length === 0) return this.findings();
    const revisionsChanged = [...changedKinds].some((k) => REVISION_KINDS.has(k));
    if (revisionsChanged) this.revisions = undefined;
    const assumePeers = this.options.peers === 'assume';
    let rulesFull = 0;
    let runs = 0;
    // Schema rules run first, so the semantic rules below see the new broken-object set.
    let broken: Set<string> | undefined;
    this.rules.forEach((rule, i) => {
      const schema = isSchemaRule(rule);
      if (!schema) broken ??= this.brokenObjects();
      const m = this.byRule[i]!;
      const full = rule.reads.some((k) => changedKinds.has(k)) || (assumePeers && rule.kinds.some((k) => changedKinds.has(k)));
      if (full) {
        rulesFull++;
        this.sortedByRule[i] = undefined;
        m.clear();
        for (const subject of subjectsOf(rule, ctx)) {
          const k = keyOfObject(subject);
          if (!schema && broken!.has(k)) continue;
          runs++;
          const found = runRule(rule, subject, ctx, this.revisionOf);
          if (found.length > 0) m.set(k, { sort: sortKey(subject), findings: found });
        }
        return;
      }
      for (const c of changed) {
        if (!rule.kinds.includes(c.kind)) continue;
        this.sortedByRule[i] = undefined;
        const k = objectKey(c.kind, c.cluster, c.namespace, c.name);
        m.delete(k);
        const subject = ctx.get(c.kind, c.cluster, c.namespace, c.name);
        if (!subject || (!schema && broken!.has(k))) continue;
        runs++;
        const found = runRule(rule, subject, ctx, this.revisionOf);
        if (found.length > 0) m.set(k, { sort: sortKey(subject), findings: found });
      }
    });
    // A namespace's control plane (the findings' istioRevision) comes from Namespaces and
    // control planes; when those change, re-stamp what was kept.
    if (revisionsChanged) this.restamp();
    this.lastUpdate = { rulesFull, subjectRuns: runs };
    this.cached = undefined;
    return this.findings();
  }

  /** The current findings, in analyzeMesh's order. */
  findings(): Finding[] {
    if (this.cached) return this.cached;
    const out: Finding[] = [];
    this.byRule.forEach((m, i) => {
      this.sortedByRule[i] ??= [...m.values()].sort((a, b) => compare(a.sort, b.sort)).flatMap((e) => e.findings);
      for (const f of this.sortedByRule[i]) out.push(f);
    });
    this.cached = out;
    return out;
  }

  private brokenObjects(): Set<string> {
    const schemaFindings: Finding[] = [];
    this.rules.forEach((rule, i) => {
      if (isSchemaRule(rule)) for (const e of this.byRule[i]!.values()) schemaFindings.push(...e.findings);
    });
    return schemaBroken(schemaFindings);
  }

  private restamp(): void {
    this.sortedByRule.length = 0;
    for (const m of this.byRule) {
      for (const e of m.values()) {
        e.findings = e.findings.map((f) => {
          const revision = this.revisionOf(f.subject.cluster, f.subject.namespace);
          if (revision === f.istioRevision) return f;
          const { istioRevision: _old, ...rest } = f;
          return revision ? { ...rest, istioRevision: revision } : rest;
        });
      }
    }
  }
}

/** Kinds the mesh model derives namespaces' control planes from (see buildMeshModel). */
const REVISION_KINDS = new Set(['Namespace', 'IstioControlPlane', 'Deployment']);

/** Findings grouped by the manual's subjectContextKey, in first-appearance order. */
export function groupBySubject(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = subjectKey(f.subject);
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  }
  return out;
}
