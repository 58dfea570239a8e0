// Writes the smm CRDs generated from the zod schemas into deploy/ (and the operator chart).
// Usage: npx tsx scripts/generate-crds.ts [--check]
//   --check  write nothing; exit 1 when a committed file differs from the generated output.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRD_GENERATE_COMMAND, generatedCrdFiles } from '../src/installer/api/crds.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const current = async (path: string): Promise<string | undefined> => readFile(join(root, path), 'utf8').catch(() => undefined);

let stale = 0;
for (const file of generatedCrdFiles()) {
  const before = await current(file.path);
  if (before === file.content) {
    console.log(`unchanged ${file.path}`);
    continue;
  }
  stale++;
  if (check) {
    console.error(`out of date ${file.path}`);
    continue;
  }
  await mkdir(join(root, dirname(file.path)), { recursive: true });
  await writeFile(join(root, file.path), file.content);
  console.log(`${before === undefined ? 'created' : 'updated'} ${file.path}`);
}
if (check && stale) {
  console.error(`${stale} CRD file(s) differ from the schemas: run ${CRD_GENERATE_COMMAND}`);
  process.exit(1);
}
