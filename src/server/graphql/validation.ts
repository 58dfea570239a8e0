// Mesh validation: the live validator's findings (src/server/validation) and the rule
// catalogue. The dashboard's VALIDATION ISSUES list, a control plane's VALIDATIONS tab and
// `smm analyze` read them here. Each issue is a ValidationIssue (the type the Istio-resources
// editor reports its issues with) whose source is `rules`, or `schema` for the schema check.

import { SEVERITY_RANK, subjectKey, type Finding, type Severity } from '../../core/validation/types.js';
import { ruleCatalogue, type RuleInfo } from '../validation/catalogue.js';
import type { GraphQLContext } from './context.js';
import { badUserInput } from './errors.js';

export const typeDefs = /* GraphQL */ `
  "What a validation issue is about: one object of one cluster."
  type ValidationSubject {
    cluster: String!
    kind: String!
    "API group, empty for core kinds."
    group: String!
    "Null for cluster-scoped objects (Namespaces)."
    namespace: String
    name: String!
    "The manual's subjectContextKey: <kind>.<group>:<cluster>:<namespace>:<name>."
    key: String!
  }

  type ValidationContextEntry {
    key: String!
    value: String!
  }

  # ValidationIssue is shared with the Istio-resources editor (istio-resources.ts defines
  # severity, source, path, message, checkID, line, column); the validator's issues also say
  # what they are about and how to fix them. Null/empty on the editor's YAML and schema issues.
  extend type ValidationIssue {
    subject: ValidationSubject
    "Values that explain the issue, in the order the rule gave them."
    context: [ValidationContextEntry!]!
    "How to fix it."
    fix: String
    "The control plane (name.namespace) the subject's namespace belongs to, when known."
    istioRevision: String
  }

  "One rule of the validation catalogue."
  type RuleInfo {
    id: String!
    "The rule's default severity: error, warning or info."
    severity: String!
    "Kinds the rule checks."
    kinds: [String!]!
    "Other kinds whose changes re-run the rule."
    reads: [String!]!
    title: String!
    fix: String!
  }

  extend type Query {
    """
    The validator's current findings, re-validated continuously as the clusters change.
    Filters combine: namespace and namespaces together match any of them (a Namespace's own
    issues count as in it); controlPlane matches name.namespace or the name alone; kind is
    case-insensitive; severity is the minimum (warning: warnings and errors).
    """
    validationIssues(namespace: String, namespaces: [String!], controlPlane: String, kind: String, name: String, severity: String): [ValidationIssue!]!
    "Every rule the validator runs, in the order issues are listed."
    validationRules: [RuleInfo!]!
  }
`;

export interface ValidationIssuesArgs {
  namespace?: string | null;
  namespaces?: string[] | null;
  controlPlane?: string | null;
  kind?: string | null;
  name?: string | null;
  severity?: string | null;
}

const SEVERITIES = Object.keys(SEVERITY_RANK) as Severity[];

export function parseSeverity(value: string, argument = 'severity'): Severity {
  const v = value.toLowerCase();
  if (!(SEVERITIES as string[]).includes(v)) throw badUserInput(argument, `unknown severity "${value}": use one of error, warning, info`);
  return v as Severity;
}

/** The findings that pass the query's filters. */
export function filterFindings(findings: readonly Finding[], args: ValidationIssuesArgs): Finding[] {
  const namespaces = new Set([...(args.namespace ? [args.namespace] : []), ...(args.namespaces ?? [])]);
  const minimum = args.severity ? SEVERITY_RANK[parseSeverity(args.severity)] : 0;
  const kind = args.kind?.toLowerCase();
  const cp = args.controlPlane;
  return findings.filter((f) => {
    if (namespaces.size > 0) {
      const ns = f.subject.namespace ?? (f.subject.kind === 'Namespace' ? f.subject.name : undefined);
      if (ns === undefined || !namespaces.has(ns)) return false;
    }
    if (cp && !(f.istioRevision === cp || f.istioRevision?.startsWith(`${cp}.`))) return false;
    if (kind && f.subject.kind.toLowerCase() !== kind) return false;
    if (args.name && f.subject.name !== args.name) return false;
    return SEVERITY_RANK[f.severity] >= minimum;
  });
}

function findingsOf(ctx: GraphQLContext): readonly Finding[] {
  return ctx.backend.validation?.findings() ?? [];
}

export const resolvers = {
  Query: {
    validationIssues: (_: unknown, args: ValidationIssuesArgs, ctx: GraphQLContext): Finding[] => filterFindings(findingsOf(ctx), args),
    validationRules: (_: unknown, __: unknown, ctx: GraphQLContext): RuleInfo[] => ruleCatalogue(ctx.backend.validation?.rules),
  },
  // These resolvers also see the editor's issues (no subject, context or fix): hence the guards.
  ValidationIssue: {
    source: (f: Partial<Finding> & { source?: string }) => f.source ?? (f.checkID === 'schema' || f.checkID?.startsWith('schema/') ? 'schema' : 'rules'),
    subject: (f: Partial<Finding>) => (f.subject ? { ...f.subject, namespace: f.subject.namespace ?? null, key: subjectKey(f.subject) } : null),
    context: (f: Partial<Finding>) => Object.entries(f.context ?? {}).map(([key, value]) => ({ key, value })),
    fix: (f: Partial<Finding>) => f.fix ?? null,
    istioRevision: (f: Partial<Finding>) => f.istioRevision ?? null,
  },
};
