import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { countingPort } from '../kube/counting-port.js';
import { MemoryCluster } from '../kube/memory/memory-cluster.js';
import { defaultControlPlane } from './api/defaults.js';
import { dumpResources, installControlPlane, SUPPORTED_KUBERNETES } from './installer.js';

describe('installer', () => {
  it('refuses an unsupported Kubernetes version before writing anything', async () => {
    for (const version of ['v1.20.4', `v1.${SUPPORTED_KUBERNETES.max + 1}.0`]) {
      const port = countingPort(new MemoryCluster({ version }).port());
      await expect(installControlPlane(port, defaultControlPlane())).rejects.toThrow(new RegExp(`Kubernetes ${version.replace(/\./g, '\\.')} is not supported: smm installs on 1\\.${SUPPORTED_KUBERNETES.min} to 1\\.${SUPPORTED_KUBERNETES.max}; nothing was changed`));
      expect(port.counts.apply + port.counts.create + port.counts.update + port.counts.delete).toBe(0);
    }
  });

  it('dumps every component as YAML files in apply order, applying nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smm-dump-'));
    const files = await dumpResources(defaultControlPlane(), dir);
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.slice(dir.length + 1)).sort());
    expect(files[0]).toMatch(/00-smm-crds\.yaml$/);
    expect(files.at(-1)).toMatch(/controlplane\.yaml$/);
    const kinds = files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => (d.toJS() as { kind: string }).kind));
    for (const k of ['CustomResourceDefinition', 'Namespace', 'Deployment', 'Service', 'IstioControlPlane', 'ControlPlane']) expect(kinds).toContain(k);
  });
});
