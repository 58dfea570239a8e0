import { describe, expect, it } from 'vitest';
import { istioControlPlaneName, istioRevision, isRfc1123Label, normalizeClusterName, parseIstioVersion } from './names.js';

describe('normalizeClusterName', () => {
  it.each([
    ['gke_a_b', 'gke-a-b'],
    ['My.Cluster', 'my-cluster'],
    ['gke_my-project_europe-west1-b_prod', 'gke-my-project-europe-west1-b-prod'],
    ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'arn-aws-eks-eu-west-1-123456789012-cluster-prod'],
    ['kind-kind', 'kind-kind'],
    ['--a__b..c--', 'a-b-c'],
    ['Zürich Ünïcode', 'zurich-unicode'],
    ['cluster-1', 'cluster-1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeClusterName(input)).toBe(expected);
    expect(isRfc1123Label(expected)).toBe(true);
  });

  it('keeps at most 63 characters and never ends with "-"', () => {
    const name = normalizeClusterName(`${'a'.repeat(62)}_b${'c'.repeat(10)}`);
    expect(name).toBe('a'.repeat(62));
    expect(normalizeClusterName('x'.repeat(100))).toHaveLength(63);
  });

  it.each(['___', '', '...', '-', '!!!'])('refuses %j: nothing valid remains', (input) => {
    expect(() => normalizeClusterName(input)).toThrow(/has no letters or digits: give a name made of lowercase letters, digits and '-' \(RFC 1123\)/);
  });
});

describe('Istio version → IstioControlPlane name and revision', () => {
  it.each([
    ['1.24.3', 'cp-v124x'],
    ['1.15.3', 'cp-v115x'],
    ['1.9.0', 'cp-v19x'],
    ['1.15.3-bzc.0', 'cp-v115x'],
    ['2.0.1', 'cp-v20x'],
  ])('%s → %s', (version, name) => {
    expect(istioControlPlaneName(version)).toBe(name);
  });

  it('the revision is <name>.<namespace>', () => {
    expect(istioRevision('cp-v124x', 'istio-system')).toBe('cp-v124x.istio-system');
  });

  it('refuses what is not a version', () => {
    expect(parseIstioVersion('1.24')).toBeUndefined();
    expect(parseIstioVersion('1.24.3')).toEqual({ major: 1, minor: 24, patch: 3 });
    expect(() => istioControlPlaneName('v1.24.3')).toThrow('"v1.24.3" is not an Istio version: expected MAJOR.MINOR.PATCH, e.g. 1.24.3');
  });
});
