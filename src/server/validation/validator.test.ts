import { afterEach, describe, expect, it } from 'vitest';
import { gateway, namespace, obj } from '../../core/validation/testing.js';
import type { Rule } from '../../core/validation/types.js';
import type { CacheChange, KindStatus } from '../../kube/cluster-cache.js';
import { CACHE_KINDS } from '../../kube/cluster-cache.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import type { KubeObject } from '../../kube/object.js';
import { Resources } from '../../kube/resources.js';
import { createClusterBackend } from '../cluster-backend.js';
import { VALIDATION_RULES } from './catalogue.js';
import { MeshValidator, type ValidatedCache } from './validator.js';

const tlsGateway = (name: string, credentialName: string): KubeObject => gateway(name, 'istio-system', {
  selector: { istio: 'ingressgateway' },
  servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [`${name}.example.com`], tls: { mode: 'SIMPLE', credentialName } }],
});
const secret = (name: string): KubeObject => ({
  ...obj('v1', 'Secret', name, 'istio-system', undefined),
  type: 'kubernetes.io/tls',
  data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' },
  stringData: { extra: 'plain' },
  metadata: {
    name, namespace: 'istio-system',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"a2V5"}}', keep: 'me' },
  },
} as KubeObject);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(10);
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function backendWith(objects: KubeObject[], debounceMs = 100) {
  const cluster = new MemoryCluster({ name: 'c1' });
  cluster.load([namespace('istio-system'), ...objects]);
  const backend = await createClusterBackend([{ name: 'c1', port: cluster.port() }], { validation: { debounceMs } });
  closers.push(() => backend.close());
  return { cluster, backend, port: cluster.port() };
}

describe('the cluster cache for validation', () => {
  it('watches the kinds the rules read', () => {
    const cached = new Set(CACHE_KINDS.map((k) => k.kind));
    const known = new Set(Object.values(Resources).map((r) => r.kind));
    const needed = new Set(VALIDATION_RULES.flatMap((r) => [...r.kinds, ...r.reads]).filter((k) => known.has(k)));
    expect([...needed].filter((k) => !cached.has(k))).toEqual([]);
  });

  it('stores Secrets without their payload', async () => {
    const { backend } = await backendWith([secret('cert')]);
    const stored = backend.caches[0]!.snapshot().find((o) => o.kind === 'Secret' && o.metadata.name === 'cert')!;
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toMatch(/a2V5|Y2VydA|plain|last-applied/);
    expect(stored).toMatchObject({ type: 'kubernetes.io/tls', metadata: { name: 'cert', namespace: 'istio-system', annotations: { keep: 'me' } } });
  });
});

describe('MeshValidator', () => {
  it('analyzes on the first read and re-validates changes in the background, debounced', async () => {
    const { backend, port } = await backendWith([secret('shared'), tlsGateway('a', 'shared')]);
    const validation = backend.validation!;
    expect(validation.findings().filter((f) => f.checkID === 'gateway/reused-cert')).toEqual([]);
    const updates: number[] = [];
    validation.onUpdate((f) => updates.push(f.length));
    await port.create(tlsGateway('b', 'shared'));
    await port.create(tlsGateway('c', 'shared'));
    await until(() => updates.length > 0);
    // Both creations arrive within the quiet period: one re-validation.
    await sleep(150);
    expect(updates).toHaveLength(1);
    const reused = validation.findings().filter((f) => f.checkID === 'gateway/reused-cert').map((f) => f.subject.name);
    expect(reused).toEqual(['a', 'b', 'c']);
    await port.delete(Resources.Gateway, 'c', 'istio-system');
    await port.delete(Resources.Gateway, 'b', 'istio-system');
    await until(() => updates.length > 1);
    expect(validation.findings().filter((f) => f.checkID === 'gateway/reused-cert')).toEqual([]);
  });

  it('re-validates pending changes when read before the quiet period ends', async () => {
    const { backend, port } = await backendWith([secret('shared'), tlsGateway('a', 'shared')], 10_000);
    expect(backend.validation!.findings().filter((f) => f.checkID === 'gateway/reused-cert')).toHaveLength(0);
    await port.create(tlsGateway('b', 'shared'));
    await until(() => backend.caches[0]!.snapshot().some((o) => o.metadata.name === 'b'));
    expect(backend.validation!.findings().filter((f) => f.checkID === 'gateway/reused-cert')).toHaveLength(2);
  });

  it('leaves out findings of rules that read a kind the cluster does not let it list', () => {
    const reads: Rule = { id: 'test/needs-secret', severity: 'error', kinds: ['Gateway'], reads: ['Secret'], title: 't', fix: 'f', check: () => [{ path: 'spec', message: 'no secret' }] };
    const plain: Rule = { ...reads, id: 'test/plain', reads: [] };
    const fake = (cluster: string, status: KindStatus[]): ValidatedCache => ({
      cluster, status, snapshot: () => [tlsGateway('g', 'x')], onChange: (_l: (c: CacheChange | undefined) => void) => () => undefined,
    });
    const v = new MeshValidator([fake('ok', [{ kind: 'Secret', state: 'synced' }]), fake('locked', [{ kind: 'Secret', state: 'forbidden' }])], { rules: [reads, plain] });
    expect(v.findings().map((f) => `${f.checkID}@${f.subject.cluster}`)).toEqual(['test/needs-secret@ok', 'test/plain@locked', 'test/plain@ok']);
    v.stop();
  });

  it('is off when the backend is asked not to validate', async () => {
    const cluster = new MemoryCluster({ name: 'c1' });
    const backend = await createClusterBackend([{ name: 'c1', port: cluster.port() }], { validation: false });
    closers.push(() => backend.close());
    expect(backend.validation).toBeUndefined();
  });
});
