// A table whose cells may span several lines (a Sidecar's selector labels and hosts), with the
// headers as given: what `smm sidecar-proxy egress` prints, in the product's layout.

/** One row: each cell a list of lines (an empty list is an empty cell). */
export type BlockRow = string[][];

export function renderBlockTable(headers: string[], rows: readonly BlockRow[], gap = 2): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(0, ...(r[i] ?? []).map((l) => l.length)))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + gap))).join('').trimEnd();
  const out = [line(headers)];
  for (const r of rows) {
    const height = Math.max(1, ...headers.map((_, i) => (r[i] ?? []).length));
    for (let l = 0; l < height; l++) out.push(line(headers.map((_, i) => r[i]?.[l] ?? '')));
  }
  return out.join('\n') + '\n';
}
