// What every command gets: the global flags, parsed once, and where to print.

import type { OutputFormat } from './output.js';

export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  output: OutputFormat;
  verbose: boolean;
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether a person is at the terminal (prompts, opening a browser, colours). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIO = (): CliIO => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY),
  env: process.env,
});
