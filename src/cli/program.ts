// The `smm` command tree. Global flags live on the root so every command accepts them in
// any position (`smm -n demo get pods`, `smm get pods -n demo`).

import { Command, Option } from 'commander';
import { SMM_VERSION } from '../version.js';
import { registerCompletion } from './commands/completion.js';
import { registerDemo } from './commands/demo.js';
import { registerDemoApp } from './commands/demoapp.js';
import { registerInstall } from './commands/install.js';
import { registerOperator } from './commands/operator.js';
import { registerServer } from './commands/server.js';
import { registerGet } from './commands/get.js';
import { registerStat } from './commands/stat.js';
import { registerEdges } from './commands/edges.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerSidecarProxy } from './commands/sidecar-proxy.js';
import { registerIstio } from './commands/istio.js';
import type { CliIO, GlobalOptions } from './context.js';
import { OUTPUT_FORMATS, parseOutputFormat } from './output.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('smm')
    .description('smm: service mesh manager for Istio on Kubernetes.\nInstall and operate Istio, see what the mesh does, validate its configuration.')
    .version(`smm version ${SMM_VERSION}`, '--version', 'print the version')
    .addOption(new Option('-c, --kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'))
    .addOption(new Option('--context <name>', 'kubeconfig context to use (default: the current context)'))
    .addOption(new Option('-n, --namespace <name>', 'namespace to act in (default: all namespaces for reads)'))
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS, 'wide', 'sarif']).default('table'))
    .addOption(new Option('-v, --verbose', 'verbose logging to stderr').default(false))
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    })
    .exitOverride();

  registerDemo(program, io);
  registerGet(program, io);
  registerStat(program, io);
  registerEdges(program, io);
  registerAnalyze(program, io);
  registerSidecarProxy(program, io);
  registerIstio(program, io);
  registerInstall(program, io);
  registerDemoApp(program, io);
  registerOperator(program, io);
  registerServer(program, io);
  registerCompletion(program, io);
  program.command('version').description('print the version').action(() => io.stdout(`smm version ${SMM_VERSION}\n`));
  program.addHelpText('after', `
Examples:
  smm demo                      serve the dashboard and API on an embedded demo mesh
  smm get workloads --demo -n smm-demo
  smm stat smm-demo --demo       golden signals per workload, like linkerd viz stat
  smm edges --demo -n smm-demo   who talks to whom, with mTLS
  smm --kubeconfig ~/.kube/lab get controlplanes -o yaml
  source <(smm completion bash)`);
  return program;
}

export function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals<{ kubeconfig?: string; context?: string; namespace?: string; output?: string; verbose?: boolean }>();
  return { kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace, output: parseOutputFormat(o.output), verbose: Boolean(o.verbose) };
}
