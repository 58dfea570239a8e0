// A small GraphQL console served at GET /api/graphql. It is self-contained on purpose:
// smm runs where the internet may not be reachable, so nothing is loaded from a CDN.

const EXAMPLE = `{
  namespaces { name injection revision }
  workloads(namespace: "smm-demo") {
    name kind app version replicas
    pods { name phase sidecar }
  }
  controlPlanes { name revision version }
}`;

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function consolePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>smm GraphQL console</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { padding: .5rem 1rem; display: flex; gap: 1rem; align-items: center; border-bottom: 1px solid #8884; }
  main { display: grid; grid-template-columns: 1fr 1fr; min-height: 0; }
  textarea, pre { margin: 0; padding: 1rem; font: 13px/1.4 ui-monospace, monospace; border: 0; overflow: auto; }
  textarea { resize: none; border-right: 1px solid #8884; background: transparent; color: inherit; }
  button { font: inherit; padding: .3rem 1rem; }
  .hint { opacity: .7; font-size: .9em; }
</style></head>
<body>
<header><strong>smm</strong> GraphQL console
  <button id="run" title="Ctrl+Enter">Run</button>
  <span class="hint">POST /api/graphql · Ctrl+Enter runs · the query is kept in the URL</span></header>
<main>
  <textarea id="q" spellcheck="false" aria-label="GraphQL query">${escapeHtml(EXAMPLE)}</textarea>
  <pre id="out" aria-live="polite"></pre>
</main>
<script>
  const q = document.getElementById('q'), out = document.getElementById('out');
  const fromUrl = new URLSearchParams(location.search).get('query');
  if (fromUrl) q.value = fromUrl;
  async function run() {
    history.replaceState(null, '', '?query=' + encodeURIComponent(q.value));
    out.textContent = 'running…';
    try {
      const r = await fetch('/api/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: q.value }) });
      out.textContent = JSON.stringify(await r.json(), null, 2);
    } catch (e) { out.textContent = 'request failed: ' + e; }
  }
  document.getElementById('run').onclick = run;
  q.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
</script>
</body></html>`;
}

export function landingPage(mode: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>smm</title>
<style>:root{color-scheme:light dark;font-family:system-ui,sans-serif}body{max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head>
<body><h1>smm</h1><p>Service mesh manager for Istio, serving the <strong>${escapeHtml(mode)}</strong> mesh.</p>
<p>The dashboard is not built: run <code>npm run build</code> (or <code>npm ci</code>) and restart smm.</p>
<ul><li><a href="/api/graphql">GraphQL console</a> (<code>POST /api/graphql</code>)</li>
${mode === 'demo' ? '<li><a href="/demo/metrics">Demo traffic metrics</a> (Prometheus text format)</li>' : ''}
<li><a href="/healthz">/healthz</a></li></ul></body></html>`;
}
