// `smm server`: the API (and, later, the dashboard) over a live cluster: what the installed
// `smm` Deployment runs, and what a user can run locally against their kubeconfig.

import type { Command } from 'commander';
import { connectCluster } from '../../kube/clientnode/index.js';
import { createClusterBackend } from '../../server/cluster-backend.js';
import { startServer } from '../../server/http-server.js';
import type { CliIO } from '../context.js';
import { CliError, parsePort } from '../errors.js';
import { globalsOf } from '../program.js';
import { untilSignal } from '../signals.js';

export function registerServer(program: Command, io: CliIO): void {
  program.command('server')
    .description('serve the GraphQL API over the cluster of the kubeconfig (in a pod: its service account)')
    .option('--port <port>', 'port to listen on', '50500')
    .option('--host <host>', 'address to listen on; keep the loopback default unless you mean to share it', '127.0.0.1')
    .addHelpText('after', '\nExamples:\n  smm server --kubeconfig ~/.kube/config\n  smm server --host 0.0.0.0   # in a pod')
    .action(async (flags: { port: string; host: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const port = parsePort(flags.port);
      const stopSignal = untilSignal(io);
      const cluster = await connectCluster({ kubeconfig: globals.kubeconfig, context: globals.context });
      const name = io.env.SMM_CLUSTER_NAME || cluster.description.split('/')[0] || 'cluster';
      const backend = await createClusterBackend([{ name, port: cluster }], {
        onError: (c, kind, e) => io.stderr(`smm: ${c}: watching ${kind}: ${e instanceof Error ? e.message : String(e)}\n`),
      });
      let server;
      try {
        server = await startServer({ backend, host: flags.host, port });
      } catch (e) {
        await backend.close();
        throw new CliError(`cannot start the server: ${e instanceof Error ? e.message : String(e)}`);
      }
      io.stdout(`smm is serving cluster ${name} on ${server.url}\n`);
      await stopSignal;
      await server.close();
      await backend.close();
    });
}
