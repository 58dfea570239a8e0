// The editor's URLs for new resources: kind, template and its parameters, and where to go back. Pure.

/**
 * The editor's URL for a new resource of `kind`: optionally a template with parameters (e.g. the
 * selector of the gateway it is for), and where to go after saving.
 */
export function newResourcePath(kind: string, options: { template?: string; params?: Record<string, unknown>; back?: string } = {}): string {
  const q = new URLSearchParams({ kind });
  if (options.template) q.set('template', options.template);
  if (options.template && options.params) q.set('params', JSON.stringify(options.params));
  if (options.back) q.set('back', options.back);
  return `/istio-resources/new?${q.toString()}`;
}

/** `?params=` (JSON object) for the template named in the URL; anything else is ignored. */
export function parseParams(raw: string | null): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
