// Certificates and keys for one lab cluster, made with openssl: a cluster CA, the API server's
// serving certificate (so clients verify TLS instead of skipping it) and the service-account
// signing key pair. EC P-256 keys: fast to generate, accepted by every component.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClusterPki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

/** Names the API server's certificate is valid for: loopback plus the in-cluster service names. */
const SERVING_SANS = [
  'IP:127.0.0.1',
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
  // First address of the service range (lab.ts: SERVICE_CIDR), the "kubernetes" Service.
  'IP:10.96.0.1',
];

export async function makeClusterPki(openssl: string, dir: string, clusterName: string): Promise<ClusterPki> {
  await mkdir(dir, { recursive: true });
  const p = (name: string): string => join(dir, name);
  const pki: ClusterPki = {
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    servingCert: p('apiserver.crt'),
    servingKey: p('apiserver.key'),
    serviceAccountKey: p('sa.key'),
    serviceAccountPub: p('sa.pub'),
  };
  const genKey = (out: string): Promise<unknown> =>
    run(openssl, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out]);

  await Promise.all([genKey(pki.caKey), genKey(pki.servingKey), genKey(pki.serviceAccountKey)]);
  await run(openssl, ['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  await run(openssl, [
    'req', '-x509', '-new', '-key', pki.caKey, '-sha256', '-days', '3650',
    '-subj', `/CN=smm-lab ${clusterName} CA`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out', pki.caCert,
  ]);
  const csr = p('apiserver.csr');
  const ext = p('apiserver.ext');
  await run(openssl, ['req', '-new', '-key', pki.servingKey, '-subj', '/CN=kube-apiserver', '-out', csr]);
  await writeFile(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${SERVING_SANS.join(',')}`,
      '',
    ].join('\n'),
  );
  await run(openssl, [
    'x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-CAcreateserial',
    '-days', '3650', '-sha256', '-extfile', ext, '-out', pki.servingCert,
  ]);
  return pki;
}
