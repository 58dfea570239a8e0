// `smm install`, `smm uninstall`, `smm reconcile --from-file`: the installer from the CLI
// (imperative and reconciler modes of the manual).

import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { defaultControlPlane, normalizeClusterName } from '../../installer/api/defaults.js';
import { parseControlPlaneYaml } from '../../installer/api/schema.js';
import { deepMerge } from '../../installer/api/merge.js';
import type { ControlPlane, ControlPlaneSpec } from '../../installer/api/types.js';
import { DEFAULT_CONTROL_PLANE_NAME } from '../../installer/api/types.js';
import { dumpResources, installControlPlane, uninstallControlPlane } from '../../installer/installer.js';
import { connect, parseDuration } from '../cluster.js';
import type { CliIO } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { globalsOf } from '../program.js';
import { runReconcile } from '../progress.js';
import { installDemoApp } from './demoapp.js';

interface InstallFlags {
  all?: boolean;
  anonymousAuth?: boolean;
  clusterName?: string;
  dumpResources?: string | boolean;
  istioVersion?: string;
  additionalCpSettings?: string;
  disable?: string;
  timeout: string;
  demoApp?: boolean;
}

/** Optional components a user may leave out (`--disable`), as spec paths. */
const OPTIONAL: Record<string, (s: ControlPlaneSpec) => ControlPlaneSpec> = {
  certManager: (s) => deepMerge(s as Record<string, unknown>, { certManager: { enabled: false }, smm: { certManager: { enabled: false } } }) as ControlPlaneSpec,
  clusterRegistry: (s) => deepMerge(s as Record<string, unknown>, { clusterRegistry: { enabled: false } }) as ControlPlaneSpec,
  nodeExporter: (s) => deepMerge(s as Record<string, unknown>, { nodeExporter: { enabled: false } }) as ControlPlaneSpec,
  prometheus: (s) => deepMerge(s as Record<string, unknown>, { smm: { prometheus: { enabled: false } } }) as ControlPlaneSpec,
  grafana: (s) => deepMerge(s as Record<string, unknown>, { smm: { grafana: { enabled: false } } }) as ControlPlaneSpec,
  tracing: (s) => deepMerge(s as Record<string, unknown>, { smm: { tracing: { enabled: false } } }) as ControlPlaneSpec,
};

async function ask(io: CliIO, question: string, defaultYes: boolean): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`? ${question}. Press enter to ${defaultYes ? 'accept Yes' : 'skip'} `)).trim().toLowerCase();
    if (answer === '') return defaultYes;
    return answer.startsWith('y');
  } finally {
    rl.close();
    void io;
  }
}

async function buildControlPlane(flags: InstallFlags, io: CliIO): Promise<{ cp: ControlPlane; demoApp: boolean }> {
  let spec: ControlPlaneSpec = {};
  let demoApp = Boolean(flags.demoApp);
  if (!flags.all && !flags.disable && flags.dumpResources === undefined) {
    if (!io.isTTY) throw usageError('smm install asks its questions on a terminal: use -a to install all components, or --disable to leave some out');
    // The manual's prompts, in its order.
    if (!(await ask(io, 'Install cert-manager (recommended)', true))) spec = OPTIONAL.certManager!(spec);
    demoApp = await ask(io, 'Install and run demo application (optional)', false);
  }
  for (const name of (flags.disable ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const off = OPTIONAL[name];
    if (!off) throw usageError(`--disable: unknown component "${name}": use ${Object.keys(OPTIONAL).join(', ')}`);
    spec = off(spec);
  }
  if (flags.anonymousAuth) spec = deepMerge(spec as Record<string, unknown>, { smm: { auth: { mode: 'anonymous' } } }) as ControlPlaneSpec;
  if (flags.clusterName) spec = { ...spec, clusterName: normalizeClusterName(flags.clusterName) };
  if (flags.istioVersion) spec = deepMerge(spec as Record<string, unknown>, { meshManager: { istio: { version: flags.istioVersion } } }) as ControlPlaneSpec;
  if (flags.additionalCpSettings) {
    const text = await readFile(flags.additionalCpSettings, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read --additional-cp-settings ${flags.additionalCpSettings}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
    const extra = parseYaml(text) as { spec?: Record<string, unknown> } | null;
    spec = deepMerge(spec as Record<string, unknown>, extra?.spec ?? (extra as Record<string, unknown> | null) ?? {}) as ControlPlaneSpec;
  }
  return { cp: defaultControlPlane(spec), demoApp };
}

export function registerInstall(program: Command, io: CliIO): void {
  program.command('install')
    .description('install Istio, smm and the observability stack into the cluster (re-run to upgrade or repair)')
    .option('-a, --all', 'install all components without asking')
    .option('--disable <components>', 'comma-separated optional components to leave out: certManager, clusterRegistry, nodeExporter, prometheus, grafana, tracing')
    .option('--anonymous-auth', 'dashboard without authentication (test environments only)')
    .option('--cluster-name <name>', 'name of this cluster in the mesh; normalized to an RFC 1123 label')
    .option('--istio-version <version>', 'Istio version to install, e.g. 1.24.3')
    .option('--additional-cp-settings <file>', 'YAML merged into the ControlPlane spec')
    .option('--dump-resources [dir]', 'write the resources as YAML into dir (default ./smm-resources) instead of applying them')
    .option('--demo-app', 'also install the demo application')
    .option('--timeout <duration>', 'how long to wait for each component to become ready', '5m')
    .addHelpText('after', '\nExamples:\n  smm install -a\n  smm install -a --anonymous-auth --cluster-name prod_eu.1\n  smm install -a --disable grafana,tracing\n  smm install -a --dump-resources out/')
    .action(async (flags: InstallFlags, cmd: Command) => {
      const globals = globalsOf(cmd);
      const waitTimeoutMs = parseDuration(flags.timeout, '--timeout');
      const { cp, demoApp } = await buildControlPlane(flags, io);
      if (flags.dumpResources !== undefined) {
        const dir = typeof flags.dumpResources === 'string' ? flags.dumpResources : 'smm-resources';
        const files = await dumpResources(cp, dir);
        io.stdout(`wrote ${files.length} files to ${dir}/ (nothing was applied)\n`);
        return;
      }
      const port = await connect(globals);
      await runReconcile(io, globals.verbose, 'installed', (progress) => installControlPlane(port, cp, { waitTimeoutMs, progress }),
        'the ControlPlane status says Failed; fix the cause above and run smm install again (it continues where it stopped)');
      if (demoApp) await installDemoApp(port, { io, waitTimeoutMs, verbose: globals.verbose });
    });

  program.command('uninstall')
    .description('remove the demo app, smm and Istio, in that order (CRDs stay)')
    .option('-a, --all', 'remove everything smm installed without asking')
    .option('--timeout <duration>', 'how long to wait for each step', '5m')
    .action(async (flags: { all?: boolean; timeout: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      if (!flags.all) {
        if (!io.isTTY) throw usageError('smm uninstall needs -a to run without a terminal');
        if (!(await ask(io, 'Remove the demo app, smm and Istio from this cluster', false))) return;
      }
      const port = await connect(globals);
      const { uninstallDemoApp } = await import('./demoapp.js');
      await uninstallDemoApp(port, { io, quietIfAbsent: true });
      const waitTimeoutMs = parseDuration(flags.timeout, '--timeout');
      await runReconcile(io, globals.verbose, 'uninstalled', (progress) => uninstallControlPlane(port, DEFAULT_CONTROL_PLANE_NAME, { waitTimeoutMs, progress }),
        'uninstall stopped; run it again to continue');
    });

  program.command('reconcile')
    .description('make the cluster match a ControlPlane file (reconciler mode): defaults, then valuesOverride, then managed settings')
    .requiredOption('-f, --from-file <file>', 'ControlPlane YAML')
    .option('--timeout <duration>', 'how long to wait for each component to become ready', '5m')
    .addHelpText('after', '\nExamples:\n  smm reconcile --from-file deploy/examples/controlplane.yaml')
    .action(async (flags: { fromFile: string; timeout: string }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const text = await readFile(flags.fromFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${flags.fromFile}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      });
      const cp = parseControlPlaneYaml(text, flags.fromFile);
      const port = await connect(globals);
      const waitTimeoutMs = parseDuration(flags.timeout, '--timeout');
      await runReconcile(io, globals.verbose, 'reconciled', (progress) => installControlPlane(port, cp, { waitTimeoutMs, progress }), 'the ControlPlane status says Failed');
    });
}
