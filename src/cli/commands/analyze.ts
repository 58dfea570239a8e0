// `smm analyze`: the mesh validator from the shell. On a cluster (or the demo) it reads the live
// validator's findings through the GraphQL API, like the dashboard; with `-f` it validates
// manifest files offline (for CI), as one cluster named `offline`, and says file:line for each
// finding. Output: the manual's text format, the manual's JSON (and YAML), or SARIF 2.1.0.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { analyzeMesh, ruleOfCheck } from '../../core/validation/analyze.js';
import { AnalysisContext } from '../../core/validation/context.js';
import { parseManifests } from '../../core/validation/source/parse-manifests.js';
import { SEVERITY_RANK, subjectKey, type Finding, type Rule, type Severity } from '../../core/validation/types.js';
import type { KubeObject } from '../../kube/object.js';
import { ResourceRegistry } from '../../kube/resources.js';
import type { MeshBackend } from '../../server/backend.js';
import { createDemoBackend } from '../../server/demo-backend.js';
import { ruleCatalogue, VALIDATION_RULES, type RuleInfo } from '../../server/validation/catalogue.js';
import { SMM_VERSION } from '../../version.js';
import { openBackend } from '../backend.js';
import type { CliIO } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { query } from '../graphql.js';
import { renderTable } from '../output.js';

export const ANALYZE_FORMATS = ['text', 'json', 'yaml', 'sarif'] as const;
export type AnalyzeFormat = typeof ANALYZE_FORMATS[number];
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
export type FailOn = typeof FAIL_ON[number];

/** Exit code when findings reach --fail-on (0 ok, 1 failure, 2 usage). */
export const EXIT_FINDINGS = 3;
/** The cluster name of offline mode. */
export const OFFLINE_CLUSTER = 'offline';
/** The ID of a file that is not valid YAML (or not Kubernetes objects). */
export const YAML_SYNTAX_ID = 'yaml/syntax';

/** A finding and, in offline mode, where it is in the files. */
export interface Located {
  finding: Finding;
  file?: string;
  line?: number;
}

// --- findings from the live validator (GraphQL) --------------------------------------------

const ISSUES_QUERY = `query($ns: String) {
  validationIssues(namespace: $ns) {
    checkID severity path message fix istioRevision
    subject { cluster kind group namespace name }
    context { key value }
  }
}`;

interface IssueRow {
  checkID: string;
  severity: Severity;
  path: string;
  message: string;
  fix: string | null;
  istioRevision: string | null;
  subject: { cluster: string; kind: string; group: string; namespace: string | null; name: string };
  context: { key: string; value: string }[];
}

const fromIssue = (i: IssueRow): Finding => ({
  checkID: i.checkID, severity: i.severity, path: i.path, message: i.message, fix: i.fix ?? '',
  subject: { group: i.subject.group, kind: i.subject.kind, cluster: i.subject.cluster, name: i.subject.name, ...(i.subject.namespace ? { namespace: i.subject.namespace } : {}) },
  context: Object.fromEntries(i.context.map((c) => [c.key, c.value])),
  ...(i.istioRevision ? { istioRevision: i.istioRevision } : {}),
});

async function liveFindings(backend: MeshBackend, namespace: string | undefined): Promise<Located[]> {
  const data = await query<{ validationIssues: IssueRow[] }>(backend, ISSUES_QUERY, { ns: namespace ?? null });
  return data.validationIssues.map((i) => ({ finding: fromIssue(i) }));
}

// --- offline mode: files -------------------------------------------------------------------

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** The manifest files of -f arguments: files as given, directories walked (sorted). */
export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`cannot read ${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/**
 * Kinds whose objects describe running cluster state rather than configuration: manifests
 * seldom contain them. Offline, a rule that reads one of them while the files contain none
 * cannot judge (every Gateway would lack its pods and its Secret), so its findings are left out.
 */
export const CLUSTER_STATE_KINDS = ['Pod', 'Secret', 'WorkloadEntry', 'ServiceAccount', 'Node', 'ReplicaSet', 'Endpoints', 'IstioControlPlane'];

const registry = new ResourceRegistry();

/** Namespaced objects without a namespace land in `default`, as kubectl apply would put them. */
function withNamespace(o: KubeObject, namespace: string): KubeObject {
  if (o.metadata?.namespace || registry.find(o.kind)?.namespaced === false) return o;
  return { ...o, metadata: { ...o.metadata, namespace } };
}

export interface OfflineResult {
  findings: Located[];
  files: number;
  objects: number;
}

/** Validates manifest files as one cluster: the schema rule, then the semantic rules. */
export function analyzeFiles(files: readonly string[], options: { rules?: readonly Rule[]; namespace?: string; cwd?: string } = {}): OfflineResult {
  const rules = options.rules ?? VALIDATION_RULES;
  const display = (f: string): string => (options.cwd ? relative(options.cwd, f) || f : f);
  const syntax: Located[] = [];
  const parsed: { object: KubeObject; file: string; lineOf: (path: string) => number | undefined }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const name = display(file);
    let result: ReturnType<typeof parseManifests>;
    try {
      result = parseManifests(text, name);
    } catch (e) {
      // The parser reports bad input as errors; anything else must not stop the other files.
      result = { objects: [], errors: [{ file: name, documentIndex: 0, line: 1, column: 1, message: e instanceof Error ? e.message : String(e) }] };
    }
    for (const err of result.errors) {
      syntax.push({
        file: name, line: err.line,
        finding: {
          checkID: YAML_SYNTAX_ID, severity: 'error', path: '', message: err.message, context: {}, fix: 'Fix the YAML syntax; nothing in this document was validated.',
          subject: { group: '', kind: 'File', cluster: OFFLINE_CLUSTER, name },
        },
      });
    }
    for (const m of result.objects) parsed.push({ object: withNamespace(m.object, 'default'), file: name, lineOf: (p) => m.lineOf(p).line });
  }
  const objects = parsed.map((p) => p.object);
  const ctx = new AnalysisContext({ clusters: [{ name: OFFLINE_CLUSTER, objects }] });
  const present = new Set(objects.map((o) => o.kind));
  const blind = new Set(rules.filter((r) => r.reads.some((k) => CLUSTER_STATE_KINDS.includes(k) && !present.has(k))).map((r) => r.id));
  const where = new Map(parsed.map((p) => [objectKey(p.object.kind, p.object.metadata.namespace, p.object.metadata.name ?? ''), p]));
  const located = analyzeMesh(ctx, rules)
    .filter((f) => !blind.has(ruleOfCheck(rules, f.checkID)?.id ?? f.checkID))
    .map((finding): Located => {
      const source = where.get(objectKey(finding.subject.kind, finding.subject.namespace, finding.subject.name));
      return { finding, ...(source ? { file: source.file, line: source.lineOf(finding.path) } : {}) };
    });
  const all = [...syntax, ...located];
  const ns = options.namespace;
  return {
    findings: ns ? all.filter((l) => l.finding.subject.kind === 'File' || l.finding.subject.namespace === ns) : all,
    files: files.length,
    objects: objects.length,
  };
}

const objectKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

// --- output ----------------------------------------------------------------------------------

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const label = (s: Severity): string => (s === 'error' ? 'Error' : s === 'warning' ? 'Warning' : 'Info');
const location = (l: Located): string | undefined => (l.file ? (l.line ? `${l.file}:${l.line}` : l.file) : undefined);

/** The footer: `✓ 0 validation errors found`, `✗ 1 validation error found`, `✗ N validation errors found`. */
export function footer(findings: readonly Located[]): string {
  const errors = findings.filter((l) => l.finding.severity === 'error').length;
  const warnings = findings.filter((l) => l.finding.severity === 'warning').length;
  const infos = findings.filter((l) => l.finding.severity === 'info').length;
  const extra = [warnings ? plural(warnings, 'warning') : '', infos ? `${infos} info` : ''].filter(Boolean).join(', ');
  return `${errors === 0 ? '✓' : '✗'} ${plural(errors, 'validation error')} found${extra ? ` (${extra})` : ''}`;
}

/** The manual's human format: one block per failing subject, one entry per finding. */
export function renderText(findings: readonly Located[]): string {
  const lines: string[] = [];
  const bySubject = new Map<string, Located[]>();
  for (const l of findings) {
    const k = subjectKey(l.finding.subject);
    const list = bySubject.get(k);
    if (list) list.push(l);
    else bySubject.set(k, [l]);
  }
  for (const group of bySubject.values()) {
    const s = group[0]!.finding.subject;
    lines.push(`${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}:`);
    lines.push(`    Cluster: ${s.cluster}`);
    for (const l of group) {
      const f = l.finding;
      lines.push(`    ${label(f.severity)}: ${f.message}`);
      if (f.istioRevision) lines.push(`        Control Plane: ${f.istioRevision}`);
      lines.push(`        Error ID: ${f.checkID}`);
      lines.push(`        Severity: ${f.severity}`);
      if (f.path) lines.push(`        Path: ${f.path}`);
      const loc = location(l);
      if (loc) lines.push(`        File: ${loc}`);
      const context = Object.entries(f.context);
      if (context.length > 0) {
        lines.push('        Context:');
        for (const [k, v] of context) lines.push(`            ${k}: ${v}`);
      }
      if (f.fix) lines.push(`        Fix: ${f.fix}`);
    }
  }
  lines.push(footer(findings));
  return lines.join('\n') + '\n';
}

/** One entry of the manual's JSON shape. */
export interface JsonEntry {
  checkID: string;
  istioRevision: string;
  subjectContextKey: string;
  passed: false;
  error: { severity: Severity; path: string; context: Record<string, string>; fix: string; file?: string; line?: number };
  errorMessage: string;
}

/** The manual's JSON: subjectContextKey → findings. */
export function toJson(findings: readonly Located[]): Record<string, JsonEntry[]> {
  const out: Record<string, JsonEntry[]> = {};
  for (const l of findings) {
    const key = subjectKey(l.finding.subject);
    const f = l.finding;
    (out[key] ??= []).push({
      checkID: f.checkID,
      istioRevision: f.istioRevision ?? '',
      subjectContextKey: key,
      passed: false,
      error: {
        severity: f.severity, path: f.path, context: f.context, fix: f.fix,
        ...(l.file ? { file: l.file } : {}), ...(l.line ? { line: l.line } : {}),
      },
      errorMessage: f.message,
    });
  }
  return out;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Pseudo-rules the analyzer and offline mode report besides the catalogue's. */
const EXTRA_RULES: RuleInfo[] = [
  { id: YAML_SYNTAX_ID, severity: 'error', kinds: [], reads: [], title: 'A manifest file is not valid YAML', fix: 'Fix the YAML syntax.' },
  { id: 'analyzer/rule-failed', severity: 'warning', kinds: [], reads: [], title: 'A validation rule failed on an object', fix: 'Report it to the smm maintainers with the object.' },
];

/** SARIF 2.1.0: the catalogue as the tool's rules, one result per finding. */
export function toSarif(findings: readonly Located[], catalogue: readonly RuleInfo[]): Record<string, unknown> {
  const rules = [...catalogue, ...EXTRA_RULES.filter((e) => !catalogue.some((r) => r.id === e.id))];
  const indexOf = (checkID: string): number | undefined => {
    const r = ruleOfCheck(rules, checkID);
    return r ? rules.indexOf(r) : undefined;
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'smm',
          version: SMM_VERSION,
          rules: rules.map((r) => ({
            id: r.id,
            shortDescription: { text: r.title },
            help: { text: r.fix },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            properties: { kinds: r.kinds },
          })),
        },
      },
      results: findings.map((l) => {
        const f = l.finding;
        const key = subjectKey(f.subject);
        // A sub-ID (`schema/unknown-field`) is a hierarchical ruleId of its rule (`schema`).
        const ruleIndex = indexOf(f.checkID);
        return {
          ruleId: f.checkID,
          ...(ruleIndex !== undefined ? { ruleIndex } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{
            ...(l.file ? { physicalLocation: { artifactLocation: { uri: l.file.split('\\').join('/') }, ...(l.line ? { region: { startLine: l.line } } : {}) } } : {}),
            logicalLocations: [{ fullyQualifiedName: key, kind: 'resource' }],
          }],
          partialFingerprints: { subjectPath: `${key}|${f.checkID}|${f.path}` },
          properties: { subjectContextKey: key, path: f.path, context: f.context, fix: f.fix, ...(f.istioRevision ? { istioRevision: f.istioRevision } : {}) },
        };
      }),
    }],
  };
}

export function renderFindings(format: AnalyzeFormat, findings: readonly Located[], catalogue: readonly RuleInfo[]): string {
  switch (format) {
    case 'json': return JSON.stringify(toJson(findings), null, 2) + '\n';
    case 'yaml': return stringify(toJson(findings));
    case 'sarif': return JSON.stringify(toSarif(findings, catalogue), null, 2) + '\n';
    default: return renderText(findings);
  }
}

export function renderRules(format: AnalyzeFormat, catalogue: readonly RuleInfo[]): string {
  switch (format) {
    case 'json': return JSON.stringify(catalogue, null, 2) + '\n';
    case 'yaml': return stringify(catalogue);
    case 'sarif': return JSON.stringify(toSarif([], catalogue), null, 2) + '\n';
    default: return renderTable(catalogue, [
      { header: 'id', value: (r) => r.id },
      { header: 'severity', value: (r) => r.severity },
      { header: 'kinds', value: (r) => r.kinds.join(',') },
      { header: 'title', value: (r) => r.title },
    ]);
  }
}

// --- the command -------------------------------------------------------------------------------

export function parseAnalyzeFormat(value: string | undefined): AnalyzeFormat {
  const v = (value ?? 'text').toLowerCase();
  if (v === 'table' || v === 'wide') return 'text';
  if (!(ANALYZE_FORMATS as readonly string[]).includes(v)) throw usageError(`unknown output format "${value}": use one of ${ANALYZE_FORMATS.join(', ')}`);
  return v as AnalyzeFormat;
}

export function parseFailOn(value: string): FailOn {
  const v = value.toLowerCase();
  if (!(FAIL_ON as readonly string[]).includes(v)) throw usageError(`invalid --fail-on "${value}": use one of ${FAIL_ON.join(', ')}`);
  return v as FailOn;
}

/** Do the findings reach the --fail-on threshold? */
export function failing(findings: readonly Located[], failOn: FailOn): number {
  if (failOn === 'none') return 0;
  const min = SEVERITY_RANK[failOn];
  return findings.filter((l) => SEVERITY_RANK[l.finding.severity] >= min).length;
}

/** Findings at or above --fail-on: exit code 3 (CliError allows 1 and 2; the code is set after). */
class FindingsFound extends CliError {
  constructor(message: string) {
    super(message, EXIT_FINDINGS);
  }
}

interface AnalyzeOptions {
  demo?: boolean;
  withIssues?: boolean;
  failOn: string;
  listRules?: boolean;
  file?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAnalyze(program: Command, io: CliIO): void {
  program.command('analyze')
    .description('validate the mesh configuration: Istio resources against each other and the cluster (or manifest files with -f)')
    .option('--demo', 'validate the embedded demo mesh instead of a cluster')
    .option('--with-issues', 'with --demo: add the demo\'s seeded configuration mistakes')
    .option('--fail-on <severity>', 'exit 3 when findings reach this severity: error, warning, info or none', 'error')
    .option('--list-rules', 'print the rule catalogue and exit')
    .option('-f, --file <path>', 'validate manifest files offline (a file or a directory of .yaml/.yml/.json; repeatable)', collect)
    .addHelpText('after', `
Output (-o): text (default), json (the subjectContextKey → findings object), yaml, sarif (SARIF 2.1.0).
-n NAMESPACE limits the output to one namespace (offline: after analyzing every file).

Offline mode (-f) validates the files alone as one cluster named "${OFFLINE_CLUSTER}": the Istio schema
check, then the semantic rules, with file:line per finding. Objects without a namespace are in
"default". Rules that need cluster state the files do not contain (pods, Secrets, ...) are skipped.

Exit codes:
  0  no findings at or above --fail-on
  3  findings at or above --fail-on (default: error)
  1  failure (cannot read a file, the cluster refused, ...)
  2  bad usage (unknown flag, malformed value)

Examples:
  smm analyze --demo --with-issues
  smm analyze -n istio-system -o json
  smm analyze -f deploy/istio/ --fail-on warning -o sarif > smm.sarif
  smm analyze --list-rules`)
    .action(async (opts: AnalyzeOptions, cmd: Command) => {
      const raw = cmd.optsWithGlobals<{ output?: string; namespace?: string }>();
      const format = parseAnalyzeFormat(raw.output);
      const failOn = parseFailOn(opts.failOn);
      const namespace = raw.namespace;
      if (opts.withIssues && !opts.demo) throw usageError('--with-issues needs --demo');
      if (opts.file && opts.demo) throw usageError('-f and --demo do not go together: -f validates files offline');
      if (opts.listRules) {
        io.stdout(renderRules(format, ruleCatalogue()));
        return;
      }
      let findings: Located[];
      if (opts.file) {
        const files = collectFiles(opts.file);
        if (files.length === 0) throw usageError(`no .yaml, .yml or .json files in ${opts.file.join(', ')}`);
        findings = analyzeFiles(files, { namespace, cwd: process.cwd() }).findings;
      } else {
        // Not globalsOf: it knows only the table/json/yaml formats.
        const all = cmd.optsWithGlobals<{ kubeconfig?: string; context?: string; verbose?: boolean }>();
        const globals = { kubeconfig: all.kubeconfig, context: all.context, namespace, output: 'table' as const, verbose: Boolean(all.verbose) };
        const backend = opts.demo ? await createDemoBackend({ withIssues: Boolean(opts.withIssues) }) : await openBackend(globals, { demo: false, io });
        try {
          findings = await liveFindings(backend, namespace);
        } finally {
          await backend.close();
        }
      }
      io.stdout(renderFindings(format, findings, ruleCatalogue()));
      const over = failing(findings, failOn);
      if (over > 0) throw new FindingsFound(`${plural(over, 'finding')} at or above --fail-on ${failOn}`);
    });
}
