// A multi-select dropdown whose selection is a URL list parameter (`?ns=a,b`, `?kind=A,B`), so a
// filtered view can be shared. Empty selection means "all".
import { useEffect, useRef, useState } from 'react';
import { useListParam } from '../app/router';

interface Props {
  /** The URL parameter holding the selection. */
  param: string;
  /** What is chosen, singular and plural: "Namespace"/"namespaces". */
  label: string;
  plural: string;
  options: readonly string[];
  /** Hover text per option. */
  describe?: (option: string) => string;
  testId?: string;
}

export function MultiSelectFilter({ param, label, plural, options, describe, testId }: Props) {
  const [selected, setSelected] = useListParam(param);
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

  const toggle = (o: string) => setSelected(selected.includes(o) ? selected.filter((x) => x !== o) : [...selected, o].sort());
  const all = `All ${plural}`;
  const shown = selected.length === 0 ? all : selected.length <= 2 ? selected.join(', ') : `${selected.length} ${plural}`;

  return (
    <div className="ns-filter" ref={box}>
      <button type="button" className="btn" aria-haspopup="listbox" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {label}: {shown} ▾
      </button>
      {open && (
        <div className="menu" role="listbox" aria-multiselectable="true" aria-label={plural[0]!.toUpperCase() + plural.slice(1)}>
          <label><input type="checkbox" checked={selected.length === 0} onChange={() => setSelected([])} /> {all}</label>
          {options.map((o) => (
            <label key={o} title={describe?.(o)}><input type="checkbox" checked={selected.includes(o)} onChange={() => toggle(o)} /> {o}</label>
          ))}
        </div>
      )}
    </div>
  );
}
