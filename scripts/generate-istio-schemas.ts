// Writes src/core/validation/schema/istio-schemas.json: the schemas of Istio's CRDs (from the
// istio.io/api module the lab pins in lab/go/go.mod, installed by `bash lab/setup.sh`) and of
// smm's servicemesh.cisco.com CRDs (IstioControlPlane, IstioMeshGateway, as the installer
// creates them), without descriptions, for the offline schema validator.
// Usage: npx tsx scripts/generate-istio-schemas.ts [--check]
//   --check  write nothing; exit 1 when the committed file differs from the generated output.

import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { findArtifacts } from '../lab/paths.js';
import { resolveInstallConfig } from '../src/installer/api/defaults.js';
import type { ControlPlane } from '../src/installer/api/types.js';
import { meshManager, SERVICEMESH_GROUP } from '../src/installer/components/mesh-manager.js';
import { buildSchemaBundle, serializeSchemaBundle, type CrdSource } from '../src/core/validation/schema/crd-schema.js';

export const ISTIO_SCHEMAS_PATH = 'src/core/validation/schema/istio-schemas.json';
export const ISTIO_SCHEMAS_COMMAND = 'npm run generate:istio-schemas';

/** Istio's CRDs as the lab installed them; the source names the istio.io/api version. */
export async function istioCrdSource(): Promise<CrdSource> {
  const file = findArtifacts().istioCrds;
  const docs = parseAllDocuments(await readFile(file, 'utf8'));
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]?.message ?? 'invalid YAML'}`);
  }
  // The cache directory is `istio-api-<version>`: that is the module version.
  const version = basename(dirname(file)).replace(/^istio-api-/, '');
  return { source: `istio.io/api ${version} customresourcedefinitions.gen.yaml`, documents: docs.map((d) => d.toJS() as unknown) };
}

/** smm's servicemesh.cisco.com CRDs, exactly as the installer renders them. */
export function servicemeshCrdSource(): CrdSource {
  const cp = { apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec: {} } as ControlPlane;
  const documents = meshManager.build(resolveInstallConfig(cp))
    .map((d) => d.object)
    .filter((o) => o.kind === 'CustomResourceDefinition' && (o['spec'] as { group?: string } | undefined)?.group === SERVICEMESH_GROUP);
  return { source: `${SERVICEMESH_GROUP} (smm installer, src/installer/components/mesh-manager.ts)`, documents };
}

export async function generateIstioSchemas(): Promise<string> {
  return serializeSchemaBundle(buildSchemaBundle([await istioCrdSource(), servicemeshCrdSource()]));
}

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const target = join(root, ISTIO_SCHEMAS_PATH);
  const check = process.argv.includes('--check');
  const generated = await generateIstioSchemas();
  const before = await readFile(target, 'utf8').catch(() => undefined);
  if (before === generated) {
    console.log(`unchanged ${ISTIO_SCHEMAS_PATH}`);
    return;
  }
  if (check) {
    console.error(`out of date ${ISTIO_SCHEMAS_PATH}: run ${ISTIO_SCHEMAS_COMMAND}`);
    process.exit(1);
  }
  await writeFile(target, generated);
  console.log(`${before === undefined ? 'created' : 'updated'} ${ISTIO_SCHEMAS_PATH} (${generated.length} bytes)`);
}

// Run only as a script: the drift test imports generateIstioSchemas.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
