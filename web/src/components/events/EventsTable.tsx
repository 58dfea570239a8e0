// Kubernetes Events about one object (or every object of a namespace), newest first.
import { useQuery } from '../../api/use-query';
import { DataTable } from '../DataTable';
import { formatAge, formatTime } from '../format';
import { Empty, ErrorState, Loading } from '../states';

export interface KubeEvent {
  name: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  involvedObject: { kind: string; name: string };
  source: { component: string; host: string | null };
}

const EVENTS = /* GraphQL */ `query ObjectEvents($cluster: String, $namespace: String, $kind: String, $name: String) {
  events(cluster: $cluster, namespace: $namespace, involvedKind: $kind, involvedName: $name, limit: 50) {
    name type reason message count firstSeen lastSeen involvedObject { kind name } source { component host }
  }
}`;

export function EventsTable({ cluster, namespace, kind, name, showObject }: { cluster?: string | null; namespace?: string | null; kind?: string; name?: string; showObject?: boolean }) {
  const { data, error, loading } = useQuery<{ events: KubeEvent[] }>(EVENTS, { cluster: cluster ?? null, namespace: namespace ?? null, kind: kind ?? null, name: name ?? null }, { pollMs: 30_000 });
  if (error) return <ErrorState error={error} title="Could not read the events" />;
  if (!data) return loading ? <Loading what="Loading events" /> : null;
  return (
    <DataTable label="Events" rows={data.events} rowKey={(e) => e.name}
      empty={<Empty title="No events">Kubernetes keeps events for about an hour; none are recorded{name ? ` for ${name}` : ''}.</Empty>}
      columns={[
        { key: 'type', header: 'Type', render: (e) => <span className={`badge ${e.type === 'Warning' ? 'warn' : ''}`}>{e.type}</span>, sort: (e) => e.type },
        { key: 'reason', header: 'Reason', render: (e) => e.reason, sort: (e) => e.reason },
        ...(showObject ? [{ key: 'object', header: 'Object', render: (e: KubeEvent) => `${e.involvedObject.kind}/${e.involvedObject.name}` }] : []),
        { key: 'message', header: 'Message', render: (e) => e.message },
        { key: 'count', header: 'Count', render: (e) => e.count, align: 'right', sort: (e) => e.count },
        { key: 'last', header: 'Last seen', render: (e) => <span title={formatTime(e.lastSeen)}>{formatAge(e.lastSeen)} ago</span>, sort: (e) => -Date.parse(e.lastSeen) },
        { key: 'source', header: 'Source', render: (e) => <span className="muted">{e.source.component}{e.source.host ? ` (${e.source.host})` : ''}</span> },
      ]} />
  );
}
