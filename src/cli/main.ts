// The `smm` executable.
import { runCli } from './run.js';

// `smm ... | head` closes the pipe early: stop quietly, as other Unix tools do, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2));
