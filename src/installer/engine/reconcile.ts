// The reconcile engine: components in a fixed order; each one's present objects are applied
// with server-side apply, what it no longer wants is pruned (by ownership label), and what
// later components need (CRDs Established, workloads Available) is waited for. Idempotent:
// a run against a cluster that already matches changes nothing and says so. Interruptible:
// every step is an idempotent apply or delete, so the next run converges.

import type { KubeObject } from '../../core/model/k8s.js';
import { isKubeError } from '../../kube/errors.js';
import { describeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';
import type { ComponentName, ComponentStatus, ControlPlane, ControlPlaneStatus, InstallConfig } from '../api/types.js';
import { CREATE_ONLY_ANNOTATION, MANAGED_BY, OWNER_LABELS, type Component, type DesiredObject } from '../components/component.js';
import type { ProgressEvent, ReconcileOptions, ReconcileResult, RenderedComponent } from './types.js';
import { appliedChange } from './applied-change.js';
import { waitForReady, waitForTerminatingNamespaces } from './wait.js';

const DEFAULT_FIELD_MANAGER = 'smm-installer';

/** Install order within a component: what others refer to goes first (as Helm orders kinds). */
const KIND_ORDER = [
  'Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Secret', 'ConfigMap', 'ClusterRole', 'ClusterRoleBinding',
  'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Deployment', 'StatefulSet', 'PodDisruptionBudget',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
];
const kindRank = (o: KubeObject): number => {
  const i = KIND_ORDER.indexOf(o.kind);
  return i < 0 ? KIND_ORDER.length : i; // custom resources last
};

const keyOf = (o: KubeObject): string => `${o.apiVersion.split('/')[0]}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function withOwnerLabels(o: KubeObject, component: ComponentName, owner: string): KubeObject {
  return {
    ...o,
    metadata: {
      ...o.metadata,
      labels: { ...(o.metadata.labels ?? {}), [OWNER_LABELS.managedBy]: MANAGED_BY, [OWNER_LABELS.component]: component, [OWNER_LABELS.controlPlane]: owner },
    },
  };
}

/** Objects the components want, labelled and in apply order (`--dump-resources`). */
export function renderComponents(config: InstallConfig, components: Component[]): RenderedComponent[] {
  return components.filter((c) => c.enabled(config)).map((c) => ({
    component: c.name,
    objects: c.build(config).filter((d) => d.state === 'present').map((d) => withOwnerLabels(d.object, c.name, config.name))
      .sort((a, b) => kindRank(a) - kindRank(b)),
  }));
}

interface EngineContext {
  port: ClusterPort;
  config: InstallConfig;
  options: Required<Pick<ReconcileOptions, 'fieldManager' | 'waitTimeoutMs'>> & ReconcileOptions;
  emit: (e: ProgressEvent) => void;
}

/** Objects this component owns now, found by ownership label (kinds the cluster lacks are skipped). */
async function listOwned(ctx: EngineContext, component: Component): Promise<Map<string, KubeObject>> {
  const owned = new Map<string, KubeObject>();
  const selector = `${OWNER_LABELS.component}=${component.name},${OWNER_LABELS.controlPlane}=${ctx.config.name}`;
  for (const k of component.kinds) {
    try {
      const t = await ctx.port.resolveType(k.apiVersion, k.kind);
      const { items } = await ctx.port.list(t, { labelSelector: selector });
      for (const o of items) owned.set(keyOf({ ...o, apiVersion: k.apiVersion, kind: k.kind }), { ...o, apiVersion: k.apiVersion, kind: k.kind });
    } catch (e) {
      if (isKubeError(e, 'NotFound')) continue; // the CRD is not installed (yet)
      throw e;
    }
  }
  return owned;
}

/** A create-only object that exists without being ours is left exactly as it is. */
async function existsUnowned(ctx: EngineContext, o: KubeObject, before: KubeObject | undefined): Promise<boolean> {
  if (before || o.metadata.annotations?.[CREATE_ONLY_ANNOTATION] !== 'true') return false;
  try {
    await ctx.port.get(await ctx.port.resolveType(o.apiVersion, o.kind), o.metadata.name!, o.metadata.namespace);
    return true;
  } catch (e) {
    if (isKubeError(e, 'NotFound')) return false;
    throw e;
  }
}

async function applyObject(ctx: EngineContext, component: ComponentName, o: KubeObject, before: KubeObject | undefined): Promise<boolean> {
  if (await existsUnowned(ctx, o, before)) {
    ctx.emit({ type: 'applied', component, object: `${describeObject(o)} (exists, not managed by smm: kept)`, changed: false });
    return false;
  }
  // force: smm owns these objects; a hand edit of a managed field is taken back, as a
  // GitOps controller's self-heal would.
  const after = await ctx.port.apply(o, { fieldManager: ctx.options.fieldManager, force: true });
  const changed = appliedChange(o, before, after, ctx.options.fieldManager);
  ctx.emit({ type: 'applied', component, object: describeObject(o), changed });
  return changed;
}

async function deleteObject(ctx: EngineContext, component: ComponentName, o: KubeObject): Promise<boolean> {
  try {
    await ctx.port.delete(await ctx.port.resolveType(o.apiVersion, o.kind), o.metadata.name!, o.metadata.namespace, { propagationPolicy: 'Background' });
    ctx.emit({ type: 'pruned', component, object: describeObject(o) });
    return true;
  } catch (e) {
    if (isKubeError(e, 'NotFound')) return false;
    throw e;
  }
}

/** Policy: CRDs are never deleted (that would delete every object of the kind); uninstall keeps them. */
const neverPruned = (o: KubeObject): boolean => o.kind === 'CustomResourceDefinition';

async function reconcileComponent(ctx: EngineContext, component: Component, mode: 'install' | 'remove'): Promise<{ status: ComponentStatus; changes: number }> {
  const name = component.name;
  const enabled = mode === 'install' && component.enabled(ctx.config);
  ctx.emit({ type: 'component-start', component: name, title: component.title });
  // A disabled component still builds: what it marks absent (an exclusive namespace, say) goes.
  const desired: DesiredObject[] = mode === 'install' ? component.build(ctx.config) : [];
  const present = desired.filter((d) => d.state === 'present').map((d) => withOwnerLabels(d.object, name, ctx.config.name))
    .sort((a, b) => kindRank(a) - kindRank(b));
  const wanted = new Set(present.map(keyOf));
  const owned = await listOwned(ctx, component);
  let changes = 0;

  for (const w of enabled ? component.warnings?.(ctx.config) ?? [] : []) ctx.emit({ type: 'warning', component: name, message: w });

  // Namespaces and CRDs first; wait for CRDs so this component's custom resources can follow.
  const early = present.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition');
  const onWait = (object: string, condition: string): void => ctx.emit({ type: 'waiting', component: name, object, condition });
  // Owned namespaces are known; others (e.g. just uninstalled) may still be terminating.
  const mayBeTerminating = (o: KubeObject): boolean => o.kind === 'Namespace' && (owned.get(keyOf(o))?.metadata.deletionTimestamp !== undefined || !owned.has(keyOf(o)));
  await waitForTerminatingNamespaces(ctx.port, early.filter(mayBeTerminating), ctx.options.waitTimeoutMs, onWait, ctx.options.signal);
  for (const o of early) if (await applyObject(ctx, name, o, owned.get(keyOf(o)))) changes++;
  await waitForReady(ctx.port, early.filter((o) => o.kind === 'CustomResourceDefinition'), ctx.options.waitTimeoutMs, (object, condition) => ctx.emit({ type: 'waiting', component: name, object, condition }), ctx.options.signal);
  for (const o of present.filter((x) => !early.includes(x))) if (await applyObject(ctx, name, o, owned.get(keyOf(o)))) changes++;

  // Prune: explicitly absent objects, and owned objects no longer wanted. During install a
  // Namespace goes only when marked absent: a shared one changes owner as components toggle.
  // Everything smm applies carries its ownership labels, so what is not in `owned` does not
  // exist (as ours): no request is spent deleting it.
  const toDelete = new Map<string, KubeObject>();
  for (const d of desired) {
    const k = keyOf(d.object);
    if (d.state === 'absent' && !wanted.has(k) && owned.has(k)) toDelete.set(k, d.object);
  }
  for (const [k, o] of owned) if (!wanted.has(k) && (mode === 'remove' || o.kind !== 'Namespace')) toDelete.set(k, o);
  const doomed = [...toDelete.values()].filter((o) => !neverPruned(o)).sort((a, b) => kindRank(b) - kindRank(a));
  for (const o of doomed) if (await deleteObject(ctx, name, o)) changes++;

  if (enabled) {
    await waitForReady(ctx.port, present.filter((o) => o.kind !== 'CustomResourceDefinition'), ctx.options.waitTimeoutMs,
      (object, condition) => ctx.emit({ type: 'waiting', component: name, object, condition }), ctx.options.signal);
  }
  const status: ComponentStatus = { status: enabled ? 'Available' : 'Removed' };
  ctx.emit({ type: 'component-done', component: name, status, changes });
  return { status, changes };
}

async function writeStatus(ctx: EngineContext, cp: ControlPlane, status: ControlPlaneStatus): Promise<void> {
  if (ctx.options.writeStatus === false) return;
  try {
    const current = await ctx.port.get(await ctx.port.resolveType(cp.apiVersion, cp.kind), cp.metadata.name!);
    await ctx.port.updateStatus({ ...current, status });
  } catch (e) {
    // The ControlPlane may not exist (e.g. `--dump-resources`) or the CRD not yet: not fatal.
    if (!isKubeError(e, 'NotFound')) throw e;
  }
}

function failureMessage(component: Component, e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  return `${component.title} (${component.name}): ${detail}`;
}

/**
 * Reconcile the cluster to `config`: `install` applies enabled components and prunes
 * disabled ones; `remove` (uninstall) takes every component away in reverse order, keeping CRDs.
 */
export async function reconcileControlPlane(
  port: ClusterPort,
  cp: ControlPlane,
  config: InstallConfig,
  components: Component[],
  options: ReconcileOptions & { mode?: 'install' | 'remove' } = {},
): Promise<ReconcileResult> {
  const ctx: EngineContext = {
    port, config,
    options: { fieldManager: DEFAULT_FIELD_MANAGER, waitTimeoutMs: 120_000, ...options },
    emit: (e) => options.progress?.(e),
  };
  const mode = options.mode ?? 'install';
  const ordered = mode === 'remove' ? [...components].reverse() : components;
  const result: ReconcileResult = { status: 'Succeeded', changes: 0, components: {}, warnings: [] };
  const statuses: ControlPlaneStatus['components'] = Object.fromEntries(components.map((c) => [c.name, { status: 'Reconciling' }]));
  if (mode === 'install') await writeStatus(ctx, cp, { status: 'Reconciling', observedGeneration: cp.metadata.generation, components: statuses });

  for (const component of ordered) {
    ctx.options.signal?.throwIfAborted();
    try {
      const { status, changes } = await reconcileComponent(ctx, component, mode);
      result.components[component.name] = { ...status, changes };
      statuses[component.name] = status;
      result.changes += changes;
    } catch (e) {
      const message = failureMessage(component, e);
      result.status = 'Failed';
      result.error = message;
      result.components[component.name] = { status: 'Failed', message, changes: 0 };
      statuses[component.name] = { status: 'Failed', message };
      break;
    }
  }
  result.warnings = components.flatMap((c) => (mode === 'install' && c.enabled(config) ? (c.warnings?.(config) ?? []).map((w) => `${c.name}: ${w}`) : []));
  if (mode === 'install') {
    await writeStatus(ctx, cp, {
      status: result.status, observedGeneration: cp.metadata.generation, components: statuses,
      ...(result.error ? { message: result.error } : {}),
    });
  }
  return result;
}
