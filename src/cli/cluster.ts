// Connecting a command to the cluster the global flags name.

import { connectCluster } from '../kube/clientnode/index.js';
import type { ClusterPort } from '../kube/port.js';
import type { GlobalOptions } from './context.js';
import { usageError } from './errors.js';

export function connect(globals: GlobalOptions): Promise<ClusterPort> {
  return connectCluster({ kubeconfig: globals.kubeconfig, context: globals.context });
}

/** `90s`, `5m`, `1h` or plain seconds → milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const m = value.match(/^(\d+(?:\.\d+)?)(ms|s|m|h)?$/);
  if (!m) throw usageError(`invalid ${flag} "${value}": use a duration like 90s, 5m or 1h`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit]!;
}
