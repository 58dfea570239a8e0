// The key/value header of a detail view (NAMESPACE, CLUSTER, …) and label chips.
import type { ReactNode } from 'react';
import './details.css';

export function Fields({ fields }: { fields: [string, ReactNode][] }) {
  return (
    <dl className="fields" data-testid="fields">
      {fields.map(([k, v]) => [<dt key={`${k}:t`}>{k}</dt>, <dd key={`${k}:d`} data-field={k}>{v ?? <span className="muted">–</span>}</dd>])}
    </dl>
  );
}

export function Labels({ labels }: { labels: Record<string, string> | null | undefined }) {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">none</span>;
  return <span className="labels">{entries.map(([k, v]) => <span key={k} className="label-chip">{k}={v}</span>)}</span>;
}

/** The Kubernetes-workload or virtual-machine icon (with the VM corner badge) of the product. */
export function KindIcon({ kind }: { kind: string }) {
  const vm = kind === 'WorkloadGroup' || kind === 'WorkloadEntry';
  return <span className={`kind-icon${vm ? ' vm' : ''}`} title={vm ? `virtual machine (${kind})` : `Kubernetes ${kind}`} role="img" aria-label={vm ? 'VM workload' : 'Kubernetes workload'}>{vm ? 'VM' : 'K8'}</span>;
}
