// Names the ControlPlane API derives or checks: RFC 1123 names, the Istio version and the
// IstioControlPlane name and revision that follow from it. Pure functions.

/** RFC 1123 label: what Kubernetes accepts as a namespace or Service name, and smm as a cluster name. */
export const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const RFC1123_LABEL_MAX = 63;
/** RFC 1123 subdomain: dot-separated labels (Secret and ConfigMap names). */
export const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const RFC1123_SUBDOMAIN_MAX = 253;

export function isRfc1123Label(s: string): boolean {
  return s.length <= RFC1123_LABEL_MAX && RFC1123_LABEL.test(s);
}

/**
 * `--cluster-name` as the manual describes it: lowercase, every character other than
 * `a-z0-9-` (the `_` of GKE context names, the `.` of EKS ones, `:`...) becomes `-`, runs of
 * `-` collapse, and `-` is trimmed from both ends; at most 63 characters.
 */
export function normalizeClusterName(input: string): string {
  // Accents are dropped first (`Zürich` → `zurich`), not turned into `-`.
  const name = input.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '')
    .slice(0, RFC1123_LABEL_MAX).replace(/-$/, '');
  if (name === '') {
    throw new Error(`cluster name ${JSON.stringify(input)} has no letters or digits: give a name made of lowercase letters, digits and '-' (RFC 1123), e.g. --cluster-name prod-eu-1`);
  }
  return name;
}

/** `1.24.3`, also with a pre-release or build suffix as vendors tag them (`1.15.3-bzc.0`). */
export const ISTIO_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$/;

export interface IstioVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseIstioVersion(version: string): IstioVersion | undefined {
  const m = ISTIO_VERSION.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** The IstioControlPlane name for a version: `cp-v<major><minor>x` (1.24.3 → `cp-v124x`), one per minor. */
export function istioControlPlaneName(version: string): string {
  const v = parseIstioVersion(version);
  if (!v) throw new Error(`${JSON.stringify(version)} is not an Istio version: expected MAJOR.MINOR.PATCH, e.g. 1.24.3`);
  return `cp-v${v.major}${v.minor}x`;
}

/** The value of `istio.io/rev`: `<name>.<namespace>`, e.g. `cp-v124x.istio-system`. */
export function istioRevision(name: string, namespace: string): string {
  return `${name}.${namespace}`;
}
