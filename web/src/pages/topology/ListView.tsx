// The graph as tables, for keyboard and screen-reader users (and to check the canvas against):
// rendered only when opened, since big meshes have thousands of rows.
import { useState } from 'react';
import { HealthBadge } from '../../components/Health';
import type { TopologyEdge, TopologyNode } from './api';
import { edgeLabel, isGroup } from './graph-model';
import type { LabelMode } from './view-state';

export function ListView({ nodes, edges, mode, onPick }: { nodes: readonly TopologyNode[]; edges: readonly TopologyEdge[]; mode: LabelMode; onPick: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const name = new Map(nodes.map((n) => [n.id, n.name]));
  const shown = nodes.filter((n) => !isGroup(n));
  return (
    <details className="card topology-list" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="topology-list">
      <summary>List view: {shown.length} nodes, {edges.length} connections</summary>
      {open && (
        <div className="grid-2">
          <table className="data" aria-label="Nodes">
            <thead><tr><th>Node</th><th>Kind</th><th>Namespace</th><th>Health</th></tr></thead>
            <tbody>
              {shown.map((n) => (
                <tr key={n.id} data-node={n.id}>
                  <td><button type="button" className="linkish" onClick={() => onPick(n.id)}>{n.name}</button></td>
                  <td>{n.kind}</td><td>{n.namespace ?? '–'}</td><td><HealthBadge health={n.health} reason={n.outlier} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data" aria-label="Connections">
            <thead><tr><th>From</th><th>To</th><th>Label</th></tr></thead>
            <tbody>
              {edges.map((e) => (
                <tr key={e.id} data-edge={e.id}>
                  <td>{name.get(e.source) ?? e.source}</td><td>{name.get(e.target) ?? e.target}</td><td className="edge-label">{edgeLabel(e, mode)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
