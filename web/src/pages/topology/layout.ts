// A layered (left-to-right) layout that is fast and deterministic on thousands of nodes: callers
// on the left, callees on the right. Groups (cluster, namespace, app) are laid out the same way,
// recursively: a group is a block placed by the calls between blocks, so group boxes never
// overlap and an app's service sits right before its workloads. Pure math: positions for the
// leaf nodes; the graph library draws the group boxes around them.

export interface LayoutNode {
  id: string;
  /** The enclosing group's id, when groups are shown. */
  parent?: string | null;
  /** Sorting key inside a column before crossings are reduced (e.g. the name). */
  label?: string;
}

export interface LayoutEdge { source: string; target: string }

export interface LayoutOptions {
  /** Horizontal distance between layers. */
  layerGap?: number;
  /** Vertical distance between nodes of one layer. */
  rowGap?: number;
  /** Room around a group's content (its label goes on top). */
  groupPadding?: number;
  /** A column taller than this many rows wraps into more columns; by default groups come out wider than tall. */
  maxRows?: number;
}

export interface Point { x: number; y: number }

/**
 * Layers by longest path from the sources, after ignoring the edges that close a cycle (found
 * by a depth-first search in a stable order). A node's layer is 1 + the largest layer of its callers.
 */
export function assignLayers(ids: string[], edges: LayoutEdge[]): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const id of ids) out.set(id, []);
  for (const e of edges) {
    if (e.source !== e.target && out.has(e.source) && out.has(e.target)) out.get(e.source)!.push(e.target);
  }
  // Iterative DFS: edges to a node still on the stack are back edges (cycles); drop them.
  const state = new Map<string, 1 | 2>(); // 1: on stack, 2: done
  const dag = new Map<string, string[]>();
  for (const id of ids) dag.set(id, []);
  const order: string[] = []; // post-order
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = out.get(top.id)!;
      if (top.next < targets.length) {
        const t = targets[top.next++]!;
        const s = state.get(t);
        if (s === 1) continue; // back edge
        dag.get(top.id)!.push(t);
        if (s === undefined) {
          state.set(t, 1);
          stack.push({ id: t, next: 0 });
        }
      } else {
        state.set(top.id, 2);
        order.push(top.id);
        stack.pop();
      }
    }
  }
  // Reverse post-order is a topological order of the DAG.
  const layer = new Map<string, number>();
  for (const id of ids) layer.set(id, 0);
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    const l = layer.get(id)!;
    for (const t of dag.get(id)!) if (layer.get(t)! < l + 1) layer.set(t, l + 1);
  }
  return layer;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A laid-out group: its size and its leaves' positions relative to its top-left corner. */
interface Block { width: number; height: number; leaves: Map<string, Point> }

interface Item { id: string; width: number; height: number; block?: Block; key: string }

export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], options: LayoutOptions = {}): Map<string, Point> {
  const layerGap = options.layerGap ?? 130;
  const rowGap = options.rowGap ?? 80;
  const pad = options.groupPadding ?? 28;
  const labelRoom = 18;
  const known = new Set(nodes.map((n) => n.id));
  const groupIds = new Set<string>();
  for (const n of nodes) if (n.parent && known.has(n.parent) && n.parent !== n.id) groupIds.add(n.parent);
  /** Wrap columns at this height: the given rows, else what makes the group about 1.6 times wider than tall. */
  const wrapHeight = (items: Item[]): number => {
    if (options.maxRows) return options.maxRows * rowGap;
    const area = items.reduce((sum, i) => sum + i.width * i.height, 0);
    return Math.max(6 * rowGap, Math.sqrt(area / 1.6));
  };
  const label = new Map(nodes.map((n) => [n.id, n.label ?? n.id]));

  // The group tree; a parent cycle (bad data) is cut by treating the node as top-level.
  const parent = new Map<string, string | null>();
  for (const n of nodes) parent.set(n.id, n.parent && groupIds.has(n.parent) && n.parent !== n.id ? n.parent : null);
  const children = new Map<string | null, string[]>();
  const isAncestorCycle = (id: string): boolean => {
    const seen = new Set<string>();
    for (let p = parent.get(id) ?? null; p !== null; p = parent.get(p) ?? null) {
      if (p === id || seen.has(p)) return true;
      seen.add(p);
    }
    return false;
  };
  for (const n of nodes) {
    const p = isAncestorCycle(n.id) ? null : parent.get(n.id)!;
    parent.set(n.id, p);
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(n.id);
  }
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    let d = depth.get(id);
    if (d === undefined) { const p = parent.get(id); d = p ? depthOf(p) + 1 : 0; depth.set(id, d); }
    return d;
  };
  // Each call belongs to the innermost group holding both ends, as a call between the two
  // children of that group that contain them (one pass over the edges, not one per group).
  const callsIn = new Map<string | null, LayoutEdge[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target)) continue;
    let a = e.source;
    let b = e.target;
    while (depthOf(a) > depthOf(b)) a = parent.get(a)!;
    while (depthOf(b) > depthOf(a)) b = parent.get(b)!;
    while (a !== b && parent.get(a) !== parent.get(b)) { a = parent.get(a)!; b = parent.get(b)!; }
    if (a === b) continue; // a call to or from its own group
    const k = `${a}\u0000${b}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const g = parent.get(a) ?? null;
    if (!callsIn.has(g)) callsIn.set(g, []);
    callsIn.get(g)!.push({ source: a, target: b });
  }

  const layoutGroup = (group: string | null): Block => {
    const ids = (children.get(group) ?? []).slice().sort((a, b) => compare(label.get(a)!, label.get(b)!) || compare(a, b));
    const items: Item[] = ids.map((id) => {
      if (groupIds.has(id)) {
        const block = layoutGroup(id);
        return { id, width: block.width, height: block.height, block, key: label.get(id)! };
      }
      return { id, width: layerGap, height: rowGap, key: label.get(id)! };
    });
    const itemEdges = callsIn.get(group) ?? [];
    const layers = assignLayers(ids, itemEdges);
    const layerCount = Math.max(0, ...layers.values()) + 1;
    const columns: Item[][] = Array.from({ length: layerCount }, () => []);
    for (const item of items) columns[layers.get(item.id)!]!.push(item);
    orderColumns(columns, itemEdges);

    // Each column as a block: items stacked, wrapping into sub-columns when it gets too tall.
    const maxHeight = wrapHeight(items);
    const gap = rowGap / 4;
    const blocks: Block[] = columns.map((column) => {
      const at = new Map<string, Point>();
      let x = 0;
      let y = 0;
      let colWidth = 0;
      let height = 0;
      for (const item of column) {
        if (y > 0 && y + item.height > Math.max(maxHeight, item.height)) {
          x += colWidth;
          y = 0;
          colWidth = 0;
        }
        if (item.block) {
          for (const [id, p] of item.block.leaves) at.set(id, { x: x + p.x, y: y + p.y });
        } else {
          at.set(item.id, { x: x + layerGap / 2, y: y + rowGap / 2 });
        }
        y += item.height + (item.block ? gap : 0);
        colWidth = Math.max(colWidth, item.width + (item.block ? gap : 0));
        height = Math.max(height, y);
      }
      return { width: x + colWidth, height, leaves: at };
    });

    // Columns left to right; a very deep call chain (over 16 layers) folds into several lines,
    // like text, so the graph stays wider than tall but not a thin ribbon.
    const area = blocks.reduce((sum, b) => sum + b.width * b.height, 0);
    const lineWidth = blocks.length <= 16 ? Infinity : Math.max(...blocks.map((b) => b.width), Math.sqrt(area * 1.6) * 1.5);
    const leaves = new Map<string, Point>();
    const top = group === null ? 0 : pad + labelRoom;
    const left = group === null ? 0 : pad;
    let x = left;
    let y = top;
    let lineHeight = 0;
    let width = 0;
    for (const b of blocks) {
      if (x > left && x - left + b.width > lineWidth) {
        x = left;
        y += lineHeight + rowGap;
        lineHeight = 0;
      }
      for (const [id, p] of b.leaves) leaves.set(id, { x: x + p.x, y: y + p.y });
      x += b.width;
      width = Math.max(width, x);
      lineHeight = Math.max(lineHeight, b.height);
    }
    const height = y + lineHeight;
    const bottom = group === null ? 0 : pad;
    return { width: width + (group === null ? 0 : pad), height: height + bottom, leaves };
  };

  return layoutGroup(null).leaves;
}

/**
 * Fewer crossings: order each column by the mean position of its neighbours in earlier
 * columns (a down sweep), then in later ones (an up sweep). Items without such neighbours
 * keep their place.
 */
function orderColumns(columns: Item[][], edges: LayoutEdge[]): void {
  const rank = new Map<string, number>();
  const renumber = (col: Item[]) => col.forEach((item, i) => rank.set(item.id, i));
  columns.forEach(renumber);
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const e of edges) {
    (preds.get(e.target) ?? preds.set(e.target, []).get(e.target)!).push(e.source);
    (succs.get(e.source) ?? succs.set(e.source, []).get(e.source)!).push(e.target);
  }
  const sweep = (neighbours: Map<string, string[]>, order: number[]) => {
    for (const c of order) {
      const col = columns[c]!;
      const key = new Map<string, number>();
      for (const item of col) {
        const ns = neighbours.get(item.id) ?? [];
        key.set(item.id, ns.length ? ns.reduce((sum, n) => sum + rank.get(n)!, 0) / ns.length : rank.get(item.id)!);
      }
      col.sort((a, b) => key.get(a.id)! - key.get(b.id)! || compare(a.key, b.key) || compare(a.id, b.id));
      renumber(col);
    }
  };
  const forward = columns.map((_, i) => i);
  sweep(preds, forward.slice(1));
  sweep(succs, forward.reverse().slice(1));
}
