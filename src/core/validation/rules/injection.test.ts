import { describe, expect, it } from 'vitest';
import {
  controlPlaneOutdatedProxiesRule, injectionRules, namespaceConflictingLabelsRule, namespaceMissingControlPlaneRule, podManualInjectionRule,
  podOutdatedProxyImageRule, podRevisionMismatchRule, podSidecarMissingRule,
} from './injection.js';
import { checkRule, namespace } from '../testing.js';
import { CP_REVISION, gatewayPod, injectedNamespace, istioControlPlane, meshPod, OLD_PROXY_IMAGE, PROXY_IMAGE } from '../testing-policy.js';

const cp = istioControlPlane();
const demoNs = injectedNamespace('smm-demo');

describe('pod/sidecar/outdated-proxy-image', () => {
  it('fires when the sidecar image differs from the control plane\'s proxy image', () => {
    const objects = [cp, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' }, { sidecarImage: OLD_PROXY_IMAGE })];
    expect(checkRule(podOutdatedProxyImageRule, objects, 'movies-1')).toEqual([expect.objectContaining({
      checkID: 'pod/sidecar/outdated-proxy-image', severity: 'warning', path: 'spec.containers[1].image', istioRevision: CP_REVISION,
      context: { currentImage: OLD_PROXY_IMAGE, currentVersion: '1.15.3-bzc', expectedImage: PROXY_IMAGE, expectedVersion: '1.15.3', controlPlane: CP_REVISION },
    })]);
  });

  it('compares versions when the control plane names no image', () => {
    const objects = [istioControlPlane({ proxyImage: null, version: '1.16.0' }), demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' })];
    expect(checkRule(podOutdatedProxyImageRule, objects, 'movies-1')[0]?.context).toEqual({
      currentImage: PROXY_IMAGE, currentVersion: '1.15.3-bzc.0', expectedVersion: '1.16.0', controlPlane: CP_REVISION,
    });
  });

  it('does not fire on the current image, a build of the current version, or pods without sidecar', () => {
    expect(checkRule(podOutdatedProxyImageRule, [cp, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' })], 'movies-1')).toEqual([]);
    expect(checkRule(podOutdatedProxyImageRule, [istioControlPlane({ proxyImage: null }), demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' })], 'movies-1')).toEqual([]);
    expect(checkRule(podOutdatedProxyImageRule, [cp, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' }, { sidecarImage: null })], 'movies-1')).toEqual([]);
  });
});

describe('pod/sidecar/missing', () => {
  it('fires on a pod without sidecar in an injected namespace', () => {
    const objects = [cp, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' }, { sidecarImage: null })];
    expect(checkRule(podSidecarMissingRule, objects, 'movies-1')).toEqual([expect.objectContaining({
      checkID: 'pod/sidecar/missing', severity: 'warning', path: 'spec.containers', context: { namespace: 'smm-demo', injection: `istio.io/rev=${CP_REVISION}` },
    })]);
  });

  it('fires on a pod asking for injection by label in an unlabelled namespace', () => {
    const objects = [cp, namespace('apps'), meshPod('movies-1', 'apps', { app: 'movies', 'sidecar.istio.io/inject': 'true' }, { sidecarImage: null })];
    expect(checkRule(podSidecarMissingRule, objects, 'movies-1')[0]?.context).toEqual({ namespace: 'apps', injection: 'sidecar.istio.io/inject=true' });
  });

  it('does not fire on opted-out pods, pods with sidecar, or in non-injected namespaces', () => {
    expect(checkRule(podSidecarMissingRule, [cp, demoNs, meshPod('job-1', 'smm-demo', { 'sidecar.istio.io/inject': 'false' }, { sidecarImage: null })], 'job-1')).toEqual([]);
    expect(checkRule(podSidecarMissingRule, [cp, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' })], 'movies-1')).toEqual([]);
    expect(checkRule(podSidecarMissingRule, [cp, namespace('apps'), meshPod('movies-1', 'apps', { app: 'movies' }, { sidecarImage: null })], 'movies-1')).toEqual([]);
  });
});

describe('pod/sidecar/revision-mismatch', () => {
  const canary = istioControlPlane({ name: 'cp-v116x', version: '1.16.0', proxyImage: 'ghcr.io/cisco-open/istio-proxyv2:v1.16.0-bzc.0' });

  it('fires when the pod\'s proxy belongs to another control plane than its namespace asks for', () => {
    const objects = [cp, canary, injectedNamespace('smm-demo', 'cp-v116x.istio-system'), meshPod('movies-1', 'smm-demo', { app: 'movies' })];
    expect(checkRule(podRevisionMismatchRule, objects, 'movies-1')).toEqual([expect.objectContaining({
      checkID: 'pod/sidecar/revision-mismatch', path: 'metadata.labels["istio.io/rev"]',
      context: { podRevision: CP_REVISION, namespaceRevision: 'cp-v116x.istio-system' },
    })]);
  });

  it('does not fire when they agree, also with istio-injection=enabled and a single control plane', () => {
    expect(checkRule(podRevisionMismatchRule, [cp, canary, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' })], 'movies-1')).toEqual([]);
    expect(checkRule(podRevisionMismatchRule, [cp, namespace('smm-demo', { 'istio-injection': 'enabled' }), meshPod('movies-1', 'smm-demo', { app: 'movies' })], 'movies-1')).toEqual([]);
  });
});

describe('pod/sidecar/manual-injection', () => {
  it('fires (info) on a sidecar in a namespace that disables injection', () => {
    const objects = [cp, namespace('legacy', { 'istio-injection': 'disabled' }), meshPod('app-1', 'legacy', { app: 'app' })];
    expect(checkRule(podManualInjectionRule, objects, 'app-1')).toEqual([expect.objectContaining({
      checkID: 'pod/sidecar/manual-injection', severity: 'info', path: 'spec.containers[1].image', context: { namespace: 'legacy', injection: 'disabled', image: PROXY_IMAGE },
    })]);
  });

  it('does not fire in injected namespaces, for pod-label injection, or on gateway pods', () => {
    expect(checkRule(podManualInjectionRule, [cp, demoNs, meshPod('app-1', 'smm-demo', { app: 'app' })], 'app-1')).toEqual([]);
    expect(checkRule(podManualInjectionRule, [cp, namespace('apps'), meshPod('app-1', 'apps', { app: 'app' })], 'app-1')).toEqual([]);
    expect(checkRule(podManualInjectionRule, [cp, namespace('istio-system'), gatewayPod('ingress-1', 'istio-system', { istio: 'ingressgateway' })], 'ingress-1')).toEqual([]);
  });
});

describe('istiocontrolplane/proxies/outdated-version', () => {
  it('fires on the control plane when some of its proxies are outdated', () => {
    const objects = [cp, demoNs, meshPod('movies-1', 'smm-demo', { app: 'movies' }, { sidecarImage: OLD_PROXY_IMAGE }), meshPod('books-1', 'smm-demo', { app: 'books' })];
    expect(checkRule(controlPlaneOutdatedProxiesRule, objects, 'cp-v115x')).toEqual([expect.objectContaining({
      checkID: 'istiocontrolplane/proxies/outdated-version', severity: 'warning', path: 'spec.proxy.image',
      context: { outdatedProxies: '1', versions: '1.15.3-bzc', pods: 'smm-demo/movies-1', expectedImage: PROXY_IMAGE, expectedVersion: '1.15.3' },
    })]);
  });

  it('does not fire when every proxy is current', () => {
    expect(checkRule(controlPlaneOutdatedProxiesRule, [cp, demoNs, meshPod('books-1', 'smm-demo', { app: 'books' })], 'cp-v115x')).toEqual([]);
  });
});

describe('namespace/injection/missing-control-plane', () => {
  it('fires when the namespace asks for a revision no control plane serves', () => {
    const objects = [cp, injectedNamespace('smm-demo', 'cp-v117x.istio-system')];
    expect(checkRule(namespaceMissingControlPlaneRule, objects, 'smm-demo')).toEqual([expect.objectContaining({
      checkID: 'namespace/injection/missing-control-plane', severity: 'error', path: 'metadata.labels["istio.io/rev"]',
      context: { revision: 'cp-v117x.istio-system', availableRevisions: CP_REVISION },
    })]);
  });

  it('does not fire for a served revision or a namespace without injection', () => {
    expect(checkRule(namespaceMissingControlPlaneRule, [cp, demoNs], 'smm-demo')).toEqual([]);
    expect(checkRule(namespaceMissingControlPlaneRule, [cp, namespace('apps')], 'apps')).toEqual([]);
  });
});

describe('namespace/injection/conflicting-labels', () => {
  it('fires when both labels are set', () => {
    const ns = namespace('apps', { 'istio-injection': 'enabled', 'istio.io/rev': CP_REVISION });
    expect(checkRule(namespaceConflictingLabelsRule, [ns], 'apps')).toEqual([expect.objectContaining({
      checkID: 'namespace/injection/conflicting-labels', path: 'metadata.labels["istio.io/rev"]', context: { 'istio-injection': 'enabled', 'istio.io/rev': CP_REVISION },
    })]);
  });

  it('does not fire with one label', () => {
    expect(checkRule(namespaceConflictingLabelsRule, [injectedNamespace('apps')], 'apps')).toEqual([]);
  });
});

describe('the injection family', () => {
  it('has unique, well-formed IDs', () => {
    const ids = injectionRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(pod|namespace|istiocontrolplane)\/[a-z0-9-]+(\/[a-z0-9-]+)?$/);
  });
});
