// Reading a custom resource from a YAML file: syntax errors with line:column, and schema
// problems placed on the line of the field they name (the yaml package keeps node offsets).

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { ResourceValidationError, type ValidationProblem } from './errors.js';

/** `spec.pullSecrets[0].name` → `['spec', 'pullSecrets', 0, 'name']`. */
function segmentsOf(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/**
 * Offset of the deepest node on `path` the document has: the key of a mapping entry (so an
 * unknown field points at its name), or a sequence item. Keys containing dots (label keys)
 * are matched by trying the longest run of segments first.
 */
function offsetOf(doc: Document, path: string): number | undefined {
  const segs = segmentsOf(path);
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (let i = 0; i < segs.length;) {
    if (isMap(node)) {
      const map = node;
      let matched = 0;
      for (let n = segs.length - i; n >= 1 && !matched; n--) {
        const key = segs.slice(i, i + n).join('.');
        const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        if (pair) {
          offset = (pair.key as Node).range?.[0] ?? offset;
          node = pair.value;
          matched = n;
        }
      }
      if (!matched) break;
      i += matched;
    } else if (isSeq(node) && typeof segs[i] === 'number') {
      const item = node.items[segs[i] as number];
      if (item === undefined) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
      i += 1;
    } else {
      break;
    }
  }
  return offset;
}

/**
 * Parse one resource from `text`: YAML syntax errors, an empty file or several documents are
 * reported with positions (through `makeError`); `parse` validates the value, and the problems
 * of the validation error it throws get the line and column of their fields.
 */
export function parseYamlResource<T>(
  text: string,
  file: string,
  parse: (value: unknown) => T,
  makeError: (problems: ValidationProblem[]) => ResourceValidationError,
): T {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const docs = (Array.isArray(parsed) ? parsed : [parsed]).filter((d) => d.contents !== null || d.errors.length > 0);
  const pos = (offset: number): { line: number; column: number } => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col };
  };

  const syntax = docs.flatMap((d) => d.errors.map((e): ValidationProblem => {
    const [first] = e.message.split('\n');
    return { path: '', message: `YAML syntax error: ${(first ?? e.message).replace(/ at line \d+, column \d+:?$/, '')}`, ...pos(e.pos[0]) };
  }));
  if (syntax.length) throw makeError(syntax);
  if (docs.length === 0) throw makeError([{ path: '', message: 'the file holds no YAML document', line: 1, column: 1 }]);
  const [doc, second] = docs;
  if (second) {
    throw makeError([{ path: '', message: `expected one document, found ${docs.length}`, ...pos((second.contents as Node | null)?.range?.[0] ?? 0) }]);
  }

  try {
    return parse(doc!.toJS({ maxAliasCount: 100 }) as unknown);
  } catch (e) {
    if (!(e instanceof ResourceValidationError)) throw e;
    const placed = e.problems.map((p) => {
      const offset = offsetOf(doc!, p.path);
      return offset === undefined ? p : { ...p, ...pos(offset) };
    });
    // In file order, as an editor lists them; problems without a position keep theirs, last.
    const rank = (p: ValidationProblem): number => (p.line === undefined ? Infinity : p.line * 10_000 + (p.column ?? 0));
    throw makeError(placed.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p));
  }
}
