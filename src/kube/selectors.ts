// Label and field selectors with the API server's grammar, so the in-memory adapter filters
// exactly as a real server does (and rejects what a real server rejects).

import { KubeError } from './errors.js';
import type { KubeObject } from './object.js';

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

export type FieldRequirement = { path: string; op: '=' | '!='; value: string };

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function invalid(selector: string, why: string): KubeError {
  return new KubeError('BadRequest', `unable to parse requirement: invalid selector "${selector}": ${why}`);
}

/** Split on commas that are not inside `( … )`. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function checkKey(selector: string, key: string): string {
  if (!LABEL_KEY.test(key) || key.length > 317) throw invalid(selector, `invalid label key "${key}"`);
  return key;
}

function checkValue(selector: string, value: string): string {
  if (!LABEL_VALUE.test(value) || value.length > 63) throw invalid(selector, `invalid label value "${value}"`);
  return value;
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^!\s*(\S+)$/))) {
      reqs.push({ key: checkKey(selector, m[1]!), op: 'doesnotexist' });
    } else if ((m = part.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/))) {
      const values = m[3]!.split(',').map((v) => checkValue(selector, v.trim()));
      reqs.push({ key: checkKey(selector, m[1]!), op: m[2] as 'in' | 'notin', values });
    } else if ((m = part.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      const value = checkValue(selector, m[3]!);
      reqs.push({ key: checkKey(selector, m[1]!), op: m[2] === '!=' ? 'notin' : 'in', values: [value] });
    } else if ((m = part.match(/^([^=!\s()]+)$/))) {
      reqs.push({ key: checkKey(selector, m[1]!), op: 'exists' });
    } else {
      throw invalid(selector, `cannot parse "${part}"`);
    }
  }
  return reqs;
}

export function matchesLabelRequirements(labels: Record<string, string> | undefined, reqs: LabelRequirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists': return has;
      case 'doesnotexist': return !has;
      case 'in': return has && r.values.includes(l[r.key]!);
      case 'notin': return !has || !r.values.includes(l[r.key]!);
    }
  });
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  return splitTopLevel(selector).map((part) => {
    const m = part.match(/^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new KubeError('BadRequest', `invalid field selector "${selector}": cannot parse "${part}"`);
    return { path: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

/** Fields a real API server supports selecting on, per kind; anything else is a 400 there too. */
const FIELD_SELECTABLE: Record<string, string[]> = {
  '*': ['metadata.name', 'metadata.namespace'],
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Secret: ['type'],
  Node: ['spec.unschedulable'],
  ReplicaSet: ['status.replicas'],
  Namespace: ['status.phase'],
};

export function validateFieldSelector(kind: string, reqs: FieldRequirement[]): void {
  const allowed = new Set([...(FIELD_SELECTABLE['*'] ?? []), ...(FIELD_SELECTABLE[kind] ?? [])]);
  for (const r of reqs) {
    if (!allowed.has(r.path)) {
      throw new KubeError('BadRequest', `field label not supported: ${r.path}`);
    }
  }
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return String(cur);
}

export function matchesFieldRequirements(obj: KubeObject, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(obj, r.path) === r.value) === (r.op === '='));
}

/** A parsed list filter: build once per list/watch, test many objects. */
export interface ObjectFilter {
  (obj: KubeObject): boolean;
}

export function buildObjectFilter(kind: string, options: { labelSelector?: string; fieldSelector?: string }): ObjectFilter {
  const labels = options.labelSelector ? parseLabelSelector(options.labelSelector) : [];
  const fields = options.fieldSelector ? parseFieldSelector(options.fieldSelector) : [];
  validateFieldSelector(kind, fields);
  return (obj) => matchesLabelRequirements(obj.metadata.labels, labels) && matchesFieldRequirements(obj, fields);
}
