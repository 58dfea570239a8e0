// The "Show YAML" icon of the gateways pages: the object's YAML in a dialog.
import { useState } from 'react';
import { Modal } from '../../components/Modal';
import { YamlView } from '../../components/YamlView';

export function ShowYaml({ title, yaml, label, link }: { title: string; yaml: string; label: string; link?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={link ? 'linkish' : 'btn'} onClick={() => setOpen(true)} aria-label={`Show YAML of ${title}`} title="Show YAML">{'</>'} {label}</button>
      {open && (
        <Modal title={title} onClose={() => setOpen(false)} actions={<button type="button" className="btn" onClick={() => setOpen(false)}>Close</button>}>
          <YamlView yaml={yaml} />
        </Modal>
      )}
    </>
  );
}
