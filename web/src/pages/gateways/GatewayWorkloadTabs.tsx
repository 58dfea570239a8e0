// The SERVICE and DEPLOYMENT tabs of a gateway: its Kubernetes Service, and the proxy
// deployment with its pods and recent events.
import { useQuery } from '../../api/use-query';
import { Link, pathTo } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { formatAge } from '../../components/format';
import { Empty, ErrorState, Loading } from '../../components/states';
import { EVENTS_QUERY, type EventsAnswer, type GatewayDetail } from './api';
import { eventsOf, formatPort } from './gateway-format';

const labelChips = (labels: Record<string, string> | null) =>
  labels && Object.keys(labels).length ? Object.entries(labels).map(([k, v]) => <span className="chip" key={k}>{k}={v}</span>) : <span className="muted">none</span>;

export function ServiceTab({ gw }: { gw: GatewayDetail }) {
  const s = gw.service;
  if (!s) return <Empty title="No Service">The gateway has no Service yet; its operator creates one from the IstioMeshGateway's spec.service.</Empty>;
  return (
    <div className="card" data-testid="gateway-service">
      <h2><Link to={pathTo('services', gw.namespace, s.name)}>{s.name}</Link></h2>
      <dl className="fields">
        <dt>Namespace</dt><dd>{gw.namespace}</dd>
        <dt>Type</dt><dd>{s.type}</dd>
        <dt>Cluster IP</dt><dd className="mono">{s.clusterIP ?? '–'}</dd>
        <dt>External address</dt><dd>{gw.addresses.join(', ') || '–'}</dd>
        <dt>Ports</dt><dd>{s.ports.map((p) => <div key={p.port} className="mono">{formatPort(p)}</div>)}</dd>
        <dt>Selector</dt><dd>{labelChips(s.selector)}</dd>
        <dt>Labels</dt><dd>{labelChips(s.labels)}</dd>
      </dl>
    </div>
  );
}

export function DeploymentTab({ gw }: { gw: GatewayDetail }) {
  const w = gw.workload;
  const events = useQuery<EventsAnswer>(EVENTS_QUERY, { cluster: gw.cluster, namespace: gw.namespace }, { pollMs: 30_000, skip: !w });
  if (!w) return <Empty title="No deployment">No proxy deployment runs for this gateway yet.</Empty>;
  const mine = eventsOf(events.data?.events ?? [], w.name);
  const r = w.replicaStatus;
  return (
    <>
      <div className="card" data-testid="gateway-deployment">
        <h2><Link to={pathTo('workloads', w.namespace, w.name)}>{w.kind} {w.name}</Link></h2>
        <dl className="fields">
          <dt>Replicas</dt><dd>{r.ready}/{r.desired} ready{r.available < r.desired ? `, ${r.available} available` : ''}</dd>
          <dt>Controllers</dt><dd>{w.controllers.map((c) => `${c.kind} ${c.name}`).join(' → ') || '–'}</dd>
          <dt>Service accounts</dt><dd>{w.serviceAccounts.join(', ') || '–'}</dd>
          <dt>Labels</dt><dd>{labelChips(w.labels)}</dd>
        </dl>
      </div>
      <div className="card">
        <h2>Pods</h2>
        <DataTable rows={w.pods} rowKey={(p) => p.name} label="Pods" empty={<Empty title="No pods" />} columns={[
          { key: 'name', header: 'Name', sort: (p) => p.name, render: (p) => <Link to={pathTo('pods', w.namespace, p.name)}>{p.name}</Link> },
          { key: 'ready', header: 'Ready', render: (p) => <span className={`badge ${p.ready ? 'ok' : 'bad'}`}>{p.ready ? 'ready' : 'not ready'}</span> },
          { key: 'phase', header: 'Phase', render: (p) => p.phase },
          { key: 'node', header: 'Node', render: (p) => (p.node ? <Link to={pathTo('nodes', p.node)}>{p.node}</Link> : '–') },
          { key: 'ip', header: 'IP', render: (p) => <span className="mono">{p.ip ?? '–'}</span> },
        ]} />
      </div>
      <div className="card" data-testid="gateway-events">
        <h2>Events</h2>
        {events.error && !events.data ? <ErrorState error={events.error} title="Events unavailable" /> : !events.data ? <Loading what="Loading events" /> : (
          <DataTable rows={mine} rowKey={(e) => `${e.involvedObject.kind}/${e.involvedObject.name}/${e.reason}/${e.lastSeen}`} label="Events"
            empty={<Empty title="No recent events">Kubernetes keeps events for about an hour.</Empty>} columns={[
              { key: 'type', header: 'Type', render: (e) => <span className={`badge ${e.type === 'Warning' ? 'warn' : ''}`}>{e.type}</span> },
              { key: 'reason', header: 'Reason', render: (e) => e.reason },
              { key: 'object', header: 'Object', render: (e) => `${e.involvedObject.kind} ${e.involvedObject.name}` },
              { key: 'message', header: 'Message', render: (e) => e.message },
              { key: 'count', header: 'Count', align: 'right', render: (e) => e.count },
              { key: 'last', header: 'Last seen', sort: (e) => e.lastSeen, render: (e) => `${formatAge(e.lastSeen)} ago` },
            ]} />
        )}
      </div>
    </>
  );
}
