// Query depth and cost limits, checked during validation so an expensive query is refused
// before any resolver runs. Cost: every field costs 1; a list field multiplies what it
// selects by its page size (`first`, capped like the resolvers cap it) or, without one, by a
// guess of 10 items. A connection's `first` is the size of its `edges` list. Introspection
// (`__schema`, `__type`, `__typename`) is free: tools need it and its size is fixed.

import {
  Kind, type ASTVisitor, type FieldNode, type GraphQLField, type GraphQLNamedType, type GraphQLOutputType,
  type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule, type ValueNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { MAX_PAGE_SIZE } from './pagination.js';

// Types are inspected by shape (`[Workload!]!`, `getFields`), never with graphql's isListType
// and friends: under vitest our code and yoga load different copies of graphql (ESM and CJS),
// and those helpers' instanceof checks throw "from another module or realm".
const isListOf = (type: GraphQLOutputType): boolean => String(type).replace(/!$/, '').startsWith('[');
const namedTypeOf = (type: GraphQLOutputType, context: ValidationContext): GraphQLNamedType | undefined =>
  context.getSchema().getType(String(type).replace(/[[\]!]/g, '')) ?? undefined;

export const MAX_DEPTH = 12;
/** About 20 000 objects: a full page of 500 workloads with their pods' names fits, with room. */
export const MAX_COST = 20_000;
/** Items assumed for a list field without `first`. */
export const DEFAULT_LIST_SIZE = 10;

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** The request's variables, so `first: $n` counts as what it will be. */
  variables?: Record<string, unknown>;
}

export interface QueryMeasure {
  depth: number;
  cost: number;
}

type FirstArgDefault = GraphQLField<unknown, unknown>['args'][number]['defaultValue'];

interface Walk {
  context: ValidationContext;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

const ZERO: QueryMeasure = { depth: 0, cost: 0 };

const asPageSize = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 0), MAX_PAGE_SIZE) : undefined);

function variableDefault(walk: Walk, name: string): unknown {
  const def = walk.operation.variableDefinitions?.find((d) => d.variable.name.value === name);
  return def?.defaultValue?.kind === Kind.INT ? Number(def.defaultValue.value) : undefined;
}

function valueOf(node: ValueNode, walk: Walk): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return walk.variables[node.name.value] ?? variableDefault(walk, node.name.value);
  return undefined;
}

/** `first` as the resolver will see it: the literal, the variable, or the argument's default. */
function firstOf(field: FieldNode, fieldDef: GraphQLField<unknown, unknown> | undefined, walk: Walk): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  const schemaDefault: FirstArgDefault = fieldDef?.args.find((a) => a.name === 'first')?.defaultValue;
  return asPageSize(arg ? valueOf(arg.value, walk) : undefined) ?? asPageSize(schemaDefault);
}

function fieldDefOf(type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  // Object and interface types have fields; scalars, enums and unions do not.
  return type && 'getFields' in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown> | undefined>)[name] : undefined;
}

function measureField(field: FieldNode, parent: GraphQLNamedType | undefined, walk: Walk, pageSize: number | undefined, fragments: Set<string>): QueryMeasure {
  if (field.name.value.startsWith('__')) return ZERO;
  const def = fieldDefOf(parent, field.name.value);
  const isList = def !== undefined && isListOf(def.type);
  const first = firstOf(field, def, walk);
  const child = field.selectionSet
    // A non-list field with `first` is a connection: its page size is the size of the list below it.
    ? measureSelections(field.selectionSet, def ? namedTypeOf(def.type, walk.context) : undefined, walk, isList ? undefined : first, fragments)
    : ZERO;
  const items = isList ? (pageSize ?? first ?? DEFAULT_LIST_SIZE) : 1;
  return { depth: 1 + child.depth, cost: 1 + items * child.cost };
}

function measureSelections(set: SelectionSetNode, parent: GraphQLNamedType | undefined, walk: Walk, pageSize: number | undefined, fragments: Set<string>): QueryMeasure {
  const schema = walk.context.getSchema();
  const parts = set.selections.map((s): QueryMeasure => {
    if (s.kind === Kind.FIELD) return measureField(s, parent, walk, pageSize, fragments);
    if (s.kind === Kind.INLINE_FRAGMENT) {
      const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) ?? undefined : parent;
      return measureSelections(s.selectionSet, type, walk, pageSize, fragments);
    }
    // A fragment already on this path is a cycle; NoFragmentCyclesRule reports it.
    const fragment = walk.context.getFragment(s.name.value);
    if (!fragment || fragments.has(s.name.value)) return ZERO;
    const type = schema.getType(fragment.typeCondition.name.value) ?? undefined;
    return measureSelections(fragment.selectionSet, type, walk, pageSize, new Set([...fragments, s.name.value]));
  });
  return { depth: Math.max(0, ...parts.map((p) => p.depth)), cost: parts.reduce((sum, p) => sum + p.cost, 0) };
}

export function measureOperation(context: ValidationContext, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): QueryMeasure {
  const root = operation.operation === 'query' ? context.getSchema().getQueryType()
    : operation.operation === 'mutation' ? context.getSchema().getMutationType() : context.getSchema().getSubscriptionType();
  return measureSelections(operation.selectionSet, root ?? undefined, { context, operation, variables }, undefined, new Set());
}

/** A validation rule refusing operations deeper than maxDepth or costlier than maxCost. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const { depth, cost } = measureOperation(context, operation, limits.variables);
      const name = operation.name ? `operation "${operation.name.value}"` : 'the query';
      // createGraphQLError: made by the graphql instance yoga uses, so never masked.
      if (depth > limits.maxDepth) {
        context.reportError(createGraphQLError(`${name} is ${depth} levels deep; at most ${limits.maxDepth} are allowed`,
          { nodes: [operation], extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth } }));
      }
      if (cost > limits.maxCost) {
        context.reportError(createGraphQLError(`${name} costs ${cost}; at most ${limits.maxCost} is allowed (ask for smaller pages with "first", or fewer nested lists)`,
          { nodes: [operation], extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost } }));
      }
    },
  });
}

/** The yoga plugin adding the limits to every request's validation, with its variables. */
export function useQueryLimits(limits: Omit<QueryLimits, 'variables'> = { maxDepth: MAX_DEPTH, maxCost: MAX_COST }): Plugin {
  return {
    onValidate({ addValidationRule, context }) {
      addValidationRule(queryLimitsRule({ ...limits, variables: context.params?.variables ?? {} }));
    },
  };
}
