// `smm operator install|uninstall|reconcile|run`: the installer as an in-cluster operator
// that watches ControlPlane objects (operator mode), and the one-shot reconcile of a stored
// ControlPlane for clusters without it.

import { hostname } from 'node:os';
import type { Command } from 'commander';
import { isKubeError } from '../../kube/errors.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import { DEFAULT_CONTROL_PLANE_NAME, type ControlPlane } from '../../installer/api/types.js';
import { ensureSmmCrds, reconcileStoredControlPlane } from '../../installer/installer.js';
import { runOperator, startOperatorHttp } from '../../installer/operator/index.js';
import { operatorManifests } from '../../installer/operator/manifests.js';
import { connect, parseDuration } from '../cluster.js';
import type { CliIO } from '../context.js';
import { CliError, parseInteger, parsePort, usageError } from '../errors.js';
import { globalsOf } from '../program.js';
import { untilSignal } from '../signals.js';
import { runReconcile, summary } from '../progress.js';

const FIELD_MANAGER = 'smm-operator-installer';

function parseAddress(value: string): { host: string; port: number } {
  const i = value.lastIndexOf(':');
  if (i < 0) throw usageError(`invalid --http-address "${value}": use host:port, e.g. 127.0.0.1:8080`);
  return { host: value.slice(0, i) || '127.0.0.1', port: parsePort(value.slice(i + 1), '--http-address port') };
}

async function storedControlPlane(port: ClusterPort, name: string): Promise<ControlPlane> {
  try {
    return await port.get(Resources.ControlPlane, name) as ControlPlane;
  } catch (e) {
    if (isKubeError(e, 'NotFound')) throw new CliError(`no ControlPlane "${name}" in the cluster: run smm install -a, or apply one and use smm reconcile --from-file`);
    throw e;
  }
}

export function registerOperator(program: Command, io: CliIO): void {
  const operator = program.command('operator').description('run the installer as an in-cluster operator (operator mode)');

  operator.command('install')
    .description('deploy the smm operator (2 replicas, leader election) and the smm CRDs')
    .option('--image <image>', 'operator image')
    .option('--replicas <n>', 'operator replicas', '2')
    .option('--operator-namespace <ns>', 'namespace of the operator', 'smm-system')
    .action(async (flags: { image?: string; replicas: string; operatorNamespace: string }, cmd: Command) => {
      const replicas = parseInteger(flags.replicas, '--replicas');
      if (replicas < 1) throw usageError('--replicas must be at least 1');
      const port = await connect(globalsOf(cmd));
      await ensureSmmCrds(port);
      for (const o of operatorManifests({ namespace: flags.operatorNamespace, image: flags.image, replicas })) {
        await port.apply(o, { fieldManager: FIELD_MANAGER, force: true });
      }
      io.stdout(`✓ smm operator installed in ${flags.operatorNamespace}; it reconciles every ControlPlane from now on\n`);
    });

  operator.command('uninstall')
    .description('remove the smm operator (the ControlPlane and what it installed stay)')
    .option('--operator-namespace <ns>', 'namespace of the operator', 'smm-system')
    .action(async (flags: { operatorNamespace: string }, cmd: Command) => {
      const port = await connect(globalsOf(cmd));
      // Everything but the namespace, which other smm components share.
      for (const o of operatorManifests({ namespace: flags.operatorNamespace }).filter((x) => x.kind !== 'Namespace').reverse()) {
        await port.delete(await port.resolveType(o.apiVersion, o.kind), o.metadata.name!, o.metadata.namespace).catch((e: unknown) => {
          if (!isKubeError(e, 'NotFound')) throw e;
        });
      }
      io.stdout('✓ smm operator removed\n');
    });

  operator.command('reconcile')
    .description('apply the stored ControlPlane once (for clusters without the operator)')
    .option('--name <name>', 'ControlPlane name', DEFAULT_CONTROL_PLANE_NAME)
    .option('--timeout <duration>', 'how long to wait for each component', '5m')
    .action(async (flags: { name: string; timeout: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const port = await connect(globals);
      const cp = await storedControlPlane(port, flags.name);
      const waitTimeoutMs = parseDuration(flags.timeout, '--timeout');
      await runReconcile(io, globals.verbose, 'reconciled', (progress) => reconcileStoredControlPlane(port, cp, { waitTimeoutMs, progress }), 'the ControlPlane status says Failed');
    });

  operator.command('run')
    .description('the operator process: leader election, then reconcile ControlPlanes on every change (-n: namespace of the Lease, default smm-system)')
    .option('--identity <id>', 'this replica\'s name in the Lease (default: $POD_NAME or the host name)')
    .option('--http-address <host:port>', 'address of /healthz, /readyz and /metrics', '127.0.0.1:8080')
    .option('--lease-duration <duration>', 'how long a leader\'s Lease is valid without renewal', '15s')
    .option('--resync <duration>', 'reconcile every ControlPlane this often even without changes', '10m')
    .action(async (flags: { identity?: string; httpAddress: string; leaseDuration: string; resync: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const leaseNamespace = globals.namespace ?? 'smm-system';
      const address = parseAddress(flags.httpAddress);
      const leaseDurationMs = parseDuration(flags.leaseDuration, '--lease-duration');
      const stopSignal = untilSignal(io);
      const port = await connect(globals);
      const identity = flags.identity ?? io.env.POD_NAME ?? `${hostname()}-${process.pid}`;
      const log = (line: string): void => io.stderr(`${new Date().toISOString()} ${line}\n`);
      const handle = runOperator({
        port, identity, namespace: leaseNamespace, log,
        leaseDurationMs, renewDeadlineMs: Math.round(leaseDurationMs * 2 / 3), retryPeriodMs: Math.max(200, Math.round(leaseDurationMs / 7.5)),
        resyncMs: parseDuration(flags.resync, '--resync'),
        reconcile: async (cp, signal) => {
          const result = await reconcileStoredControlPlane(port, cp, { signal });
          log(`ControlPlane ${cp.metadata.name} generation ${cp.metadata.generation}: ${summary(result, 'reconciled', 0).replace(/ in 0\.0 s| \(0\.0 s\)/, '')}`);
          return result;
        },
      });
      const http = await startOperatorHttp({ host: address.host, port: address.port, operator: handle, metrics: handle.metrics });
      log(`smm operator ${identity}: probes and metrics on ${http.url}`);
      await stopSignal;
      log('stopping: releasing the Lease');
      await handle.stop();
      await http.close();
    });
}
