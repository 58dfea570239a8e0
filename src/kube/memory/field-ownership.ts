// Server-side apply field ownership for the in-memory adapter, after the API server's
// structured-merge-diff: each field manager owns a set of leaf fields; applying a field
// another manager owns with a different value is a conflict; fields a manager stops applying
// are removed unless someone else still owns them.
//
// Simplification, stated: lists are atomic (the real server merges lists with merge keys,
// e.g. containers by name). smm applies whole lists, so the difference does not show.

import type { KubeObject, ManagedFieldsEntry } from '../object.js';
import { deepEqual } from '../../core/util/deep-equal.js';

/** A leaf path, e.g. ['spec', 'http'] or ['metadata', 'labels', 'app.kubernetes.io/name']. */
export type FieldPath = readonly string[];

const SEP = '\u0000';
export const pathKey = (p: FieldPath): string => p.join(SEP);
export const keyPath = (k: string): string[] => k.split(SEP);
/** `.metadata.labels.app`, as the API server prints conflicting fields. */
export const renderPath = (k: string): string => `.${keyPath(k).join('.')}`;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves that field ownership tracks: everything but identity, bookkeeping and status. */
export function trackedLeaves(obj: KubeObject, includeStatus = false): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: unknown, path: string[]): void => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else out.set(pathKey(path), value);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && !includeStatus) continue;
    if (k === 'metadata') {
      const m = v as KubeObject['metadata'];
      if (m.labels) for (const [lk, lv] of Object.entries(m.labels)) out.set(pathKey(['metadata', 'labels', lk]), lv);
      if (m.annotations) for (const [ak, av] of Object.entries(m.annotations)) out.set(pathKey(['metadata', 'annotations', ak]), av);
      continue;
    }
    walk(v, [k]);
  }
  return out;
}

export function getAt(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const seg of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

export function setAt(obj: Record<string, unknown>, path: FieldPath, value: unknown): void {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    if (!isPlainObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = structuredClone(value);
}

/** Remove a leaf and any maps it leaves empty on the way up. */
export function deleteAt(obj: Record<string, unknown>, path: FieldPath): void {
  const parents: Record<string, unknown>[] = [];
  let cur: unknown = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isPlainObject(cur)) return;
    parents.push(cur);
    cur = cur[path[i]!];
  }
  if (!isPlainObject(cur)) return;
  delete cur[path[path.length - 1]!];
  for (let i = parents.length - 1; i >= 0; i--) {
    const child = parents[i]![path[i]!];
    if (isPlainObject(child) && Object.keys(child).length === 0 && i > 0) delete parents[i]![path[i]!];
    else break;
  }
}

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
  fields: Set<string>;
  time: string;
}

/** Ownership of one object's fields, by manager and operation. */
export class FieldOwnership {
  readonly entries: ManagerEntry[] = [];

  clone(): FieldOwnership {
    const c = new FieldOwnership();
    for (const e of this.entries) c.entries.push({ ...e, fields: new Set(e.fields) });
    return c;
  }

  private entry(manager: string, operation: 'Apply' | 'Update', time: string, subresource?: string): ManagerEntry {
    let e = this.entries.find((x) => x.manager === manager && x.operation === operation && x.subresource === subresource);
    if (!e) {
      e = { manager, operation, subresource, fields: new Set(), time };
      this.entries.push(e);
    }
    e.time = time;
    return e;
  }

  private prune(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.fields.size === 0) this.entries.splice(i, 1);
  }

  /** Record an imperative write (create/update): changed fields move to `manager`. */
  recordUpdate(manager: string, before: Map<string, unknown>, after: Map<string, unknown>, time: string, subresource?: string): void {
    const changed: string[] = [];
    for (const [k, v] of after) if (!before.has(k) || !deepEqual(before.get(k), v)) changed.push(k);
    const removed = [...before.keys()].filter((k) => !after.has(k));
    for (const e of this.entries) {
      for (const k of changed) e.fields.delete(k);
      for (const k of removed) e.fields.delete(k);
    }
    if (changed.length > 0) {
      const e = this.entry(manager, 'Update', time, subresource);
      for (const k of changed) e.fields.add(k);
    }
    this.prune();
  }

  /** Fields of `applied` owned by other managers whose current value differs. */
  conflicts(manager: string, applied: Map<string, unknown>, current: Map<string, unknown>): { field: string; manager: string }[] {
    const out: { field: string; manager: string }[] = [];
    for (const e of this.entries) {
      if (e.manager === manager || e.subresource) continue;
      for (const k of applied.keys()) {
        if (e.fields.has(k) && !deepEqual(current.get(k), applied.get(k))) out.push({ field: k, manager: e.manager });
      }
    }
    return out;
  }

  /**
   * Record an apply: `manager` now owns exactly `applied` (as Apply); forced conflicts are
   * taken from their owners. Returns fields the manager dropped that no one else owns:
   * the caller removes them from the object.
   */
  recordApply(manager: string, applied: Map<string, unknown>, current: Map<string, unknown>, time: string): string[] {
    const entry = this.entry(manager, 'Apply', time);
    const previously = new Set(entry.fields);
    for (const e of this.entries) {
      if (e === entry || e.subresource) continue;
      for (const k of applied.keys()) {
        if (e.fields.has(k) && !deepEqual(current.get(k), applied.get(k))) e.fields.delete(k);
      }
    }
    entry.fields = new Set(applied.keys());
    const ownedByOthers = (k: string): boolean => this.entries.some((e) => e !== entry && e.fields.has(k));
    const dropped = [...previously].filter((k) => !applied.has(k) && !ownedByOthers(k));
    this.prune();
    return dropped;
  }

  /** The API's `metadata.managedFields` rendering (FieldsV1). */
  render(apiVersion: string): ManagedFieldsEntry[] {
    return this.entries.map((e) => {
      const fieldsV1: Record<string, unknown> = {};
      for (const k of e.fields) {
        let cur = fieldsV1;
        for (const seg of keyPath(k)) {
          const key = `f:${seg}`;
          cur[key] ??= {};
          cur = cur[key] as Record<string, unknown>;
        }
      }
      const m: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion, time: e.time, fieldsType: 'FieldsV1', fieldsV1 };
      if (e.subresource) m.subresource = e.subresource;
      return m;
    });
  }
}
