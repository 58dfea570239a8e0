// `smm get <resource>`: the mesh model's lists, read through the GraphQL schema.

import type { Command } from 'commander';
import type { CliIO } from '../context.js';
import { usageError } from '../errors.js';
import { query } from '../graphql.js';
import { render, type Column } from '../output.js';
import { globalsOf } from '../program.js';
import { openBackend } from '../backend.js';

type Row = Record<string, unknown>;

interface ResourceView {
  names: string[];
  description: string;
  namespaced: boolean;
  query: string;
  field: string;
  columns: Column<Row>[];
}

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const col = (header: string, value: (r: Row) => unknown): Column<Row> => ({ header, value: (r) => s(value(r)) });

const VIEWS: ResourceView[] = [
  {
    names: ['namespaces', 'namespace', 'ns'], description: 'namespaces and their sidecar injection', namespaced: false, field: 'namespaces',
    query: 'query { namespaces { cluster name injection revision missingControlPlane controlPlane { name namespace } labels } }',
    columns: [col('cluster', (r) => r.cluster), col('name', (r) => r.name), col('injection', (r) => r.injection), col('revision', (r) => r.revision),
      col('control plane', (r) => (r.missingControlPlane ? 'MISSING' : (r.controlPlane as Row | null)?.name))],
  },
  {
    names: ['workloads', 'workload', 'wl'], description: 'workloads (Deployments, StatefulSets, ..., VMs) with their pods', namespaced: true, field: 'workloads',
    query: 'query($ns: String) { workloads(namespace: $ns) { cluster namespace name kind app version replicas replicaStatus { ready available } sidecars serviceAccounts services pods { name phase ready sidecar node } } }',
    columns: [col('namespace', (r) => r.namespace), col('name', (r) => r.name), col('kind', (r) => r.kind), col('app', (r) => r.app), col('version', (r) => r.version),
      col('ready', (r) => `${(r.replicaStatus as Row).ready}/${r.replicas}`), col('sidecars', (r) => r.sidecars)],
  },
  {
    names: ['services', 'service', 'svc'], description: 'services, their ports and protocols', namespaced: true, field: 'services',
    query: 'query($ns: String) { services(namespace: $ns) { cluster namespace name type clusterIP selector ports { name port targetPort protocol protocolSource } workloads { kind name } } }',
    columns: [col('namespace', (r) => r.namespace), col('name', (r) => r.name), col('type', (r) => r.type), col('cluster-ip', (r) => r.clusterIP),
      col('ports', (r) => (r.ports as Row[]).map((p) => `${p.port}/${p.protocol}`).join(',')),
      col('workloads', (r) => (r.workloads as Row[]).map((w) => w.name).join(','))],
  },
  {
    names: ['pods', 'pod', 'po'], description: 'pods with their sidecar and node', namespaced: true, field: 'pods',
    query: 'query($ns: String) { pods(namespace: $ns) { cluster namespace name phase ready node ip sidecar missingSidecar revision proxy { version } workload { kind name } containers { name ready restarts } } }',
    columns: [col('namespace', (r) => r.namespace), col('name', (r) => r.name), col('ready', (r) => `${(r.containers as Row[]).filter((c) => c.ready).length}/${(r.containers as Row[]).length}`),
      col('status', (r) => r.phase), col('sidecar', (r) => (r.sidecar ? (r.proxy as Row).version ?? 'yes' : r.missingSidecar ? 'MISSING' : 'no')),
      col('node', (r) => r.node), col('ip', (r) => r.ip)],
  },
  {
    names: ['nodes', 'node', 'no'], description: 'cluster nodes', namespaced: false, field: 'nodes',
    query: 'query { nodes { cluster name ready internalIP zone kubeletVersion pods } }',
    columns: [col('cluster', (r) => r.cluster), col('name', (r) => r.name), col('status', (r) => (r.ready ? 'Ready' : 'NotReady')), col('internal-ip', (r) => r.internalIP),
      col('zone', (r) => r.zone), col('version', (r) => r.kubeletVersion), col('pods', (r) => r.pods)],
  },
  {
    names: ['controlplanes', 'controlplane', 'cp', 'icp'], description: 'Istio control planes (revisions)', namespaced: false, field: 'controlPlanes',
    query: 'query { controlPlanes { cluster namespace name revision version source status proxies istiodPods { name ready } } }',
    columns: [col('cluster', (r) => r.cluster), col('namespace', (r) => r.namespace), col('name', (r) => r.name), col('revision', (r) => r.revision), col('version', (r) => r.version),
      col('status', (r) => r.status), col('istiod', (r) => `${(r.istiodPods as Row[]).filter((p) => p.ready).length}/${(r.istiodPods as Row[]).length}`), col('proxies', (r) => r.proxies)],
  },
  {
    names: ['proxies', 'proxy'], description: 'sidecar proxies and the control plane each belongs to', namespaced: true, field: 'proxies',
    query: 'query($ns: String) { proxies(namespace: $ns) { cluster namespace pod version revision workload { kind name } controlPlane { name } } }',
    columns: [col('namespace', (r) => r.namespace), col('pod', (r) => r.pod), col('version', (r) => r.version), col('revision', (r) => r.revision),
      col('control plane', (r) => (r.controlPlane as Row | null)?.name ?? 'NONE')],
  },
];

export const GET_RESOURCES = VIEWS.map((v) => v.names[0]!);

export function registerGet(program: Command, io: CliIO): void {
  program.command('get')
    .description('list mesh resources: ' + VIEWS.map((v) => v.names[0]).join(', '))
    .argument('<resource>', VIEWS.map((v) => `${v.names.join('|')}: ${v.description}`).join('\n'))
    .option('--demo', 'read the embedded demo mesh instead of a cluster')
    .option('-A, --all-namespaces', 'list across all namespaces (the default when -n is not given)')
    .addHelpText('after', '\nExamples:\n  smm get workloads --demo -n smm-demo\n  smm get pods -n smm-demo -o json')
    .action(async (resource: string, opts: { demo?: boolean; allNamespaces?: boolean }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const view = VIEWS.find((v) => v.names.includes(resource.toLowerCase()));
      if (!view) throw usageError(`unknown resource "${resource}": use one of ${GET_RESOURCES.join(', ')}`);
      const namespace = opts.allNamespaces ? undefined : globals.namespace;
      const backend = await openBackend(globals, { demo: Boolean(opts.demo), io });
      try {
        const data = await query<Record<string, Row[]>>(backend, view.query, { ns: namespace ?? null });
        const rows = data[view.field] ?? [];
        const where = view.namespaced && namespace ? ` in namespace ${namespace}` : '';
        io.stdout(render(globals.output, rows, view.columns, `No ${view.names[0]} found${where}.`));
      } finally {
        await backend.close();
      }
    });
}
