import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from './testing.js';

describe('smm CLI', () => {
  it('prints its version', async () => {
    expect(await run('--version')).toMatchObject({ code: 0, out: expect.stringMatching(/^smm version \d+\.\d+\.\d+\n$/) });
    expect((await run('version')).out).toMatch(/^smm version/);
  });

  it('documents every command and the global flags in --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const s of ['demo', 'get', 'completion', '--kubeconfig', '--context', '--namespace', '--output', '--verbose']) expect(out).toContain(s);
    const demo = await run('demo', '--help');
    for (const s of ['--port', '--host', '--seed', '--no-open', 'Examples']) expect(demo.out).toContain(s);
  });

  it('ends bad input with one clear line and exit code 2', async () => {
    const port = await run('demo', '--port', 'abc');
    expect(port).toMatchObject({ code: 2, err: 'smm: invalid --port "abc": must be an integer from 0 to 65535\n' });
    const seed = await run('demo', '--seed', 'x1');
    expect(seed.code).toBe(2);
    const output = await run('get', 'pods', '--demo', '-o', 'xml');
    expect(output.code).toBe(2);
    expect(output.err).toContain('xml');
    const unknown = await run('get', 'widgets', '--demo');
    expect(unknown).toMatchObject({ code: 2, err: expect.stringContaining('unknown resource "widgets"') });
    expect(await run('operator', 'install', '--replicas', 'two')).toMatchObject({ code: 2, err: 'smm: invalid --replicas "two": must be an integer\n' });
    expect(await run('server', '--prometheus-url', 'ftp://prom:21')).toMatchObject({ code: 2, err: expect.stringContaining('smm: --prometheus-url "ftp://prom:21": must start with http:// or https://') });
    expect(await run('server', '--prometheus-url', 'http://prom:99999')).toMatchObject({ code: 2, err: expect.stringContaining('not a URL') });
    expect(await run('install', '-a', '--timeout', 'soon')).toMatchObject({ code: 2, err: expect.stringContaining('invalid --timeout "soon"') });
    expect(await run('install')).toMatchObject({ code: 2, err: expect.stringContaining('use -a to install all components') });
    const cmd = await run('nosuchcommand');
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain("unknown command 'nosuchcommand'");
  });

  it('reads the demo mesh through the GraphQL pipeline as a table, JSON or YAML', async () => {
    const table = await run('get', 'workloads', '--demo', '-n', 'smm-demo');
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+KIND\s+APP\s+VERSION\s+READY\s+SIDECARS$/);
    expect(lines.length - 1).toBeGreaterThanOrEqual(12);
    expect(table.out).toMatch(/smm-demo\s+movies-v3\s+Deployment\s+movies\s+v3\s+1\/1\s+all/);
    const json = JSON.parse((await run('get', 'workloads', '--demo', '-n', 'smm-demo', '-o', 'json')).out) as { name: string; pods: { sidecar: boolean }[] }[];
    expect(json.map((w) => w.name)).toContain('frontpage-v1');
    expect(json.every((w) => w.pods.every((p) => p.sidecar))).toBe(true);
    const yaml = parse((await run('-o', 'yaml', 'get', 'controlplanes', '--demo')).out) as { name: string; revision: string }[];
    expect(yaml).toMatchObject([{ name: 'cp-v115x', revision: 'cp-v115x.istio-system' }]);
    const empty = await run('get', 'pods', '--demo', '-n', 'nothing-here');
    expect(empty).toMatchObject({ code: 0, out: 'No pods found in namespace nothing-here.\n' });
  });

  it('generates bash completion that bash accepts and that completes commands and resources', async () => {
    const { code, out } = await run('completion', 'bash');
    expect(code).toBe(0);
    const complete = (line: string): string[] => {
      const words = line.split(' ');
      const script = `${out}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _smm; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
    };
    expect(complete('smm ge')).toEqual(['get']);
    expect(complete('smm get wo')).toEqual(['workloads']);
    expect(complete('smm -n demo get po')).toEqual(['pods']);
    expect(complete('smm demo --p')).toEqual(['--port']);
    expect((await run('completion', 'zsh')).out).toContain('#compdef smm');
    expect((await run('completion', 'fish')).code).toBe(2);
  });
});
