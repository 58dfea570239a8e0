// Where a read command gets its data: the embedded demo mesh (`--demo`), or the cluster the
// kubeconfig points to (through the client-node adapter and an informer cache).

import { connectCluster } from '../kube/clientnode/index.js';
import type { MeshBackend } from '../server/backend.js';
import { createClusterBackend } from '../server/cluster-backend.js';
import { createDemoBackend } from '../server/demo-backend.js';
import type { CliIO, GlobalOptions } from './context.js';

export async function openBackend(globals: GlobalOptions, options: { demo: boolean; io: CliIO; seed?: number }): Promise<MeshBackend> {
  if (options.demo) return createDemoBackend({ seed: options.seed });
  const port = await connectCluster({ kubeconfig: globals.kubeconfig, context: globals.context });
  const cluster = port.description.split('/')[0] || 'cluster';
  return createClusterBackend([{ name: cluster, port }], {
    onError: (c, kind, e) => {
      if (globals.verbose) options.io.stderr(`smm: ${c}: watching ${kind}: ${e instanceof Error ? e.message : String(e)}\n`);
    },
  });
}
