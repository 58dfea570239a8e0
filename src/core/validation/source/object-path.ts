// The path notation of findings: dotted keys and bracketed indexes from the object's root
// (`spec.servers[0].tls.credentialName`). Keys that are not plain words (label keys such as
// `app.kubernetes.io/name`) are written as quoted brackets: `metadata.labels["app.kubernetes.io/name"]`.
// The schema validator formats paths with it; lineOf parses them back.

export type PathSegment = string | number;

/** A key that may be written after a dot (anything else is quoted). */
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Appends one segment to a formatted path. */
export function childPath(parent: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${parent}[${segment}]`;
  if (PLAIN_KEY.test(segment)) return parent ? `${parent}.${segment}` : segment;
  return `${parent}[${JSON.stringify(segment)}]`;
}

/**
 * The segments of a path; undefined when it is not in the notation. Lenient about what rules
 * write by hand: `a.b`, `a[0]`, `a["x.y"]`, `a['x.y']`.
 */
export function parsePath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (i === 0 || i === path.length - 1) return undefined;
      i++;
      continue;
    }
    if (c === '[') {
      const close = findClosingBracket(path, i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) out.push(JSON.parse(inner) as string);
      else if (/^'[^']*'$/.test(inner)) out.push(inner.slice(1, -1));
      else return undefined;
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    out.push(path.slice(i, end));
    i = end;
  }
  return out;
}

/** The `]` closing the bracket at `open`, skipping quoted text. */
function findClosingBracket(path: string, open: number): number {
  const quote = path[open + 1];
  if (quote !== '"' && quote !== "'") return path.indexOf(']', open);
  for (let i = open + 2; i < path.length; i++) {
    if (path[i] === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (path[i] === quote) return path[i + 1] === ']' ? i + 1 : -1;
  }
  return -1;
}
