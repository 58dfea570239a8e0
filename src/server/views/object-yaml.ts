// An object as the dashboard shows it in "Show YAML" (control plane CONFIG, validation
// issues), and the lines a finding's path covers in that text, so the invalid part can be
// highlighted. Pure: the server reads the object, this formats it.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { parsePath } from '../../core/validation/source/object-path.js';
import type { KubeObject } from '../../kube/object.js';

/** What "Show YAML" prints: no managedFields (noise), and never a Secret's payload. */
export function objectYaml(o: KubeObject): string {
  const { managedFields: _mf, ...metadata } = o.metadata;
  const shown: Record<string, unknown> = { ...o, metadata };
  if (o.kind === 'Secret') {
    delete shown['data'];
    delete shown['stringData'];
    const annotations = { ...(metadata.annotations ?? {}) };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    shown['metadata'] = { ...metadata, ...(metadata.annotations ? { annotations } : {}) };
  }
  return stringify(shown, { lineWidth: 0 });
}

export interface LineRange {
  path: string;
  /** 1-based, inclusive. */
  start: number;
  end: number;
  /** False when the path does not exist (e.g. a missing field): the range is its nearest existing ancestor's key line. */
  exact: boolean;
}

/**
 * The lines of `yaml` a finding path covers: from the key's line to the last line of its
 * value (a list item: the item's lines). Undefined for the whole object ('') or a path that
 * is not in the notation.
 */
export function pathLines(yaml: string, path: string): LineRange | undefined {
  if (path === '') return undefined;
  const segments = parsePath(path);
  if (!segments) return undefined;
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines });
  const lineAt = (offset: number): number => lines.linePos(Math.max(0, offset)).line;
  let current: unknown = doc.contents;
  let found: { start: number; end: number } | undefined;
  for (const segment of segments) {
    let next: { key?: Node; value: Node } | undefined;
    if (typeof segment === 'number' && isSeq(current)) {
      const item: unknown = current.items[segment];
      if (item && typeof item === 'object' && 'range' in item) next = { value: item as Node };
    } else if (isMap(current)) {
      for (const pair of current.items) {
        if (!isPair(pair)) continue;
        const key: unknown = pair.key;
        if (isScalar(key) && String(key.value) === String(segment)) {
          next = { key: key as Node, value: (pair.value ?? key) as Node };
          break;
        }
      }
    }
    if (!next) return found ? { path, start: found.start, end: found.start, exact: false } : undefined;
    const startNode = next.key ?? next.value;
    const valueRange = next.value.range;
    // range[1] is where the value ends; a block value ends at the next line's start, hence the - 1.
    const end = valueRange ? lineAt(valueRange[1] - 1) : lineAt(startNode.range?.[0] ?? 0);
    const start = lineAt(startNode.range?.[0] ?? 0);
    found = { start, end: Math.max(start, end) };
    current = next.value;
  }
  return found ? { path, ...found, exact: true } : undefined;
}
