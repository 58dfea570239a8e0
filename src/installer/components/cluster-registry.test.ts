import { describe, expect, it } from 'vitest';
import { clusterRegistry } from './cluster-registry.js';
import { envOf, findObject, firstContainer, TEST_IMAGES, testInstallConfig } from './testing.js';

describe('clusterRegistry', () => {
  const desired = clusterRegistry.build(testInstallConfig());

  it('installs the cluster-scoped Cluster, ClusterFeature and ResourceSyncRule CRDs', () => {
    for (const plural of ['clusters', 'clusterfeatures', 'resourcesyncrules']) {
      const spec = findObject(desired, 'CustomResourceDefinition', `${plural}.clusterregistry.k8s.cisco.com`).object['spec'] as { scope: string; versions: { name: string }[] };
      expect(spec.scope).toBe('Cluster');
      expect(spec.versions.map((v) => v.name)).toEqual(['v1alpha1']);
    }
  });

  it('registers this cluster under its name, with its kubeconfig Secret in the registry namespace', () => {
    const cluster = findObject(desired, 'Cluster', 'primary');
    expect(cluster.state).toBe('present');
    expect(cluster.object.apiVersion).toBe('clusterregistry.k8s.cisco.com/v1alpha1');
    expect(cluster.object.metadata.namespace).toBeUndefined();
    expect(cluster.object['spec']).toEqual({ authInfo: { secretRef: { name: 'primary', namespace: 'cluster-registry' } } });
  });

  it('runs the controller with its image, the local cluster and the network', () => {
    const d = findObject(desired, 'Deployment', 'cluster-registry-controller', 'cluster-registry');
    const c = firstContainer(d.object);
    expect(c.image).toBe(TEST_IMAGES.clusterRegistryController);
    expect(envOf(c)).toMatchObject({ PROVISION_LOCAL_CLUSTER: 'primary', NETWORK_NAME: 'network1', LEADER_ELECTION_NAMESPACE: 'cluster-registry' });
    const passive = clusterRegistry.build(testInstallConfig({ spec: { role: 'passive', clusterName: 'workload-2' } }));
    expect(envOf(firstContainer(findObject(passive, 'Deployment', 'cluster-registry-controller').object))).toMatchObject({ NETWORK_NAME: 'workload-2' });
  });

  it('takes a valuesOverride (API server address for peers)', () => {
    const c = testInstallConfig({ spec: { clusterRegistry: { valuesOverride: { apiServerEndpointAddress: 'https://10.0.0.1:6443' } } } });
    const d = findObject(clusterRegistry.build(c), 'Deployment', 'cluster-registry-controller');
    expect(envOf(firstContainer(d.object))['APISERVER_ENDPOINT_ADDRESS']).toBe('https://10.0.0.1:6443');
  });

  it('reports a valuesOverride of the cluster name (managed by spec.clusterName)', () => {
    const c = testInstallConfig({ spec: { clusterRegistry: { valuesOverride: { clusterName: 'other' } } } });
    expect(clusterRegistry.warnings!(c)).toEqual(['spec.clusterRegistry.valuesOverride.clusterName is managed by smm; using "primary"']);
    expect(findObject(clusterRegistry.build(c), 'Cluster', 'primary').state).toBe('present');
  });
});
