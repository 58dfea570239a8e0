// One lab cluster: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok, all on
// 127.0.0.1 with free ports, plus the bootstrap objects every test expects.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  crdsUsable,
  DEMO_NAMESPACE,
  loadCrds,
  namespaceObject,
  nodeObjects,
  nodesSchedulable,
  rbacObjects,
} from './bootstrap.js';
import { KubeHttp } from './kube-http.js';
import type { LabArtifacts } from './paths.js';
import { makeClusterPki, type ClusterPki } from './pki.js';
import { freePort } from './ports.js';
import { Tier, type ManagedProcess, type Supervisor } from './procs.js';
import { waitUntil } from './wait.js';

export type LabUserName = 'admin' | 'viewer' | 'editor';
export const LAB_USER_NAMES: readonly LabUserName[] = ['admin', 'viewer', 'editor'];

/** Service ClusterIPs are only bookkeeping here (nothing routes them), but must not overlap pods. */
const SERVICE_CIDR = '10.96.0.0/16';

/** Static-token identities: the three users, and one per component. */
const IDENTITIES = {
  admin: { user: 'admin', groups: ['system:masters'] },
  viewer: { user: 'viewer', groups: [] },
  editor: { user: 'editor', groups: [] },
  // Built-in names: the bootstrap RBAC policy already grants these components what they need.
  'kube-controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  'kube-scheduler': { user: 'system:kube-scheduler', groups: [] },
  // kwok stands in for every kubelet (node status, leases, pod status): full rights is simplest.
  kwok: { user: 'smm-lab:kwok', groups: ['system:masters'] },
} as const;
type IdentityName = keyof typeof IDENTITIES;

/**
 * Debian's etcd (3.4.23) predates RequestWatchProgress (3.4.31), which streaming "watch lists"
 * need. With the WatchList gate on, the API server still turns every watch from resourceVersion
 * "" or "0" (kwok's) into a watch list and then fails it; clients recover only after errors and
 * retries. So: no watch lists on the server, and the components do not ask for them.
 */
const SERVER_FEATURE_GATES = 'WatchList=false';
const CLIENT_FEATURE_GATES = 'WatchListClient=false';

export interface LabCluster {
  /** 'lab-a', 'lab-b' */
  name: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** The cluster CA (PEM file) that signed the API server's certificate. */
  caFile: string;
  /** Absolute paths of one kubeconfig per user. */
  kubeconfigs: Record<LabUserName, string>;
  stopApiServer(): Promise<void>;
  /** Restarts the API server on the same port with the same etcd (so the same data). */
  startApiServer(): Promise<void>;
}

export interface ClusterContext {
  name: string;
  /** Distinguishes pod IP ranges between clusters. */
  index: number;
  dir: string;
  artifacts: LabArtifacts;
  supervisor: Supervisor;
  log: (line: string) => void;
}

interface Layout {
  dir: string;
  logs: string;
  etcdData: string;
  kubeconfigs: string;
}

function layout(dir: string): Layout {
  return { dir, logs: join(dir, 'logs'), etcdData: join(dir, 'etcd'), kubeconfigs: join(dir, 'kubeconfig') };
}

function kubeconfigYaml(cluster: string, server: string, caPem: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: `${cluster}-${user}`, user: { token } }],
    contexts: [{ name: `${cluster}-${user}`, context: { cluster, user: `${cluster}-${user}`, namespace: DEMO_NAMESPACE } }],
    'current-context': `${cluster}-${user}`,
  });
}

/** kube-apiserver's --token-auth-file: token,user,uid,"group1,group2" */
function tokenCsv(tokens: Record<IdentityName, string>): string {
  return (Object.keys(IDENTITIES) as IdentityName[])
    .map((id) => {
      const { user, groups } = IDENTITIES[id];
      const row = `${tokens[id]},${user},${user}`;
      return groups.length > 0 ? `${row},"${groups.join(',')}"` : row;
    })
    .join('\n');
}

class RunningCluster implements LabCluster {
  private apiserver: ManagedProcess | undefined;
  /** controller-manager, scheduler and kwok, once started. */
  components: ManagedProcess[] = [];
  startComponents: () => ManagedProcess[] = () => [];

  constructor(
    private readonly ctx: ClusterContext,
    readonly server: string,
    readonly caFile: string,
    readonly kubeconfigs: Record<LabUserName, string>,
    private readonly apiserverArgs: string[],
    private readonly admin: KubeHttp,
    private readonly paths: Layout,
  ) {}

  get name(): string {
    return this.ctx.name;
  }

  async startApiServer(): Promise<void> {
    if (this.apiserver && this.apiserver.exitCode === undefined) return;
    const { artifacts, supervisor } = this.ctx;
    this.apiserver = supervisor.start(`${this.name}/kube-apiserver`, artifacts.k8sBinary, this.apiserverArgs, {
      tier: Tier.ApiServer,
      logFile: join(this.paths.logs, 'kube-apiserver.log'),
    });
    await waitUntil(`${this.name} kube-apiserver /readyz`, () => this.admin.ready(), {
      timeoutMs: 90_000,
      watch: [this.apiserver],
    });
    if (this.components.length > 0) await this.restartComponents();
  }

  /**
   * After an API server restart, client-go's reflectors in the controller-manager, scheduler
   * and kwok back off (up to 30 s each, and they chain: schedule, then run), so the cluster
   * would take a minute to act again and the next test would pay for it. Fresh processes
   * reconnect at once; their state is all in etcd.
   */
  private async restartComponents(): Promise<void> {
    await Promise.all(this.components.map((c) => c.stop(2_000)));
    this.components = this.startComponents();
  }

  async stopApiServer(): Promise<void> {
    // The API server stops listening at once on SIGTERM but then waits for its clients' open
    // watches to drain, up to a minute. Its data is in etcd, so a kill after a short grace loses
    // nothing and keeps tests fast.
    await this.apiserver?.stop(3_000);
  }
}

async function startEtcd(ctx: ClusterContext, paths: Layout): Promise<{ url: string; proc: ManagedProcess }> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = ctx.supervisor.start(`${ctx.name}/etcd`, ctx.artifacts.etcd, [
    `--name=${ctx.name}`,
    `--data-dir=${paths.etcdData}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${ctx.name}=${peerUrl}`,
    '--logger=zap',
    '--auto-compaction-retention=1',
  ], { tier: Tier.Storage, logFile: join(paths.logs, 'etcd.log') });
  await waitUntil(`${ctx.name} etcd health`, async () => {
    const res = await fetch(`${url}/health`);
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  }, { timeoutMs: 30_000, watch: [proc] });
  return { url, proc };
}

function apiserverArgs(port: number, etcdUrl: string, pki: ClusterPki, tokenFile: string): string[] {
  return [
    'kube-apiserver',
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    // Without it the API server looks for a default route, which a machine without network lacks.
    '--advertise-address=127.0.0.1',
    // Nothing may write a loopback address into the "kubernetes" Endpoints; skip that bookkeeping.
    '--endpoint-reconciler-type=none',
    `--secure-port=${port}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--token-auth-file=${tokenFile}`,
    '--authorization-mode=Node,RBAC',
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--allow-privileged=true',
    '--profiling=false',
    `--feature-gates=${SERVER_FEATURE_GATES}`,
  ];
}

function componentArgs(ctx: ClusterContext, kubeconfig: (id: IdentityName) => string, pki: ClusterPki): Record<'kube-controller-manager' | 'kube-scheduler' | 'kwok', string[]> {
  return {
    'kube-controller-manager': [
      'kube-controller-manager',
      `--kubeconfig=${kubeconfig('kube-controller-manager')}`,
      // No leader election: it would make the process exit when the API server is stopped for
      // longer than the lease renewal deadline, and tests do stop it.
      '--leader-elect=false',
      '--secure-port=0',
      '--controllers=*',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      `--cluster-name=${ctx.name}`,
      '--kube-api-qps=100',
      '--kube-api-burst=200',
      `--feature-gates=${CLIENT_FEATURE_GATES}`,
    ],
    'kube-scheduler': [
      'kube-scheduler',
      `--kubeconfig=${kubeconfig('kube-scheduler')}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--feature-gates=${CLIENT_FEATURE_GATES}`,
    ],
    kwok: [
      'kwok',
      `--kubeconfig=${kubeconfig('kwok')}`,
      `--config=${ctx.artifacts.kwokStages}`,
      '--manage-all-nodes=true',
      `--cidr=10.${244 + ctx.index}.0.0/16`,
    ],
  };
}

export async function startCluster(ctx: ClusterContext): Promise<LabCluster> {
  const started = Date.now();
  const step = (what: string): void => ctx.log(`${ctx.name}: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const paths = layout(ctx.dir);
  await Promise.all([paths.logs, paths.etcdData, paths.kubeconfigs].map((d) => mkdir(d, { recursive: true })));

  const [pki, port] = await Promise.all([makeClusterPki(ctx.artifacts.openssl, join(ctx.dir, 'pki'), ctx.name), freePort()]);
  const server = `https://127.0.0.1:${port}`;
  const caPem = await readFile(pki.caCert, 'utf8');

  const tokens = Object.fromEntries(
    (Object.keys(IDENTITIES) as IdentityName[]).map((id) => [id, randomBytes(24).toString('hex')]),
  ) as Record<IdentityName, string>;
  const tokenFile = join(ctx.dir, 'tokens.csv');
  await writeFile(tokenFile, tokenCsv(tokens), { mode: 0o600 });
  const kubeconfig = (id: IdentityName): string => join(paths.kubeconfigs, `${id}.yaml`);
  await Promise.all(
    (Object.keys(IDENTITIES) as IdentityName[]).map((id) =>
      writeFile(kubeconfig(id), kubeconfigYaml(ctx.name, server, caPem, id, tokens[id]), { mode: 0o600 }),
    ),
  );
  step('certificates, tokens and kubeconfigs written');

  const etcd = await startEtcd(ctx, paths);
  step('etcd ready');

  const admin = new KubeHttp(server, caPem, tokens.admin);
  const kubeconfigs = Object.fromEntries(LAB_USER_NAMES.map((u) => [u, kubeconfig(u)])) as Record<LabUserName, string>;
  const cluster = new RunningCluster(ctx, server, pki.caCert, kubeconfigs, apiserverArgs(port, etcd.url, pki, tokenFile), admin, paths);
  await cluster.startApiServer();
  step('kube-apiserver ready');

  const componentArgv = componentArgs(ctx, kubeconfig, pki);
  cluster.startComponents = () => Object.entries(componentArgv).map(([name, args]) =>
    ctx.supervisor.start(`${ctx.name}/${name}`, ctx.artifacts.k8sBinary, args, {
      tier: Tier.Client,
      logFile: join(paths.logs, `${name}.log`),
    }));
  cluster.components = cluster.startComponents();
  const watch = [etcd.proc, ...cluster.components];

  const crds = await loadCrds(ctx.artifacts.istioCrds);
  const nodes = nodeObjects(ctx.name);
  // The namespace first: the editor's RoleBinding lives in it.
  await admin.apply(namespaceObject(DEMO_NAMESPACE));
  await Promise.all([...rbacObjects(), ...crds, ...nodes].map((o) => admin.apply(o)));
  step('namespace, RBAC, Istio CRDs and nodes created');

  await waitUntil(`${ctx.name} Istio CRDs established and served`, () => crdsUsable(admin, crds), { timeoutMs: 60_000, watch });
  await waitUntil(`${ctx.name} kwok nodes Ready and schedulable`, () => nodesSchedulable(admin, nodes.map((n) => n.metadata.name)), { timeoutMs: 60_000, watch });
  // Pods can only be created once the service-account controller made the namespace's default SA.
  await waitUntil(`${ctx.name} default ServiceAccount in ${DEMO_NAMESPACE}`, async () =>
    (await admin.call('GET', `/api/v1/namespaces/${DEMO_NAMESPACE}/serviceaccounts/default`)).status === 200,
  { timeoutMs: 60_000, watch });
  step('ready');
  return cluster;
}
