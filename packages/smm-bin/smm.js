#!/usr/bin/env node
// Entry point linked into node_modules/.bin by the npm workspace. It runs the compiled CLI
// (built by `npm ci` through the root `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`smm: ${main} is missing; run "npm run build" in ${root}\n`);
  process.exit(1);
}
await import(pathToFileURL(main).href);
