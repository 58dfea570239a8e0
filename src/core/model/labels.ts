// App and version of a workload, in the order Istio derives its canonical service labels:
// `service.istio.io/canonical-*`, then `app.kubernetes.io/*`, then plain `app` / `version`.
// Template labels come first; the first pod's labels fill in what the template lacks.

type Labels = Record<string, string> | undefined;

function firstOf(keys: string[], ...sources: Labels[]): string | undefined {
  for (const labels of sources) {
    if (!labels) continue;
    for (const k of keys) {
      const v = labels[k];
      if (v) return v;
    }
  }
  return undefined;
}

export function canonicalApp(template: Labels, pod?: Labels): string | undefined {
  return firstOf(['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'], template, pod);
}

export function canonicalVersion(template: Labels, pod?: Labels): string | undefined {
  return firstOf(['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'], template, pod);
}
