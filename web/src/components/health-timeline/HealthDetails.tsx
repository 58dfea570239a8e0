// The charts of one health cell's period, in a dialog (Escape or Close returns to the list).
import { Modal } from '../Modal';
import { formatTime } from '../format';
import { HealthBadge } from '../Health';
import { HealthCharts, type HealthEntity } from './HealthCharts';
import { cellChartRange } from './time-range';
import type { HealthCell } from './types';
import './health-timeline.css';

export function HealthDetails({ entity, cell, onClose }: { entity: HealthEntity; cell: HealthCell | null; onClose: () => void }) {
  return (
    <Modal title={`Health of ${entity.name}`} onClose={onClose} actions={<button type="button" className="btn" onClick={onClose}>Close</button>}>
      <div className="health-details" data-testid="health-details">
        {cell ? (
          <>
            <p>
              <HealthBadge health={cell.state} /> from {formatTime(cell.from)} to {formatTime(cell.to)}
              {cell.drivenBy && cell.state !== 'healthy' ? <span className="muted"> · driven by {cell.drivenBy}</span> : null}
            </p>
            {cell.reasons.length > 0 && <ul className="reasons">{cell.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
            <p className="muted">The charts show ten minutes before this period and five after it.</p>
            <HealthCharts entity={entity} {...cellChartRange(cell.from, cell.to, Date.now())} />
          </>
        ) : <p className="muted">This period is no longer in the timeline.</p>}
      </div>
    </Modal>
  );
}
