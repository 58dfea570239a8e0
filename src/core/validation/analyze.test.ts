import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../model/k8s.js';
import { analyzeInput, analyzeMesh, groupBySubject, IncrementalAnalyzer, RULE_FAILED_ID, type ChangedObject } from './analyze.js';
import { AnalysisContext, type AnalysisInput } from './context.js';
import { ALL_RULES } from './rules/index.js';
import { destinationRule, gateway, namespace, obj, pod, service, virtualService } from './testing.js';
import type { Rule } from './types.js';

// --- synthetic rules: each dependency shape the analyzer must handle --------------------------

const spec = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;

/** Schema-like: a field of the wrong type. */
const schemaRule: Rule = {
  id: 'schema/test', severity: 'error', kinds: ['Gateway', 'VirtualService', 'DestinationRule'], reads: [], title: 'schema', fix: 'fix it',
  check: (s) => (spec(s.object).broken === true ? [{ path: 'spec.broken', message: 'broken is not a field' }] : []),
};
/** Peers of its own kind, declared in reads. */
const sharedCert: Rule = {
  id: 'test/shared-cert', severity: 'error', kinds: ['Gateway'], reads: ['Gateway'], title: 'shared cert', fix: 'one cert per gateway',
  check: (s, ctx) => {
    const cert = spec(s.object).cert;
    if (typeof cert !== 'string') return [];
    const others = ctx.all('Gateway').filter((g) => g.object !== s.object && g.cluster === s.cluster && spec(g.object).cert === cert);
    return others.length > 0 ? [{ path: 'spec.cert', message: 'shared', context: { others: others.map((o) => o.object.metadata.name).sort().join(',') } }] : [];
  },
};
/** Another kind, declared in reads. */
const subsetRule: Rule = {
  id: 'test/subset', severity: 'warning', kinds: ['VirtualService'], reads: ['DestinationRule'], title: 'subset', fix: 'add it',
  check: (s, ctx) => {
    const subset = spec(s.object).subset;
    if (typeof subset !== 'string') return [];
    const drs = ctx.inNamespace('DestinationRule', s.cluster, s.object.metadata.namespace ?? '');
    return drs.some((d) => (spec(d.object).subsets as string[] | undefined)?.includes(subset)) ? [] : [{ path: 'spec.subset', message: `no subset ${subset}` }];
  },
};
const hostRule: Rule = {
  id: 'test/host', severity: 'error', kinds: ['DestinationRule'], reads: ['Service', 'ServiceEntry'], title: 'host', fix: 'fix host',
  check: (s, ctx) => (ctx.resolveHost(s.cluster, s.object.metadata.namespace ?? '', String(spec(s.object).host ?? '')).length === 0
    ? [{ path: 'spec.host', message: 'host not found' }] : []),
};
/** The mesh model (pods, namespaces' injection). */
const sidecarRule: Rule = {
  id: 'test/sidecar', severity: 'warning', kinds: ['Pod'], reads: ['Namespace', 'IstioControlPlane', 'Deployment'], title: 'sidecar', fix: 'restart',
  check: (s, ctx) => (ctx.model.pods.find((p) => p.cluster === s.cluster && p.namespace === s.object.metadata.namespace && p.name === s.object.metadata.name)?.missingSidecar
    ? [{ path: 'spec.containers', message: 'missing sidecar' }] : []),
};
/** Throws on some input. */
const fragileRule: Rule = {
  id: 'test/fragile', severity: 'info', kinds: ['Service'], reads: [], title: 'fragile', fix: '-',
  check: (s) => {
    if (s.object.metadata.name?.endsWith('7')) throw new Error('boom');
    return [];
  },
};
const SYNTHETIC = [sharedCert, subsetRule, hostRule, sidecarRule, fragileRule, schemaRule];

// --- a generated mesh ------------------------------------------------------------------------

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const CLUSTERS = ['c1', 'c2'];
const NAMESPACES = ['a', 'b', 'c'];
const KINDS = [
  'Namespace', 'Service', 'Pod', 'Gateway', 'VirtualService', 'DestinationRule', 'Secret', 'IstioControlPlane',
  'ServiceEntry', 'PeerAuthentication', 'AuthorizationPolicy', 'ServiceAccount', 'Sidecar',
] as const;

function controlPlane(name: string): KubeObject {
  return { apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane', metadata: { name, namespace: 'istio-system' }, spec: { version: '1.15.3' } };
}

function randomObject(rand: () => number, kind: typeof KINDS[number]): KubeObject {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const ns = pick(NAMESPACES);
  const n = String(Math.floor(rand() * 8));
  const certs = ['cert-a', 'cert-b', 'cert-c'];
  const subsets = ['v1', 'v2', 'v3'];
  switch (kind) {
    case 'Namespace': return namespace(ns, pick<Record<string, string>>([{}, { 'istio.io/rev': 'cp.istio-system' }, { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'other.istio-system' }]));
    case 'Service': return service(`svc-${n}`, ns, { app: `app-${n}` });
    case 'Pod': return pod(`pod-${n}`, ns, { app: `app-${n}` }, rand() < 0.5 ? { sidecarImage: 'istio/proxyv2:1.15.3' } : {});
    case 'Gateway': return gateway(`gw-${n}`, ns, { cert: pick(certs), ...(rand() < 0.1 ? { broken: true } : {}), ...(rand() < 0.2 ? { servers: [{ port: { number: 443, protocol: pick(['TLS', 'TCP', 'HTTPS']) }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: pick(certs) } }], selector: { app: 'gw' } } : {}) });
    case 'VirtualService': return virtualService(`vs-${n}`, ns, { subset: pick(subsets), hosts: [`svc-${n}`], http: [{ route: [{ destination: { host: `svc-${n}`, subset: pick(subsets) }, weight: 100 }] }], ...(rand() < 0.1 ? { broken: true } : {}) });
    case 'DestinationRule': return destinationRule(`dr-${n}`, ns, { host: pick([`svc-${n}`, 'nowhere', `svc-${n}.${pick(NAMESPACES)}`]), subsets: [pick(subsets), pick(subsets)] });
    case 'Secret': return obj('v1', 'Secret', pick(certs), ns, undefined, {});
    case 'IstioControlPlane': return controlPlane(pick(['cp', 'other']));
    case 'ServiceEntry': return obj('networking.istio.io/v1', 'ServiceEntry', `se-${n}`, ns, { hosts: [pick([`svc-${n}.example.com`, `svc-${n}`, '*.example.com'])], ports: [{ number: 443, name: 'tls', protocol: pick(['TLS', 'HTTP']) }], resolution: 'DNS' });
    case 'PeerAuthentication': return obj('security.istio.io/v1', 'PeerAuthentication', pick(['default', `pa-${n}`]), pick([ns, 'istio-system']), { mtls: { mode: pick(['STRICT', 'PERMISSIVE', 'DISABLE']) }, ...(rand() < 0.5 ? { selector: { matchLabels: { app: `app-${n}` } } } : {}) });
    case 'AuthorizationPolicy': return obj('security.istio.io/v1', 'AuthorizationPolicy', `ap-${n}`, ns, { selector: { matchLabels: { app: `app-${n}` } }, rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/sa-${n}`] } }], to: [{ operation: { methods: ['GET'], hosts: [`svc-${n}`] } }] }] });
    case 'ServiceAccount': return obj('v1', 'ServiceAccount', `sa-${n}`, ns, undefined);
    case 'Sidecar': return obj('networking.istio.io/v1', 'Sidecar', `sc-${n}`, ns, { ...(rand() < 0.5 ? { workloadSelector: { labels: { app: `app-${n}` } } } : {}), egress: [{ hosts: [pick(['./*', `./svc-${n}.${ns}.svc.cluster.local`, 'istio-system/*'])] }] });
  }
}

type Store = Map<string, Map<string, KubeObject>>; // cluster → key → object
const keyOf = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const inputOf = (store: Store): AnalysisInput => ({ clusters: CLUSTERS.map((name) => ({ name, objects: [...store.get(name)!.values()] })) });
const changeOf = (cluster: string, o: KubeObject): ChangedObject => ({ kind: o.kind, cluster, name: o.metadata.name ?? '', ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) });

function generate(rand: () => number, count: number): Store {
  const store: Store = new Map(CLUSTERS.map((c) => [c, new Map()]));
  for (const c of CLUSTERS) {
    for (const ns of NAMESPACES) store.get(c)!.set(`Namespace//${ns}`, namespace(ns));
  }
  for (let i = 0; i < count; i++) {
    const o = randomObject(rand, KINDS[Math.floor(rand() * KINDS.length)]!);
    store.get(CLUSTERS[Math.floor(rand() * CLUSTERS.length)]!)!.set(keyOf(o), o);
  }
  return store;
}

/** Applies 1–4 random adds, modifications and deletions; returns what changed. */
function mutate(rand: () => number, store: Store): ChangedObject[] {
  const changes: ChangedObject[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const cluster = CLUSTERS[Math.floor(rand() * CLUSTERS.length)]!;
    const objects = store.get(cluster)!;
    if (rand() < 0.3 && objects.size > 0) {
      const victims = [...objects.values()];
      const victim = victims[Math.floor(rand() * victims.length)]!;
      objects.delete(keyOf(victim));
      changes.push(changeOf(cluster, victim));
    } else {
      const o = randomObject(rand, KINDS[Math.floor(rand() * KINDS.length)]!);
      objects.set(keyOf(o), o);
      changes.push(changeOf(cluster, o));
    }
  }
  return changes;
}

// --- tests -----------------------------------------------------------------------------------

describe('analyzeMesh', () => {
  it('runs schema rules first and skips semantic rules on objects with schema errors', () => {
    const objects = [
      gateway('ok', 'a', { cert: 'x' }),
      gateway('bad', 'a', { cert: 'x', broken: true }),
    ];
    const findings = analyzeInput({ clusters: [{ name: 'c1', objects }] }, [sharedCert, schemaRule]);
    expect(findings.map((f) => `${f.checkID} ${f.subject.name}`)).toEqual(['schema/test bad', 'test/shared-cert ok']);
    // The broken Gateway still counts as a peer of the good one.
    expect(findings[1]!.context).toEqual({ others: 'bad' });
  });

  it('orders findings by rule, then cluster, namespace, kind and name, whatever the input order', () => {
    const objects = [gateway('z', 'b', { cert: 'x' }), gateway('y', 'a', { cert: 'x' }), gateway('x', 'b', { cert: 'x' })];
    const forward = analyzeInput({ clusters: [{ name: 'c1', objects }] }, SYNTHETIC);
    const backward = analyzeInput({ clusters: [{ name: 'c1', objects: [...objects].reverse() }] }, SYNTHETIC);
    expect(forward.map((f) => `${f.subject.namespace}/${f.subject.name}`)).toEqual(['a/y', 'b/x', 'b/z']);
    expect(backward).toEqual(forward);
  });

  it('reports a throwing rule as a warning and keeps going', () => {
    const findings = analyzeInput({ clusters: [{ name: 'c1', objects: [service('svc-7', 'a', {}), service('svc-1', 'a', {})] }] }, [fragileRule, hostRule]);
    expect(findings).toEqual([expect.objectContaining({ checkID: RULE_FAILED_ID, severity: 'warning', context: { rule: 'test/fragile', error: 'boom' } })]);
  });

  it('stamps the control plane revision of the subject\'s namespace', () => {
    const objects = [controlPlane('cp'), namespace('a', { 'istio.io/rev': 'cp.istio-system' }), gateway('g1', 'a', { cert: 'x' }), gateway('g2', 'a', { cert: 'x' })];
    const findings = analyzeMesh(new AnalysisContext({ clusters: [{ name: 'c1', objects }] }), [sharedCert]);
    expect(findings.map((f) => f.istioRevision)).toEqual(['cp.istio-system', 'cp.istio-system']);
  });

  it('groups findings by subjectContextKey', () => {
    const findings = analyzeInput({ clusters: [{ name: 'c1', objects: [gateway('g1', 'a', { cert: 'x' }), gateway('g2', 'a', { cert: 'x' })] }] }, [sharedCert]);
    expect([...groupBySubject(findings).keys()]).toEqual(['gateway.networking.istio.io:c1:a:g1', 'gateway.networking.istio.io:c1:a:g2']);
  });
});

describe('IncrementalAnalyzer', () => {
  for (const [name, rules] of [['synthetic rules', SYNTHETIC], ['the rule catalogue', ALL_RULES], ['both', [...SYNTHETIC, ...ALL_RULES]]] as const) {
    it(`equals a full analysis after random changes (${name})`, () => {
      for (const seed of [1, 2, 3]) {
        const rand = prng(seed);
        const store = generate(rand, 120);
        const analyzer = new IncrementalAnalyzer(rules);
        const initial = analyzer.full(inputOf(store));
        expect(initial).toEqual(analyzeInput(inputOf(store), rules));
        // The generated mesh gives the rules something to find.
        expect(new Set(initial.map((f) => f.checkID)).size).toBeGreaterThan(rules === ALL_RULES ? 5 : 3);
        for (let step = 0; step < 60; step++) {
          const changes = mutate(rand, store);
          const incremental = analyzer.update(inputOf(store), changes);
          const full = analyzeInput(inputOf(store), rules);
          expect(incremental, `seed ${seed} step ${step}: ${JSON.stringify(changes)}`).toEqual(full);
        }
      }
    });
  }

  it('re-runs only what a change can affect', () => {
    const rand = prng(9);
    const store = generate(rand, 200);
    const analyzer = new IncrementalAnalyzer(SYNTHETIC);
    analyzer.full(inputOf(store));
    const total = analyzer.lastUpdate.subjectRuns;
    const s = service('svc-new', 'a', { app: 'x' });
    store.get('c1')!.set(keyOf(s), s);
    analyzer.update(inputOf(store), [changeOf('c1', s)]);
    // Service: the host rule (reads Service) on every DestinationRule; the fragile rule on the new Service only.
    expect(analyzer.lastUpdate.rulesFull).toBe(1);
    expect(analyzer.lastUpdate.subjectRuns).toBeLessThan(total / 2);
  });

  it('drops the findings of deleted objects', () => {
    const a = gateway('g1', 'a', { cert: 'x' });
    const b = gateway('g2', 'a', { cert: 'x' });
    const analyzer = new IncrementalAnalyzer([sharedCert]);
    expect(analyzer.full({ clusters: [{ name: 'c1', objects: [a, b] }] })).toHaveLength(2);
    expect(analyzer.update({ clusters: [{ name: 'c1', objects: [a] }] }, [changeOf('c1', b)])).toEqual([]);
  });

  it('re-runs own kinds only for the changed object unless reads say otherwise; peers: "assume" re-runs all', () => {
    const undeclared: Rule = { ...sharedCert, id: 'test/shared-cert-undeclared', reads: [] };
    const a = gateway('g1', 'a', { cert: 'x' });
    const b = gateway('g2', 'a', { cert: 'y' });
    const b2 = gateway('g2', 'a', { cert: 'x' });
    const before = { clusters: [{ name: 'c1', objects: [a, b] }] };
    const after = { clusters: [{ name: 'c1', objects: [a, b2] }] };
    const declared = new IncrementalAnalyzer([undeclared]);
    declared.full(before);
    // Only g2 was re-checked: g1's verdict is stale because the rule does not declare its peers.
    expect(declared.update(after, [changeOf('c1', b2)]).map((f) => f.subject.name)).toEqual(['g2']);
    expect(declared.lastUpdate.subjectRuns).toBe(1);
    const assume = new IncrementalAnalyzer([undeclared], { peers: 'assume' });
    assume.full(before);
    expect(assume.update(after, [changeOf('c1', b2)]).map((f) => f.subject.name)).toEqual(['g1', 'g2']);
  });

  it('equals a full analysis for undeclared peer rules with peers: "assume"', () => {
    const undeclared: Rule = { ...sharedCert, id: 'test/shared-cert-undeclared', reads: [] };
    const rand = prng(5);
    const store = generate(rand, 100);
    const analyzer = new IncrementalAnalyzer([undeclared], { peers: 'assume' });
    analyzer.full(inputOf(store));
    for (let step = 0; step < 40; step++) {
      const changes = mutate(rand, store);
      expect(analyzer.update(inputOf(store), changes)).toEqual(analyzeInput(inputOf(store), [undeclared]));
    }
  });
});
