// A time-series chart (uPlot, canvas) of the API's MetricSeries: values[i] at start + i*step.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useThemeVersion } from '../app/theme';
import { formatTick } from './format';

export interface MetricSeries { start: string; stepSeconds: number; values: (number | null)[] | null }

export interface ChartLine { label: string; series: MetricSeries | null | undefined; color?: string }

/** Series colours: the theme's, so lines stay readable in dark mode; then two of their own. */
const PALETTE: [variable: string, fallback: string][] = [['--accent', '#2f6fde'], ['--bad', '#d0342c'], ['--ok', '#1e8e3e'], ['--warn', '#b86e00'], ['', '#8e44ad'], ['', '#16a2b8']];

/** Aligns series on one time axis (they share a range and step when asked together). */
export function toUplotData(lines: ChartLine[]): uPlot.AlignedData {
  const base = lines.find((l) => l.series?.values?.length)?.series;
  if (!base?.values) return [[]];
  const t0 = Date.parse(base.start) / 1000;
  const xs = base.values.map((_, i) => t0 + i * base.stepSeconds);
  return [xs, ...lines.map((l) => xs.map((_, i) => l.series?.values?.[i] ?? null))];
}

function themeColour(css: CSSStyleDeclaration, [variable, fallback]: [string, string]): string {
  return (variable && css.getPropertyValue(variable).trim()) || fallback;
}

/** The width of a tick label in the axis font (the canvas context uses the device pixel ratio). */
function textWidth(u: uPlot, text: string): number {
  const ctx = u.ctx;
  ctx.save();
  // After init uPlot keeps an axis font as [font scaled to the pixel ratio, size].
  const font: unknown = u.axes[1]?.font;
  ctx.font = Array.isArray(font) ? String(font[0]) : typeof font === 'string' ? font : '12px sans-serif';
  const w = ctx.measureText(text).width / (window.devicePixelRatio || 1);
  ctx.restore();
  return w;
}

export function TimeSeriesChart({ title, lines, unit, height = 160 }: { title: string; lines: ChartLine[]; unit?: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = toUplotData(lines);
  const hasData = data.length > 1 && data.slice(1).some((ys) => ys.some((v) => v !== null));
  const theme = useThemeVersion(); // axis and grid colours come from the theme's CSS variables

  useEffect(() => {
    const el = box.current;
    if (!el || !hasData) return;
    const css = getComputedStyle(document.documentElement);
    const grid = { stroke: css.getPropertyValue('--border').trim() || '#ddd', width: 1 };
    const axis = { stroke: css.getPropertyValue('--text-muted').trim() || '#666', grid, ticks: grid };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      // Series names only: a live value row under every chart was clutter ("Time: --"); charts are
      // read by their shape, exact numbers are in the tiles and tables.
      legend: { show: lines.length > 1, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [axis, {
        ...axis,
        values: (_u, vals) => vals.map((v) => formatTick(v, unit)),
        // Wide enough for the longest tick label as drawn (a fixed width clipped "100 %"):
        // tick length 10 + gap 5 + text + a little air.
        size: (u, vals) => 20 + Math.ceil(Math.max(24, ...(vals ?? []).map((v) => textWidth(u, String(v))))),
      }],
      series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: l.color ?? themeColour(css, PALETTE[i % PALETTE.length]!), width: 1.5, spanGaps: false }))],
    };
    plot.current = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); plot.current?.destroy(); plot.current = null; };
    // Rebuilt on shape or theme changes only; new data goes through setData below.
  }, [hasData, lines.length, height, unit, theme]);

  useEffect(() => { if (hasData) plot.current?.setData(data); });

  return (
    <div className="chart" data-chart={title}>
      <div className="chart-title">{title}</div>
      {hasData ? <div ref={box} /> : <div className="state" style={{ height, padding: 12 }}>no data in this range</div>}
    </div>
  );
}
