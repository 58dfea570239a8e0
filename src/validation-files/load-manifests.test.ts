import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandManifestPaths, loadManifestPaths } from './load-manifests.js';

describe('loadManifestPaths', () => {
  let dir = '';
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smm-manifests-'));
    await mkdir(join(dir, 'b', 'deep'), { recursive: true });
    await writeFile(join(dir, 'z.yaml'), ns('z'));
    await writeFile(join(dir, 'a.yml'), `${ns('a1')}---\n${ns('a2')}`);
    await writeFile(join(dir, 'b', 'deep', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }));
    await writeFile(join(dir, 'b', 'broken.yaml'), 'kind: [\n');
    await writeFile(join(dir, 'README.md'), '# not a manifest\n');
    await writeFile(join(dir, 'notes.txt'), 'nope');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expands directories recursively to *.yaml, *.yml and *.json in sorted order, each file once', async () => {
    const files = await expandManifestPaths([dir, join(dir, 'z.yaml'), join(dir, 'notes.txt')]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a.yml', 'b/broken.yaml', 'b/deep/c.json', 'z.yaml', 'notes.txt']);
  });

  it('parses every file, keeping each object\'s file and the errors of broken ones', async () => {
    const { objects, errors } = await loadManifestPaths([dir]);
    expect(objects.map((o) => [o.object.metadata.name, o.file.slice(dir.length + 1)])).toEqual([['a1', 'a.yml'], ['a2', 'a.yml'], ['c', 'b/deep/c.json'], ['z', 'z.yaml']]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toBe(join(dir, 'b', 'broken.yaml'));
  });

  it('throws on a path that does not exist', async () => {
    await expect(loadManifestPaths([join(dir, 'missing')])).rejects.toThrow(/ENOENT/);
  });
});
