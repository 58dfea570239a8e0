// Runs the CLI in-process with captured output: what the CLI tests assert on.

import type { CliIO } from './context.js';
import { runCli } from './run.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function run(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}
