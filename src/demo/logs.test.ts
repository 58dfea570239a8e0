import { describe, expect, it } from 'vitest';
import { MemoryCluster } from '../kube/memory/memory-cluster.js';
import type { KubeObject } from '../kube/object.js';
import { Resources } from '../kube/resources.js';
import { DEMO_APP, DEMO_NAMESPACE } from './app.js';
import { demoLogSource } from './logs.js';
import { buildDemoObjects } from './objects.js';

const NOW = Date.parse('2024-05-01T10:00:00Z');
const objects = buildDemoObjects({ seed: 7, now: new Date(NOW) });
const podOf = (app: string, version?: string): KubeObject => objects.find((o) => o.kind === 'Pod'
  && o.metadata.labels?.['app'] === app && o.metadata.labels['version'] === version)!;

/** Istio's default access-log format, field by field. */
const ENVOY_LINE = /^\[(\S+)\] "(GET \/ HTTP\/1\.1|POST \/\S+ HTTP\/2|- - -)" (\d{3}|0) (-|[A-Z]+) (via_upstream|-) - "-" (\d+) (\d+) (\d+) (\d+|-) "[^"]*" "[^"]*" "[^"]*" "[^"]*" "[\d.]+:\d+" (inbound|outbound)\|\d+\|[^|]*\|\S* [\d.]+:\d+ [\d.]+:\d+ [\d.]+:\d+ \S+ (default|-)$/;

describe('demo logs', () => {
  it('are a pure function of seed, pod, container and time', () => {
    const target = { pod: podOf('movies', 'v3'), container: 'istio-proxy' };
    const a = [...demoLogSource({ seed: 7, now: () => NOW }).history(target)];
    const b = [...demoLogSource({ seed: 7, now: () => NOW }).history(target)];
    const other = [...demoLogSource({ seed: 8, now: () => NOW }).history(target)];
    expect(a).toHaveLength(600);
    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
    // A later reader sees the same lines for the same seconds.
    const later = [...demoLogSource({ seed: 7, now: () => NOW + 60_000 }).history(target)];
    expect(later.slice(0, 540)).toEqual(a.slice(60));
    expect([...demoLogSource({ seed: 7, now: () => NOW }).history(target, 30)]).toEqual(a.slice(-30));
  });

  it('istio-proxy lines are Envoy access logs in Istio\'s format, failing as often as the workload does', () => {
    const source = demoLogSource({ seed: 7, now: () => NOW, historySeconds: 4000 });
    const codes = (app: string, version?: string): number[] => [...source.history({ pod: podOf(app, version), container: 'istio-proxy' })].map((line) => {
      const m = ENVOY_LINE.exec(line);
      expect(m, line).not.toBeNull();
      return Number(m![3]);
    });
    const v3 = codes('movies', 'v3');
    const failed = v3.filter((c) => c === 503).length / v3.length;
    expect(failed).toBeGreaterThan(0.03);
    expect(failed).toBeLessThan(0.07);
    expect(codes('movies', 'v1').every((c) => c === 200)).toBe(true);
    // TCP peers (postgresql) and origins (the load generator) log too.
    expect(codes('postgresql').length).toBeGreaterThan(0);
    const bombardier = [...source.history({ pod: podOf('bombardier'), container: 'istio-proxy' })];
    expect(bombardier[0]).toMatch(/ outbound\|8080\|\|frontpage\.smm-demo\.svc\.cluster\.local /);
    const gateway = objects.find((o) => o.kind === 'Pod' && o.metadata.namespace === 'istio-system' && o.metadata.labels?.['app'] === 'smm-ingressgateway')!;
    expect([...source.history({ pod: gateway, container: 'istio-proxy' }, 5)][0]).toMatch(/"Mozilla\/5\.0/);
  });

  it('the app container tells the same requests: slow v3 durations, its failures as errors', () => {
    const source = demoLogSource({ seed: 7, now: () => NOW, historySeconds: 2000 });
    const pod = podOf('movies', 'v3');
    const app = [...source.history({ pod, container: 'movies' })];
    const proxy = [...source.history({ pod, container: 'istio-proxy' })];
    expect(app).toHaveLength(proxy.length);
    app.forEach((line, i) => {
      expect(line).toMatch(/^time="\S+Z" level=(info|error) msg="request (served|failed)" http method=GET path=\/ status=\d{3} /);
      // Same request id, same status in both containers' lines.
      expect(proxy[i]).toContain(/request_id=(\S+)/.exec(line)![1]!);
      expect(proxy[i]).toContain(`" ${/status=(\d+)/.exec(line)![1]} - via_upstream`);
    });
    const median = (lines: string[]) => {
      const ms = lines.map((l) => Number(/duration=(\d+)ms/.exec(l)![1])).sort((x, y) => x - y);
      return ms[Math.floor(ms.length / 2)]!;
    };
    const v1 = [...source.history({ pod: podOf('movies', 'v1'), container: 'movies' })];
    expect(median(app)).toBeGreaterThan(median(v1));
    expect([...source.history({ pod: podOf('postgresql'), container: 'postgresql' }, 3)][0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] LOG: {2}duration: /);
  });

  it('a following reader gets a new line every interval, through the memory API server', async () => {
    const cluster = new MemoryCluster({ logSource: demoLogSource({ seed: 7, now: () => NOW, intervalMs: 10 }) });
    cluster.load(objects);
    const k = cluster.port();
    const pod = (await k.list(Resources.Pod, { namespace: DEMO_NAMESPACE, labelSelector: 'app=catalog' })).items[0]!;
    const ac = new AbortController();
    const lines: string[] = [];
    for await (const line of k.podLogs(DEMO_NAMESPACE, pod.metadata.name!, { container: 'istio-proxy', follow: true, tailLines: 2, signal: ac.signal })) {
      lines.push(line);
      if (lines.length === 5) ac.abort();
    }
    expect(lines).toHaveLength(5);
    const times = lines.map((l) => Date.parse(/^\[(\S+)\]/.exec(l)![1]!));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // Lines about seconds after the history: the frozen clock does not stop the flow.
    expect(times[4]!).toBeGreaterThanOrEqual(NOW);
    expect(DEMO_APP.workloads.some((w) => w.name === 'catalog-v1')).toBe(true);
  });
});
