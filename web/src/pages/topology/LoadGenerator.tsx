// TOPOLOGY > HTTP: the test-load form (manual §1.7; its fields are unspecified, these are a
// reading of it). Sending needs a load generator in the backend, which smm does not have yet:
// the form says so and points at what works today.
import { useState } from 'react';
import { Modal } from '../../components/Modal';

export function LoadGenerator({ mode, onClose }: { mode: string | undefined; onClose: () => void }) {
  const [target, setTarget] = useState('frontpage.smm-demo');
  const [port, setPort] = useState('8080');
  const [path, setPath] = useState('/');
  const [method, setMethod] = useState('GET');
  const [rps, setRps] = useState('10');
  const [duration, setDuration] = useState('60');
  return (
    <Modal title="Generate test load (HTTP)" onClose={onClose} actions={<>
      <button type="button" className="btn" onClick={onClose}>Close</button>
      <button type="button" className="btn primary" disabled title="not available yet">Send</button>
    </>}>
      <div className="notice" role="status" data-testid="load-unavailable">
        Sending test load from the dashboard is not available yet.{' '}
        {mode === 'demo'
          ? 'The demo mesh already runs constant simulated load (bombardier → frontpage).'
          : <>On a cluster, run <code>smm demoapp load start</code> (and <code>smm demoapp load stop</code>) for constant traffic to the demo application.</>}
      </div>
      <form className="load-form" onSubmit={(e) => e.preventDefault()}>
        <label>Target service <input type="text" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="name.namespace" /></label>
        <label>Port <input type="text" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} /></label>
        <label>Path <input type="text" value={path} onChange={(e) => setPath(e.target.value)} /></label>
        <label>Method <select value={method} onChange={(e) => setMethod(e.target.value)}>{['GET', 'POST', 'PUT', 'DELETE'].map((m) => <option key={m}>{m}</option>)}</select></label>
        <label>Requests per second <input type="text" inputMode="numeric" value={rps} onChange={(e) => setRps(e.target.value)} /></label>
        <label>Duration (s) <input type="text" inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} /></label>
      </form>
    </Modal>
  );
}
