// Pods of a workload, controller, service or node, each linking to its pod view (and its logs).
import { Link } from '../../../app/router';
import { DataTable } from '../../../components/DataTable';
import { Empty } from '../../../components/states';
import { nodePath, podPath } from './chain';

export interface PodRow {
  cluster: string;
  namespace: string;
  name: string;
  phase: string;
  ready: boolean;
  node: string | null;
  ip: string | null;
  sidecar: boolean;
  containers: { name: string; ready: boolean; restarts: number }[];
  workload?: { name: string };
}

export function PodsTable({ pods, showWorkload, showNode = true }: { pods: PodRow[]; showWorkload?: boolean; showNode?: boolean }) {
  return (
    <DataTable label="Pods" rows={pods} rowKey={(p) => `${p.cluster}/${p.namespace}/${p.name}`} empty={<Empty title="No pods" />}
      columns={[
        { key: 'name', header: 'Name', sort: (p) => p.name, render: (p) => <Link to={podPath(p.namespace, p.name, p.cluster)} data-testid="pod-link">{p.name}</Link> },
        ...(showWorkload ? [{ key: 'workload', header: 'Workload', render: (p: PodRow) => p.workload?.name ?? '–' }] : []),
        { key: 'status', header: 'Status', sort: (p) => p.phase, render: (p) => <span className={`badge ${p.ready ? 'ok' : p.phase === 'Succeeded' ? '' : 'warn'}`}>{p.phase}{p.ready ? '' : ' (not ready)'}</span> },
        { key: 'containers', header: 'Containers', align: 'right', render: (p) => `${p.containers.filter((c) => c.ready).length}/${p.containers.length}` },
        { key: 'restarts', header: 'Restarts', align: 'right', sort: (p) => p.containers.reduce((s, c) => s + c.restarts, 0), render: (p) => p.containers.reduce((s, c) => s + c.restarts, 0) },
        { key: 'sidecar', header: 'Sidecar', render: (p) => (p.sidecar ? <span className="badge ok">istio-proxy</span> : <span className="badge warn">none</span>) },
        ...(showNode ? [{ key: 'node', header: 'Node', sort: (p: PodRow) => p.node ?? '', render: (p: PodRow) => (p.node ? <Link to={nodePath(p.node, p.cluster, { namespace: p.namespace, pod: p.name })}>{p.node}</Link> : '–') }] : []),
        { key: 'ip', header: 'IP', render: (p) => <span className="mono">{p.ip ?? '–'}</span> },
        { key: 'logs', header: '', render: (p) => <Link to={`${podPath(p.namespace, p.name, p.cluster)}${p.cluster ? '&' : '?'}logs=all`} aria-label={`Logs of ${p.name}`}>logs</Link> },
      ]} />
  );
}
