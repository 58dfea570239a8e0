// The dashboard's build: web/ -> dist/web, which the server serves at / (src/server/dashboard).
// `npm run dev:web` serves it with hot reload and proxies the API to a running `smm demo`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  build: {
    // SMM_WEB_OUT builds elsewhere (e.g. a private copy for one test run; the server takes SMM_DASHBOARD_DIR).
    outDir: process.env.SMM_WEB_OUT ?? fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.SMM_API_URL ?? 'http://127.0.0.1:50500' },
  },
});
