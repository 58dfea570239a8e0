import { describe, expect, it } from 'vitest';
import type { MeshOverview } from './api';
import { hasNoTraffic, ISSUES_LINK, overviewTiles } from './tiles';

const overview: MeshOverview = {
  clusters: 1, controlPlanes: 1, validationIssues: 15,
  services: { inMesh: 9, total: 12 }, workloads: { inMesh: 10, total: 11 }, pods: { inMesh: 7, total: 10 },
  traffic: { rps: 42.5, errorRate: 0.02, p95: 123.4 }, history: null,
};

const byLabel = (o: MeshOverview) => Object.fromEntries(overviewTiles(o).map((t) => [t.label, t]));

describe('overview tiles', () => {
  it('shows traffic, in-mesh counts as in mesh / total, and links the issues count', () => {
    const t = byLabel(overview);
    expect(overviewTiles(overview).map((x) => x.label)).toEqual([
      'Requests per second', 'Average latency (p95)', 'Error rate (5XX)', 'Clusters', 'Services', 'Workloads', 'Pods', 'Validation issues',
    ]);
    expect(t['Requests per second']!.value).toBe('42.5');
    expect(t['Average latency (p95)']!.value).toBe('123 ms');
    expect(t['Error rate (5XX)']!.value).toBe('2.0%');
    expect([t['Pods']!.value, t['Pods']!.of]).toEqual(['7', '10']);
    expect([t['Services']!.value, t['Services']!.of]).toEqual(['9', '12']);
    expect(t['Validation issues']).toMatchObject({ value: '15', to: ISSUES_LINK });
  });

  it('shows dashes, not zeros, when traffic or the validator is unavailable', () => {
    const t = byLabel({ ...overview, traffic: null, validationIssues: null });
    expect([t['Requests per second']!.value, t['Error rate (5XX)']!.value, t['Validation issues']!.value]).toEqual(['–', '–', '–']);
  });

  it('has no traffic only when the metrics source answered with none', () => {
    expect(hasNoTraffic(overview)).toBe(false);
    expect(hasNoTraffic({ ...overview, traffic: { rps: 0, errorRate: null, p95: null } })).toBe(true);
    expect(hasNoTraffic({ ...overview, traffic: null })).toBe(false);
  });
});
