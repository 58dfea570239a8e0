// `npm run bench -- NAME`: run bench/NAME.ts. Each benchmark generates its own data and ends
// with one line `NAME: key=value ...`.

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3)).sort();
const name = process.argv[2];
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME\nbenchmarks: ${available.join(', ')}\n`);
  process.exit(2);
}
const mod = await import(pathToFileURL(join(here, `${name}.ts`)).href) as { main: (args: string[]) => Promise<void> };
await mod.main(process.argv.slice(3));
