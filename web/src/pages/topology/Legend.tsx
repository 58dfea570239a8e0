// The "?" legend: what shapes, colours, markers and edge labels mean. Drawn with SVG in the
// theme's colours so it matches the canvas in light and dark mode.
import type { ReactNode } from 'react';

function Shape({ children }: { children: ReactNode }) {
  return <svg width="26" height="22" viewBox="0 0 26 22" aria-hidden="true">{children}</svg>;
}

const stroke = (health: string) => `var(--${health})`;

const SHAPES: { label: string; svg: ReactNode }[] = [
  { label: 'Workload', svg: <circle cx="13" cy="11" r="8" fill="var(--surface)" stroke={stroke('ok')} strokeWidth="2.5" /> },
  { label: 'Service', svg: <polygon points="13,2 22,19 4,19" fill="var(--surface-2)" stroke={stroke('ok')} strokeWidth="2.5" strokeLinejoin="round" /> },
  { label: 'Gateway', svg: <polygon points="8,3 18,3 23,11 18,19 8,19 3,11" fill="var(--surface)" stroke={stroke('ok')} strokeWidth="2.5" strokeLinejoin="round" /> },
  { label: 'Unknown caller', svg: <polygon points="13,2 22,11 13,20 4,11" fill="var(--surface-2)" stroke={stroke('unknown')} strokeWidth="2" strokeDasharray="3 2" /> },
  { label: 'External host', svg: <rect x="3" y="4" width="20" height="14" rx="4" fill="var(--surface-2)" stroke={stroke('unknown')} strokeWidth="2" strokeDasharray="3 2" /> },
  { label: 'VM workload (double border, "[VM]")', svg: <><circle cx="13" cy="11" r="9" fill="var(--surface)" stroke={stroke('ok')} strokeWidth="1.5" /><circle cx="13" cy="11" r="6" fill="none" stroke={stroke('ok')} strokeWidth="1.5" /></> },
  { label: 'App, namespace or cluster (group box)', svg: <rect x="2" y="3" width="22" height="16" rx="3" fill="none" stroke="var(--text-muted)" strokeDasharray="3 2" /> },
];

const HEALTH: { label: string; tone: string }[] = [
  { label: 'Healthy', tone: 'ok' },
  { label: 'Degraded (errors or latency above thresholds)', tone: 'warn' },
  { label: 'Failing', tone: 'bad' },
  { label: 'Unknown (no traffic to judge by)', tone: 'unknown' },
];

export function Legend({ onClose }: { onClose: () => void }) {
  return (
    <section className="topology-legend card" aria-label="Legend" data-testid="topology-legend">
      <div className="panel-head">
        <h2>Legend</h2>
        <span className="spacer" />
        <button type="button" className="btn icon" onClick={onClose} aria-label="Close the legend">×</button>
      </div>
      <h3>Nodes</h3>
      <ul className="legend-list">
        {SHAPES.map((s) => <li key={s.label}><Shape>{s.svg}</Shape>{s.label}</li>)}
      </ul>
      <h3>Health (node border)</h3>
      <ul className="legend-list">
        {HEALTH.map((h) => <li key={h.tone}><Shape><circle cx="13" cy="11" r="8" fill="var(--surface)" stroke={`var(--${h.tone})`} strokeWidth="3" /></Shape>{h.label}</li>)}
        <li><Shape><circle cx="13" cy="11" r="10" fill="var(--warn)" opacity="0.35" /><circle cx="13" cy="11" r="6" fill="var(--surface)" stroke="var(--ok)" strokeWidth="2" /></Shape>⚠ Outlier: stands out from its peers or its own past (reason on hover and in the panel)</li>
      </ul>
      <h3>Edges</h3>
      <ul className="legend-list">
        <li><Shape><line x1="2" y1="11" x2="24" y2="11" stroke="var(--text-muted)" strokeWidth="2" /></Shape>Requests, caller → callee (arrow); square head: TCP</li>
        <li><Shape><line x1="2" y1="11" x2="24" y2="11" stroke="var(--warn)" strokeWidth="2" /></Shape>Some errors; <span style={{ color: 'var(--bad)' }}>red</span>: 5% or more fail</li>
        <li><Shape><line x1="2" y1="11" x2="24" y2="11" stroke="var(--text-muted)" strokeWidth="2" strokeDasharray="4 3" /></Shape>Dashed: not (fully) mutual TLS</li>
      </ul>
      <h3>Edge labels</h3>
      <dl className="fields">
        <dt>Traffic</dt><dd>protocol and requests per second; bytes per second for TCP</dd>
        <dt>Latency</dt><dd>95th percentile response time</dd>
        <dt>mTLS</dt><dd>mTLS ✓ (mutual TLS), plaintext ✗, partial, or ? (unknown)</dd>
      </dl>
    </section>
  );
}
