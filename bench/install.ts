// Full install and no-op reconcile of the default ControlPlane on a real API server (the
// lab, pods run by kwok): wall time and API requests of each.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { connectCluster } from '../src/kube/clientnode/index.js';
import { countingPort } from '../src/kube/counting-port.js';
import { defaultControlPlane } from '../src/installer/api/defaults.js';
import { installControlPlane } from '../src/installer/installer.js';
import { LAB_DIR } from '../lab/paths.js';
import { startLab } from '../lab/lab.js';

export async function main(): Promise<void> {
  const setup = spawnSync('bash', [join(LAB_DIR, 'setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('lab/setup.sh failed');
  const lab = await startLab({ clusters: 1, prometheus: false, log: (l) => process.stderr.write(`${l}\n`) });
  try {
    const port = countingPort(await connectCluster({ kubeconfig: lab.clusters[0]!.kubeconfigs.admin }));
    // The sidecar injector cannot run here (no containers): let pods start without it.
    const cp = defaultControlPlane({ meshManager: { istio: { sidecarInjectorFailurePolicy: 'Ignore' } } });
    let t0 = performance.now();
    const full = await installControlPlane(port, cp, { waitTimeoutMs: 180_000 });
    const fullMs = performance.now() - t0;
    const fullRequests = port.total();
    if (full.status !== 'Succeeded') throw new Error(`install failed: ${full.error}`);
    port.reset();
    t0 = performance.now();
    const noop = await installControlPlane(port, cp, { waitTimeoutMs: 180_000 });
    const noopMs = performance.now() - t0;
    process.stdout.write(`full install: ${(fullMs / 1000).toFixed(2)} s, ${fullRequests} requests, ${full.changes} changes\n`);
    process.stdout.write(`no-op reconcile: ${(noopMs / 1000).toFixed(2)} s, ${port.total()} requests (${JSON.stringify(port.counts)}), ${noop.changes} changes\n`);
    process.stdout.write(`install: full_s=${(fullMs / 1000).toFixed(2)} full_requests=${fullRequests} full_changes=${full.changes} noop_s=${(noopMs / 1000).toFixed(2)} noop_requests=${port.total()} noop_changes=${noop.changes}\n`);
  } finally {
    await lab.stop();
  }
}
