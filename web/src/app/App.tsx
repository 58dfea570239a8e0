// The shell: menu on the left, the page of the current URL on the right.
import { Component, Suspense, useEffect, useState, type ReactNode } from 'react';
import { request, RequestError } from '../api/client';
import { Loading } from '../components/states';
import { LoginPage } from './LoginPage';
import { MENU, ROUTES } from './routes';
import { Link, matchPath, navigate, useLocation } from './router';
import { useTheme } from './theme';

interface About { about: { version: string; mode: string } }

export function App() {
  const { path } = useLocation();
  const [theme, toggleTheme] = useTheme();
  const [about, setAbout] = useState<About['about'] | null>(null);
  const [needsLogin, setNeedsLogin] = useState(false);

  useEffect(() => {
    request<About>('query DashboardAbout { about { version mode } }').then(
      (r) => { setAbout(r.data.about); setNeedsLogin(false); },
      (e: unknown) => { if (e instanceof RequestError && e.code === 'UNAUTHENTICATED') setNeedsLogin(true); },
    );
  }, [needsLogin]);

  useEffect(() => { if (path === '/') navigate('/overview', { replace: true }); }, [path]);

  if (needsLogin) return <LoginPage onSignedIn={() => setNeedsLogin(false)} />;

  let match: { route: (typeof ROUTES)[number]; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) { match = { route, params }; break; }
  }

  return (
    <div className="shell">
      <nav className="nav" aria-label="Main menu">
        <div className="nav-brand">smm<small>service mesh manager</small></div>
        <ul>
          {MENU.map((m) => (
            <li key={m.section}><Link to={m.to} aria-current={match?.route.section === m.section ? 'page' : undefined}>{m.label}</Link></li>
          ))}
        </ul>
        <div className="nav-foot">
          <span title={`smm ${about?.version ?? ''}`}>{about ? `${about.mode} · v${about.version}` : ''}</span>
          <button type="button" className="btn icon" onClick={toggleTheme} aria-label={`Switch to ${theme === 'light' ? 'dark' : 'light'} theme`} title="Theme">
            {theme === 'light' ? '☾' : '☀'}
          </button>
        </div>
      </nav>
      <main className="main" id="main">
        <PageErrorBoundary key={path}>
          <Suspense fallback={<Loading what="Loading page" />}>
            {match ? <match.route.page params={match.params} /> : <NotFound path={path} />}
          </Suspense>
        </PageErrorBoundary>
      </main>
    </div>
  );
}

function NotFound({ path }: { path: string }) {
  return <div className="page"><h1>Not found</h1><p>Nothing lives at <code>{path}</code>. <Link to="/overview">Go to the overview</Link>.</p></div>;
}

/** A page that throws shows its error instead of blanking the whole dashboard. */
class PageErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) { return { error }; }
  override render() {
    if (this.state.error) return <div className="page"><div className="state error" role="alert"><div className="title">This page failed</div>{this.state.error.message}</div></div>;
    return this.props.children;
  }
}
