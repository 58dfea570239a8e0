// The installer's use cases, shared by the CLI (imperative and reconciler modes) and the
// operator: check the cluster, store the ControlPlane, reconcile it, take it away.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../core/model/k8s.js';
import { isKubeError, KubeError } from '../kube/errors.js';
import type { ClusterPort, ServerVersion } from '../kube/port.js';
import { Resources } from '../kube/resources.js';
import { controlPlaneCrd, demoApplicationCrd } from './api/crds.js';
import { resolveInstallConfig } from './api/defaults.js';
import type { ControlPlane } from './api/types.js';
import { COMPONENTS } from './components/index.js';
import { reconcileControlPlane, renderComponents } from './engine/reconcile.js';
import type { ReconcileOptions, ReconcileResult } from './engine/types.js';
import { waitForReady } from './engine/wait.js';

/** Kubernetes minor versions smm installs on (upstream Istio 1.24's range, through the lab's). */
export const SUPPORTED_KUBERNETES = { min: 28, max: 36 } as const;

/** The field manager of what the CLI itself writes (the ControlPlane object). */
export const CLI_FIELD_MANAGER = 'smm-cli';

export async function checkKubernetesVersion(port: ClusterPort): Promise<ServerVersion> {
  const v = await port.serverVersion();
  if (v.major !== 1 || v.minor < SUPPORTED_KUBERNETES.min || v.minor > SUPPORTED_KUBERNETES.max) {
    throw new KubeError('BadRequest', `Kubernetes ${v.gitVersion} is not supported: smm installs on 1.${SUPPORTED_KUBERNETES.min} to 1.${SUPPORTED_KUBERNETES.max}; nothing was changed`);
  }
  return v;
}

/** The smm CRDs (ControlPlane, DemoApplication), applied and Established. */
export async function ensureSmmCrds(port: ClusterPort, timeoutMs = 60_000): Promise<void> {
  const crds = [controlPlaneCrd(), demoApplicationCrd()];
  for (const crd of crds) await port.apply(crd, { fieldManager: CLI_FIELD_MANAGER, force: true });
  await waitForReady(port, crds, timeoutMs, () => undefined);
}

/** Store the ControlPlane as the user gave it (server-side apply by the CLI's field manager). */
export async function applyControlPlane(port: ClusterPort, cp: ControlPlane): Promise<ControlPlane> {
  const { status: _status, ...desired } = cp;
  const body: KubeObject = { ...desired, metadata: { name: cp.metadata.name, ...(cp.metadata.labels ? { labels: cp.metadata.labels } : {}) } };
  return await port.apply(body, { fieldManager: CLI_FIELD_MANAGER, force: true }) as ControlPlane;
}

/** Reconcile a stored ControlPlane to the cluster: the one path for CLI and operator. */
export async function reconcileStoredControlPlane(port: ClusterPort, cp: ControlPlane, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  return reconcileControlPlane(port, cp, resolveInstallConfig(cp), COMPONENTS, options);
}

/** `smm install` and `smm reconcile --from-file`: check, store, reconcile. */
export async function installControlPlane(port: ClusterPort, cp: ControlPlane, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  await checkKubernetesVersion(port);
  resolveInstallConfig(cp); // refuses an impossible configuration before anything is written
  await ensureSmmCrds(port);
  const stored = await applyControlPlane(port, cp);
  return reconcileStoredControlPlane(port, stored, options);
}

/**
 * `smm uninstall`: the demo app, then smm's components in reverse order, then the
 * ControlPlane object. CRDs stay (deleting them would delete every object of their kinds).
 */
export async function uninstallControlPlane(port: ClusterPort, name: string, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  let cp: ControlPlane;
  try {
    cp = await port.get(Resources.ControlPlane, name) as ControlPlane;
  } catch (e) {
    if (!isKubeError(e, 'NotFound')) throw e;
    // Nothing stored (e.g. an interrupted install): remove by ownership labels with defaults.
    cp = { apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name }, spec: {} };
  }
  const result = await reconcileControlPlane(port, cp, resolveInstallConfig(cp), COMPONENTS, { ...options, mode: 'remove', writeStatus: false });
  if (result.status === 'Succeeded') await port.delete(Resources.ControlPlane, name).catch((e: unknown) => { if (!isKubeError(e, 'NotFound')) throw e; });
  return result;
}

/** `--dump-resources DIR`: one YAML file per component, in apply order; nothing is applied. */
export async function dumpResources(cp: ControlPlane, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const crdFile = join(dir, '00-smm-crds.yaml');
  await writeFile(crdFile, [controlPlaneCrd(), demoApplicationCrd()].map((o) => stringify(o)).join('---\n'));
  files.push(crdFile);
  const rendered = renderComponents(resolveInstallConfig(cp), COMPONENTS);
  for (const [i, r] of rendered.entries()) {
    const file = join(dir, `${String(i + 1).padStart(2, '0')}-${r.component}.yaml`);
    await writeFile(file, r.objects.map((o) => stringify(o)).join('---\n'));
    files.push(file);
  }
  const cpFile = join(dir, `${String(rendered.length + 1).padStart(2, '0')}-controlplane.yaml`);
  const { status: _s, ...desired } = cp;
  await writeFile(cpFile, stringify(desired));
  files.push(cpFile);
  return files;
}
