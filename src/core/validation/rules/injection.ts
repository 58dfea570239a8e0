// Sidecar injection rules: Namespaces, Pods and control planes. The manual's "sidecar
// injection template validation" (pods running an outdated proxy image), pods missing their
// sidecar, and namespaces asking for revisions nobody serves. Modelled on istioctl analyze's
// injection analyzers.

import { MODEL_INPUT_KINDS, type ControlPlaneRef, type Pod } from '../../model/index.js';
import type { AnalysisContext } from '../context.js';
import type { Rule } from '../types.js';
import {
  expectedProxy, isGatewayPod, K, listSome, memo, modelNamespace, modelPod, nameOf, nsOf, podObject, prop, proxyContainerPath, proxyOf,
  proxyUpToDate, push, sortedJoin, type ExpectedProxy,
} from './lookups-policy.js';

const REV_LABEL = 'istio.io/rev';
const INJECTION_LABEL = 'istio-injection';
const INJECT_LABEL = 'sidecar.istio.io/inject';
const CONTROL_PLANE_READS = ['IstioControlPlane', 'Deployment'];

/** The control plane a pod's proxy belongs to: by its revision, else its namespace's. */
function planeOfPod(ctx: AnalysisContext, pod: Pod): ControlPlaneRef | undefined {
  return proxyOf(ctx, pod)?.controlPlane ?? modelNamespace(ctx, pod.cluster, pod.namespace)?.injection.controlPlane;
}

const expectedContext = (e: ExpectedProxy): Record<string, string> => ({
  ...(e.image ? { expectedImage: e.image } : {}), ...(e.version ? { expectedVersion: e.version } : {}),
});

export const podOutdatedProxyImageRule: Rule = {
  id: 'pod/sidecar/outdated-proxy-image',
  severity: 'warning',
  kinds: ['Pod'],
  reads: ['IstioControlPlane', 'Deployment', 'Namespace', 'Pod'],
  title: 'A pod runs another istio-proxy image than its control plane injects now',
  fix: 'Restart the pod (`kubectl rollout restart` its workload) to get the current sidecar.',
  check(subject, ctx) {
    const pod = modelPod(ctx, subject.cluster, nsOf(subject), nameOf(subject));
    if (!pod?.sidecar) return [];
    const cp = planeOfPod(ctx, pod);
    if (!cp) return [];
    const expected = expectedProxy(ctx, cp);
    if (proxyUpToDate(pod.sidecar, expected) !== false) return [];
    return [{
      path: proxyContainerPath(podObject(ctx, pod)),
      message: `Sidecar proxy ${pod.sidecar.version ?? pod.sidecar.image} is outdated: control plane ${cp.revision} injects ${expected.image ?? expected.version}`,
      context: {
        currentImage: pod.sidecar.image, ...(pod.sidecar.version ? { currentVersion: pod.sidecar.version } : {}),
        ...expectedContext(expected), controlPlane: cp.revision,
      },
    }];
  },
};

export const podSidecarMissingRule: Rule = {
  id: 'pod/sidecar/missing',
  severity: 'warning',
  kinds: ['Pod'],
  reads: ['Namespace'],
  title: 'A pod in an injected namespace runs without a sidecar',
  fix: 'Restart the pod so the injector adds the sidecar, or opt it out explicitly with `sidecar.istio.io/inject: "false"`.',
  check(subject, ctx) {
    const pod = modelPod(ctx, subject.cluster, nsOf(subject), nameOf(subject));
    if (!pod || pod.sidecar || (subject.object.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true) return [];
    const injection = modelNamespace(ctx, pod.cluster, pod.namespace)?.injection;
    const byPodLabel = injection?.mode === 'none' && pod.labels[INJECT_LABEL] === 'true' && pod.phase !== 'Succeeded';
    if (!pod.missingSidecar && !byPodLabel) return [];
    return [{
      path: 'spec.containers',
      message: byPodLabel ? `Pod asks for a sidecar (${INJECT_LABEL}: "true") but has none` : `Pod has no sidecar although namespace ${pod.namespace} is injected`,
      context: {
        namespace: pod.namespace,
        injection: byPodLabel ? `${INJECT_LABEL}=true` : injection?.mode === 'enabled' ? `${INJECTION_LABEL}=enabled` : `${REV_LABEL}=${injection?.revision ?? ''}`,
      },
    }];
  },
};

export const podRevisionMismatchRule: Rule = {
  id: 'pod/sidecar/revision-mismatch',
  severity: 'warning',
  kinds: ['Pod'],
  reads: ['Namespace', ...CONTROL_PLANE_READS],
  title: 'A pod\'s sidecar belongs to another control plane revision than its namespace\'s',
  fix: 'Restart the pod to move it to the namespace\'s control plane (e.g. after a canary upgrade), or fix the namespace label.',
  check(subject, ctx) {
    const pod = modelPod(ctx, subject.cluster, nsOf(subject), nameOf(subject));
    if (!pod?.sidecar) return [];
    const injection = modelNamespace(ctx, pod.cluster, pod.namespace)?.injection;
    const nsPlane = injection?.controlPlane;
    if (!injection || !nsPlane) return [];
    const podPlane = proxyOf(ctx, pod)?.controlPlane;
    const differs = podPlane ? podPlane.revision !== nsPlane.revision : pod.revision !== undefined && pod.revision !== injection.revision;
    if (!differs) return [];
    const hasLabel = pod.labels[REV_LABEL] !== undefined;
    return [{
      path: hasLabel ? prop('metadata.labels', REV_LABEL) : proxyContainerPath(podObject(ctx, pod)),
      message: `Sidecar revision ${podPlane?.revision ?? pod.revision ?? ''} differs from namespace revision ${nsPlane.revision}`,
      context: { podRevision: podPlane?.revision ?? pod.revision ?? '', namespaceRevision: nsPlane.revision, ...(podPlane ? {} : { controlPlane: 'none' }) },
    }];
  },
};

export const podManualInjectionRule: Rule = {
  id: 'pod/sidecar/manual-injection',
  severity: 'info',
  kinds: ['Pod'],
  reads: ['Namespace'],
  title: 'A pod has a sidecar in a namespace without injection (manually injected, or injection turned off since)',
  fix: 'Label the namespace for injection so upgrades keep the sidecar current, or restart the pod to drop it.',
  check(subject, ctx) {
    const pod = modelPod(ctx, subject.cluster, nsOf(subject), nameOf(subject));
    if (!pod?.sidecar || isGatewayPod(pod)) return [];
    const mode = modelNamespace(ctx, pod.cluster, pod.namespace)?.injection.mode;
    if (mode !== 'none' && mode !== 'disabled') return [];
    // Without namespace labels, pod labels select the injector (object selector): automatic.
    if (mode === 'none' && (pod.labels[INJECT_LABEL] === 'true' || pod.labels[REV_LABEL] !== undefined)) return [];
    return [{
      path: proxyContainerPath(podObject(ctx, pod)),
      message: `Pod has a sidecar but namespace ${pod.namespace} ${mode === 'disabled' ? 'disables' : 'does not ask for'} injection`,
      context: { namespace: pod.namespace, injection: mode, image: pod.sidecar.image },
    }];
  },
};

/** Pods with sidecars by the control plane their proxies belong to. */
function podsByPlane(ctx: AnalysisContext): Map<string, Pod[]> {
  return memo(ctx, 'inj:podsByPlane', MODEL_INPUT_KINDS, () => {
    const m = new Map<string, Pod[]>();
    for (const p of ctx.model.pods) {
      if (p.source !== 'Pod' || !p.sidecar) continue;
      const cp = planeOfPod(ctx, p);
      if (cp) push(m, K(cp.cluster, cp.namespace, cp.name), p);
    }
    return m;
  });
}

export const controlPlaneOutdatedProxiesRule: Rule = {
  id: 'istiocontrolplane/proxies/outdated-version',
  severity: 'warning',
  kinds: ['IstioControlPlane'],
  reads: ['Pod', 'Namespace', 'Deployment'],
  title: 'A control plane has proxies of another version than it injects now',
  fix: 'Restart the listed workloads to roll their sidecars to the control plane\'s version.',
  check(subject, ctx) {
    const ref: ControlPlaneRef = { cluster: subject.cluster, namespace: nsOf(subject), name: nameOf(subject), revision: `${nameOf(subject)}.${nsOf(subject)}` };
    const expected = expectedProxy(ctx, ref);
    const outdated = (podsByPlane(ctx).get(K(ref.cluster, ref.namespace, ref.name)) ?? []).filter((p) => proxyUpToDate(p.sidecar!, expected) === false);
    if (outdated.length === 0) return [];
    return [{
      path: expected.image ? 'spec.proxy.image' : 'spec.version',
      message: `${outdated.length} proxies run another version than the control plane injects (${expected.image ?? expected.version})`,
      context: {
        outdatedProxies: String(outdated.length),
        versions: sortedJoin(outdated.map((p) => p.sidecar!.version ?? p.sidecar!.image)),
        pods: listSome(outdated.map((p) => `${p.namespace}/${p.name}`)),
        ...expectedContext(expected),
      },
    }];
  },
};

export const namespaceMissingControlPlaneRule: Rule = {
  id: 'namespace/injection/missing-control-plane',
  severity: 'error',
  kinds: ['Namespace'],
  reads: CONTROL_PLANE_READS,
  title: 'A namespace asks for sidecar injection by a revision no control plane serves',
  fix: 'Label the namespace with the revision of an existing control plane (`istio.io/rev=<name>.<namespace>`), or install that control plane.',
  check(subject, ctx) {
    const ns = modelNamespace(ctx, subject.cluster, nameOf(subject));
    if (!ns?.injection.missingControlPlane) return [];
    const legacy = ns.injection.mode === 'enabled';
    const available = ctx.model.controlPlanes.filter((cp) => cp.cluster === subject.cluster).map((cp) => cp.revision);
    return [{
      path: prop('metadata.labels', legacy ? INJECTION_LABEL : REV_LABEL),
      message: `No control plane serves revision ${ns.injection.revision ?? ''}: new pods get no sidecar`,
      context: { revision: ns.injection.revision ?? '', availableRevisions: sortedJoin(available) },
    }];
  },
};

export const namespaceConflictingLabelsRule: Rule = {
  id: 'namespace/injection/conflicting-labels',
  severity: 'warning',
  kinds: ['Namespace'],
  reads: [],
  title: 'A namespace has both istio-injection and istio.io/rev labels',
  fix: 'Keep one label: istio.io/rev for a revision (smm\'s control planes), istio-injection only for the default revision.',
  check(subject) {
    const labels = subject.object.metadata.labels ?? {};
    if (labels[INJECTION_LABEL] === undefined || labels[REV_LABEL] === undefined) return [];
    return [{
      path: prop('metadata.labels', REV_LABEL),
      message: `Both ${INJECTION_LABEL} and ${REV_LABEL} are set; ${INJECTION_LABEL} takes precedence`,
      context: { [INJECTION_LABEL]: labels[INJECTION_LABEL], [REV_LABEL]: labels[REV_LABEL] },
    }];
  },
};

export const injectionRules: readonly Rule[] = [
  podOutdatedProxyImageRule,
  podSidecarMissingRule,
  podRevisionMismatchRule,
  podManualInjectionRule,
  controlPlaneOutdatedProxiesRule,
  namespaceMissingControlPlaneRule,
  namespaceConflictingLabelsRule,
];
