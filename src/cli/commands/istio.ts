// `smm istio outbound-traffic-policy [restricted|allowed]`: the mesh-wide outbound traffic
// policy, read from and written to the active IstioControlPlane's
// `spec.meshConfig.outboundTrafficPolicy.mode` (server-side apply). When a ControlPlane
// resource manages the installation, the setting also goes into its
// `spec.meshManager.istio.istioCROverrides` (the manual's way to customize the
// IstioControlPlane), so reconciles keep it and carry it to istiod's mesh config.

import type { Command } from 'commander';
import {
  DEFAULT_OUTBOUND_TRAFFIC_POLICY, isActiveControlPlane, OUTBOUND_POLICY_ARGUMENTS, outboundPolicyOf, outboundPolicyPatch,
  parseOutboundPolicy, withOutboundPolicyOverride, type OutboundTrafficPolicyMode,
} from '../../core/egress/outbound-policy.js';
import { isKubeError } from '../../kube/errors.js';
import type { KubeObject } from '../../kube/object.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import type { CliIO } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { openClusterTarget } from '../mesh-session.js';
import { globalsOf } from '../program.js';
import { stringify } from 'yaml';

export const OUTBOUND_POLICY_FIELD_MANAGER = 'smm';

export interface ControlPlanePolicy {
  namespace: string;
  name: string;
  /** The mode the IstioControlPlane sets; null when it sets none (Istio's default, ALLOW_ANY, applies). */
  mode: string | null;
}

export interface OutboundPolicyState {
  /** The mode every active control plane agrees on; null when none sets one or they disagree. */
  mode: string | null;
  /** What applies in effect when every control plane agrees (ALLOW_ANY when none is set). */
  effective: string | null;
  controlPlanes: ControlPlanePolicy[];
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function listOrEmpty(port: ClusterPort, kind: 'IstioControlPlane' | 'ControlPlane'): Promise<KubeObject[]> {
  try {
    return (await port.list(Resources[kind])).items;
  } catch (e) {
    if (isKubeError(e, 'NotFound')) return []; // the CRD is not installed
    throw e;
  }
}

const byName = (a: KubeObject, b: KubeObject): number =>
  `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`);

/** The IstioControlPlanes that serve the mesh of this cluster, or a clear failure. */
async function activeControlPlanes(port: ClusterPort): Promise<KubeObject[]> {
  const active = (await listOrEmpty(port, 'IstioControlPlane')).filter(isActiveControlPlane).sort(byName);
  if (active.length === 0) {
    throw new CliError('no active IstioControlPlane (servicemesh.cisco.com/v1alpha1) found: smm keeps the outbound traffic policy in the control plane it installs (smm install -a)');
  }
  return active;
}

function stateOf(icps: KubeObject[]): OutboundPolicyState {
  const controlPlanes = icps.map((o) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '', mode: outboundPolicyOf(o) ?? null }));
  const modes = new Set(controlPlanes.map((c) => c.mode));
  const agreed: string | null | undefined = modes.size === 1 ? [...modes][0] : undefined;
  return {
    mode: agreed ?? null,
    effective: agreed === undefined ? null : agreed ?? DEFAULT_OUTBOUND_TRAFFIC_POLICY,
    controlPlanes,
  };
}

export async function readOutboundPolicy(port: ClusterPort): Promise<OutboundPolicyState> {
  return stateOf(await activeControlPlanes(port));
}

export interface OutboundPolicyChange extends OutboundPolicyState {
  /** ControlPlane resources whose istioCROverrides now carry the mode. */
  controlPlaneResources: string[];
}

/** Set the mode on every active IstioControlPlane, and in the ControlPlane resources that manage them. */
export async function setOutboundPolicy(port: ClusterPort, mode: OutboundTrafficPolicyMode): Promise<OutboundPolicyChange> {
  const icps = await activeControlPlanes(port);
  const controlPlaneResources: string[] = [];
  // The ControlPlane first: a reconcile it triggers then already renders the new mode.
  for (const cp of (await listOrEmpty(port, 'ControlPlane')).sort(byName)) {
    const spec = isMap(cp['spec']) ? cp['spec'] : {};
    const mm = isMap(spec['meshManager']) ? spec['meshManager'] : {};
    if (mm['enabled'] === false) continue;
    const istio = isMap(mm['istio']) ? mm['istio'] : {};
    const current = typeof istio['istioCROverrides'] === 'string' ? istio['istioCROverrides'] : '';
    let next: string;
    try {
      next = withOutboundPolicyOverride(current, mode);
    } catch (e) {
      throw new CliError(`ControlPlane ${cp.metadata.name}: spec.meshManager.istio.${e instanceof Error ? e.message : String(e)}; fix it first, nothing was changed`);
    }
    if (next !== current) {
      await port.apply({
        apiVersion: cp.apiVersion, kind: cp.kind, metadata: { name: cp.metadata.name },
        spec: { meshManager: { istio: { istioCROverrides: next } } },
      }, { fieldManager: OUTBOUND_POLICY_FIELD_MANAGER, force: true });
    }
    controlPlaneResources.push(cp.metadata.name ?? '');
  }
  const applied: KubeObject[] = [];
  for (const icp of icps) {
    // Forced: the user asked for this mode, whoever set the field before.
    applied.push(await port.apply(outboundPolicyPatch(icp, mode), { fieldManager: OUTBOUND_POLICY_FIELD_MANAGER, force: true }));
  }
  return { ...stateOf(applied), controlPlaneResources };
}

/** The manual's sentences, one per control plane when they disagree. */
export function describeOutboundPolicy(state: OutboundPolicyState): string {
  if (state.effective !== null) {
    return state.mode === null ? 'mesh wide outbound traffic policy is not found\n' : `mesh wide outbound traffic policy is set to '${state.mode}'\n`;
  }
  return state.controlPlanes.map((c) => (c.mode === null
    ? `mesh wide outbound traffic policy is not found (${c.namespace}/${c.name})\n`
    : `mesh wide outbound traffic policy is set to '${c.mode}' (${c.namespace}/${c.name})\n`)).join('');
}

const POLICY_HELP = `
Without an argument, prints the current mesh-wide policy; "mesh wide outbound traffic policy
is not found" means none is set and Istio's default, ALLOW_ANY, applies.
  restricted (REGISTRY_ONLY)  proxies reach only hosts in the service registry (services and
                              ServiceEntry hosts); anything else goes to BlackHoleCluster
  allowed (ALLOW_ANY)         proxies also reach unknown hosts (through PassthroughCluster)

The mode is set (server-side apply, field manager smm) in spec.meshConfig.outboundTrafficPolicy
of every active IstioControlPlane (servicemesh.cisco.com/v1alpha1), and, when a ControlPlane
resource manages the installation, in its spec.meshManager.istio.istioCROverrides, so the
operator (or the next smm reconcile / smm install -a) keeps it and renders it into istiod's
mesh config. -o json|yaml print the state per control plane. An unknown mode exits 2.

Examples:
  smm istio outbound-traffic-policy --demo
  smm istio outbound-traffic-policy restricted
  smm istio outbound-traffic-policy allowed -o yaml`;

export function registerIstio(program: Command, io: CliIO): void {
  const istio = program.command('istio').description('mesh-wide Istio settings');
  istio.command('outbound-traffic-policy')
    .description('show or set the mesh-wide outbound traffic policy (restricted = REGISTRY_ONLY, allowed = ALLOW_ANY)')
    .argument('[mode]', OUTBOUND_POLICY_ARGUMENTS.join('|'))
    .option('--demo', 'use the embedded demo mesh instead of a cluster (changes last for the process)')
    .addHelpText('after', POLICY_HELP)
    .action(async (arg: string | undefined, flags: { demo?: boolean }, cmd: Command) => {
      const globals = globalsOf(cmd);
      const mode = arg === undefined ? undefined : parseOutboundPolicy(arg);
      if (arg !== undefined && mode === undefined) throw usageError(`unknown outbound traffic policy "${arg}": use one of ${OUTBOUND_POLICY_ARGUMENTS.join(', ')}`);
      const { port } = await openClusterTarget(globals, Boolean(flags.demo));
      if (mode === undefined) {
        const state = await readOutboundPolicy(port);
        io.stdout(globals.output === 'table' ? describeOutboundPolicy(state)
          : globals.output === 'json' ? JSON.stringify(state, null, 2) + '\n' : stringify(state));
        return;
      }
      const change = await setOutboundPolicy(port, mode);
      if (globals.verbose) {
        for (const c of change.controlPlanes) io.stderr(`smm: IstioControlPlane ${c.namespace}/${c.name}: spec.meshConfig.outboundTrafficPolicy.mode=${c.mode ?? ''}\n`);
        for (const n of change.controlPlaneResources) io.stderr(`smm: ControlPlane ${n}: spec.meshManager.istio.istioCROverrides carries the mode\n`);
      }
      io.stdout(globals.output === 'table' ? `mesh wide outbound traffic policy is set to '${mode}'\n`
        : globals.output === 'json' ? JSON.stringify(change, null, 2) + '\n' : stringify(change));
    });
}
