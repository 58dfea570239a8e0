// src/core/validation/schema/istio-schemas.json must not drift from what it is generated from:
// the Istio CRDs the lab installs (istio.io/api as pinned in lab/go/go.mod) and smm's
// servicemesh.cisco.com CRDs as the installer renders them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findArtifacts } from '../../lab/paths.js';
import { generateIstioSchemas, ISTIO_SCHEMAS_COMMAND, ISTIO_SCHEMAS_PATH } from '../../scripts/generate-istio-schemas.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('istio-schemas.json', () => {
  it('is what the lab\'s Istio CRDs and the installer\'s servicemesh CRDs generate', async () => {
    const committed = readFileSync(join(ROOT, ISTIO_SCHEMAS_PATH), 'utf8');
    const generated = await generateIstioSchemas();
    if (committed !== generated) {
      expect.fail(`${ISTIO_SCHEMAS_PATH} is out of date with ${findArtifacts().istioCrds} or the installer's servicemesh CRDs: run \`${ISTIO_SCHEMAS_COMMAND}\` and commit the result`);
    }
  });
});
