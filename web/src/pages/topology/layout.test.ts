import { describe, expect, it } from 'vitest';
import { assignLayers, layeredLayout, type LayoutEdge, type LayoutNode } from './layout';

const edge = (source: string, target: string): LayoutEdge => ({ source, target });

describe('assignLayers', () => {
  it('puts every callee right of its callers (longest path)', () => {
    const layers = assignLayers(['a', 'b', 'c', 'd'], [edge('a', 'b'), edge('b', 'c'), edge('a', 'c'), edge('d', 'c')]);
    expect(Object.fromEntries(layers)).toEqual({ a: 0, b: 1, c: 2, d: 0 });
  });

  it('survives cycles and self loops, keeping every node', () => {
    const layers = assignLayers(['a', 'b', 'c'], [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('b', 'b')]);
    expect(layers.size).toBe(3);
    expect(layers.get('a')).toBe(0);
    expect(layers.get('b')).toBe(1);
    expect(layers.get('c')).toBe(2);
  });

  it('ignores edges to unknown nodes', () => {
    expect(Object.fromEntries(assignLayers(['a'], [edge('a', 'zz')]))).toEqual({ a: 0 });
  });
});

describe('layeredLayout', () => {
  it('places callers left of callees', () => {
    const pos = layeredLayout([{ id: 'gw' }, { id: 'front' }, { id: 'db' }], [edge('gw', 'front'), edge('front', 'db')]);
    expect(pos.get('gw')!.x).toBeLessThan(pos.get('front')!.x);
    expect(pos.get('front')!.x).toBeLessThan(pos.get('db')!.x);
  });

  const box = (pos: Map<string, { x: number; y: number }>, ids: string[]) => {
    const ps = ids.map((id) => pos.get(id)!);
    return { left: Math.min(...ps.map((p) => p.x)), right: Math.max(...ps.map((p) => p.x)), top: Math.min(...ps.map((p) => p.y)), bottom: Math.max(...ps.map((p) => p.y)) };
  };
  type Box = ReturnType<typeof box>;
  // Group boxes are drawn around their leaves with some padding: require a clear gap between them.
  const apart = (a: Box, b: Box, margin: number) => a.right + margin < b.left || b.right + margin < a.left || a.bottom + margin < b.top || b.bottom + margin < a.top;

  it('gives group nodes no position and keeps sibling groups apart', () => {
    const nodes: LayoutNode[] = [
      { id: 'ns:a' }, { id: 'ns:b' },
      { id: 'a1', parent: 'ns:a' }, { id: 'a2', parent: 'ns:a' }, { id: 'a3', parent: 'ns:a' },
      { id: 'b1', parent: 'ns:b' }, { id: 'b2', parent: 'ns:b' },
    ];
    const pos = layeredLayout(nodes, [edge('a1', 'b1'), edge('b2', 'a2'), edge('a2', 'a3')]);
    expect(pos.has('ns:a')).toBe(false);
    expect(apart(box(pos, ['a1', 'a2', 'a3']), box(pos, ['b1', 'b2']), 40)).toBe(true);
  });

  it('lays groups out by the calls between them, and their members by the calls inside', () => {
    // Apps inside a namespace: front calls back; in each app the service comes before its workloads.
    const nodes: LayoutNode[] = [
      { id: 'ns' }, { id: 'app:front', parent: 'ns' }, { id: 'app:back', parent: 'ns' },
      { id: 'svc:front', parent: 'app:front' }, { id: 'front-v1', parent: 'app:front' },
      { id: 'svc:back', parent: 'app:back' }, { id: 'back-v1', parent: 'app:back' }, { id: 'back-v2', parent: 'app:back' },
    ];
    const pos = layeredLayout(nodes, [edge('svc:front', 'front-v1'), edge('front-v1', 'svc:back'), edge('svc:back', 'back-v1'), edge('svc:back', 'back-v2')]);
    const front = box(pos, ['svc:front', 'front-v1']);
    const back = box(pos, ['svc:back', 'back-v1', 'back-v2']);
    expect(front.right).toBeLessThan(back.left);
    expect(pos.get('svc:back')!.x).toBeLessThan(pos.get('back-v1')!.x);
    expect(pos.get('back-v1')!.x).toBe(pos.get('back-v2')!.x);
    expect(apart(front, back, 40)).toBe(true);
  });

  it('never puts two nodes on the same spot', () => {
    const nodes: LayoutNode[] = Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, parent: `g${i % 3}` }));
    nodes.push({ id: 'g0' }, { id: 'g1' }, { id: 'g2', parent: 'g0' });
    const edges = Array.from({ length: 120 }, (_, i) => edge(`n${(i * 7) % 50}`, `n${(i * 13 + 1) % 50}`));
    const pos = layeredLayout(nodes, edges);
    const spots = new Set([...pos.values()].map((p) => `${p.x},${p.y}`));
    expect(pos.size).toBe(50);
    expect(spots.size).toBe(50);
  });

  it('orders a layer to follow its callers (fewer crossings)', () => {
    // x1 calls z, x2 calls y: after the sweep, y sits above z as x2 sits above x1 — or both below.
    const pos = layeredLayout([{ id: 'x1' }, { id: 'x2' }, { id: 'y' }, { id: 'z' }], [edge('x1', 'z'), edge('x2', 'y')]);
    const sameOrder = (pos.get('x1')!.y < pos.get('x2')!.y) === (pos.get('z')!.y < pos.get('y')!.y);
    expect(sameOrder).toBe(true);
  });

  it('wraps tall layers into columns', () => {
    const nodes = Array.from({ length: 100 }, (_, i) => ({ id: `n${i}` }));
    const pos = layeredLayout(nodes, [], { maxRows: 10 });
    expect(new Set([...pos.values()].map((p) => p.x)).size).toBe(10);
    expect(new Set([...pos.values()].map((p) => p.y)).size).toBe(10);
  });

  it('is deterministic and fast on 1,000 nodes and 3,000 edges', () => {
    let seed = 7;
    const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const nodes: LayoutNode[] = Array.from({ length: 1000 }, (_, i) => ({ id: `w${i}`, parent: `ns${i % 20}` }));
    for (let g = 0; g < 20; g++) nodes.push({ id: `ns${g}` });
    const edges = Array.from({ length: 3000 }, () => edge(`w${Math.floor(rand() * 1000)}`, `w${Math.floor(rand() * 1000)}`));
    const t0 = performance.now();
    const first = layeredLayout(nodes, edges);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(500);
    expect(JSON.stringify([...layeredLayout(nodes, edges)])).toBe(JSON.stringify([...first]));
  });
});

describe('layeredLayout on deep call chains', () => {
  it('folds a long chain into lines instead of a thin ribbon', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({ id: `n${i}` }));
    const edges = nodes.slice(1).map((n, i) => edge(`n${i}`, n.id));
    const pos = layeredLayout(nodes, edges);
    const xs = [...pos.values()].map((p) => p.x);
    const ys = [...pos.values()].map((p) => p.y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    expect(width / height).toBeLessThan(6);
    expect(width / height).toBeGreaterThan(0.5);
    // Within a line, callers stay left of callees.
    expect(pos.get('n0')!.x).toBeLessThan(pos.get('n1')!.x);
  });
});

describe('layeredLayout folding', () => {
  it('keeps a chain of up to 16 groups on one line', () => {
    const nodes: LayoutNode[] = [];
    const edges: LayoutEdge[] = [];
    for (let i = 0; i < 12; i++) {
      nodes.push({ id: `app${i}` }, { id: `svc${i}`, parent: `app${i}` }, { id: `wl${i}`, parent: `app${i}` });
      edges.push(edge(`svc${i}`, `wl${i}`));
      if (i > 0) edges.push(edge(`wl${i - 1}`, `svc${i}`));
    }
    const pos = layeredLayout(nodes, edges);
    expect(new Set([...pos.values()].map((p) => p.y)).size).toBe(1);
  });
});
