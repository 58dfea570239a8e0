// CLI failures carry their exit code: 2 for usage (bad flags or arguments), 3 for "the check
// ran and found problems" (`smm analyze --fail-on`), 1 otherwise.

export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 3 = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2);

export function parsePort(value: string, flag = '--port'): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw usageError(`invalid ${flag} "${value}": must be an integer from 0 to 65535`);
  return Number(value);
}

export function parseInteger(value: string, flag: string): number {
  if (!/^-?\d+$/.test(value)) throw usageError(`invalid ${flag} "${value}": must be an integer`);
  return Number(value);
}
