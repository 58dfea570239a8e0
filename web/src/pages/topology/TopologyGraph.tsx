// The graph on a canvas (cytoscape). Positions come from the layered layout (fast and stable);
// polls update labels and colours in place, and only a changed set of nodes or edges lays the
// graph out again, so the view does not jump every few seconds.
import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import { formatPercent, formatRps } from '../../components/format';
import type { TopologyNode } from './api';
import type { GraphElements } from './graph-model';
import { EDGE_LABEL_ZOOM, graphStyle, readThemeColours } from './graph-style';
import { layeredLayout, type Point } from './layout';

/** Above this many elements the canvas trades eye candy for speed (straight edges, texture while panning). */
const BIG = 1500;

/**
 * What browser tests and the render benchmark use to act like a user on the canvas: where a node
 * is on screen (to click it for real), what an edge's label reads, panning, and how many times
 * the graph was laid out and drawn.
 */
export interface TopologyTestHook {
  nodeClientPosition(id: string): { x: number; y: number } | null;
  /** The label drawn on an edge, null when the edge is not on the canvas. */
  edgeLabel(id: string): string | null;
  /** How many edges have a label drawn (big graphs: none until zoomed in). */
  labelledEdges(): number;
  /** Moves the view as a drag would (the render benchmark pans with it). */
  panBy(dx: number, dy: number): void;
  /** Zooms about the centre, as the + and − buttons do. */
  zoomTo(level: number): void;
  renders: number;
}

declare global {
  interface Window { smmTopology?: TopologyTestHook }
}

interface Props {
  elements: GraphElements;
  nodes: ReadonlyMap<string, TopologyNode>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Bumped to centre the selected node (e.g. chosen from the node finder). */
  focusTick: number;
}

interface Hover { id: string; x: number; y: number }

export function TopologyGraph({ elements, nodes, selected, onSelect, focusTick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const structure = useRef('');
  /** Until the user pans or zooms, the graph keeps fitting the canvas (e.g. when the side panel opens). */
  const autoFit = useRef(true);
  /** Where the layout put the leaves, and whether there are group boxes around them: fitting reads these. */
  const laidOut = useRef<{ positions: Map<string, Point>; groups: boolean }>({ positions: new Map(), groups: false });
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [hover, setHover] = useState<Hover | null>(null);
  const big = elements.nodes.length + elements.edges.length > BIG;

  // One canvas per size class: the speed options are fixed when cytoscape starts.
  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const cy = cytoscape({
      container, style: graphStyle(readThemeColours(), big, !big), minZoom: 0.02, maxZoom: 3,
      boxSelectionEnabled: false, selectionType: 'single', textureOnViewport: big, motionBlur: false,
    });
    cyRef.current = cy;
    structure.current = '';
    cy.on('tap', 'node', (e) => onSelectRef.current((e.target as cytoscape.NodeSingular).id()));
    cy.on('tap', (e) => { if (e.target === cy) onSelectRef.current(null); });
    cy.on('mouseover', 'node', (e) => {
      const n = e.target as cytoscape.NodeSingular;
      const p = n.renderedPosition();
      setHover({ id: n.id(), x: p.x, y: p.y });
    });
    cy.on('mouseout', 'node', () => setHover(null));
    cy.on('viewport', () => setHover(null));
    cy.on('dragpan scrollzoom pinchzoom', () => { autoFit.current = false; });
    const hook: TopologyTestHook = {
      renders: 0,
      nodeClientPosition(id) {
        const n = cy.getElementById(id);
        if (n.empty()) return null;
        const r = container.getBoundingClientRect();
        const p = n.renderedPosition();
        return { x: r.left + p.x, y: r.top + p.y };
      },
      edgeLabel(id) {
        const e = cy.getElementById(id);
        return e.nonempty() && e.isEdge() ? String(e.style('label')) : null;
      },
      labelledEdges: () => cy.edges().filter((e) => String(e.style('label')) !== '').length,
      panBy(dx, dy) { cy.panBy({ x: dx, y: dy }); },
      zoomTo(level) { cy.zoom({ level, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } }); },
    };
    window.smmTopology = hook;
    // Big graphs: edge labels only once they are legible (see EDGE_LABEL_ZOOM).
    let edgeLabels = !big;
    const restyle = () => cy.style(graphStyle(readThemeColours(), big, edgeLabels));
    if (big) {
      cy.on('zoom', () => {
        const want = cy.zoom() >= EDGE_LABEL_ZOOM;
        if (want !== edgeLabels) { edgeLabels = want; restyle(); }
      });
    }
    const themeWatch = new MutationObserver(restyle);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    let width = container.clientWidth;
    const resize = new ResizeObserver(() => {
      cy.resize();
      // Keep what the user looked at: refit, or keep the centre where it was.
      if (autoFit.current) fitView(cy, laidOut.current);
      else cy.panBy({ x: (container.clientWidth - width) / 2, y: 0 });
      width = container.clientWidth;
    });
    resize.observe(container);
    return () => {
      themeWatch.disconnect();
      resize.disconnect();
      cy.destroy();
      cyRef.current = null;
      if (window.smmTopology === hook) delete window.smmTopology;
    };
  }, [big]);

  // Elements: replace and lay out when the structure changed, else update in place.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const nodeKey = elements.nodes.map((n) => `${n.data.id}>${n.data.parent ?? ''}`).join('|');
    const key = `${nodeKey}#${elements.edges.map((e) => e.data.id).join('|')}`;
    if (key !== structure.current) {
      const nodesChanged = nodeKey !== structure.current.split('#')[0];
      structure.current = key;
      // Marks for the render benchmark: data in, laid out, on the canvas, drawn.
      performance.mark('topology-data');
      const positions = layeredLayout(
        elements.nodes.map((n) => ({ id: n.data.id, parent: n.data.parent ?? null, label: n.data.label })),
        elements.edges.map((e) => e.data),
      );
      performance.mark('topology-layout');
      cy.batch(() => {
        cy.elements().remove();
        cy.add([
          ...elements.nodes.map((n) => ({ group: 'nodes' as const, data: { ...n.data }, classes: n.classes, position: positions.get(n.data.id) ?? { x: 0, y: 0 } })),
          ...elements.edges.map((e) => ({ group: 'edges' as const, data: { ...e.data }, classes: e.classes })),
        ]);
      });
      performance.mark('topology-added');
      laidOut.current = { positions, groups: elements.nodes.some((n) => n.data.parent) };
      if (nodesChanged) { autoFit.current = true; fitView(cy, laidOut.current); }
      performance.mark('topology-fitted');
      cy.one('render', () => requestAnimationFrame(() => {
        performance.mark('topology-rendered');
        if (window.smmTopology) window.smmTopology.renders++;
        box.current?.setAttribute('data-rendered', String(window.smmTopology?.renders ?? 1));
      }));
    } else {
      cy.batch(() => {
        for (const el of [...elements.nodes, ...elements.edges]) {
          const existing = cy.getElementById(el.data.id);
          existing.data(el.data);
          existing.classes(el.classes);
        }
      });
    }
    applySelection(cy, selected);
    // Selection is applied by its own effect too; here it survives a re-layout.
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applySelection(cy, selected);
  }, [selected]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !selected || focusTick === 0) return;
    const n = cy.getElementById(selected);
    if (n.empty()) return;
    autoFit.current = false;
    cy.animate({ zoom: Math.max(cy.zoom(), 0.9), center: { eles: n } }, { duration: 250 });
  }, [focusTick]);

  const fit = () => {
    autoFit.current = true;
    if (cyRef.current) fitView(cyRef.current, laidOut.current);
  };
  const zoom = (factor: number) => {
    const cy = cyRef.current;
    if (!cy) return;
    autoFit.current = false;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  const hovered = hover ? nodes.get(hover.id) : undefined;

  return (
    <div className="topology-canvas-wrap">
      <div
        ref={box}
        className="topology-canvas"
        role="img"
        aria-label={`Topology graph: ${elements.nodes.length} nodes, ${elements.edges.length} connections. Use "Find node" or the list view to reach nodes with the keyboard.`}
        data-testid="topology-canvas"
        data-node-count={elements.nodes.length}
        data-edge-count={elements.edges.length}
      />
      <div className="topology-zoom btn-group" aria-label="Zoom">
        <button type="button" className="btn icon" onClick={() => zoom(1.25)} aria-label="Zoom in">+</button>
        <button type="button" className="btn icon" onClick={() => zoom(0.8)} aria-label="Zoom out">−</button>
        <button type="button" className="btn icon" onClick={fit} aria-label="Fit the graph to the view">Fit</button>
      </div>
      {hover && hovered && (
        <div className="topology-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} role="tooltip">
          <div className="title">{hovered.name}</div>
          <div className="muted">{hovered.kind}{hovered.namespace ? ` · ${hovered.namespace}` : ''} · {hovered.health}</div>
          {hovered.kind !== 'app' && hovered.kind !== 'namespace' && hovered.kind !== 'cluster' && (
            <div>{formatRps(hovered.rps)} rps in · {formatPercent(hovered.errorRate)} errors</div>
          )}
          {hovered.outlier && <div className="outlier-reason">⚠ {hovered.outlier}</div>}
        </div>
      )}
    </div>
  );
}

/**
 * Fits the laid-out graph into the canvas. Computed from the layout's own positions: cytoscape's
 * fit measures every label and edge first, most of the first render on big graphs.
 */
function fitView(cy: cytoscape.Core, { positions, groups }: { positions: Map<string, Point>; groups: boolean }): void {
  if (positions.size === 0) return;
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const p of positions.values()) {
    minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
  }
  // Room for node size and labels, and for group boxes with their titles.
  const margin = groups ? 110 : 50;
  const zoom = Math.max(cy.minZoom(), Math.min(1.5, (cy.width() - 40) / (maxX - minX + 2 * margin), (cy.height() - 40) / (maxY - minY + 2 * margin)));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2, y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
}

function applySelection(cy: cytoscape.Core, selected: string | null): void {
  cy.batch(() => {
    cy.$(':selected').unselect();
    cy.edges('.neighbour').removeClass('neighbour');
    if (!selected) return;
    const n = cy.getElementById(selected);
    if (n.empty()) return;
    n.select();
    n.connectedEdges().addClass('neighbour');
  });
}
