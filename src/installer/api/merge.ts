// Settings merge as the product documents it: defaults, then the user's `valuesOverride`,
// then managed settings. Managed settings always win; a user value that collides with one
// is reported (with its path), never silently dropped.

export type Values = Record<string, unknown>;

export interface MergeResult<T extends Values> {
  values: T;
  /** Paths (`a.b.c`) where the user's override was replaced by a managed setting. */
  collisions: string[];
}

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge: maps merge key by key, anything else (lists included) is replaced. */
export function deepMerge<T extends Values>(base: T, over: Values | undefined): T {
  if (!over) return structuredClone(base);
  const out: Values = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    out[k] = isMap(v) && isMap(out[k]) ? deepMerge(out[k] as Values, v) : structuredClone(v);
  }
  return out as T;
}

function collisionsOf(override: Values, managed: Values, prefix: string): string[] {
  const out: string[] = [];
  for (const [k, m] of Object.entries(managed)) {
    if (!(k in override)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const o = override[k];
    if (isMap(o) && isMap(m)) out.push(...collisionsOf(o, m, path));
    else if (JSON.stringify(o) !== JSON.stringify(m)) out.push(path);
  }
  return out;
}

export function mergeValues<T extends Values>(defaults: T, override: Values | undefined, managed: Values): MergeResult<T> {
  const merged = deepMerge(deepMerge(defaults, override), managed);
  return { values: merged, collisions: override ? collisionsOf(override, managed, '') : [] };
}
