// Serves the built dashboard (dist/web, from `vite build`): files under /assets are immutable
// (content-hashed names), every other GET that accepts HTML gets index.html so that deep links
// (/topology?ns=smm-demo, /pods/smm-demo/x) open the right page.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface StaticFile { status: number; type: string; body: Buffer; cacheControl: string }

/**
 * dist/web beside the compiled server (dist/server/dashboard -> dist/web), or, when the server
 * runs from source (tsx src/...), the repository's dist/web. `SMM_DASHBOARD_DIR` overrides.
 */
export function findDashboardDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.SMM_DASHBOARD_DIR,
    fileURLToPath(new URL('../../web/', import.meta.url)),
    fileURLToPath(new URL('../../../dist/web/', import.meta.url)),
  ];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'index.html'))) return dir;
  return null;
}

export class DashboardFiles {
  private index: Buffer | null = null;

  constructor(private readonly dir: string) {}

  /** The file for a GET path, the SPA's index.html for page paths, or null (a 404). */
  lookup(pathname: string, acceptsHtml: boolean): StaticFile | null {
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    } catch {
      return null;
    }
    if (rel.split(sep).includes('..')) return null;
    if (rel && rel !== 'index.html') {
      const file = join(this.dir, rel);
      if (file.startsWith(this.dir) && existsSync(file) && statSync(file).isFile()) {
        const immutable = rel.startsWith(`assets${sep}`);
        return { status: 200, type: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file), cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
      }
      // A missing asset is a 404, never the HTML page (a browser would try to run it as script).
      if (rel.startsWith(`assets${sep}`) || extname(rel) !== '') return null;
    }
    if (!acceptsHtml && rel) return null;
    this.index ??= readFileSync(join(this.dir, 'index.html'));
    return { status: 200, type: TYPES['.html']!, body: this.index, cacheControl: 'no-cache' };
  }
}
