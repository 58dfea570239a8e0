// Parse and run one `smm` invocation; every failure becomes one clear line and an exit code
// (0 ok, 1 failure, 2 usage).

import { CommanderError } from 'commander';
import { isKubeError } from '../kube/errors.js';
import { processIO } from './context.js';
import { CliError } from './errors.js';
import { buildProgram } from './program.js';

export async function runCli(argv: string[], io = processIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message (and help on usage errors).
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    const verbose = argv.includes('-v') || argv.includes('--verbose');
    if (e instanceof CliError) {
      io.stderr(`smm: ${e.message}\n`);
      return e.exitCode;
    }
    if (isKubeError(e)) {
      io.stderr(`smm: ${e.message}\n`);
      for (const c of e.causes) io.stderr(`  ${c.field ?? ''}: ${c.message}\n`);
      return 1;
    }
    io.stderr(`smm: ${e instanceof Error ? e.message : String(e)}\n`);
    if (verbose && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return 1;
  }
}
