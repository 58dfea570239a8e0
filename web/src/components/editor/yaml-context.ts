// Where the cursor is in a YAML document, from indentation alone (the text being edited is
// often not valid YAML yet): the path of keys and list items above it, whether a key or a
// value is being typed, and the keys already present at that level.

/** `spec`, `http`, `[]` (an item of a list), `route`, ... from the root. */
export type YamlPath = string[];

export interface YamlContext {
  /** Typing a key (path = its parent) or the value of `key` (path = the key's parent). */
  mode: 'key' | 'value';
  path: YamlPath;
  /** The key whose value is typed (value mode). */
  key?: string;
  /** What is typed so far of the key or value. */
  prefix: string;
  /** Where the typed prefix starts in the text (the completion's `from`). */
  from: number;
  /** Column of the key being typed (key mode) or of `key` (value mode). */
  column: number;
  /** Keys already at this level, above the cursor. */
  siblings: string[];
}

interface Entry {
  col: number;
  kind: 'root' | 'key' | 'item';
  seg: string;
  children: Set<string>;
}

interface LineShape {
  /** Columns of the `- ` markers. */
  dashes: number[];
  key?: string;
  keyCol: number;
  /** The text after `key:` (trimmed), or the item's scalar. */
  rest: string;
}

const KEY = /^([A-Za-z0-9_.$/-]+|"[^"]*"|'[^']*'):(?:\s|$)/;

function shapeOf(line: string): LineShape | undefined {
  const trimmed = line.trimStart();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...') return undefined;
  let col = line.length - trimmed.length;
  const dashes: number[] = [];
  let rest = trimmed;
  for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
    dashes.push(col);
    col += m[0].length;
    rest = rest.slice(m[0].length);
  }
  const k = KEY.exec(rest);
  if (!k) return { dashes, keyCol: col, rest };
  return { dashes, key: k[1]!.replace(/^["']|["']$/g, ''), keyCol: col, rest: rest.slice(k[0].length).trim() };
}

/** Pops what a new node at `col` closes: deeper nodes, and a sibling at the same column. */
function close(stack: Entry[], col: number, kind: 'key' | 'item'): void {
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'root') return;
    if (top.col > col) { stack.pop(); continue; }
    // A list may sit at its key's own column (`http:` then `- route:`): the key stays open.
    if (top.col === col && !(kind === 'item' && top.kind === 'key')) { stack.pop(); continue; }
    return;
  }
}

function open(stack: Entry[], shape: LineShape): void {
  for (const d of shape.dashes) {
    close(stack, d, 'item');
    stack.push({ col: d, kind: 'item', seg: '[]', children: new Set() });
  }
  if (shape.key === undefined) return;
  close(stack, shape.keyCol, 'key');
  stack[stack.length - 1]!.children.add(shape.key);
  stack.push({ col: shape.keyCol, kind: 'key', seg: shape.key, children: new Set() });
}

/** The context at `offset` in `text`; undefined inside a comment or a place no field goes. */
export function yamlContextAt(text: string, offset: number): YamlContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const stack: Entry[] = [{ col: -1, kind: 'root', seg: '', children: new Set() }];
  for (const line of text.slice(0, lineStart).split('\n')) {
    const shape = shapeOf(line);
    if (shape) open(stack, shape);
  }
  if (before.includes('#')) return undefined;
  const path = () => stack.slice(1).map((e) => e.seg);

  const valueMatch = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.$/-]+):\s+(\S*)$/.exec(before);
  if (valueMatch) {
    const [, indent, dashes, key, value] = valueMatch;
    const keyCol = indent!.length + dashes!.length;
    open(stack, { dashes: dashPositions(indent!.length, dashes!), keyCol, rest: '' });
    close(stack, keyCol, 'key');
    return { mode: 'value', path: path(), key, prefix: value!, from: offset - value!.length, column: keyCol, siblings: [...stack[stack.length - 1]!.children] };
  }
  const keyMatch = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.$/-]*)$/.exec(before);
  if (!keyMatch) return undefined;
  const [, indent, dashes, prefix] = keyMatch;
  const keyCol = indent!.length + dashes!.length;
  open(stack, { dashes: dashPositions(indent!.length, dashes!), keyCol, rest: '' });
  close(stack, keyCol, 'key');
  return { mode: 'key', path: path(), prefix: prefix!, from: offset - prefix!.length, column: keyCol, siblings: [...stack[stack.length - 1]!.children] };
}

function dashPositions(start: number, dashes: string): number[] {
  const out: number[] = [];
  let col = start;
  for (const m of dashes.matchAll(/-\s+/g)) {
    out.push(col);
    col += m[0].length;
  }
  return out;
}

/** The kind named by a `kind:` line at the top level, if any. */
export function kindOf(text: string): string | undefined {
  return /^kind:\s*["']?([A-Za-z]+)["']?\s*$/m.exec(text)?.[1];
}
