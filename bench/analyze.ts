// The mesh validator on a synthetic mesh: 10,000 Istio resources (VirtualServices,
// DestinationRules, Gateways, ServiceEntries, Sidecars, PeerAuthentications,
// AuthorizationPolicies, RequestAuthentications) in 100 namespaces, with the Services, Pods,
// Secrets and ServiceAccounts they refer to and a few percent of mistakes (seeded PRNG, so
// every run builds the same mesh). Prints the median time of a full analysis with the whole
// catalogue (target < 1 s) and of re-validating after one changed VirtualService, as the
// server does on a cache change (target < 50 ms).
//
// No comparison with `istioctl analyze` here: istioctl can only be built from the Go module
// istio.io/istio, and the module proxy this project may use answers 403 "not available" for it
// (tried on 2026-12-06 with a pseudo-version that other modules require, and with a release
// version), so there is no peer binary to run on the same files.
//
// SMM_BENCH_PROFILE=1 also prints each rule slower than 5 ms over its subjects.

import type { KubeObject } from '../src/core/model/k8s.js';
import { analyzeMesh, IncrementalAnalyzer } from '../src/core/validation/analyze.js';
import { AnalysisContext, type AnalysisInput } from '../src/core/validation/context.js';
import { VALIDATION_RULES } from '../src/server/validation/catalogue.js';
import { prng } from './lib/prng.js';

const ISTIO_RESOURCES = 10_000;
const NAMESPACES = 100;
const SERVICES_PER_NAMESPACE = 20; // 2,000 services
const PODS_PER_SERVICE = 2; // 4,000 pods
const RUNS = 5;
const INCREMENTAL_RUNS = 21;
const TARGET_FULL_MS = 1_000;
const TARGET_INCREMENTAL_MS = 50;
const CLUSTER = 'primary';
const REVISION = 'cp-v115x';
const PROXY_IMAGE = 'ghcr.io/cisco-open/istio-proxyv2:v1.15.3-bzc.0';

const meta = (name: string, namespace?: string, labels?: Record<string, string>) => ({ name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), resourceVersion: '1' });
const istio = (group: string, kind: string, name: string, namespace: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: `${group}/v1`, kind, metadata: meta(name, namespace), spec });

/** The mix of Istio kinds, in per-mille of ISTIO_RESOURCES. */
const MIX: [kind: string, perMille: number][] = [
  ['VirtualService', 300], ['DestinationRule', 300], ['AuthorizationPolicy', 150], ['ServiceEntry', 90],
  ['Gateway', 50], ['Sidecar', 50], ['PeerAuthentication', 40], ['RequestAuthentication', 20],
];

interface Mesh {
  objects: KubeObject[];
  istioResources: number;
  /** A VirtualService to change in the incremental run. */
  victim: KubeObject;
}

export function generateMesh(seed: number): Mesh {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta('istio-system') },
    { apiVersion: 'servicemesh.cisco.com/v1alpha1', kind: 'IstioControlPlane', metadata: meta(REVISION, 'istio-system'), spec: { version: '1.15.3' } },
    istio('security.istio.io', 'PeerAuthentication', 'default', 'istio-system', { mtls: { mode: 'PERMISSIVE' } }),
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('ingressgateway-0', 'istio-system', { istio: 'ingressgateway' }), spec: { containers: [{ name: 'istio-proxy', image: PROXY_IMAGE }], nodeName: 'n1' }, status: { phase: 'Running' } },
  ];
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `ns-${i}`);
  const servicesOf = (ns: string) => Array.from({ length: SERVICES_PER_NAMESPACE }, (_, s) => `svc-${s}`).map((name) => ({ ns, name }));
  for (const ns of namespaces) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { 'istio.io/rev': `${REVISION}.istio-system` }) });
    for (const { name } of servicesOf(ns)) {
      objects.push({ apiVersion: 'v1', kind: 'Service', metadata: meta(name, ns, { app: name }), spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }, { name: 'grpc', port: 9090 }] } });
      objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, ns) });
      for (let p = 0; p < PODS_PER_SERVICE; p++) {
        const version = `v${(p % 2) + 1}`;
        objects.push({
          apiVersion: 'v1', kind: 'Pod', metadata: meta(`${name}-${version}-${p}`, ns, { app: name, version, 'istio.io/rev': `${REVISION}.istio-system` }),
          spec: { serviceAccountName: name, nodeName: 'n1', containers: [{ name: 'app', image: 'app:1' }, { name: 'istio-proxy', image: PROXY_IMAGE }] },
          status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'app:1', ready: true, restartCount: 0 }, { name: 'istio-proxy', image: PROXY_IMAGE, ready: true, restartCount: 0 }] },
        });
      }
    }
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta(`${ns}-cert`, 'istio-system'), type: 'kubernetes.io/tls' } as KubeObject);
  }
  let count = 0;
  let victim: KubeObject | undefined;
  for (const [kind, perMille] of MIX) {
    const n = Math.round((ISTIO_RESOURCES * perMille) / 1000);
    for (let i = 0; i < n; i++) {
      const ns = pick(namespaces);
      const svc = pick(servicesOf(ns)).name;
      const mistake = rand() < 0.03;
      const name = `${kind.toLowerCase()}-${i}`;
      let o: KubeObject;
      switch (kind) {
        case 'VirtualService':
          o = istio('networking.istio.io', kind, name, ns, {
            hosts: [`${svc}-${i}`],
            http: [{ route: [
              { destination: { host: svc, subset: 'v1', port: { number: 8080 } }, weight: mistake ? 70 : 80 },
              { destination: { host: svc, subset: mistake ? 'v9' : 'v2', port: { number: 8080 } }, weight: 20 },
            ] }],
          });
          victim ??= o;
          break;
        case 'DestinationRule':
          o = istio('networking.istio.io', kind, name, ns, {
            host: mistake ? `missing-${i}` : `${svc}.${ns}.svc.cluster.local`,
            subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
            ...(rand() < 0.3 ? { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } : {}),
          });
          break;
        case 'Gateway':
          o = istio('networking.istio.io', kind, name, 'istio-system', {
            selector: { istio: 'ingressgateway' },
            servers: [{ port: { number: 443 + (i % 50), name: `https-${i}`, protocol: 'HTTPS' }, hosts: [`${name}.example.com`], tls: { mode: 'SIMPLE', credentialName: mistake ? `missing-${i}` : `${pick(namespaces)}-cert` } }],
          });
          break;
        case 'ServiceEntry':
          o = istio('networking.istio.io', kind, name, ns, {
            hosts: [`${name}.example.com`], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
          });
          break;
        case 'Sidecar':
          o = istio('networking.istio.io', kind, name, ns, { workloadSelector: { labels: { app: svc } }, egress: [{ hosts: ['./*', 'istio-system/*'] }] });
          break;
        case 'PeerAuthentication':
          o = istio('security.istio.io', kind, name, ns, { selector: { matchLabels: { app: svc } }, mtls: { mode: 'STRICT' } });
          break;
        case 'AuthorizationPolicy':
          o = istio('security.istio.io', kind, name, ns, {
            selector: { matchLabels: { app: svc } }, action: 'ALLOW',
            rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/${mistake ? 'nobody' : pick(servicesOf(ns)).name}`] } }], to: [{ operation: { methods: ['GET'] } }] }],
          });
          break;
        default:
          o = istio('security.istio.io', kind, name, ns, { selector: { matchLabels: { app: svc } }, jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks' }] });
      }
      objects.push(o);
      count++;
    }
  }
  return { objects, istioResources: count, victim: victim! };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function main(): Promise<void> {
  const mesh = generateMesh(42);
  const input = (objects: KubeObject[]): AnalysisInput => ({ clusters: [{ name: CLUSTER, objects }] });

  const fullTimes: number[] = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    findings = analyzeMesh(new AnalysisContext(input(mesh.objects)), VALIDATION_RULES).length;
    fullTimes.push(performance.now() - t0);
  }

  // Incremental: one VirtualService changes back and forth (a weight), as a cache event would say.
  const analyzer = new IncrementalAnalyzer(VALIDATION_RULES);
  analyzer.full(input(mesh.objects));
  const index = mesh.objects.indexOf(mesh.victim);
  const spec = mesh.victim.spec as { http: { route: { weight: number }[] }[] };
  const change = [{ kind: 'VirtualService', cluster: CLUSTER, namespace: mesh.victim.metadata.namespace, name: mesh.victim.metadata.name ?? '' }];
  const incTimes: number[] = [];
  let runs = 0;
  for (let i = 0; i < INCREMENTAL_RUNS; i++) {
    const weight = i % 2 === 0 ? 60 : 80;
    const changed: KubeObject = { ...mesh.victim, spec: { ...spec, http: [{ route: [{ ...spec.http[0]!.route[0]!, weight }, spec.http[0]!.route[1]!] }] } };
    const objects = mesh.objects.slice();
    objects[index] = changed;
    const t0 = performance.now();
    analyzer.update(input(objects), change);
    incTimes.push(performance.now() - t0);
    runs = analyzer.lastUpdate.subjectRuns;
    if (process.env.SMM_BENCH_PROFILE && i === 0) {
      const ctx = new AnalysisContext(input(objects));
      for (const rule of VALIDATION_RULES) {
        const subjects = rule.kinds.flatMap((k) => ctx.all(k));
        const t = performance.now();
        for (const s of subjects) rule.check(s, ctx);
        const ms = performance.now() - t;
        if (ms > 5) process.stdout.write(`  ${rule.id}: ${ms.toFixed(1)} ms on ${subjects.length} subjects (reads ${rule.reads.join(',')})\n`);
      }
    }
  }

  const fullMs = median(fullTimes);
  const incMs = median(incTimes);
  const ok = fullMs < TARGET_FULL_MS && incMs < TARGET_INCREMENTAL_MS;
  const kinds = new Map<string, number>();
  for (const o of mesh.objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  process.stdout.write(`mesh: ${mesh.objects.length} objects (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}); ${VALIDATION_RULES.length} rules\n`);
  process.stdout.write(`full analysis:  median ${fullMs.toFixed(1)} ms over ${RUNS} runs, ${findings} findings (target < ${TARGET_FULL_MS} ms)\n`);
  process.stdout.write(`one change:     median ${incMs.toFixed(1)} ms over ${INCREMENTAL_RUNS} runs, ${runs} rule runs (target < ${TARGET_INCREMENTAL_MS} ms)\n`);
  process.stdout.write(`targets: ${ok ? 'met' : 'MISSED'}\n`);
  process.stdout.write(`analyze: full_ms=${fullMs.toFixed(1)} incremental_ms=${incMs.toFixed(1)} resources=${mesh.istioResources} findings=${findings}\n`);
}
