// "Find node": reach any node of the graph with the keyboard (the canvas itself is not
// focusable). Type to filter, arrows to move, Enter to select; the choice goes to `?node=`.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { TopologyNode } from './api';
import { matchNodes } from './graph-model';

const SHOWN = 30;

export function NodeFinder({ nodes, onPick }: { nodes: readonly TopologyNode[]; onPick: (id: string) => void }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => matchNodes(nodes, text).slice(0, SHOWN), [nodes, text]);

  const pick = (n: TopologyNode | undefined) => {
    if (!n) return;
    onPick(n.id);
    setOpen(false);
    setText('');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, matches.length - 1)); }
    if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    if (e.key === 'Enter') { e.preventDefault(); pick(matches[active]); }
    if (e.key === 'Escape') setOpen(false);
  };

  return (
    <div className="node-finder">
      <input
        type="search"
        placeholder="Find node…"
        aria-label="Find node"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(e) => { setText(e.target.value); setOpen(true); setActive(0); }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKey}
        data-testid="node-finder"
      />
      {open && (
        <ul className="menu" role="listbox" id={listId} aria-label="Matching nodes">
          {matches.length === 0 && <li className="muted empty">No node matches</li>}
          {matches.map((n, i) => (
            <li key={n.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => { e.preventDefault(); pick(n); }} data-node={n.id}>
              <span>{n.name}</span> <span className="muted">{n.kind}{n.namespace ? ` · ${n.namespace}` : ''}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
