// Proxies with their xDS sync state (CDS, LDS, EDS, RDS). smm does not read istiod's sync
// status yet, so the API answers UNKNOWN for every type; the table says so rather than guess.
import { Link, pathTo } from '../../app/router';
import { DataTable, type Column } from '../../components/DataTable';
import { Empty } from '../../components/states';
import type { Proxy, SyncState } from './api';

const XDS = ['CDS', 'LDS', 'EDS', 'RDS'] as const;
const tone: Record<SyncState, string> = { SYNCED: 'ok', NOT_SENT: 'warn', STALE: 'bad', UNKNOWN: '' };

export function SyncBadge({ state, type }: { state: SyncState; type: string }) {
  const title = state === 'UNKNOWN' ? `${type}: unknown, smm does not read istiod's sync status yet` : `${type}: ${state}`;
  return <span className={`badge ${tone[state]}`} title={title} data-sync={state}>{state === 'NOT_SENT' ? 'NOT SENT' : state}</span>;
}

export function ProxiesTable({ proxies, label = 'Proxies' }: { proxies: Proxy[]; label?: string }) {
  const columns: Column<Proxy>[] = [
    { key: 'pod', header: 'Pod', sort: (p) => p.pod, render: (p) => <Link to={pathTo('pods', p.namespace, p.pod)}>{p.pod}</Link> },
    { key: 'workload', header: 'Workload', sort: (p) => p.workload.name, render: (p) => <Link to={pathTo('workloads', p.namespace, p.workload.name)}>{p.workload.name}</Link> },
    { key: 'status', header: 'Status', sort: (p) => (p.ready ? 1 : 0), render: (p) => <span className={`badge ${p.ready && p.phase === 'Running' ? 'ok' : 'bad'}`}>{p.ready && p.phase === 'Running' ? 'running' : p.phase === 'Running' ? 'not ready' : p.phase.toLowerCase()}</span> },
    { key: 'version', header: 'Version', sort: (p) => p.version ?? '', render: (p) => p.version ?? '–' },
    { key: 'revision', header: 'Revision', render: (p) => <span className="mono">{p.revision ?? '–'}</span> },
    ...XDS.map((t): Column<Proxy> => ({ key: t, header: t, render: (p) => <SyncBadge state={p.syncState} type={t} /> })),
  ];
  return (
    <>
      {proxies.some((p) => p.syncState === 'UNKNOWN') && <p className="muted">CDS/LDS/EDS/RDS sync: UNKNOWN means smm does not read istiod's sync status yet (as <code>istioctl proxy-status</code> does); it is not guessed.</p>}
      <DataTable label={label} rows={proxies} columns={columns} rowKey={(p) => `${p.cluster}/${p.namespace}/${p.pod}`} groupBy={(p) => p.namespace} empty={<Empty title="No proxies">No pod runs an istio-proxy sidecar of this control plane.</Empty>} />
    </>
  );
}
