// Chart lines are drawn on a canvas, which cannot read CSS variables: take the theme's current
// values (read when a chart is built).

export function themeColor(variable: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || fallback;
}

export const healthColors = () => ({
  healthy: themeColor('--ok', '#1e8e3e'),
  degraded: themeColor('--warn', '#b86e00'),
  failing: themeColor('--bad', '#d0342c'),
  unknown: themeColor('--unknown', '#8a94a3'),
});
