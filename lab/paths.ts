// Where lab/setup.sh puts what it prepares, computed the same way here so the lab finds it from
// any clone of the repository.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB_DIR = dirname(fileURLToPath(import.meta.url));
const GO_DIR = join(LAB_DIR, 'go');

/** Thrown when something setup.sh provides is missing; the message says what to run. */
export class LabSetupError extends Error {
  constructor(what: string) {
    super(`smm lab: ${what} is missing: run \`bash lab/setup.sh\` first`);
    this.name = 'LabSetupError';
  }
}

export function labCacheDir(): string {
  return process.env['SMM_LAB_CACHE'] ?? join(homedir(), '.cache', 'smm-lab');
}

/**
 * Same algorithm as source_key() in setup.sh: sha256 over "name\n" + content of go.mod, go.sum,
 * build.sh and the *.go files, in byte order of their names; first 16 hex digits.
 */
export function sourceKey(): string {
  const names = readdirSync(GO_DIR)
    .filter((n) => n === 'go.mod' || n === 'go.sum' || n === 'build.sh' || n.endsWith('.go'))
    .sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const hash = createHash('sha256');
  for (const name of names) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(join(GO_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

function istioApiVersion(): string {
  const goMod = readFileSync(join(GO_DIR, 'go.mod'), 'utf8');
  const match = /^\s*istio\.io\/api\s+(v\S+)/m.exec(goMod);
  if (!match?.[1]) throw new Error(`istio.io/api is not required in ${join(GO_DIR, 'go.mod')}`);
  return match[1];
}

export interface LabArtifacts {
  /** Multi-call binary: `smm-lab-k8s kube-apiserver|kube-controller-manager|kube-scheduler|kwok`. */
  k8sBinary: string;
  /** kwok's default Stages (node initialise + lease heartbeat, pod ready/complete/delete). */
  kwokStages: string;
  /** Istio's CRDs, from the istio.io/api module pinned in lab/go/go.mod. */
  istioCrds: string;
  etcd: string;
  prometheus: string;
  openssl: string;
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Locates everything the lab runs, or throws a LabSetupError naming the first missing part. */
export function findArtifacts(): LabArtifacts {
  const entry = join(labCacheDir(), `k8s-${sourceKey()}`);
  const k8sBinary = join(entry, 'smm-lab-k8s');
  const kwokStages = join(entry, 'kwok-stages.yaml');
  const istioCrds = join(labCacheDir(), `istio-api-${istioApiVersion()}`, 'customresourcedefinitions.gen.yaml');
  for (const [file, what] of [
    [k8sBinary, `the Kubernetes binary for the current lab/go sources (${k8sBinary})`],
    [kwokStages, `kwok's stages (${kwokStages})`],
    [istioCrds, `the Istio CRDs (${istioCrds})`],
  ] as const) {
    if (!existsSync(file)) throw new LabSetupError(what);
  }
  const command = (name: string, pkg: string): string => {
    const found = findOnPath(name);
    if (!found) throw new LabSetupError(`\`${name}\` (Debian package ${pkg})`);
    return found;
  };
  return {
    k8sBinary,
    kwokStages,
    istioCrds,
    etcd: command('etcd', 'etcd-server'),
    prometheus: command('prometheus', 'prometheus'),
    openssl: command('openssl', 'openssl'),
  };
}
