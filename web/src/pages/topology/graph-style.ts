// The canvas's stylesheet. Canvas drawing cannot use CSS variables, so the theme's colours are
// read at run time (and again when the theme changes): the graph follows light and dark mode.
import type cytoscape from 'cytoscape';

export interface ThemeColours {
  text: string;
  muted: string;
  surface: string;
  surface2: string;
  border: string;
  bg: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  unknown: string;
}

export function readThemeColours(root: HTMLElement = document.documentElement): ThemeColours {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1b2430'), muted: v('--text-muted', '#5b6675'), surface: v('--surface', '#fff'), surface2: v('--surface-2', '#eef1f5'),
    border: v('--border', '#d8dee6'), bg: v('--bg', '#f5f7fa'), accent: v('--accent', '#2f6fde'),
    ok: v('--ok', '#1e8e3e'), warn: v('--warn', '#b86e00'), bad: v('--bad', '#d0342c'), unknown: v('--unknown', '#8a94a3'),
  };
}

/** Node shape per kind; the legend shows the same table. */
export const KIND_SHAPES: Record<string, cytoscape.Css.NodeShape> = {
  workload: 'ellipse',
  gateway: 'round-hexagon',
  service: 'round-triangle',
  unknown: 'diamond',
  external: 'round-rectangle',
};

/**
 * The zoom from which edge labels are legible (10 px text at `min-zoomed-font-size` 6). Below it
 * they are not drawn anyway, but cytoscape still measures every one: on a big graph that was
 * 40 % of the first render, so big graphs get their edge labels only from this zoom on.
 */
export const EDGE_LABEL_ZOOM = 0.6;

/** `big`: thousands of elements; edges go straight (cheaper than curves). `edgeLabels`: see EDGE_LABEL_ZOOM. */
export function graphStyle(c: ThemeColours, big: boolean, edgeLabels = true): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': c.surface, 'border-width': 3, 'border-color': c.unknown, width: 34, height: 34,
        label: 'data(label)', 'font-size': 12, color: c.text, 'text-valign': 'bottom', 'text-margin-y': 4,
        'text-background-color': c.bg, 'text-background-opacity': 0.85, 'text-background-padding': '2px',
        'min-zoomed-font-size': 6, 'text-max-width': '160px', 'text-wrap': 'ellipsis',
      },
    },
    ...Object.entries(KIND_SHAPES).map(([kind, shape]) => ({ selector: `node.kind-${kind}`, style: { shape } })),
    { selector: 'node.kind-service', style: { 'background-color': c.surface2, width: 32, height: 30 } },
    { selector: 'node.kind-unknown, node.kind-external', style: { 'border-style': 'dashed', 'background-color': c.surface2 } },
    { selector: 'node.health-healthy', style: { 'border-color': c.ok } },
    { selector: 'node.health-degraded', style: { 'border-color': c.warn } },
    { selector: 'node.health-failing', style: { 'border-color': c.bad, 'background-color': c.bad, 'background-opacity': 0.18 } },
    { selector: 'node.outlier', style: { 'underlay-color': c.warn, 'underlay-opacity': 0.35, 'underlay-padding': 7, 'underlay-shape': 'ellipse' } },
    { selector: 'node.vm', style: { 'border-style': 'double', 'border-width': 5 } },
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle', 'background-color': c.accent, 'background-opacity': 0.04, 'border-width': 1, 'border-style': 'dashed',
        'border-color': c.muted, 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -4, 'font-weight': 'bold', color: c.muted, padding: '18px', 'text-max-width': '400px',
      },
    },
    { selector: 'node.kind-namespace', style: { 'background-opacity': 0.06, 'border-style': 'solid' } },
    { selector: 'node.kind-cluster', style: { 'background-opacity': 0.02, 'border-width': 2, 'border-style': 'solid' } },
    { selector: 'node:selected', style: { 'border-color': c.accent, 'border-width': 5, 'overlay-color': c.accent, 'overlay-opacity': 0.12, 'overlay-padding': 6 } },
    {
      selector: 'edge',
      style: {
        width: 1.5, 'line-color': c.muted, 'target-arrow-color': c.muted, 'target-arrow-shape': 'triangle', 'arrow-scale': 0.9,
        'curve-style': big ? 'straight' : 'bezier', label: edgeLabels ? 'data(label)' : '', 'font-size': 10, color: c.muted, 'text-rotation': 'autorotate',
        'text-background-color': c.bg, 'text-background-opacity': 0.85, 'text-background-padding': '1px', 'min-zoomed-font-size': 6, opacity: 0.85,
      },
    },
    { selector: 'edge.degraded', style: { 'line-color': c.warn, 'target-arrow-color': c.warn } },
    { selector: 'edge.failing', style: { 'line-color': c.bad, 'target-arrow-color': c.bad, width: 2.5 } },
    { selector: 'edge.mtls-plaintext, edge.mtls-mixed', style: { 'line-style': 'dashed' } },
    { selector: 'edge.protocol-tcp', style: { 'target-arrow-shape': 'square' } },
    { selector: 'edge.neighbour', style: { width: 3, 'line-color': c.accent, 'target-arrow-color': c.accent, color: c.text, opacity: 1, 'z-index': 10 } },
  ];
}
