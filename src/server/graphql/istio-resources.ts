// Istio resources through GraphQL, as the requesting user: list and read them, and create,
// apply (server-side apply) and delete them from YAML. Every Kubernetes call goes through the
// request's identity (src/server/auth): impersonation of the token's user, so the API server's
// RBAC decides and its refusal reaches the client word for word (code FORBIDDEN).
//
// Bad input loses nothing and says what to do: malformed YAML names the line and column, a
// kind that is not an Istio resource is refused, validation errors stop the save unless the
// client confirms (`force`), and an edit made from a version that has changed since fails
// with CONFLICT naming who changed it and which fields differ, never overwriting it.

import { validateAgainstSchema } from '../../core/validation/schema/validate-schema.js';
import { createGraphQLError } from 'graphql-yoga';
import { stringify } from 'yaml';
import { parseManifests, type SourcePosition } from '../../core/validation/source/parse-manifests.js';
import { analyzeInput } from '../../core/validation/analyze.js';
import { ALL_RULES } from '../../core/validation/rules/index.js';
import type { Finding } from '../../core/validation/types.js';
import type { KubeObject, ManagedFieldsEntry } from '../../kube/object.js';
import { isKubeError, type KubeError } from '../../kube/errors.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources, ResourceRegistry, type ResourceType } from '../../kube/resources.js';
import { portAs } from '../auth/identity.js';
import type { GraphQLContext } from './context.js';
import { kubeGraphQLError } from './errors.js';
import { portsFor } from './events.js';

export const typeDefs = /* GraphQL */ `
  "An Istio (or smm mesh gateway) resource as stored in a cluster, read as the requesting user."
  type IstioResource {
    cluster: String!
    kind: String!
    apiVersion: String!
    namespace: String
    name: String!
    "Send it back with an edit: the save fails with CONFLICT if the object changed meanwhile."
    resourceVersion: String
    "The object as YAML for the editor (without managedFields), resourceVersion included."
    yaml: String!
    "The object as stored (with managedFields)."
    object: JSON!
    "Validation findings about this object in the current mesh (empty while no validator is available)."
    issues: [ValidationIssue!]!
  }

  "A problem found in a resource: by YAML parsing, the schema, or a mesh rule."
  type ValidationIssue {
    "error | warning | info"
    severity: String!
    "yaml | schema | rules | server"
    source: String!
    "Where in the object: spec.http[0].route[0].weight ('' for the whole object)."
    path: String!
    message: String!
    "The mesh rule's stable ID (source rules)."
    checkID: String
    "1-based position in the submitted YAML, when known."
    line: Int
    column: Int
  }

  type IstioResourceWriteResult {
    "The object as the API server returned it; null when validateOnly."
    resource: IstioResource
    "Every finding (errors included when force saved anyway)."
    issues: [ValidationIssue!]!
    "True when the API server accepted the write (with dryRun: it would have)."
    applied: Boolean!
    dryRun: Boolean!
  }

  extend type Query {
    "Istio resources of a cluster (default: the only one), optionally of one namespace and kind (VirtualService, virtualservices, ...)."
    istioResources(cluster: String, namespace: String, kind: String): [IstioResource!]!
    istioResource(cluster: String, kind: String!, namespace: String!, name: String!): IstioResource
  }

  type Mutation {
    """
    Server-side apply of one Istio resource from YAML, as the requesting user. validateOnly: only
    validate. Unless force, validation errors refuse the save (VALIDATION_FAILED) and fields owned
    by another field manager are a CONFLICT. With metadata.resourceVersion, a changed object is a
    CONFLICT naming who changed it. dryRun: the API server checks everything and stores nothing.
    """
    applyIstioResource(cluster: String, yaml: String!, dryRun: Boolean, force: Boolean, validateOnly: Boolean): IstioResourceWriteResult!
    "Create one Istio resource from YAML; an existing one is ALREADY_EXISTS."
    createIstioResource(cluster: String, yaml: String!, dryRun: Boolean, force: Boolean, validateOnly: Boolean): IstioResourceWriteResult!
    "Delete; with resourceVersion, only if the object still has it (else CONFLICT)."
    deleteIstioResource(cluster: String, kind: String!, namespace: String!, name: String!, resourceVersion: String, dryRun: Boolean): Boolean!
  }
`;

// --- kinds ------------------------------------------------------------------------------------

/** API groups whose kinds this API edits; plus smm's IstioMeshGateway. */
export const ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io'] as const;

/** The kinds listed when no kind is asked for (the dashboard's, then the rest of Istio's). */
export const ISTIO_KINDS: readonly ResourceType[] = [
  Resources.AuthorizationPolicy, Resources.DestinationRule, Resources.Gateway, Resources.IstioMeshGateway,
  Resources.PeerAuthentication, Resources.VirtualService, Resources.ServiceEntry, Resources.Sidecar,
  Resources.RequestAuthentication, Resources.EnvoyFilter, Resources.WorkloadEntry, Resources.WorkloadGroup, Resources.Telemetry,
];

export function isIstioKind(apiVersion: string, kind: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if ((ISTIO_GROUPS as readonly string[]).includes(group)) return true;
  return group === Resources.IstioMeshGateway.group && kind === 'IstioMeshGateway';
}

const kindRegistry = new ResourceRegistry(ISTIO_KINDS);

/** `VirtualService`, `virtualservice`, `virtualservices`, `virtualservices.networking.istio.io`. */
export function istioKind(name: string): ResourceType {
  const t = kindRegistry.find(name.trim());
  if (!t) {
    throw createGraphQLError(`"${name}" is not an Istio resource kind (kinds: ${ISTIO_KINDS.map((k) => k.kind).join(', ')})`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'kind' },
    });
  }
  return t;
}

// --- validation -------------------------------------------------------------------------------

export type IssueSeverity = 'error' | 'warning' | 'info';

export interface ValidationIssue {
  severity: IssueSeverity;
  source: 'yaml' | 'schema' | 'rules' | 'server';
  path: string;
  message: string;
  checkID?: string;
  line?: number;
  column?: number;
}

/** The mesh the rules see: every cluster's objects (the analyzer's AnalysisInput). */
export interface MeshSnapshot {
  clusters: { name: string; objects: KubeObject[] }[];
}

/**
 * The validators the write path runs. Without them only YAML and basic structure are checked
 * here; the API server's own validation (CRD schemas, strict field validation) still applies
 * on every write and dry run.
 */
export interface IstioValidators {
  /** Schema check of one object (types, required and unknown fields). */
  schema?: (object: KubeObject) => ValidationIssue[];
  /** The semantic rules over a whole mesh (`analyzeMesh`); findings of every subject. */
  analyze?: (mesh: MeshSnapshot) => readonly Finding[];
}

const DEFAULT_ANALYZE = (mesh: MeshSnapshot): readonly Finding[] => analyzeInput(mesh, ALL_RULES);

let validatorsOverride: IstioValidators | undefined;

/** Use these validators instead of the default ones (tests); undefined restores the defaults. */
export function setIstioValidators(v: IstioValidators | undefined): void {
  validatorsOverride = v;
}

/** The Istio CRD schemas: types, enums, required and unknown fields, with paths. */
const SCHEMA = (o: KubeObject): ValidationIssue[] =>
  validateAgainstSchema(o).map((i) => ({ severity: i.severity, source: 'schema' as const, path: i.path, message: i.message, checkID: i.checkID }));

async function validators(): Promise<IstioValidators> {
  return validatorsOverride ?? { schema: SCHEMA, analyze: DEFAULT_ANALYZE };
}

/** The findings about one object, as issues. */
function findingsOf(findings: readonly Finding[], cluster: string, o: KubeObject): ValidationIssue[] {
  return findings
    .filter((f) => f.subject.kind === o.kind && f.subject.name === o.metadata.name && (f.subject.namespace ?? '') === (o.metadata.namespace ?? '') && f.subject.cluster === cluster)
    .map((f) => ({ severity: f.severity, source: f.checkID.startsWith('schema') ? 'schema' as const : 'rules' as const, path: f.path, message: f.message, checkID: f.checkID }));
}

/** Structure every Istio object needs, checked even without a schema validator. */
function basicIssues(o: KubeObject): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const name = o.metadata?.name;
  if (typeof name !== 'string' || name === '') out.push({ severity: 'error', source: 'schema', path: 'metadata.name', message: 'metadata.name is required' });
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 253) {
    out.push({ severity: 'error', source: 'schema', path: 'metadata.name', message: `metadata.name "${name}" must be a lowercase RFC 1123 subdomain (a-z, 0-9, "-", ".")` });
  }
  const ns = o.metadata?.namespace;
  if (ns !== undefined && (typeof ns !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns))) {
    out.push({ severity: 'error', source: 'schema', path: 'metadata.namespace', message: `metadata.namespace must be a lowercase RFC 1123 label` });
  }
  if ('spec' in o && (typeof o.spec !== 'object' || o.spec === null || Array.isArray(o.spec))) {
    out.push({ severity: 'error', source: 'schema', path: 'spec', message: `spec must be a mapping (object), not ${Array.isArray(o.spec) ? 'a list' : typeof o.spec === 'object' ? 'null' : `a ${typeof o.spec}`}` });
  }
  return out;
}

interface CacheHolder {
  caches?: { cluster: string; snapshot(): KubeObject[] }[];
}

/** The mesh as the server's caches see it. */
function currentMesh(ctx: GraphQLContext): MeshSnapshot {
  return { clusters: ((ctx.backend as unknown as CacheHolder).caches ?? []).map((c) => ({ name: c.cluster, objects: c.snapshot() })) };
}

/** The mesh as the server's caches see it, with `object` added or replacing its current version. */
function wouldBeMesh(ctx: GraphQLContext, cluster: string, object: KubeObject): MeshSnapshot {
  const caches = (ctx.backend as unknown as CacheHolder).caches ?? [];
  const same = (o: KubeObject): boolean => o.kind === object.kind && o.metadata.name === object.metadata.name && (o.metadata.namespace ?? '') === (object.metadata.namespace ?? '');
  const clusters = caches.map((c) => ({ name: c.cluster, objects: c.snapshot().filter((o) => c.cluster !== cluster || !same(o)) }));
  const target = clusters.find((c) => c.name === cluster);
  if (target) target.objects.push(object);
  else clusters.push({ name: cluster, objects: [object] });
  return { clusters };
}

/** The schema validator's issues, and the basic checks it does not already report at that path. */
function ownIssues(v: IstioValidators, object: KubeObject): ValidationIssue[] {
  const schema = v.schema ? v.schema(object) : [];
  return [...basicIssues(object).filter((b) => !schema.some((s) => s.path === b.path)), ...schema];
}

/** What a write would mean: the object's own checks, then the rules on the mesh with it in place. */
async function validateObject(ctx: GraphQLContext, cluster: string, object: KubeObject): Promise<ValidationIssue[]> {
  const v = await validators();
  const issues = ownIssues(v, object);
  // Semantic rules on a structurally broken object would be noise (the analyzer's own policy).
  if (v.analyze && !issues.some((i) => i.severity === 'error')) issues.push(...findingsOf(v.analyze(wouldBeMesh(ctx, cluster, object)), cluster, object));
  return unique(issues);
}

/** The schema check may also run as the analyzer's schema rule: report each finding once. */
function unique(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.severity}\u0000${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Findings of the current mesh, once per request: the list's `issues` filter them per object. */
const meshFindings = new WeakMap<GraphQLContext, Promise<readonly Finding[]>>();

async function issuesInMesh(view: IstioResourceView, ctx: GraphQLContext): Promise<ValidationIssue[]> {
  let p = meshFindings.get(ctx);
  if (!p) {
    p = validators().then((v) => (v.analyze ? v.analyze(currentMesh(ctx)) : []));
    meshFindings.set(ctx, p);
  }
  const v = await validators();
  return unique([...ownIssues(v, view.object), ...findingsOf(await p, view.cluster, view.object)]);
}

// --- YAML -------------------------------------------------------------------------------------

interface ParsedYaml {
  object: KubeObject;
  lineOf(path: string): SourcePosition;
}

function badInput(message: string, extensions: Record<string, unknown> = {}): Error {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument: 'yaml', ...extensions } });
}

/** One Istio object from YAML, or BAD_USER_INPUT naming the line and column of the problem. */
export function parseIstioYaml(text: string): ParsedYaml {
  const { objects, errors } = parseManifests(text, 'yaml');
  const err = errors[0];
  if (err) {
    const message = err.message.replace(/^document \d+: /, '');
    throw badInput(`malformed YAML at line ${err.line}, column ${err.column}: ${message}`, {
      issues: [{ severity: 'error', source: 'yaml', path: '', message, line: err.line, column: err.column }],
      line: err.line, column: err.column,
    });
  }
  if (objects.length === 0) throw badInput('the YAML is empty: give one Istio resource');
  if (objects.length > 1) throw badInput(`the YAML holds ${objects.length} documents: give one Istio resource per request`);
  const parsed = objects[0]!;
  const object = parsed.object;
  if (!isIstioKind(object.apiVersion, object.kind)) {
    throw badInput(`${object.kind} (${object.apiVersion}) is not an Istio resource: this API edits kinds of ${ISTIO_GROUPS.join(', ')} and servicemesh.cisco.com IstioMeshGateway`, { argument: 'yaml', kind: object.kind });
  }
  return { object, lineOf: (path) => parsed.lineOf(path) };
}

function withPositions(parsed: ParsedYaml, issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => (i.line !== undefined ? i : { ...i, ...parsed.lineOf(i.path) }));
}

// --- reading ----------------------------------------------------------------------------------

export interface IstioResourceView {
  cluster: string;
  object: KubeObject;
}

/** What the editor shows: no managedFields (noise), resourceVersion kept (the edit precondition). */
export function editableYaml(o: KubeObject): string {
  const { managedFields: _mf, ...metadata } = o.metadata;
  return stringify({ ...o, metadata }, { lineWidth: 0 });
}

function clusterPort(ctx: GraphQLContext, cluster: string | null | undefined): [string, ClusterPort] {
  const ports = portsFor(ctx, cluster);
  if (ports.length !== 1) {
    throw createGraphQLError(`name the cluster (clusters: ${ports.map(([c]) => c).join(', ')})`, { extensions: { code: 'BAD_USER_INPUT', argument: 'cluster' } });
  }
  const [name, port] = ports[0]!;
  try {
    return [name, portAs(port, ctx.identity)];
  } catch (e) {
    throw resourceError(e);
  }
}

/** A port failure as a coded GraphQL error; the API server's message is kept as it is. */
function resourceError(e: unknown): Error {
  if (!isKubeError(e)) return kubeGraphQLError(e);
  const ext = { reason: e.reason, ...(e.causes.length > 0 ? { causes: e.causes } : {}) };
  switch (e.reason) {
    case 'Forbidden':
    case 'Unauthorized':
      return createGraphQLError(e.message, { extensions: { code: 'FORBIDDEN', ...ext } });
    case 'AlreadyExists':
      return createGraphQLError(e.message, { extensions: { code: 'ALREADY_EXISTS', ...ext } });
    case 'Conflict':
      return createGraphQLError(e.message, { extensions: { code: 'CONFLICT', ...ext } });
    case 'Invalid':
    case 'BadRequest':
      return createGraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT', ...ext } });
    default:
      return kubeGraphQLError(e);
  }
}

async function listIstioResources(ctx: GraphQLContext, args: { cluster?: string | null; namespace?: string | null; kind?: string | null }): Promise<IstioResourceView[]> {
  const [cluster, port] = clusterPort(ctx, args.cluster);
  const kinds = args.kind ? [istioKind(args.kind)] : ISTIO_KINDS;
  const results = await Promise.all(kinds.map(async (t) => {
    try {
      return (await port.list(t, args.namespace ? { namespace: args.namespace } : {})).items;
    } catch (e) {
      // A kind whose CRD is not installed has nothing to list.
      if (isKubeError(e, 'NotFound') && !args.kind) return [];
      return e as Error;
    }
  }));
  const failures = results.filter((r): r is Error => r instanceof Error);
  // Asked for one kind, or refused every kind: say why. Otherwise show what the user may see.
  if (failures.length > 0 && (args.kind || failures.length === results.length)) throw resourceError(failures[0]);
  return results
    .filter((r): r is KubeObject[] => !(r instanceof Error))
    .flat()
    .map((object) => ({ cluster, object }));
}

async function getIstioResource(ctx: GraphQLContext, args: { cluster?: string | null; kind: string; namespace: string; name: string }): Promise<IstioResourceView | null> {
  const [cluster, port] = clusterPort(ctx, args.cluster);
  const t = istioKind(args.kind);
  try {
    return { cluster, object: await port.get(t, args.name, args.namespace) };
  } catch (e) {
    if (isKubeError(e, 'NotFound')) return null;
    throw resourceError(e);
  }
}

// --- conflicts --------------------------------------------------------------------------------

/** The latest change recorded in managedFields (status writes aside). */
export function lastChange(o: KubeObject): ManagedFieldsEntry | undefined {
  const entries = (o.metadata.managedFields ?? []).filter((m) => !m.subresource);
  return [...entries].sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''))[0];
}

/** Leaf paths where two objects differ (spec and other top-level content, labels, annotations). */
export function differingFields(a: KubeObject, b: KubeObject, limit = 20): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) walk(x[i], y[i], `${path}[${i}]`);
      return;
    }
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (isObj(x) && isObj(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(path);
  };
  const content = (o: KubeObject): Record<string, unknown> => {
    const { apiVersion: _a, kind: _k, metadata, status: _s, ...rest } = o;
    return { metadata: { labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {} }, ...rest };
  };
  walk(content(a), content(b), '');
  return out;
}

function conflictError(mine: KubeObject, current: KubeObject): Error {
  const last = lastChange(current);
  const fields = differingFields(mine, current);
  const what = `${current.kind} ${current.metadata.namespace ? `${current.metadata.namespace}/` : ''}${current.metadata.name}`;
  const who = last ? `"${last.manager}"${last.time ? ` at ${last.time}` : ''}` : 'someone else';
  const message = `${what} was changed by ${who} after the version you edited (resourceVersion ${mine.metadata.resourceVersion}, now ${current.metadata.resourceVersion})`
    + `${fields.length > 0 ? `; fields that differ from yours: ${fields.join(', ')}` : ''}. Nothing was saved: reload the resource and apply your change again.`;
  return createGraphQLError(message, {
    extensions: {
      code: 'CONFLICT',
      changedBy: last ? { manager: last.manager, operation: last.operation, time: last.time ?? null } : null,
      fields,
      yourResourceVersion: mine.metadata.resourceVersion,
      currentResourceVersion: current.metadata.resourceVersion,
    },
  });
}

/** A resourceVersion conflict, explained from the current object (if it can be read). */
async function explainConflict(port: ClusterPort, t: ResourceType, mine: KubeObject, e: KubeError): Promise<Error> {
  try {
    const current = await port.get(t, mine.metadata.name!, mine.metadata.namespace);
    if (current.metadata.resourceVersion !== mine.metadata.resourceVersion) return conflictError(mine, current);
  } catch (readError) {
    if (isKubeError(readError, 'NotFound')) {
      return createGraphQLError(`${mine.kind} ${mine.metadata.namespace}/${mine.metadata.name} was deleted after the version you edited (resourceVersion ${mine.metadata.resourceVersion}). Nothing was saved.`, {
        extensions: { code: 'CONFLICT', changedBy: null, fields: [], yourResourceVersion: mine.metadata.resourceVersion, currentResourceVersion: null },
      });
    }
  }
  return resourceError(e);
}

// --- writing ----------------------------------------------------------------------------------

interface WriteArgs {
  cluster?: string | null;
  yaml: string;
  dryRun?: boolean | null;
  force?: boolean | null;
  validateOnly?: boolean | null;
}

interface WriteResult {
  resource: IstioResourceView | null;
  issues: ValidationIssue[];
  applied: boolean;
  dryRun: boolean;
}

/** The field manager of a request's writes: `smm:<user>`, so managedFields tell who changed what. */
export function fieldManagerFor(ctx: GraphQLContext, port: ClusterPort): string {
  const user = ctx.identity?.kind === 'user' ? ctx.identity.user.username : port.description.split('/').slice(1).join('/') || 'server';
  return `smm:${user}`.replace(/[^\x21-\x7e]/g, '_').slice(0, 128);
}

/** What a client may send that the server owns: dropped before writing. */
function writable(o: KubeObject, keepResourceVersion: boolean): KubeObject {
  const { managedFields: _mf, uid: _u, creationTimestamp: _c, generation: _g, resourceVersion, selfLink: _s, ...metadata } = o.metadata as KubeObject['metadata'] & { selfLink?: string };
  const { status: _status, ...rest } = o;
  return { ...rest, metadata: { ...metadata, ...(keepResourceVersion && resourceVersion ? { resourceVersion: String(resourceVersion) } : {}) } };
}

async function writeIstioResource(ctx: GraphQLContext, args: WriteArgs, op: 'apply' | 'create'): Promise<WriteResult> {
  const parsed = parseIstioYaml(args.yaml);
  const [cluster, port] = clusterPort(ctx, args.cluster);
  const dryRun = args.dryRun === true;
  const force = args.force === true;
  const object = writable(parsed.object, op === 'apply');
  const t = kindRegistry.lookup(object.apiVersion, object.kind) ?? await port.resolveType(object.apiVersion, object.kind).catch((e: unknown) => {
    throw resourceError(e);
  });
  if (t.namespaced) object.metadata.namespace ||= port.defaultNamespace;

  const issues = withPositions(parsed, await validateObject(ctx, cluster, object));
  if (args.validateOnly) return { resource: null, issues, applied: false, dryRun };
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !force) {
    const first = errors[0]!;
    throw createGraphQLError(
      `validation failed: ${errors.length} error${errors.length > 1 ? 's' : ''} in ${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`
        + ` (first: ${first.path || 'the object'}${first.line ? ` at line ${first.line}` : ''}: ${first.message}). Nothing was saved; fix them, or save anyway with force.`,
      { extensions: { code: 'VALIDATION_FAILED', issues } },
    );
  }

  const fieldManager = fieldManagerFor(ctx, port);
  const mine = object.metadata.resourceVersion;
  try {
    let written: KubeObject;
    if (op === 'create') {
      written = await port.create(object, { dryRun, fieldManager });
    } else {
      if (mine) {
        // Checked here to explain the conflict; the API server checks it again atomically
        // (resourceVersion stays in the apply), so a change in between is refused too.
        const current = await port.get(t, object.metadata.name!, object.metadata.namespace).catch((e: unknown) => {
          if (isKubeError(e, 'NotFound')) return undefined;
          throw e;
        });
        if (!current) {
          throw createGraphQLError(`${object.kind} ${object.metadata.namespace}/${object.metadata.name} does not exist any more (it was deleted after the version you edited, resourceVersion ${mine}). Nothing was saved; remove metadata.resourceVersion to create it again.`, {
            extensions: { code: 'CONFLICT', changedBy: null, fields: [], yourResourceVersion: mine, currentResourceVersion: null },
          });
        }
        if (current.metadata.resourceVersion !== mine) throw conflictError(object, current);
      }
      // An edit of the current version takes over the fields it sets (the user saw them);
      // a blind apply does not, unless the client confirmed with force.
      written = await port.apply(object, { dryRun, fieldManager, force: force || !!mine });
    }
    return { resource: { cluster, object: written }, issues, applied: true, dryRun };
  } catch (e) {
    if (!isKubeError(e)) throw e;
    if (e.reason === 'Conflict' && mine && op === 'apply' && !e.causes.some((c) => c.reason === 'FieldManagerConflict')) throw await explainConflict(port, t, object, e);
    if (e.reason === 'Conflict' && e.causes.some((c) => c.reason === 'FieldManagerConflict')) {
      const managers = [...new Set(e.causes.map((c) => /"([^"]+)"/.exec(c.message)?.[1]).filter(Boolean))];
      throw createGraphQLError(`${e.message}. Fields set by ${managers.map((m) => `"${m}"`).join(', ') || 'another manager'} would change: load the current version and edit it, or save with force to take them over.`, {
        extensions: { code: 'CONFLICT', reason: e.reason, causes: e.causes, managers },
      });
    }
    throw resourceError(e);
  }
}

async function deleteIstioResource(ctx: GraphQLContext, args: { cluster?: string | null; kind: string; namespace: string; name: string; resourceVersion?: string | null; dryRun?: boolean | null }): Promise<boolean> {
  const [, port] = clusterPort(ctx, args.cluster);
  const t = istioKind(args.kind);
  try {
    await port.delete(t, args.name, args.namespace, { ...(args.resourceVersion ? { resourceVersion: args.resourceVersion } : {}), ...(args.dryRun ? { dryRun: true } : {}) });
    return true;
  } catch (e) {
    if (isKubeError(e, 'Conflict') && args.resourceVersion) {
      throw await explainConflict(port, t, { apiVersion: `${t.group}/${t.version}`, kind: t.kind, metadata: { name: args.name, namespace: args.namespace, resourceVersion: args.resourceVersion } }, e);
    }
    throw resourceError(e);
  }
}

// --- resolvers --------------------------------------------------------------------------------

export const resolvers = {
  Query: {
    istioResources: (_: unknown, args: { cluster?: string | null; namespace?: string | null; kind?: string | null }, ctx: GraphQLContext) => listIstioResources(ctx, args),
    istioResource: (_: unknown, args: { cluster?: string | null; kind: string; namespace: string; name: string }, ctx: GraphQLContext) => getIstioResource(ctx, args),
  },
  Mutation: {
    applyIstioResource: (_: unknown, args: WriteArgs, ctx: GraphQLContext) => writeIstioResource(ctx, args, 'apply'),
    createIstioResource: (_: unknown, args: WriteArgs, ctx: GraphQLContext) => writeIstioResource(ctx, args, 'create'),
    deleteIstioResource: (_: unknown, args: Parameters<typeof deleteIstioResource>[1], ctx: GraphQLContext) => deleteIstioResource(ctx, args),
  },
  IstioResource: {
    kind: (v: IstioResourceView) => v.object.kind,
    apiVersion: (v: IstioResourceView) => v.object.apiVersion,
    namespace: (v: IstioResourceView) => v.object.metadata.namespace ?? null,
    name: (v: IstioResourceView) => v.object.metadata.name ?? '',
    resourceVersion: (v: IstioResourceView) => v.object.metadata.resourceVersion ?? null,
    yaml: (v: IstioResourceView) => editableYaml(v.object),
    object: (v: IstioResourceView) => v.object,
    issues: (v: IstioResourceView, _: unknown, ctx: GraphQLContext) => issuesInMesh(v, ctx),
  },
  ValidationIssue: {
    checkID: (i: ValidationIssue) => i.checkID ?? null,
    line: (i: ValidationIssue) => i.line ?? null,
    column: (i: ValidationIssue) => i.column ?? null,
  },
};
