// Connecting to a cluster the way kubectl does: a kubeconfig file (explicit path, else the
// KUBECONFIG list, else ~/.kube/config, else the in-cluster service account), a context in it,
// and client-node for everything about authentication.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from '../errors.js';
import { ResourceRegistry } from '../resources.js';
import { ClientNodeClusterPort } from './clientnode-cluster.js';
import { Transport, type TransportOptions } from './transport.js';

export interface ConnectOptions extends TransportOptions {
  /** Path of a kubeconfig file; default: `KUBECONFIG`, then `~/.kube/config`, then in-cluster. */
  kubeconfig?: string;
  /** Context to use; default: the kubeconfig's current context. */
  context?: string;
  registry?: ResourceRegistry;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Load a kubeconfig the way kubectl finds it; the returned `source` names it for messages. */
export function loadKubeConfig(options: Pick<ConnectOptions, 'kubeconfig' | 'context'> = {}): { kc: KubeConfig; source: string } {
  const kc = new KubeConfig();
  let source: string;
  const load = (file: string, into: KubeConfig = kc): void => {
    try {
      into.loadFromFile(file);
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new KubeError('BadRequest', `cannot read kubeconfig "${file}": ${why}`, { cause: e });
    }
  };
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) throw new KubeError('NotFound', `kubeconfig "${options.kubeconfig}" does not exist`);
    load(options.kubeconfig);
    source = `kubeconfig "${options.kubeconfig}"`;
  } else if (process.env['KUBECONFIG']) {
    const listed = process.env['KUBECONFIG'].split(delimiter).filter(Boolean);
    // Like kubectl: files of the KUBECONFIG list that do not exist are skipped.
    const files = listed.filter((f) => existsSync(f));
    if (files.length === 0) throw new KubeError('NotFound', `no kubeconfig file of KUBECONFIG exists: ${listed.join(delimiter)}`);
    load(files[0]!);
    for (const f of files.slice(1)) {
      const more = new KubeConfig();
      load(f, more);
      kc.mergeConfig(more, true);
    }
    source = `kubeconfig "${files.join(delimiter)}" (from KUBECONFIG)`;
  } else if (existsSync(join(homedir(), '.kube', 'config'))) {
    const file = join(homedir(), '.kube', 'config');
    load(file);
    source = `kubeconfig "${file}"`;
  } else if (existsSync(SERVICE_ACCOUNT_TOKEN) && process.env['KUBERNETES_SERVICE_HOST']) {
    kc.loadFromCluster();
    source = 'the in-cluster service account';
  } else {
    throw new KubeError('NotFound', `no kubeconfig found: pass --kubeconfig, set KUBECONFIG or create ${join(homedir(), '.kube', 'config')}`);
  }

  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeError('NotFound', `context "${options.context}" not found in ${source}${known.length ? ` (contexts: ${known.join(', ')})` : ''}`);
    }
    kc.setCurrentContext(options.context);
  }
  const contextName = kc.getCurrentContext();
  const context = contextName ? kc.getContextObject(contextName) : null;
  if (!context) {
    throw new KubeError('NotFound', contextName
      ? `current context "${contextName}" not found in ${source}`
      : `${source} has no current context: pass --context`);
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new KubeError('NotFound', `cluster "${context.cluster}" of context "${context.name}" not found in ${source}`);
  if (!cluster.server) throw new KubeError('BadRequest', `cluster "${cluster.name}" in ${source} has no server URL`);
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new KubeError('BadRequest', `cluster "${cluster.name}" in ${source} uses plain HTTP (${cluster.server}): set insecure-skip-tls-verify to allow it`);
  }
  if (context.user && !kc.getUser(context.user)) {
    throw new KubeError('NotFound', `user "${context.user}" of context "${context.name}" not found in ${source}`);
  }
  return { kc, source };
}

/** A cluster port for a loaded KubeConfig (its current context). */
export function clusterPortFromKubeConfig(kc: KubeConfig, options: Omit<ConnectOptions, 'kubeconfig' | 'context'> = {}): ClientNodeClusterPort {
  const context = kc.getContextObject(kc.getCurrentContext());
  const clusterName = context?.cluster ?? kc.getCurrentCluster()?.name ?? 'cluster';
  const transport = new Transport(kc, clusterName, options);
  return new ClientNodeClusterPort({
    transport,
    registry: options.registry ?? new ResourceRegistry(),
    defaultNamespace: context?.namespace || 'default',
    userName: context?.user || kc.getCurrentUser()?.name || 'user',
  });
}

/**
 * Connect to the cluster of a kubeconfig context. Nothing is sent yet: credentials are obtained
 * (exec plugins run) on the first request, and an unreachable server fails that request with
 * `Unavailable` naming the URL.
 */
export async function connectCluster(options: ConnectOptions = {}): Promise<ClientNodeClusterPort> {
  const { kc } = loadKubeConfig(options);
  return clusterPortFromKubeConfig(kc, options);
}
