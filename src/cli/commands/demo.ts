// `smm demo`: the whole product on an embedded demo mesh, no cluster needed.

import type { Command } from 'commander';
import { createDemoBackend } from '../../server/demo-backend.js';
import { startServer } from '../../server/http-server.js';
import type { CliIO } from '../context.js';
import { CliError, parseInteger, parsePort } from '../errors.js';
import { openBrowser } from '../open-browser.js';
import { untilSignal } from '../signals.js';

export function registerDemo(program: Command, io: CliIO): void {
  program.command('demo')
    .description('serve the dashboard and GraphQL API on an embedded demo mesh (no cluster needed)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '50500')
    .option('--host <host>', 'address to listen on; keep the loopback default unless you mean to share it', '127.0.0.1')
    .option('--seed <n>', 'seed of the demo traffic: the same seed gives the same traffic', '1')
    .option('--no-open', 'do not open a browser')
    .option('--with-issues', 'seed configuration mistakes (reused certificates, missing subsets, ...) for the validator to find')
    .addHelpText('after', '\nExamples:\n  smm demo\n  smm demo --port 8080 --no-open\n  smm demo --with-issues        then: smm analyze --demo --with-issues\n  curl -s localhost:50500/api/graphql -H content-type:application/json -d \'{"query":"{ workloads(namespace:\\"smm-demo\\") { name } }"}\'')
    .action(async (opts: { port: string; host: string; seed: string; open: boolean; withIssues?: boolean }) => {
      const port = parsePort(opts.port);
      const seed = parseInteger(opts.seed, '--seed');
      // Handlers first: a signal that arrives right after the URL is printed must stop us cleanly.
      const stopSignal = untilSignal(io);
      // Validate at once: the dashboard's first look at the issues should not wait for it.
      const backend = await createDemoBackend({ seed, withIssues: Boolean(opts.withIssues), validation: { eager: true } });
      let server;
      try {
        server = await startServer({ backend, host: opts.host, port });
      } catch (e) {
        await backend.close();
        throw new CliError(`cannot start the demo: ${e instanceof Error ? e.message : String(e)}`);
      }
      io.stdout(`smm demo mesh (seed ${seed}${opts.withIssues ? ', with seeded configuration issues' : ''}) is serving on ${server.url}\n`);
      io.stdout(`  dashboard   ${server.url}/\n  GraphQL     ${server.url}/api/graphql\n  metrics     ${server.url}/demo/metrics\n`);
      io.stdout('Press Ctrl-C to stop.\n');
      if (opts.open && io.isTTY && !io.env.CI) openBrowser(`${server.url}/`);
      const sig = await stopSignal;
      io.stdout(`\nstopping (${sig})…\n`);
      await server.close();
      await backend.close();
    });
}
