// Validation errors of the installer's custom resources: every problem at once, each with the
// field path it is about and, for input read from a YAML file, the line and column.

export interface ValidationProblem {
  /** Field path as kubectl prints it: `spec.smm.prometheus.replicas`, `spec.registryAccess.pullSecrets[0].name`. */
  path: string;
  message: string;
  /** 1-based position in the source file, when the input came from YAML and the field was found. */
  line?: number;
  column?: number;
}

export function formatProblem(p: ValidationProblem, source?: string): string {
  const where = p.line === undefined ? '' : `${source ?? '<input>'}:${p.line}:${p.column ?? 1}: `;
  return `${where}${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** A custom resource refused before anything was written; `problems` lists every finding. */
export class ResourceValidationError extends Error {
  override name = 'ResourceValidationError';

  constructor(
    readonly kind: string,
    readonly problems: readonly ValidationProblem[],
    /** File name or other origin of the input, for messages. */
    readonly source?: string,
  ) {
    const head = `${kind}${source ? ` in ${source}` : ''} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
    super([head, ...problems.map((p) => `  ${formatProblem(p, source)}`)].join('\n'));
  }
}

export class ControlPlaneValidationError extends ResourceValidationError {
  override name = 'ControlPlaneValidationError';

  constructor(problems: readonly ValidationProblem[], source?: string) {
    super('ControlPlane', problems, source);
  }
}

export class DemoApplicationValidationError extends ResourceValidationError {
  override name = 'DemoApplicationValidationError';

  constructor(problems: readonly ValidationProblem[], source?: string) {
    super('DemoApplication', problems, source);
  }
}

/** `['spec', 'pullSecrets', 0, 'name']` → `spec.pullSecrets[0].name`. */
export function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}
