import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../../core/validation/types.js';
import { VALIDATION_RULES } from '../../server/validation/catalogue.js';
import { footer, type JsonEntry, type Located } from './analyze.js';
import { run } from '../testing.js';

const FIXTURES = 'test/fixtures/analyze';
const lineOf = (file: string, line: number): string => readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';

const finding = (severity: Finding['severity']): Located => ({
  finding: { checkID: 'x/y', severity, subject: { group: '', kind: 'Service', cluster: 'c', namespace: 'n', name: 's' }, path: '', message: 'm', context: {}, fix: '' },
});

describe('smm analyze output', () => {
  it('writes the footer as the manual does', () => {
    expect(footer([])).toBe('✓ 0 validation errors found');
    expect(footer([finding('error')])).toBe('✗ 1 validation error found');
    expect(footer([finding('error'), finding('error'), finding('warning')])).toBe('✗ 2 validation errors found (1 warning)');
    expect(footer([finding('info')])).toBe('✓ 0 validation errors found (1 info)');
  });
});

describe('smm analyze on the demo', () => {
  it('reports no validation errors on the clean demo', async () => {
    const r = await run('analyze', '--demo');
    expect(r.out, r.out).toMatch(/^✓ 0 validation errors found/m);
    expect(r.code).toBe(0);
  });

  it('prints the seeded issues in the manual\'s text format and exits 3', async () => {
    const r = await run('analyze', '--demo', '--with-issues');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^smm: \d+ findings? at or above --fail-on error\n$/);
    const block = r.out.slice(r.out.indexOf('Gateway istio-system/demo-gw-tls-1:'));
    expect(block.split('\n').slice(0, 9)).toEqual([
      'Gateway istio-system/demo-gw-tls-1:',
      '    Cluster: demo-cluster',
      '    Error: multiple gateways configured with same TLS certificate',
      '        Control Plane: cp-v115x.istio-system',
      '        Error ID: gateway/reused-cert',
      '        Severity: error',
      '        Path: spec.servers[0].tls.credentialName',
      '        Context:',
      '            reusedCertificateSecret: secret:demo-cluster:istio-system:example-wildcard-cert',
    ]);
    expect(r.out).toMatch(/ {8}Control Plane: cp-v115x\.istio-system\n/);
    expect(r.out).toMatch(/\n✗ \d+ validation errors found( \(.*\))?\n$/);
  });

  it('exits 0 with --fail-on none and 3 with --fail-on warning when only warnings remain', async () => {
    expect((await run('analyze', '--demo', '--with-issues', '--fail-on', 'none')).code).toBe(0);
    const weights = await run('analyze', '--demo', '--with-issues', '-n', 'smm-demo', '--fail-on', 'warning', '-o', 'json');
    expect(weights.code).toBe(3);
  });

  it('prints the manual\'s JSON: subjectContextKey → findings (acceptance 14)', async () => {
    const r = await run('analyze', '--demo', '--with-issues', '--namespace', 'istio-system', '-o', 'json');
    const json = JSON.parse(r.out) as Record<string, JsonEntry[]>;
    const key = 'gateway.networking.istio.io:demo-cluster:istio-system:demo-gw-tls-1';
    expect(Object.keys(json)).toEqual(expect.arrayContaining([key, 'gateway.networking.istio.io:demo-cluster:istio-system:demo-gw-tls-2']));
    expect(Object.keys(json).every((k) => k.split(':')[2] === 'istio-system')).toBe(true);
    expect(json[key]).toContainEqual({
      checkID: 'gateway/reused-cert',
      istioRevision: 'cp-v115x.istio-system',
      subjectContextKey: key,
      passed: false,
      error: expect.objectContaining({ severity: 'error', path: 'spec.servers[0].tls.credentialName', context: expect.objectContaining({ otherGateways: 'demo-gw-tls-2' }) }),
      errorMessage: 'multiple gateways configured with same TLS certificate',
    });
    const yaml = await run('analyze', '--demo', '--with-issues', '--namespace', 'istio-system', '-o', 'yaml');
    expect(parse(yaml.out)).toEqual(json);
  });

  it('prints SARIF 2.1.0 with the catalogue as rules', async () => {
    const r = await run('analyze', '--demo', '--with-issues', '-o', 'sarif');
    const sarif = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: unknown[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0]!;
    expect(run0.tool.driver.name).toBe('smm');
    expect(run0.tool.driver.rules.map((x) => x.id)).toEqual(expect.arrayContaining(VALIDATION_RULES.map((x) => x.id)));
    const reused = run0.results.filter((x) => x.ruleId === 'gateway/reused-cert');
    expect(reused).toHaveLength(2);
    expect(run0.tool.driver.rules[reused[0]!.ruleIndex]!.id).toBe('gateway/reused-cert');
    expect(reused[0]!.level).toBe('error');
    expect(reused[0]!.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'gateway.networking.istio.io:demo-cluster:istio-system:demo-gw-tls-1', kind: 'resource' }] }]);
  });

  it('lists the rule catalogue', async () => {
    const text = await run('analyze', '--list-rules');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+KINDS\s+TITLE$/);
    expect(text.out).toMatch(/^gateway\/reused-cert\s+error\s+Gateway\s+/m);
    const json = JSON.parse((await run('analyze', '--list-rules', '-o', 'json')).out) as { id: string }[];
    expect(json.map((x) => x.id)).toEqual(VALIDATION_RULES.map((x) => x.id));
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await run('analyze', '--demo', '--fail-on', 'fatal')).code).toBe(2);
    expect((await run('analyze', '--with-issues')).code).toBe(2);
    expect((await run('analyze', '--demo', '-o', 'xml')).code).toBe(2);
    expect((await run('analyze', '--demo', '-f', FIXTURES)).code).toBe(2);
    // The other read commands know no SARIF.
    expect((await run('get', 'pods', '--demo', '-o', 'sarif')).code).toBe(2);
  });
});

describe('smm analyze -f (offline)', () => {
  it('passes clean manifests', async () => {
    const r = await run('analyze', '-f', `${FIXTURES}/clean`);
    expect(r.out).toBe('✓ 0 validation errors found\n');
    expect(r.code).toBe(0);
  });

  it('reports file:line for each finding and YAML syntax errors with their line, without crashing', async () => {
    const r = await run('analyze', '-f', `${FIXTURES}/broken`, '-f', `${FIXTURES}/clean/reviews.yaml`);
    expect(r.code).toBe(3);
    const files = [...r.out.matchAll(/File: (\S+):(\d+)/g)].map((m) => ({ file: m[1]!, line: Number(m[2]) }));
    const at = (file: string) => files.filter((f) => f.file.endsWith(file));
    // The VirtualService's missing subset: the line of `subset: v3`.
    expect(r.out).toMatch(/VirtualService bookinfo\/ratings:\n {4}Cluster: offline\n {4}Error: .*\n {8}Error ID: virtualservice\/route\/subset-not-found/);
    const vs = at('broken/ratings.yaml');
    expect(vs.length).toBeGreaterThan(0);
    expect(vs.map((f) => lineOf(f.file, f.line).trim())).toContain('subset: v3');
    // The malformed file: reported at its line, the other files still validated.
    expect(r.out).toMatch(/File test\/fixtures\/analyze\/broken\/malformed\.yaml:\n {4}Cluster: offline\n {4}Error: .*\n {8}Error ID: yaml\/syntax/);
    expect(at('broken/malformed.yaml').map((f) => f.line)).toEqual([9]);
    // The VirtualService with schema errors: each at its line; the semantic rules skip it.
    const details = at('broken/details.yaml').map((f) => lineOf(f.file, f.line).trim());
    expect(details).toEqual(expect.arrayContaining(['hots: details', 'weight: "100"']));
    expect(r.out).toMatch(/VirtualService bookinfo\/details:\n {4}Cluster: offline\n {4}Error: unknown field .*\n {8}Error ID: schema\/unknown-field\n/);
    expect(r.out.slice(r.out.indexOf('VirtualService bookinfo/details:'), r.out.indexOf('VirtualService bookinfo/ratings:'))).not.toMatch(/Error ID: virtualservice\//);
    // The shared certificate: one finding per Gateway, each at its credentialName line.
    expect(at('broken/gateways.yaml').map((f) => lineOf(f.file, f.line).trim())).toEqual(['credentialName: wildcard-cert', 'credentialName: wildcard-cert']);
  });

  it('puts file and line into JSON and SARIF', async () => {
    const json = JSON.parse((await run('analyze', '-f', `${FIXTURES}/broken`, '-o', 'json')).out) as Record<string, JsonEntry[]>;
    const vs = json['virtualservice.networking.istio.io:offline:bookinfo:ratings']!;
    expect(vs).toContainEqual(expect.objectContaining({ checkID: 'virtualservice/route/subset-not-found', error: expect.objectContaining({ file: `${FIXTURES}/broken/ratings.yaml`, line: expect.any(Number) }) }));
    const sarif = JSON.parse((await run('analyze', '-f', `${FIXTURES}/broken`, '-o', 'sarif')).out) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    const syntax = sarif.runs[0]!.results.find((x) => x.ruleId === 'yaml/syntax')!;
    expect(syntax.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: `${FIXTURES}/broken/malformed.yaml` }, region: { startLine: 9 } });
  });

  it('filters by -n after analyzing every file', async () => {
    const r = await run('analyze', '-f', `${FIXTURES}/broken`, '-n', 'istio-system', '-o', 'json');
    expect(Object.keys(JSON.parse(r.out) as object).filter((k) => !k.startsWith('file:')).every((k) => k.split(':')[2] === 'istio-system')).toBe(true);
  });

  it('fails with exit code 1 on a file it cannot read', async () => {
    const r = await run('analyze', '-f', `${FIXTURES}/nope.yaml`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^smm: cannot read .*nope\.yaml/);
  });
});
