// Completion from an Istio kind's field tree (GraphQL `istioSchema`): the fields that may go
// where the cursor is, with their types, and enum values after `key: `. Pure; the editor
// turns these into CodeMirror completions.
import type { YamlContext, YamlPath } from './yaml-context';

/** A field-tree node as `istioSchema.root` sends it (src/core/validation/schema/field-tree.ts). */
export interface FieldNode {
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'any';
  values?: (string | number | boolean)[];
  fields?: Record<string, FieldNode>;
  required?: string[];
  items?: FieldNode;
  mapValues?: FieldNode;
}

export interface FieldCompletion {
  label: string;
  /** Shown beside the label: the type, and whether it is required. */
  detail: string;
  /** Inserted text (a key with what follows it: `: `, a new block, or a list item). */
  apply: string;
  kind: 'property' | 'enum';
  /** Required fields first. */
  boost: number;
}

/** The node at a path, or undefined when the path leaves the schema. */
export function nodeAt(root: FieldNode, path: YamlPath): FieldNode | undefined {
  let node: FieldNode | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    node = seg === '[]' ? node.items : node.fields?.[seg] ?? node.mapValues;
  }
  return node;
}

export function describeType(n: FieldNode): string {
  if (n.type === 'array') return n.items ? `list of ${n.items.type === 'object' ? 'objects' : n.items.type}` : 'list';
  if (n.type === 'object' && !n.fields && n.mapValues) return `map of ${n.mapValues.type}`;
  if (n.values) return `${n.type}: ${n.values.slice(0, 4).join(' | ')}${n.values.length > 4 ? ' …' : ''}`;
  return n.type;
}

function insertion(name: string, n: FieldNode, column: number): string {
  const indent = ' '.repeat(column);
  if (n.type === 'object') return `${name}:\n${indent}  `;
  // Lists go at the key's own column, as the server writes them back.
  if (n.type === 'array') return n.items?.type === 'object' ? `${name}:\n${indent}- ` : `${name}:\n${indent}- `;
  return `${name}: `;
}

/** What may be typed at `ctx`: field names (key mode) or enum/boolean values (value mode). */
export function completionsAt(root: FieldNode, ctx: YamlContext): FieldCompletion[] {
  const parent = nodeAt(root, ctx.path);
  if (!parent) return [];
  if (ctx.mode === 'key') {
    const fields = parent.fields ?? {};
    const required = new Set(parent.required ?? []);
    const present = new Set(ctx.siblings);
    return Object.entries(fields)
      .filter(([name]) => !present.has(name) && name.startsWith(ctx.prefix))
      .map(([name, n]) => ({
        label: name,
        detail: `${describeType(n)}${required.has(name) ? ' · required' : ''}`,
        apply: insertion(name, n, ctx.column),
        kind: 'property' as const,
        boost: required.has(name) ? 1 : 0,
      }));
  }
  const node = ctx.key === undefined ? undefined : parent.fields?.[ctx.key] ?? parent.mapValues;
  if (!node) return [];
  const values = node.values ?? (node.type === 'boolean' ? [true, false] : []);
  return values
    .map(String)
    .filter((v) => v.startsWith(ctx.prefix))
    .map((v) => ({ label: v, detail: node.type, apply: v, kind: 'enum' as const, boost: 0 }));
}
