// The top bar: namespaces, RESOURCES toggles, edge-label mode, LIVE or TIMELINE with steps;
// all kept in the URL.
import { NamespaceFilter } from '../../components/NamespaceFilter';
import { formatAt, fromLocalInput, LABEL_MODES, RESOURCES, toLocalInput, type LabelMode, type Resource } from './view-state';

const RESOURCE_LABELS: Record<Resource, string> = { clusters: 'Clusters', namespaces: 'Namespaces', apps: 'Apps', services: 'Services' };
const MODE_LABELS: Record<LabelMode, string> = { traffic: 'Traffic', latency: 'Latency (p95)', mtls: 'mTLS' };
const STEPS = [-10, -1, 1, 10];

interface Props {
  show: Resource[];
  onToggle: (r: Resource) => void;
  mode: LabelMode;
  onMode: (m: LabelMode) => void;
  at: number | undefined;
  onAt: (iso: string | null) => void;
  onStep: (minutes: number) => void;
}

export function TopologyToolbar({ show, onToggle, mode, onMode, at, onAt, onStep }: Props) {
  const live = at === undefined;
  return (
    <div className="topology-toolbar" role="toolbar" aria-label="Topology controls">
      <NamespaceFilter />
      <fieldset className="resources">
        <legend>Resources</legend>
        <label title="Workloads are always shown"><input type="checkbox" checked disabled /> Workloads</label>
        {RESOURCES.map((r) => (
          <label key={r}><input type="checkbox" checked={show.includes(r)} onChange={() => onToggle(r)} data-testid={`show-${r}`} /> {RESOURCE_LABELS[r]}</label>
        ))}
      </fieldset>
      <div className="field">
        <span className="muted">Edge labels</span>
        <div className="btn-group" role="group" aria-label="Edge labels">
          {LABEL_MODES.map((m) => (
            <button key={m} type="button" className="btn" aria-pressed={mode === m} onClick={() => onMode(m)} data-testid={`labels-${m}`}>{MODE_LABELS[m]}</button>
          ))}
        </div>
      </div>
      <div className="field timeline">
        <div className="btn-group" role="group" aria-label="Time">
          <button type="button" className="btn" aria-pressed={live} onClick={() => onAt(null)} data-testid="mode-live">Live</button>
          <button type="button" className="btn" aria-pressed={!live} onClick={() => { if (live) onStep(-1); }} data-testid="mode-timeline">Timeline</button>
        </div>
        {!live && (
          <>
            <input
              type="datetime-local"
              aria-label="Show the mesh at"
              value={toLocalInput(at)}
              max={toLocalInput(Date.now())}
              onChange={(e) => { const ms = fromLocalInput(e.target.value); if (ms !== undefined) onAt(ms >= Date.now() ? null : formatAt(ms)); }}
              data-testid="timeline-at"
            />
            <div className="btn-group" role="group" aria-label="Step in time">
              {STEPS.map((m) => (
                <button key={m} type="button" className="btn" onClick={() => onStep(m)} aria-label={`${m < 0 ? 'Back' : 'Forward'} ${Math.abs(m)} minute${Math.abs(m) > 1 ? 's' : ''}`} data-testid={`step-${m}`}>
                  {m < 0 ? `‹ ${-m}m` : `${m}m ›`}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
