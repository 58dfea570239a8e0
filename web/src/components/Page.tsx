// A page's frame: breadcrumbs, title, actions on the right, then the content.
import { useEffect, type ReactNode } from 'react';
import { Link } from '../app/router';

export interface Crumb { label: string; to?: string }

export function Page({ title, crumbs = [], actions, children }: { title: ReactNode; crumbs?: Crumb[]; actions?: ReactNode; children: ReactNode }) {
  const text = typeof title === 'string' ? title : undefined;
  useEffect(() => { if (text) document.title = `${text} · smm`; }, [text]);
  return (
    <div className="page">
      {crumbs.length > 0 && (
        <nav className="crumbs" aria-label="Breadcrumb">
          {crumbs.map((c, i) => <span key={i}>{c.to ? <Link to={c.to}>{c.label}</Link> : c.label}{' › '}</span>)}
        </nav>
      )}
      <div className="page-head">
        <h1>{title}</h1>
        <span className="spacer" />
        {actions}
      </div>
      {children}
    </div>
  );
}
