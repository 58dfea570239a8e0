// `smm server`: the API and the dashboard over a live cluster: what the installed `smm`
// Deployment runs, and what a user can run locally against their kubeconfig. `smm dashboard` is
// the same server on loopback, opening the dashboard in the user's browser (the manual's command).

import type { Command } from 'commander';
import { connectCluster } from '../../kube/clientnode/index.js';
import { createClusterBackend } from '../../server/cluster-backend.js';
import { startServer } from '../../server/http-server.js';
import { PrometheusTelemetry } from '../../telemetry/prometheus/prometheus-telemetry.js';
import type { CliIO } from '../context.js';
import { CliError, parsePort } from '../errors.js';
import { openBrowser } from '../open-browser.js';
import { globalsOf } from '../program.js';
import { untilSignal } from '../signals.js';
import { readHealthThresholds } from '../health-thresholds.js';
import { parsePrometheusUrl } from '../traffic-source.js';

interface ServeFlags { port: string; host: string; prometheusUrl?: string; healthThresholds?: string; open?: boolean }

const PROMETHEUS_HELP = 'Prometheus with the Istio standard metrics (traffic, health); env SMM_PROMETHEUS_URL. Without it, views show inventory only';

export function registerServer(program: Command, io: CliIO): void {
  program.command('server')
    .description('serve the dashboard and GraphQL API over the cluster of the kubeconfig (in a pod: its service account)')
    .option('--port <port>', 'port to listen on', '50500')
    .option('--host <host>', 'address to listen on; keep the loopback default unless you mean to share it', '127.0.0.1')
    .option('--health-thresholds <file>', 'YAML/JSON overriding the documented health thresholds (docs/observability.md)')
    .option('--prometheus-url <url>', PROMETHEUS_HELP)
    .addHelpText('after', '\nExamples:\n  smm server --kubeconfig ~/.kube/config --prometheus-url http://127.0.0.1:9090\n  smm server --host 0.0.0.0   # in a pod')
    .action((flags: ServeFlags, cmd: Command) => serve(io, flags, cmd, 'server'));

  program.command('dashboard')
    .description('open the dashboard on this machine for the cluster of the kubeconfig, acting as you (loopback only)')
    .option('--port <port>', 'local port', '50500')
    .option('--health-thresholds <file>', 'YAML/JSON overriding the documented health thresholds (docs/observability.md)')
    .option('--prometheus-url <url>', PROMETHEUS_HELP)
    .option('--no-open', 'do not open a browser')
    .addHelpText('after', '\nOn a remote machine: forward the port (ssh -L 50500:127.0.0.1:50500 HOST) and browse http://127.0.0.1:50500/.\n\nExamples:\n  smm dashboard --kubeconfig ~/.kube/config\n  smm dashboard --context prod --prometheus-url http://127.0.0.1:9090')
    // Loopback and the kubeconfig's identity (local auth mode): the same rights kubectl has here.
    .action((flags: Omit<ServeFlags, 'host'>, cmd: Command) => serve(io, { ...flags, host: '127.0.0.1' }, cmd, 'dashboard'));
}

async function serve(io: CliIO, flags: ServeFlags, cmd: Command, as: 'server' | 'dashboard'): Promise<void> {
  const globals = globalsOf(cmd);
  const port = parsePort(flags.port);
  const prometheusUrl = parsePrometheusUrl(flags.prometheusUrl ?? io.env.SMM_PROMETHEUS_URL);
  const healthThresholds = readHealthThresholds(flags.healthThresholds);
  const stopSignal = untilSignal(io);
  const cluster = await connectCluster({ kubeconfig: globals.kubeconfig, context: globals.context });
  const name = io.env.SMM_CLUSTER_NAME || cluster.description.split('/')[0] || 'cluster';
  const inventory = await createClusterBackend([{ name, port: cluster }], {
    onError: (c, kind, e) => io.stderr(`smm: ${c}: watching ${kind}: ${e instanceof Error ? e.message : String(e)}\n`),
    // Validate at start, so the first dashboard request does not pay for the whole analysis.
    validation: { eager: true },
  });
  const backend = { ...inventory, healthThresholds, ...(prometheusUrl ? { telemetry: new PrometheusTelemetry({ url: prometheusUrl }) } : {}) };
  let server;
  try {
    server = await startServer({ backend, host: flags.host, port, ...(as === 'dashboard' ? { auth: { mode: 'local' as const } } : {}) });
  } catch (e) {
    await backend.close();
    throw new CliError(`cannot start the ${as}: ${e instanceof Error ? e.message : String(e)}`);
  }
  io.stdout(`smm is serving cluster ${name} on ${server.url}${prometheusUrl ? ` (metrics from ${prometheusUrl})` : ' (no Prometheus: inventory only)'}\n`);
  if (as === 'dashboard') {
    io.stdout(`  dashboard   ${server.url}/\nPress Ctrl-C to stop.\n`);
    if (flags.open && io.isTTY && !io.env.CI) openBrowser(`${server.url}/`);
  }
  await stopSignal;
  await server.close();
  await backend.close();
}
