// Delete after a confirmation that says it cannot be undone; the API's refusal (e.g. RBAC)
// stays in the dialog.
import { useState } from 'react';
import { request, RequestError } from '../../api/client';
import { Confirm } from '../../components/Modal';
import { DELETE, type DeleteAnswer } from './api';

export interface DeleteTarget {
  cluster: string;
  kind: string;
  namespace: string | null;
  name: string;
  /** Deletes only this version when given (a precondition: a changed object is a conflict). */
  resourceVersion?: string | null;
}

export function DeleteDialog({ resource, onClose, onDeleted }: { resource: DeleteTarget; onClose: () => void; onDeleted: () => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = () => {
    setBusy(true);
    request<DeleteAnswer>(DELETE, { cluster: resource.cluster, kind: resource.kind, namespace: resource.namespace ?? '', name: resource.name, resourceVersion: resource.resourceVersion ?? null })
      .then(() => onDeleted(), (e: unknown) => { setFailure(e instanceof RequestError ? e.message : String(e)); setBusy(false); });
  };
  return (
    <Confirm title={`Delete ${resource.kind} ${resource.name}?`} confirmLabel={busy ? 'Deleting…' : 'Delete'} danger onConfirm={remove} onCancel={onClose}>
      <p style={{ margin: 0 }}>
        <strong>{resource.kind} {resource.namespace ? `${resource.namespace}/` : ''}{resource.name}</strong> will be deleted from cluster {resource.cluster}. This cannot be undone: smm keeps no history.
      </p>
      {failure && <div className="state error" role="alert" style={{ marginTop: 10 }}><div className="title">Not deleted</div>{failure}</div>}
    </Confirm>
  );
}
