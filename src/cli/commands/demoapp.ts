// `smm demoapp install|uninstall|load start|stop`: the product's demo application on a real
// cluster, applied and pruned by the same engine as the ControlPlane's components.

import type { Command } from 'commander';
import { isKubeError } from '../../kube/errors.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import { resolveInstallConfig } from '../../installer/api/defaults.js';
import { DEFAULT_CONTROL_PLANE_NAME, type ControlPlane, type InstallConfig } from '../../installer/api/types.js';
import type { Component } from '../../installer/components/component.js';
import { buildDemoApplication } from '../../installer/components/demoApplication.js';
import { reconcileControlPlane } from '../../installer/engine/reconcile.js';
import { ensureSmmCrds } from '../../installer/installer.js';
import { connect, parseDuration } from '../cluster.js';
import type { CliIO } from '../context.js';
import { CliError } from '../errors.js';
import { globalsOf } from '../program.js';
import { progressPrinter, runReconcile, summary } from '../progress.js';

interface DemoAppOptions {
  io: CliIO;
  components?: string[];
  loadEnabled?: boolean;
  waitTimeoutMs?: number;
  verbose?: boolean;
  quietIfAbsent?: boolean;
}

async function installedControlPlane(port: ClusterPort): Promise<{ cp: ControlPlane; config: InstallConfig }> {
  let cp: ControlPlane;
  try {
    cp = await port.get(Resources.ControlPlane, DEFAULT_CONTROL_PLANE_NAME) as ControlPlane;
  } catch (e) {
    if (!isKubeError(e, 'NotFound')) throw e;
    cp = { apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: DEFAULT_CONTROL_PLANE_NAME }, spec: {} };
  }
  return { cp, config: resolveInstallConfig(cp) };
}

function demoComponent(config: InstallConfig, options: DemoAppOptions): Component {
  const build = () => buildDemoApplication({ revision: config.istio.revision, components: options.components, load: options.loadEnabled === undefined ? undefined : { enabled: options.loadEnabled } });
  const kinds = [...new Map(build().map((d) => [`${d.object.apiVersion}/${d.object.kind}`, { apiVersion: d.object.apiVersion, kind: d.object.kind }])).values()];
  return { name: 'demoApp', title: 'Demo application', kinds, enabled: () => true, build };
}

export async function installDemoApp(port: ClusterPort, options: DemoAppOptions): Promise<void> {
  await ensureSmmCrds(port);
  const { cp, config } = await installedControlPlane(port);
  await runReconcile(options.io, Boolean(options.verbose), 'installed', (progress) => reconcileControlPlane(port, cp, config, [demoComponent(config, options)], {
    writeStatus: false, waitTimeoutMs: options.waitTimeoutMs, progress,
  }), 'the demo application did not install', 'demo app');
}

export async function uninstallDemoApp(port: ClusterPort, options: DemoAppOptions): Promise<void> {
  const { cp, config } = await installedControlPlane(port);
  const result = await reconcileControlPlane(port, cp, config, [demoComponent(config, options)], {
    mode: 'remove', writeStatus: false, progress: options.quietIfAbsent ? undefined : progressPrinter(options.io, Boolean(options.verbose)),
  });
  if (!options.quietIfAbsent || result.changes > 0) options.io.stdout(`${summary(result, 'uninstalled', 0).replace(/ \(0\.0 s\)| in 0\.0 s/, '')}\n`);
  if (result.status === 'Failed') throw new CliError('the demo application was not fully removed; run the command again');
}

export function registerDemoApp(program: Command, io: CliIO): void {
  const demoapp = program.command('demoapp').description('the demo application on the cluster (namespace smm-demo)');
  demoapp.command('install')
    .description('deploy the demo application and start its load generator')
    .option('-s, --components <list>', 'comma-separated components, e.g. frontpage,catalog,bookings,postgresql')
    .option('--timeout <duration>', 'how long to wait for the workloads', '5m')
    .action(async (flags: { components?: string; timeout: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const port = await connect(globals);
      await installDemoApp(port, { io, components: flags.components?.split(',').map((s) => s.trim()).filter(Boolean), waitTimeoutMs: parseDuration(flags.timeout, '--timeout'), verbose: globals.verbose });
    });
  demoapp.command('uninstall')
    .description('remove the demo application')
    .action(async (_flags: unknown, cmd: Command) => {
      const port = await connect(globalsOf(cmd));
      await uninstallDemoApp(port, { io });
    });
  const load = demoapp.command('load').description('the demo load generator');
  for (const [verb, enabled] of [['start', true], ['stop', false]] as const) {
    load.command(verb).description(`${verb} generating load`).action(async (_flags: unknown, cmd: Command) => {
      const port = await connect(globalsOf(cmd));
      await installDemoApp(port, { io, loadEnabled: enabled });
    });
  }
}
