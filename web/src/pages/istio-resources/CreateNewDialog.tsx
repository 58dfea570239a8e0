// CREATE NEW's resource selector: pick a kind, then the editor opens with its templates.
import { Modal } from '../../components/Modal';
import { navigate } from '../../app/router';
import { newResourcePath } from './editor-url';
import { DASHBOARD_KINDS } from './kinds';
import './istio-resources.css';

export function CreateNewDialog({ onClose, back }: { onClose: () => void; back?: string }) {
  return (
    <Modal title="Create a resource" onClose={onClose} actions={<button type="button" className="btn" onClick={onClose}>Cancel</button>}>
      <p className="muted" style={{ marginTop: 0 }}>Choose the kind of resource; the editor opens with a template to start from.</p>
      <div className="kind-picker" role="list">
        {DASHBOARD_KINDS.map((k) => (
          <button key={k.kind} type="button" role="listitem" className="kind-option" onClick={() => navigate(newResourcePath(k.kind, back ? { back } : {}))} data-kind={k.kind}>
            <strong>{k.label}</strong>
            <span className="muted">{k.description}</span>
          </button>
        ))}
      </div>
    </Modal>
  );
}
