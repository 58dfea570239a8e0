// Manifest text (multi-document YAML, JSON, `kind: List`) → Kubernetes objects that remember
// where they came from, so a finding's path (`spec.servers[0].tls.credentialName`) can be shown
// as file:line in offline mode and highlighted in the editor. Pure: the caller reads the files.
//
// One broken document does not hide the others: each YAML document is parsed on its own, and
// a malformed or non-object document becomes a ParseError naming it.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { KubeObject } from '../../model/k8s.js';
import { parsePath, type PathSegment } from './object-path.js';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface ParsedObject {
  object: KubeObject;
  file: string;
  /** 0-based index of the YAML document in the file. */
  documentIndex: number;
  /** 0-based index in the document's `items` when the document is a `kind: List`. */
  itemIndex?: number;
  /**
   * Where a path of the object is written: the key of a field, the start of a list item. A
   * path that does not exist (a missing required field) maps to its nearest existing ancestor.
   */
  lineOf(path: string): SourcePosition;
}

export interface ParseError {
  file: string;
  documentIndex: number;
  line: number;
  column: number;
  message: string;
}

export interface ParsedManifests {
  objects: ParsedObject[];
  errors: ParseError[];
}

type YamlDocument = Document.Parsed;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kubernetes' List kinds (`List`, `VirtualServiceList`): their objects are in `items`. */
const isListKind = (o: Record<string, unknown>): boolean =>
  typeof o['kind'] === 'string' && o['kind'].endsWith('List') && Array.isArray(o['items']);

/** Documents with nothing in them (`---` at the end, a comment-only document) are not errors. */
function isEmptyDocument(doc: YamlDocument): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null);
}

/** Why a value is not a Kubernetes object, or undefined when it is one. */
function notAnObject(value: unknown): string | undefined {
  if (!isPlainObject(value)) return `is ${Array.isArray(value) ? 'a list' : `a ${value === null ? 'null' : typeof value}`}, not a Kubernetes object`;
  const missing = ['apiVersion', 'kind'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
  if (missing.length) return `has no ${missing.join(' and no ')}`;
  if (value['metadata'] !== undefined && !isPlainObject(value['metadata'])) return 'has a metadata that is not an object';
  return undefined;
}

/** The node a YAML node stands for (aliases resolved). */
function resolve(node: unknown, doc: YamlDocument): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The child of a map (its key node and value) or of a sequence, or undefined. */
function childOf(node: unknown, segment: PathSegment, doc: YamlDocument): { at: Node; value: unknown } | undefined {
  const n = resolve(node, doc);
  if (typeof segment === 'number') {
    if (!isSeq(n)) return undefined;
    const item: unknown = n.items[segment];
    return item && typeof item === 'object' && 'range' in item ? { at: item as Node, value: item } : undefined;
  }
  if (!isMap(n)) return undefined;
  for (const pair of n.items) {
    if (!isPair(pair)) continue;
    const key: unknown = pair.key;
    const keyValue = isScalar(key) ? key.value : key;
    if (keyValue === segment || (isScalar(key) && String(key.value) === segment)) {
      // The key is what a reader looks for; a key without a node (`? ` forms) falls back to the value.
      const at = (isScalar(key) ? key : pair.value) as Node | null;
      return at ? { at, value: pair.value } : undefined;
    }
  }
  return undefined;
}

function positionOf(node: Node | undefined, lines: LineCounter, fallback: number): SourcePosition {
  const offset = node?.range?.[0] ?? fallback;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** lineOf for an object rooted at `root` (the document's contents, or a List item). */
function lineMapper(root: Node, doc: YamlDocument, lines: LineCounter): (path: string) => SourcePosition {
  const docStart = doc.range[0];
  return (path) => {
    const segments = parsePath(path) ?? [];
    let at: Node = root;
    let current: unknown = root;
    for (const segment of segments) {
      const child = childOf(current, segment, doc);
      if (!child) break;
      at = child.at;
      current = child.value;
    }
    return positionOf(at, lines, docStart);
  };
}

/**
 * Every object of a manifest file's text. `file` names the source in objects and errors. JSON
 * is read by the same parser (JSON is YAML), so JSON files get lines too.
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  const docs: YamlDocument[] = Array.isArray(parsed) ? parsed : [];
  const objects: ParsedObject[] = [];
  const errors: ParseError[] = [];
  const errorAt = (documentIndex: number, offset: number, message: string): ParseError => {
    const { line, col } = lines.linePos(offset);
    return { file, documentIndex, line, column: col, message };
  };

  docs.forEach((doc, documentIndex) => {
    const name = `document ${documentIndex + 1}`;
    // The first syntax error of a document only: the parser's later ones mostly follow from it
    // (a Helm template yields a hundred), and nothing in the document is validated anyway.
    const e = doc.errors[0];
    if (e) {
      const message = `${name}: ${e.message.split('\n')[0] ?? e.message}`;
      errors.push(e.linePos ? { file, documentIndex, line: e.linePos[0].line, column: e.linePos[0].col, message } : errorAt(documentIndex, e.pos[0], message));
      return;
    }
    if (isEmptyDocument(doc)) return;
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    const root = doc.contents as Node;
    const start = root.range?.[0] ?? doc.range[0];
    if (isPlainObject(value) && isListKind(value)) {
      const items = value['items'] as unknown[];
      items.forEach((item, itemIndex) => {
        const itemNode = childOf(childOf(root, 'items', doc)?.value, itemIndex, doc)?.at ?? root;
        const problem = notAnObject(item);
        if (problem) {
          errors.push(errorAt(documentIndex, itemNode.range?.[0] ?? start, `${name}: items[${itemIndex}] ${problem}`));
          return;
        }
        objects.push({ object: item as KubeObject, file, documentIndex, itemIndex, lineOf: lineMapper(itemNode, doc, lines) });
      });
      return;
    }
    const problem = notAnObject(value);
    if (problem) {
      errors.push(errorAt(documentIndex, start, `${name} ${problem}`));
      return;
    }
    const object = value as KubeObject;
    // Rules read metadata unconditionally; a manifest may omit it (the schema check reports the name).
    if (object.metadata === undefined) object.metadata = {};
    objects.push({ object, file, documentIndex, lineOf: lineMapper(root, doc, lines) });
  });
  return { objects, errors };
}
