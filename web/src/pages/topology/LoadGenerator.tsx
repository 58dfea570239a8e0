// TOPOLOGY > HTTP: the test-load form (manual §1.7; its fields are unspecified, these are a
// reading of it). Send starts a time-bounded run through the generateLoad mutation; the graph
// shows the target's new edge within a poll or two. Only the demo can send: on a cluster smm
// does not create workloads behind the user's back, so the form says so and Send stays off.
import { useMemo, useState, type FormEvent } from 'react';
import { request, RequestError } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { Modal } from '../../components/Modal';
import { httpPorts, LOAD_METHODS, loadTargets, loadVariables, startedMessage, targetKey, targetLabel, type LoadFields, type LoadService } from './load-form';

const TARGETS_QUERY = /* GraphQL */ `query LoadTargets { services { cluster namespace name ports { name port protocol } } }`;
const GENERATE_MUTATION = /* GraphQL */ `mutation GenerateLoad($cluster: String, $namespace: String!, $service: String!, $port: Int, $path: String, $method: String, $requestsPerSecond: Float!, $durationSeconds: Int!) {
  generateLoad(cluster: $cluster, namespace: $namespace, service: $service, port: $port, path: $path, method: $method, requestsPerSecond: $requestsPerSecond, durationSeconds: $durationSeconds) {
    service port requestsPerSecond durationSeconds until
  }
}`;

interface GenerateAnswer { generateLoad: { service: string; port: number; requestsPerSecond: number; durationSeconds: number; until: string } }
type Outcome = { kind: 'sent'; message: string } | { kind: 'error'; message: string; argument?: string } | undefined;

export function LoadGenerator({ mode, namespaces, onClose }: { mode: string | undefined; namespaces: string[]; onClose: () => void }) {
  const services = useQuery<{ services: LoadService[] }>(TARGETS_QUERY);
  const targets = useMemo(() => loadTargets((services.data?.services ?? []).filter((s) => namespaces.length === 0 || namespaces.includes(s.namespace))), [services.data, namespaces]);
  const [fields, setFields] = useState<Omit<LoadFields, 'target' | 'port'> & { target?: string; port?: string }>({ path: '/', method: 'GET', rps: '20', duration: '60' });
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  // Until the user picks, the first target and its first HTTP port.
  const target = targets.find((s) => targetKey(s) === fields.target) ?? targets[0];
  const ports = httpPorts(target);
  const port = fields.port !== undefined && ports.some((p) => String(p.port) === fields.port) ? fields.port : String(ports[0]?.port ?? '');
  const demo = mode === 'demo';
  const set = (patch: Partial<LoadFields>) => { setFields((f) => ({ ...f, ...patch })); setOutcome(undefined); };

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!demo || sending) return;
    const parsed = loadVariables({ ...fields, target: target ? targetKey(target) : '', port }, targets);
    if (!parsed.ok) { setOutcome({ kind: 'error', message: parsed.message, argument: parsed.field }); return; }
    setSending(true);
    try {
      const { data } = await request<GenerateAnswer>(GENERATE_MUTATION, { ...parsed.variables });
      setOutcome({ kind: 'sent', message: startedMessage(data.generateLoad) });
    } catch (err) {
      const first = err instanceof RequestError ? err.errors[0] : undefined;
      const argument = typeof first?.extensions?.argument === 'string' ? first.extensions.argument : undefined;
      setOutcome({ kind: 'error', message: first ? `${first.code}: ${first.message}` : String(err instanceof Error ? err.message : err), argument });
    } finally {
      setSending(false);
    }
  }

  const invalid = (argument: string) => (outcome?.kind === 'error' && outcome.argument === argument ? true : undefined);
  return (
    <Modal title="Generate test load (HTTP)" onClose={onClose} actions={<>
      <button type="button" className="btn" onClick={onClose}>Close</button>
      <button type="submit" form="load-form" className="btn primary" disabled={!demo || sending || !target} data-testid="load-send"
        title={demo ? 'Start sending' : 'Sending test load runs in the demo only'}>{sending ? 'Sending…' : 'Send'}</button>
    </>}>
      {mode !== undefined && !demo && (
        <div className="notice" role="status" data-testid="load-demo-only">
          Test load from the dashboard runs in the demo only: smm does not create workloads in your cluster.
          Use <code>smm demoapp load start</code> (and <code>smm demoapp load stop</code>) for the demo application, or your own load tool.
        </div>
      )}
      {services.error && <div className="notice" role="alert">Could not list the services: {services.error.message}</div>}
      <form id="load-form" className="load-form" onSubmit={(e) => void send(e)}>
        <label>Target service
          <select value={target ? targetKey(target) : ''} onChange={(e) => set({ target: e.target.value, port: undefined })} aria-invalid={invalid('service')} data-testid="load-target">
            {targets.length === 0 && <option value="">{services.loading ? 'Loading services…' : 'No service with an HTTP port here'}</option>}
            {targets.map((s) => <option key={targetKey(s)} value={targetKey(s)}>{targetLabel(s)}</option>)}
          </select>
        </label>
        <label>Port
          <select value={port} onChange={(e) => set({ port: e.target.value })} aria-invalid={invalid('port')} data-testid="load-port">
            {ports.map((p) => <option key={p.port} value={String(p.port)}>{p.port}{p.name ? ` (${p.name})` : ''}</option>)}
          </select>
        </label>
        <label>Path <input type="text" value={fields.path} onChange={(e) => set({ path: e.target.value })} aria-invalid={invalid('path')} data-testid="load-path" /></label>
        <label>Method
          <select value={fields.method} onChange={(e) => set({ method: e.target.value })} aria-invalid={invalid('method')} data-testid="load-method">
            {LOAD_METHODS.map((m) => <option key={m}>{m}</option>)}
          </select>
        </label>
        <label>Requests per second <input type="text" inputMode="decimal" value={fields.rps} onChange={(e) => set({ rps: e.target.value })} aria-invalid={invalid('requestsPerSecond') ?? invalid('rps')} data-testid="load-rps" /></label>
        <label>Duration (s) <input type="text" inputMode="numeric" value={fields.duration} onChange={(e) => set({ duration: e.target.value })} aria-invalid={invalid('durationSeconds') ?? invalid('duration')} data-testid="load-duration" /></label>
      </form>
      {outcome?.kind === 'sent' && <p className="load-outcome ok" role="status" data-testid="load-sent">{outcome.message}: the graph shows it within a few seconds.</p>}
      {outcome?.kind === 'error' && <p className="load-outcome error" role="alert" data-testid="load-error">{outcome.message}</p>}
    </Modal>
  );
}
