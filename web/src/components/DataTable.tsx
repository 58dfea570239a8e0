// A sortable table with optional grouping (e.g. by namespace), used by every list page.
import { useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Sort value; columns without one are not sortable. */
  sort?: (row: T) => string | number | null;
  align?: 'left' | 'right';
  width?: string;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** Group rows under a heading row (rows keep the table's order within a group). */
  groupBy?: (row: T) => string;
  empty?: ReactNode;
  label?: string;
}

export function DataTable<T>({ rows, columns, rowKey, groupBy, empty, label }: Props<T>) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
  const sorted = col?.sort ? [...rows].sort((a, b) => compare(col.sort!(a), col.sort!(b)) * sort!.dir) : rows;
  if (rows.length === 0 && empty) return <>{empty}</>;

  const body: ReactNode[] = [];
  if (groupBy) {
    const groups = new Map<string, T[]>();
    for (const r of sorted) {
      const g = groupBy(r);
      groups.set(g, [...(groups.get(g) ?? []), r]);
    }
    for (const [g, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      body.push(<tr className="group" key={`group:${g}`}><td colSpan={columns.length}>{g} <span className="muted">({members.length})</span></td></tr>);
      for (const r of members) body.push(row(r));
    }
  } else {
    for (const r of sorted) body.push(row(r));
  }

  function row(r: T) {
    return <tr key={rowKey(r)} data-row={rowKey(r)}>{columns.map((c) => <td key={c.key} style={{ textAlign: c.align ?? 'left' }}>{c.render(r)}</td>)}</tr>;
  }

  return (
    <table className="data" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} style={{ textAlign: c.align ?? 'left', width: c.width }} aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
              {c.sort ? <button type="button" onClick={() => setSort((s) => ({ key: c.key, dir: s?.key === c.key && s.dir === 1 ? -1 : 1 }))}>{c.header}{sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</button> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
