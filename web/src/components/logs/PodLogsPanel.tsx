// Pod logs streaming at the bottom of the screen (the product's "Show pod logs"): one podLogs
// subscription per container, a container filter kept in the URL (`?logs=<container>`, `all`
// for every container), pause, clear, and auto-scroll that stops while the user reads above.
import { useEffect, useReducer, useRef, useState } from 'react';
import { useSubscription } from '../../api/use-query';
import { useSearchParam } from '../../app/router';
import { ALL_CONTAINERS, containerFilter, emptyBuffer, logReducer, visibleLines } from './log-buffer';
import './pod-logs.css';

const POD_LOGS = /* GraphQL */ `subscription PodLogs($cluster: String, $namespace: String!, $pod: String!, $container: String, $tailLines: Int) {
  podLogs(cluster: $cluster, namespace: $namespace, pod: $pod, container: $container, tailLines: $tailLines)
}`;

export interface PodLogsTarget {
  cluster: string;
  namespace: string;
  pod: string;
  containers: string[];
}

type StreamStatus = { state: 'open' } | { state: 'ended' } | { state: 'failed'; message: string };

/** One container's stream; renders nothing, reports lines and how the stream ends. */
function ContainerStream({ target, container, onLine, onStatus }: { target: PodLogsTarget; container: string; onLine: (container: string, text: string) => void; onStatus: (container: string, s: StreamStatus) => void }) {
  const { error, ended } = useSubscription<{ podLogs: string }>(POD_LOGS,
    { cluster: target.cluster, namespace: target.namespace, pod: target.pod, container, tailLines: 100 }, (d) => onLine(container, d.podLogs));
  useEffect(() => {
    onStatus(container, error ? { state: 'failed', message: error.message } : ended ? { state: 'ended' } : { state: 'open' });
  }, [container, error, ended, onStatus]);
  return null;
}

/** The `?logs=` parameter: present means the panel is open. */
export function usePodLogsParam(): [string | null, (v: string | null) => void] {
  const [logs, setLogs] = useSearchParam('logs');
  return [logs, (v) => setLogs(v, { replace: false })];
}

export function PodLogsPanel({ target }: { target: PodLogsTarget }) {
  const [param, setParam] = usePodLogsParam();
  const filter = containerFilter(param, target.containers);
  const [buffer, dispatch] = useReducer(logReducer, undefined, emptyBuffer);
  const [statuses, setStatuses] = useState<Record<string, StreamStatus>>({});
  const box = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  const onLine = useRef((container: string, text: string) => dispatch({ type: 'append', container, text })).current;
  const onStatus = useRef((container: string, s: StreamStatus) => setStatuses((all) => ({ ...all, [container]: s }))).current;
  const shown = visibleLines(buffer.lines, filter);

  // Follow new lines only while the user is at the bottom.
  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown.length]);

  const relevant = filter ? [filter] : target.containers;
  const failed = relevant.flatMap((c) => { const s = statuses[c]; return s?.state === 'failed' ? [`${c}: ${s.message}`] : []; });
  const ended = relevant.filter((c) => statuses[c]?.state === 'ended');
  const status = failed.length ? `Log stream failed — ${failed.join('; ')}`
    : ended.length === relevant.length && relevant.length > 0 ? 'The log stream ended (the container stopped or the pod is gone).'
      : buffer.paused ? `Paused — ${buffer.pending.length} new line(s) waiting` : 'Streaming live';

  return (
    <>
      <div className="pod-logs-spacer" aria-hidden="true" />
      <section className="pod-logs" data-testid="pod-logs" aria-label={`Logs of pod ${target.pod}`}>
        {target.containers.map((c) => <ContainerStream key={c} target={target} container={c} onLine={onLine} onStatus={onStatus} />)}
        <header>
          <h2>Logs · {target.pod}</h2>
          <label>Container{' '}
            <select value={filter ?? ALL_CONTAINERS} onChange={(e) => setParam(e.target.value)} data-testid="logs-container">
              <option value={ALL_CONTAINERS}>All containers</option>
              {target.containers.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
          <span className={`status${failed.length ? ' bad' : ''}`} role="status" data-testid="logs-status">{status}</span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => dispatch({ type: buffer.paused ? 'resume' : 'pause' })}>{buffer.paused ? 'Resume' : 'Pause'}</button>
          <button type="button" className="btn" onClick={() => dispatch({ type: 'clear' })}>Clear</button>
          <button type="button" className="btn" onClick={() => setParam(null)} aria-label="Close pod logs">Close</button>
        </header>
        <pre className="lines" ref={box} tabIndex={0} aria-label="Log lines"
          onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}>
          {buffer.dropped > 0 && <span className="line muted">… {buffer.dropped} older line(s) dropped</span>}
          {shown.length === 0 && <span className="empty">{failed.length ? 'No lines.' : 'Waiting for log lines…'}</span>}
          {shown.map((l) => <span key={l.id} className="line" data-container={l.container}>{!filter && <span className="c">{l.container}</span>}{l.text}</span>)}
        </pre>
      </section>
    </>
  );
}
