// The `--window` flag of the traffic views: how far back rates and percentiles are computed.

import { parseDuration } from './cluster.js';
import { usageError } from './errors.js';

/** The API's own bounds on `windowSeconds` (1 s to 24 h). */
const MIN_WINDOW_SECONDS = 1;
const MAX_WINDOW_SECONDS = 86_400;

/** `30s`, `1m`, `5m`, `1h` (or plain seconds) → whole seconds; anything else is a usage error. */
export function parseWindow(value: string, flag = '--window'): number {
  const ms = parseDuration(value, flag);
  const seconds = ms / 1000;
  if (!Number.isInteger(seconds) || seconds < MIN_WINDOW_SECONDS || seconds > MAX_WINDOW_SECONDS) {
    throw usageError(`invalid ${flag} "${value}": must be whole seconds from 1s to 24h, like 30s, 1m, 5m or 1h`);
  }
  return seconds;
}
