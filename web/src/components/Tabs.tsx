// Tabs whose selection lives in the URL (`?tab=`), with arrow-key navigation.
import type { KeyboardEvent } from 'react';
import { useSearchParam } from '../app/router';

export function useTab(tabs: readonly string[], param = 'tab'): [string, (t: string) => void] {
  const [raw, set] = useSearchParam(param);
  const current = raw && tabs.includes(raw) ? raw : tabs[0]!;
  return [current, (t: string) => set(t === tabs[0] ? null : t)];
}

export function Tabs({ tabs, current, onSelect, labels }: { tabs: readonly string[]; current: string; onSelect: (t: string) => void; labels?: Record<string, string> }) {
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(current);
    if (e.key === 'ArrowRight') onSelect(tabs[(i + 1) % tabs.length]!);
    if (e.key === 'ArrowLeft') onSelect(tabs[(i - 1 + tabs.length) % tabs.length]!);
  };
  return (
    <div className="tabs" role="tablist" onKeyDown={onKey}>
      {tabs.map((t) => (
        <button key={t} type="button" role="tab" aria-selected={t === current} tabIndex={t === current ? 0 : -1} onClick={() => onSelect(t)}>
          {labels?.[t] ?? t}
        </button>
      ))}
    </div>
  );
}
