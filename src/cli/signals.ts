// Long-running commands (demo, server, operator run) stop on SIGINT or SIGTERM.

import type { CliIO } from './context.js';

/**
 * Resolves on the first SIGINT or SIGTERM. Install it before announcing readiness: a signal
 * that arrives between the two would otherwise take the default action. The handlers stay
 * installed while the process lives (removing them lets a late signal kill mid-shutdown);
 * a second signal forces the exit.
 */
export function untilSignal(io: CliIO): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const on = (sig: NodeJS.Signals): void => {
      if (received) {
        io.stderr('smm: forced exit\n');
        process.exit(130);
      }
      received = true;
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
