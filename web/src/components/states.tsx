// Loading, empty and error states: every view shows one of these instead of a blank area.
import type { ReactNode } from 'react';
import type { ApiError, RequestError } from '../api/client';
import { Link } from '../app/router';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <div className="state" role="status" aria-live="polite"><span className="spinner" />{what}…</div>;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return <div className="state" data-state="empty"><div className="title">{title}</div>{children}</div>;
}

/** What to do about an error code (docs/graphql.md, "Error codes"). */
function advice(code: string): string {
  switch (code) {
    case 'TELEMETRY_UNAVAILABLE': return 'Metrics are unavailable: check Prometheus (smm server --prometheus-url). Inventory below is current.';
    case 'FORBIDDEN': return 'Your Kubernetes user may not read this: ask for the permission, or sign in as another user.';
    case 'UNAUTHENTICATED': return 'Sign in again with a token (smm login).';
    case 'NETWORK': return 'Is the smm server still running?';
    case 'CLUSTER_UNAVAILABLE':
    case 'UNAVAILABLE': return 'The cluster does not answer right now; this view retries.';
    default: return '';
  }
}

export function ErrorState({ error, title = 'Could not load this view' }: { error: RequestError | ApiError; title?: string }) {
  const hint = advice(error.code);
  return (
    <div className="state error" role="alert">
      <div className="title">{title}</div>
      <div>{error.message}</div>
      {hint && <div className="muted">{hint}</div>}
    </div>
  );
}

/** Field errors that arrived beside the data, e.g. metrics unavailable while inventory is fine. */
export function PartialErrors({ errors }: { errors: ApiError[] }) {
  if (errors.length === 0) return null;
  const unique = [...new Map(errors.map((e) => [e.code + e.message, e])).values()];
  return (
    <>
      {unique.map((e) => <div key={e.code + e.message} className="notice" role="status">{e.message}{advice(e.code) ? ` — ${advice(e.code)}` : ''}</div>)}
    </>
  );
}

/** The no-traffic state: points to the load generator, as the product does. */
export function NoTraffic() {
  return (
    <Empty title="No traffic yet">
      Metrics appear once requests flow. <Link to="/topology?load=1">Generate load</Link> from the topology page, or run <code>smm demoapp load start</code>.
    </Empty>
  );
}
