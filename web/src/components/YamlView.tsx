// Read-only YAML with line numbers; `highlight` marks lines (e.g. the invalid part of an object).
import { useEffect, useRef } from 'react';

export function YamlView({ yaml, highlight = [] }: { yaml: string; highlight?: number[] }) {
  const marked = new Set(highlight);
  const first = useRef<HTMLSpanElement>(null);
  const firstMarked = highlight.length ? Math.min(...highlight) : undefined;
  useEffect(() => { first.current?.scrollIntoView({ block: 'center' }); }, [yaml, firstMarked]);
  return (
    <pre className="yaml" data-testid="yaml-view">
      {yaml.replace(/\n$/, '').split('\n').map((line, i) => (
        <span key={i} className={`line${marked.has(i + 1) ? ' hl' : ''}`} ref={i + 1 === firstMarked ? first : undefined} data-line={i + 1}>
          <span className="ln">{i + 1}</span>{line}
        </span>
      ))}
    </pre>
  );
}
