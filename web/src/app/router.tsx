// A small router whose whole state is the URL: the path picks the page, search parameters hold
// each view's state (namespaces, time, selection, tab), so any view can be shared as a link.
import { useCallback, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const CHANGE = 'smm:locationchange';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

/** The current path and search, re-rendering on every navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, search: url.searchParams };
}

/** Go to a path (with search). `replace` for state changes that should not add a history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/** Replace some search parameters of the current URL; `null` or '' removes one. */
export function setSearchParams(changes: Record<string, string | null | undefined>, options: { replace?: boolean } = { replace: true }): void {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  navigate(url.pathname + url.search, options);
}

/** One search parameter as state: `[value, set]`; set(null) removes it. */
export function useSearchParam(name: string): [string | null, (value: string | null, options?: { replace?: boolean }) => void] {
  const { search } = useLocation();
  const set = useCallback((value: string | null, options?: { replace?: boolean }) => setSearchParams({ [name]: value }, options), [name]);
  return [search.get(name), set];
}

/** A comma-separated list parameter (e.g. `ns=a,b`) as state. */
export function useListParam(name: string): [string[], (values: string[]) => void] {
  const [raw, setRaw] = useSearchParam(name);
  const values = raw ? raw.split(',').filter(Boolean) : [];
  const set = useCallback((next: string[]) => setRaw(next.length ? next.join(',') : null), [setRaw]);
  return [values, set];
}

/** Matches `/workloads/:namespace/:name` against a path; decoded params, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

/** Builds a path from segments, encoding each: `pathTo('workloads', ns, name)`. */
export function pathTo(...segments: string[]): string {
  return '/' + segments.map(encodeURIComponent).join('/');
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode };

/** An anchor that navigates in-app on a plain click and stays a real link otherwise (new tab, copy). */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest}>{children}</a>;
}
