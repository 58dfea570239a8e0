// The Type (kind) multi-select, kept in the URL (`?kind=A,B`) like the namespace filter.
import { useEffect, useRef, useState } from 'react';
import { useListParam } from '../../app/router';
import { kindLabel } from './kinds';

export function useKindParam(): [string[], (next: string[]) => void] {
  return useListParam('kind');
}

export function KindFilter({ kinds }: { kinds: readonly string[] }) {
  const [selected, setSelected] = useKindParam();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => { document.removeEventListener('mousedown', close); document.removeEventListener('keydown', esc); };
  }, [open]);

  const toggle = (k: string) => setSelected(selected.includes(k) ? selected.filter((x) => x !== k) : [...selected, k].sort());
  const label = selected.length === 0 ? 'All types' : selected.length <= 2 ? selected.join(', ') : `${selected.length} types`;
  return (
    <div className="ns-filter" ref={box}>
      <button type="button" className="btn" aria-haspopup="listbox" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="kind-filter">
        Type: {label} ▾
      </button>
      {open && (
        <div className="menu" role="listbox" aria-multiselectable="true" aria-label="Types">
          <label><input type="checkbox" checked={selected.length === 0} onChange={() => setSelected([])} /> All types</label>
          {kinds.map((k) => (
            <label key={k} title={kindLabel(k)}><input type="checkbox" checked={selected.includes(k)} onChange={() => toggle(k)} /> {k}</label>
          ))}
        </div>
      )}
    </div>
  );
}
