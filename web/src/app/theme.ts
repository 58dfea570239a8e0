// Light and dark themes: the choice is remembered; the default follows the system.
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'smm.theme';

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    window.dispatchEvent(new Event('smm:themechange'));
  }, [theme]);
  const toggle = () => setTheme((t) => {
    const next = t === 'light' ? 'dark' : 'light';
    window.localStorage.setItem(KEY, next);
    return next;
  });
  return [theme, toggle];
}

/** Changes whenever the theme does: for canvases that read the CSS variables when they draw. */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    window.addEventListener('smm:themechange', bump);
    return () => window.removeEventListener('smm:themechange', bump);
  }, []);
  return version;
}
