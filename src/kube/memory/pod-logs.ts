// Pod logs for the in-memory adapter: where the lines come from is pluggable (the demo
// simulates them, tests script them); what the API server and kubelet decide is here, so both
// adapters agree: which container a request means, option validation, tail and follow.

import { KubeError } from '../errors.js';
import type { KubeObject } from '../object.js';
import type { PodLogOptions } from '../port.js';

export interface PodLogTarget {
  pod: KubeObject;
  container: string;
}

/** Where a MemoryCluster's container logs come from. */
export interface PodLogSource {
  /** What the container wrote so far, oldest first; with `sinceSeconds`, only that recent part. */
  history(target: PodLogTarget, sinceSeconds?: number): Iterable<string>;
  /**
   * What it writes from now on, until `signal` aborts (the reader left). Without it, a
   * following reader gets the history and the end of the stream.
   */
  follow?(target: PodLogTarget, signal: AbortSignal): AsyncIterable<string>;
}

/** A cluster without a log source: every container's log is empty. */
export const EMPTY_LOGS: PodLogSource = { history: () => [] };

interface ContainerSpec {
  name: string;
}

function containerNames(pod: KubeObject): { all: string[]; regular: string[] } {
  const spec = (pod.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[]; ephemeralContainers?: ContainerSpec[] };
  const names = (list: ContainerSpec[] | undefined): string[] => (list ?? []).map((c) => c.name);
  const regular = names(spec.containers);
  // The API server's order (podutil.VisitContainers): init, regular, ephemeral.
  return { all: [...names(spec.initContainers), ...regular, ...names(spec.ephemeralContainers)], regular };
}

/** The container a log request means, by the API server's rules (`validateContainer`). */
export function logContainer(pod: KubeObject, requested: string | undefined): string {
  const name = pod.metadata.name ?? '';
  const { all, regular } = containerNames(pod);
  if (requested) {
    if (!all.includes(requested)) throw new KubeError('BadRequest', `container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (regular.length === 1) return regular[0]!;
  if (regular.length === 0) throw new KubeError('BadRequest', `the pod ${name} does not have any containers`);
  throw new KubeError('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

/** `ValidatePodLogOptions`: a negative tail or a non-positive window is refused. */
export function validateLogOptions(pod: string, options: PodLogOptions): void {
  const invalid = (field: string, value: number, why: string): KubeError => {
    const message = `${field}: Invalid value: ${value}: ${why}`;
    return new KubeError('Invalid', `PodLogOptions "${pod}" is invalid: ${message}`, { causes: [{ field, reason: 'FieldValueInvalid', message }] });
  };
  if (options.tailLines !== undefined && (!Number.isInteger(options.tailLines) || options.tailLines < 0)) {
    throw invalid('tailLines', options.tailLines, 'must be greater than or equal to 0');
  }
  if (options.sinceSeconds !== undefined && (!Number.isInteger(options.sinceSeconds) || options.sinceSeconds < 1)) {
    throw invalid('sinceSeconds', options.sinceSeconds, 'must be greater than 0');
  }
}

/** The kubelet's part: the tail of the history, then (following) new lines until aborted. */
export async function* podLogLines(source: PodLogSource, target: PodLogTarget, options: PodLogOptions): AsyncGenerator<string> {
  const signal = options.signal;
  if (signal?.aborted) return;
  const history = [...source.history(target, options.sinceSeconds)];
  const tail = options.tailLines === undefined ? history : history.slice(Math.max(0, history.length - options.tailLines));
  for (const line of tail) {
    if (signal?.aborted) return;
    yield line;
  }
  if (!options.follow || !source.follow) return;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const lines = source.follow(target, stop.signal)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await nextUnlessAborted(lines, stop.signal);
      if (!r || r.done) return;
      yield r.value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop.abort();
    // Not awaited: a source busy in an await finishes closing on its own (the signal tells it).
    Promise.resolve(lines.return?.()).catch(() => undefined);
  }
}

/** The iterator's next item, or undefined as soon as `signal` aborts. */
function nextUnlessAborted<T>(it: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T> | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    it.next().then(
      (r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The node a pod runs on; a pod without one has no log yet (the API server answers empty). */
export function nodeNameOf(pod: KubeObject): string | undefined {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}
