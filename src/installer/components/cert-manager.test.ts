import { describe, expect, it } from 'vitest';
import { certManager } from './cert-manager.js';
import type { Schema } from './crd.js';
import { findObject, firstContainer, presentObjects, servicePortsOf, TEST_IMAGES, testInstallConfig } from './testing.js';

const crdSchema = (o: { [k: string]: unknown }): Schema =>
  (o['spec'] as { versions: { schema: { openAPIV3Schema: Schema } }[] }).versions[0]!.schema.openAPIV3Schema;

describe('certManager', () => {
  const desired = certManager.build(testInstallConfig());

  it('runs controller, cainjector and webhook in cert-manager with the configured images', () => {
    const images = {
      'cert-manager': TEST_IMAGES.certManagerController,
      'cert-manager-cainjector': TEST_IMAGES.certManagerCainjector,
      'cert-manager-webhook': TEST_IMAGES.certManagerWebhook,
    };
    for (const [name, image] of Object.entries(images)) {
      const d = findObject(desired, 'Deployment', name, 'cert-manager');
      expect(d.state).toBe('present');
      expect(firstContainer(d.object).image).toBe(image);
      expect(d.object.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'smm' });
      findObject(desired, 'ServiceAccount', name, 'cert-manager');
      findObject(desired, 'ClusterRoleBinding', name);
    }
    expect(findObject(desired, 'Namespace', 'cert-manager').state).toBe('present');
  });

  it('serves the webhook on 443 and metrics on 9402', () => {
    expect(servicePortsOf(findObject(desired, 'Service', 'cert-manager-webhook').object)).toEqual([{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }]);
    expect(servicePortsOf(findObject(desired, 'Service', 'cert-manager').object)[0]).toMatchObject({ port: 9402 });
  });

  it('installs the Certificate, Issuer and ClusterIssuer CRDs, keeping unknown spec and status fields', () => {
    for (const name of ['certificates.cert-manager.io', 'issuers.cert-manager.io', 'clusterissuers.cert-manager.io']) {
      const schema = crdSchema(findObject(desired, 'CustomResourceDefinition', name).object);
      expect(schema.properties?.['spec']?.['x-kubernetes-preserve-unknown-fields'], name).toBe(true);
      expect(schema.properties?.['status']?.['x-kubernetes-preserve-unknown-fields'], name).toBe(true);
    }
    const scope = (n: string) => (findObject(desired, 'CustomResourceDefinition', n).object['spec'] as { scope: string }).scope;
    expect(scope('clusterissuers.cert-manager.io')).toBe('Cluster');
    expect(scope('certificates.cert-manager.io')).toBe('Namespaced');
  });

  it('adds no admission webhook configurations (they would block the API server)', () => {
    expect(desired.filter((d) => d.object.kind.endsWith('WebhookConfiguration'))).toEqual([]);
  });

  it('follows a custom namespace and a valuesOverride', () => {
    const c = testInstallConfig({ spec: { certManager: { namespace: 'certs', valuesOverride: { logLevel: 4 } } } });
    const out = presentObjects(certManager.build(c));
    const controller = findObject(certManager.build(c), 'Deployment', 'cert-manager', 'certs');
    expect(firstContainer(controller.object).args).toEqual(expect.arrayContaining(['--v=4', '--leader-election-namespace=certs']));
    expect(out.filter((o) => o.metadata.namespace && o.metadata.namespace !== 'certs')).toEqual([]);
    expect(certManager.warnings!(c)).toEqual([]);
  });

  it('removes its own namespace when disabled', () => {
    const off = certManager.build(testInstallConfig({ spec: { certManager: { enabled: false } } }));
    expect(findObject(off, 'Namespace', 'cert-manager').state).toBe('absent');
  });
});
