import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './context.js';
import { runCli } from './run.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, isTTY: false, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}

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
    const cmd = await run('nosuchcommand');
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain("unknown command 'nosuchcommand'");
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
