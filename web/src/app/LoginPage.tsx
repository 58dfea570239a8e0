// Shown when the server wants a token (in-cluster mode): paste one from `smm login` or kubectl.
import { useState, type FormEvent } from 'react';
import { request, setToken } from '../api/client';

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setToken(token.trim());
    try {
      await request('query SignInCheck { about { version } }');
      onSignedIn();
    } catch (err) {
      setToken(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="page" style={{ maxWidth: 560, margin: '60px auto' }}>
      <div className="card">
        <h1>Sign in to smm</h1>
        <p>This server acts on the cluster as you: paste a Kubernetes bearer token that the cluster accepts.</p>
        <ul className="muted">
          <li><code>smm login --kubeconfig ~/.kube/config</code> prints a token, or</li>
          <li><code>kubectl create token &lt;service-account&gt; -n &lt;namespace&gt;</code></li>
        </ul>
        <p className="muted">Easiest: <code>smm dashboard</code> opens this page already signed in.</p>
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="token">Token</label>
          <textarea id="token" rows={4} style={{ width: '100%' }} value={token} onChange={(e) => setValue(e.target.value)} />
          {error && <div className="state error" role="alert">{error}</div>}
          <div style={{ marginTop: 10 }}><button className="btn primary" type="submit" disabled={!token.trim()}>Sign in</button></div>
        </form>
      </div>
    </div>
  );
}
