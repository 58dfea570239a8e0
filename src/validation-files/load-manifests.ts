// Offline mode's file adapter: expands the paths a user gives (files and directories) to the
// manifest files under them and parses each with the pure parseManifests. Directories are walked
// recursively; only *.yaml, *.yml and *.json files are read, in sorted order so findings list
// the same way on every machine.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifests, type ParsedManifests } from '../core/validation/source/parse-manifests.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Manifest files under a directory, recursively, sorted by path. */
async function manifestFilesUnder(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...await manifestFilesUnder(path));
    else if (e.isFile() && MANIFEST_FILE.test(e.name)) out.push(path);
  }
  return out;
}

/**
 * The manifest files the given paths name: a file as given (whatever its extension: the user
 * asked for it), a directory expanded. Each file once, in the order the paths were given.
 */
export async function expandManifestPaths(paths: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of paths) {
    const files = (await stat(p)).isDirectory() ? await manifestFilesUnder(p) : [p];
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
  }
  return out;
}

/** Every object and parse error of the manifests under `paths`. A missing path throws (ENOENT). */
export async function loadManifestPaths(paths: readonly string[]): Promise<ParsedManifests & { files: string[] }> {
  const files = await expandManifestPaths(paths);
  const result: ParsedManifests & { files: string[] } = { objects: [], errors: [], files };
  for (const file of files) {
    const { objects, errors } = parseManifests(await readFile(file, 'utf8'), file);
    result.objects.push(...objects);
    result.errors.push(...errors);
  }
  return result;
}
