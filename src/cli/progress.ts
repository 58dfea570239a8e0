// Progress of long installer work, one readable line per step: what component, what it
// changed, what it waits for. `-v` adds every applied and pruned object.

import type { ProgressEvent, ReconcileResult } from '../installer/engine/types.js';
import type { CliIO } from './context.js';
import { CliError } from './errors.js';

export function progressPrinter(io: CliIO, verbose: boolean): (e: ProgressEvent) => void {
  const started = new Map<string, number>();
  return (e) => {
    switch (e.type) {
      case 'component-start':
        started.set(e.component, Date.now());
        io.stderr(`• ${e.title}…\n`);
        break;
      case 'applied':
        if (verbose && e.changed) io.stderr(`    applied ${e.object}\n`);
        break;
      case 'pruned':
        io.stderr(`    removed ${e.object}\n`);
        break;
      case 'waiting':
        io.stderr(`    waiting for ${e.object} to be ${e.condition}\n`);
        break;
      case 'warning':
        io.stderr(`    ! ${e.message}\n`);
        break;
      case 'component-done': {
        const secs = ((Date.now() - (started.get(e.component) ?? Date.now())) / 1000).toFixed(1);
        const what = e.status.status === 'Removed' ? (e.changes > 0 ? `removed (${e.changes} objects)` : 'not installed')
          : e.changes > 0 ? `${e.changes} change${e.changes === 1 ? '' : 's'}` : 'up to date';
        io.stderr(`✓ ${e.component}: ${what} (${secs} s)\n`);
        break;
      }
    }
  };
}

export function summary(result: ReconcileResult, verb: 'installed' | 'reconciled' | 'uninstalled', ms: number): string {
  const secs = (ms / 1000).toFixed(1);
  if (result.status === 'Failed') return `✗ ${verb === 'uninstalled' ? 'uninstall' : 'reconcile'} failed: ${result.error}`;
  if (result.changes === 0) return verb === 'uninstalled' ? `✓ nothing to remove (${secs} s)` : `✓ no changes: the cluster already matches the ControlPlane (${secs} s)`;
  return `✓ smm ${verb}: ${result.changes} change${result.changes === 1 ? '' : 's'} in ${secs} s`;
}

type Verb = 'installed' | 'reconciled' | 'uninstalled';

/**
 * Run one engine pass with progress on stderr, then its warnings and a one-line summary;
 * a Failed result becomes a CliError (exit 1) saying what to do next.
 */
export async function runReconcile(
  io: CliIO,
  verbose: boolean,
  verb: Verb,
  run: (progress: (e: ProgressEvent) => void) => Promise<ReconcileResult>,
  onFailure: string,
  subject = 'smm',
): Promise<ReconcileResult> {
  const t0 = Date.now();
  const result = await run(progressPrinter(io, verbose));
  for (const w of result.warnings) io.stderr(`! ${w}\n`);
  io.stdout(`${summary(result, verb, Date.now() - t0).replace('smm ', `${subject} `)}\n`);
  if (result.status === 'Failed') throw new CliError(onFailure);
  return result;
}
