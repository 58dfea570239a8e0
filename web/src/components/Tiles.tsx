// Metric tiles: a label and a big value (optionally "in mesh / total"), optionally a link.
import type { ReactNode } from 'react';
import { Link } from '../app/router';

export interface TileSpec {
  label: string;
  value: ReactNode;
  /** Shown small after the value, e.g. "/ 14". */
  of?: ReactNode;
  to?: string;
  title?: string;
}

export function Tiles({ tiles }: { tiles: TileSpec[] }) {
  return (
    <div className="tiles">
      {tiles.map((t) => {
        const value = <>{t.value}{t.of !== undefined && <small> / {t.of}</small>}</>;
        return (
          <div className="tile" key={t.label} title={t.title} data-tile={t.label}>
            <div className="label">{t.label}</div>
            {t.to ? <Link className="value" to={t.to}>{value}</Link> : <div className="value">{value}</div>}
          </div>
        );
      })}
    </div>
  );
}
