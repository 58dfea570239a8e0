import { describe, expect, it } from 'vitest';
import type { Topology, TopologyEdge, TopologyNode } from './api';
import { edgeLabel, matchNodes, nodeLabel, nodeRef, outboundSignals, toElements } from './graph-model';

const node = (over: Partial<TopologyNode>): TopologyNode => ({
  id: 'wl:c/ns/a', kind: 'workload', name: 'a', namespace: 'ns', cluster: 'c', app: 'a', version: 'v1', parent: null,
  health: 'healthy', outlier: null, isVM: null, rps: 1, errorRate: 0, p95: 10, p50: 5, p99: 20, tcpConnectionsPerSecond: 0, bytesPerSecond: 100, ...over,
});
const edge = (over: Partial<TopologyEdge>): TopologyEdge => ({
  id: 'e', source: 'wl:c/ns/a', target: 'wl:c/ns/b', protocol: 'http', rps: 12, errorRate: 0, p95: 41.6,
  bytesPerSecond: 2048, mtls: 'mutual', ...over,
});

describe('edgeLabel', () => {
  it('shows protocol and rps, or throughput for TCP', () => {
    expect(edgeLabel(edge({}), 'traffic')).toBe('HTTP 12.0 rps');
    expect(edgeLabel(edge({ protocol: 'grpc', rps: 3.5 }), 'traffic')).toBe('GRPC 3.50 rps');
    expect(edgeLabel(edge({ protocol: 'tcp', rps: 0, bytesPerSecond: 2048 }), 'traffic')).toBe('TCP 2.0 KiB/s');
  });

  it('shows p95 latency in ms', () => {
    expect(edgeLabel(edge({}), 'latency')).toBe('p95 42 ms');
    expect(edgeLabel(edge({ protocol: 'tcp', p95: null }), 'latency')).toBe('TCP');
  });

  it('shows the mTLS state', () => {
    expect(edgeLabel(edge({}), 'mtls')).toBe('mTLS ✓');
    expect(edgeLabel(edge({ mtls: 'plaintext' }), 'mtls')).toBe('plaintext ✗');
    expect(edgeLabel(edge({ mtls: 'weird' }), 'mtls')).toBe('mTLS ?');
  });
});

describe('nodeLabel and nodeRef', () => {
  it('marks outliers and VMs', () => {
    expect(nodeLabel(node({ outlier: 'slow' }))).toBe('⚠ a');
    expect(nodeLabel(node({ isVM: true }))).toBe('a [VM]');
    expect(nodeLabel(node({ kind: 'namespace', name: 'smm-demo' }))).toBe('namespace: smm-demo');
  });

  it('links workloads, gateways and services, not groups or externals', () => {
    expect(nodeRef(node({}))).toEqual({ type: 'workload', cluster: 'c', namespace: 'ns', name: 'a' });
    expect(nodeRef(node({ kind: 'service', name: 's' }))?.type).toBe('service');
    expect(nodeRef(node({ kind: 'external', namespace: null }))).toBeNull();
    expect(nodeRef(node({ kind: 'app' }))).toBeNull();
  });
});

describe('toElements', () => {
  const topology: Topology = {
    window: { from: 'x', to: 'y' },
    nodes: [node({ parent: 'app:c/ns/a', outlier: 'error rate 5% vs 0%' }), node({ id: 'wl:c/ns/b', name: 'b', health: 'failing' }), node({ id: 'app:c/ns/a', kind: 'app' })],
    edges: [edge({ errorRate: 0.06 }), edge({ id: 'dangling', target: 'wl:c/ns/gone' })],
  };

  it('gives classes for kind, health, groups and outliers, and parents', () => {
    const { nodes } = toElements(topology, 'traffic');
    expect(nodes[0]!.classes).toBe('kind-workload health-healthy outlier');
    expect(nodes[0]!.data.parent).toBe('app:c/ns/a');
    expect(nodes[1]!.classes).toContain('health-failing');
    expect(nodes[2]!.classes).toContain('group');
  });

  it('drops edges to missing nodes and marks failing ones', () => {
    const { edges } = toElements(topology, 'latency');
    expect(edges.map((e) => e.data.id)).toEqual(['e']);
    expect(edges[0]!.classes).toContain('failing');
    expect(edges[0]!.data.label).toBe('p95 42 ms');
  });

  it('draws nodes only when traffic is unavailable', () => {
    expect(toElements({ ...topology, edges: null }, 'traffic').edges).toEqual([]);
  });
});

describe('outboundSignals', () => {
  it('sums rates, weights errors by requests and keeps the worst p95', () => {
    const s = outboundSignals('wl:c/ns/a', [edge({ rps: 10, errorRate: 0.1, p95: 50 }), edge({ rps: 30, errorRate: 0, p95: 80 }), edge({ source: 'other', rps: 99 })]);
    expect(s.rps).toBe(40);
    expect(s.errorRate).toBeCloseTo(0.025);
    expect(s.p95).toBe(80);
    expect(s.bytesPerSecond).toBe(4096);
  });
});

describe('matchNodes', () => {
  it('matches every word against name, kind, namespace and app', () => {
    const nodes = [node({ name: 'movies-v3', app: 'movies' }), node({ id: 's', kind: 'service', name: 'movies' }), node({ id: 'x', name: 'catalog-v1', namespace: 'other' })];
    expect(matchNodes(nodes, 'movies').map((n) => n.name)).toEqual(['movies-v3', 'movies']);
    expect(matchNodes(nodes, 'MOVIES service').map((n) => n.name)).toEqual(['movies']);
    expect(matchNodes(nodes, 'other').map((n) => n.name)).toEqual(['catalog-v1']);
    expect(matchNodes(nodes, 'nothing')).toEqual([]);
  });
});
