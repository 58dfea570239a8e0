// `npm run lab`: prepares (lab/setup.sh), starts two clusters and Prometheus, prints where they
// are, and runs until Ctrl-C or SIGTERM, then stops everything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LAB_DIR } from './paths.js';
import { createDemoBackend } from '../src/server/demo-backend.js';
import { startServer } from '../src/server/http-server.js';
import { startLab, usersOf, type Lab } from './lab.js';

/**
 * Extras a person wants next to the lab: the demo traffic simulator, served by smm's own
 * server on a free loopback port and scraped by the lab's Prometheus, so PromQL over the
 * Istio metrics works right away. Returns a function that stops it.
 */
async function startExtras(lab: Lab): Promise<() => Promise<void>> {
  const backend = await createDemoBackend();
  const server = await startServer({ backend, port: 0 });
  console.log(`demo: ${server.url} (GraphQL, /demo/metrics)`);
  await lab.prometheus?.addScrapeTarget('smm-demo', `${server.url}/demo/metrics`);
  return async () => {
    await server.close();
    await backend.close();
  };
}

function runSetup(): void {
  // setup.sh is quick when everything is cached; on a new machine it installs and builds.
  const result = spawnSync('bash', [join(LAB_DIR, 'setup.sh')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('lab: bash lab/setup.sh failed, see above');
    process.exit(result.status ?? 1);
  }
}

async function main(): Promise<void> {
  runSetup();
  const log = (line: string): void => console.error(`lab: ${line}`);

  // Handlers first: a Ctrl-C during start must still stop what already runs (before the lab is
  // up, exiting is enough: the lab's exit hook kills whatever it started).
  const running: { shutdown?: () => Promise<void> } = {};
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const done = running.shutdown ? running.shutdown() : Promise.resolve();
    done.then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const lab = await startLab({ clusters: 2, prometheus: true, log });
  const stopExtras = await startExtras(lab);
  running.shutdown = async () => {
    await stopExtras();
    await lab.stop();
  };

  for (const cluster of lab.clusters) {
    for (const user of usersOf(cluster)) console.log(`kubeconfig: ${cluster.name}/${user.name} ${user.kubeconfig}`);
  }
  if (lab.prometheus) console.log(`prometheus: ${lab.prometheus.url}`);
  const admin = lab.clusters[0]?.kubeconfigs.admin ?? '';
  console.log(`example: smm --kubeconfig ${admin} get services -n smm-demo`);
  console.log('lab ready');
  // The child processes and signal handlers keep Node.js running until a signal arrives.
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
