// The NAMESPACES multi-select, kept in the URL (`?ns=a,b`) so a filtered view can be shared.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '../api/use-query';
import { useListParam } from '../app/router';

const NAMESPACES = /* GraphQL */ `query DashboardNamespaces { namespaces { name } }`;

/** The selected namespaces from the URL; empty means all. */
export function useNamespaceParam(): [string[], (next: string[]) => void] {
  return useListParam('ns');
}

export function NamespaceFilter() {
  const [selected, setSelected] = useNamespaceParam();
  const { data } = useQuery<{ namespaces: { name: string }[] }>(NAMESPACES);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const names = [...new Set((data?.namespaces ?? []).map((n) => n.name))].sort();

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => { document.removeEventListener('mousedown', close); document.removeEventListener('keydown', esc); };
  }, [open]);

  const toggle = (name: string) => setSelected(selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name].sort());
  const label = selected.length === 0 ? 'All namespaces' : selected.length <= 2 ? selected.join(', ') : `${selected.length} namespaces`;

  return (
    <div className="ns-filter" ref={box}>
      <button type="button" className="btn" aria-haspopup="listbox" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="namespace-filter">
        Namespaces: {label} ▾
      </button>
      {open && (
        <div className="menu" role="listbox" aria-multiselectable="true" aria-label="Namespaces">
          <label><input type="checkbox" checked={selected.length === 0} onChange={() => setSelected([])} /> All namespaces</label>
          {names.map((n) => (
            <label key={n}><input type="checkbox" checked={selected.includes(n)} onChange={() => toggle(n)} /> {n}</label>
          ))}
        </div>
      )}
    </div>
  );
}
