import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/model/k8s.js';
import { appliedChange, projectOnto } from './applied-change.js';

const owned = (fields: Record<string, unknown>) => [{ manager: 'smm', operation: 'Apply' as const, fieldsType: 'FieldsV1' as const, fieldsV1: fields }];
const deployment = (extra: Partial<KubeObject> & { rv: string; replicas?: number; annotations?: Record<string, string>; fields?: Record<string, unknown> }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'istiod', namespace: 'istio-system', resourceVersion: extra.rv,
    annotations: extra.annotations, managedFields: owned(extra.fields ?? { 'f:spec': { 'f:replicas': {} } }),
  },
  spec: { replicas: extra.replicas ?? 1, template: { spec: { containers: [{ name: 'd', image: 'x', imagePullPolicy: 'IfNotPresent' }] } } },
  status: extra.status,
});
const desired: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { replicas: 1 } };

describe('appliedChange', () => {
  it('is a change when the object did not exist', () => {
    expect(appliedChange(desired, undefined, deployment({ rv: '2' }), 'smm')).toBe(true);
  });
  it('is no change when only a controller wrote status and its own annotation in between', () => {
    const before = deployment({ rv: '1' });
    const after = deployment({ rv: '7', annotations: { 'deployment.kubernetes.io/revision': '1' }, status: { availableReplicas: 1 } });
    expect(appliedChange(desired, before, after, 'smm')).toBe(false);
  });
  it('is a change when a declared field changed', () => {
    expect(appliedChange(desired, deployment({ rv: '1', replicas: 3 }), deployment({ rv: '2', replicas: 1 }), 'smm')).toBe(true);
  });
  it('is a change when smm stopped declaring a field (the owned set shrinks)', () => {
    const before = deployment({ rv: '1', fields: { 'f:spec': { 'f:replicas': {}, 'f:paused': {} } } });
    expect(appliedChange(desired, before, deployment({ rv: '2' }), 'smm')).toBe(true);
  });
});

describe('projectOnto', () => {
  it('keeps only the keys of the shape, comparing lists whole', () => {
    expect(projectOnto({ a: { b: 1, c: 2 }, d: [1, 2], e: 3 }, { a: { b: 0 }, d: [] })).toEqual({ a: { b: 1 }, d: [1, 2] });
  });
});
