// The dashboard's build: web/ -> dist/web, which the server serves at / (src/server/dashboard).
// `npm run dev:web` serves it with hot reload and proxies the API to a running `smm demo`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.SMM_API_URL ?? 'http://127.0.0.1:50500' },
  },
});
