// The HTTP server: GraphQL at /api/graphql (console on GET from a browser), the demo's
// metrics for Prometheus at /demo/metrics, health at /healthz. Loopback by default.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeshBackend } from './backend.js';
import { consolePage, landingPage } from './console-page.js';
import { DashboardFiles, findDashboardDir } from './dashboard/static-files.js';
import { createGraphQLHandler, GRAPHQL_PATH, type GraphQLHandlerOptions } from './graphql/handler.js';

export interface ServerOptions {
  backend: MeshBackend;
  /** How API requests are authenticated (docs/istio-resources.md); default: `SMM_AUTH_MODE`, else local. */
  auth?: GraphQLHandlerOptions['auth'];
  /** The built dashboard to serve at /; default: dist/web when it was built, else a landing page. */
  dashboardDir?: string | null;
  host?: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function createRequestHandler(backend: MeshBackend, options: GraphQLHandlerOptions & { dashboardDir?: string | null } = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const yoga = createGraphQLHandler(backend, options);
  const dashboardDir = options.dashboardDir === undefined ? findDashboardDir() : options.dashboardDir;
  const dashboard = dashboardDir ? new DashboardFiles(dashboardDir) : null;

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === GRAPHQL_PATH && req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html')) {
      return send(200, 'text/html; charset=utf-8', consolePage());
    }
    if (url.pathname === GRAPHQL_PATH) {
      void yoga.handle(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (url.pathname === '/healthz') return send(200, 'text/plain', 'ok\n');
    if (url.pathname === '/demo/metrics') {
      if (!backend.demoMetrics) return send(404, 'text/plain', 'no demo traffic simulator: start smm with `smm demo`\n');
      return send(200, 'text/plain; version=0.0.4; charset=utf-8', backend.demoMetrics());
    }
    if (dashboard) {
      const file = dashboard.lookup(url.pathname, (req.headers.accept ?? '').includes('text/html'));
      if (file) {
        res.writeHead(file.status, { 'content-type': file.type, 'cache-control': file.cacheControl, 'x-content-type-options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : file.body);
        return;
      }
    } else if (url.pathname === '/') {
      return send(200, 'text/html; charset=utf-8', landingPage(backend.mode));
    }
    return send(404, 'text/plain', `not found: ${url.pathname}\n`);
  };
}

/** Listen; a port in use or a bad host rejects with a one-line reason. */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createRequestHandler(options.backend, { auth: options.auth, dashboardDir: options.dashboardDir }));
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const reason = e.code === 'EADDRINUSE' ? `port ${options.port} on ${host} is already in use`
        : e.code === 'EACCES' ? `no permission to listen on ${host}:${options.port}`
          : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' ? `cannot listen on host ${host}: address not available`
            : e.message;
      reject(new Error(reason));
    });
    server.listen(options.port ?? 50500, host, () => {
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        server,
        close: () => new Promise<void>((res) => {
          server.closeAllConnections();
          server.close(() => res());
        }),
      });
    });
  });
}
