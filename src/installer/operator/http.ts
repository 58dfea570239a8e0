// The operator's probe and metrics endpoints, for the kubelet and Prometheus:
//   /healthz  200 while the campaign loop is alive (liveness: restart a stuck process)
//   /readyz   200 once the Lease was read, leading or standing by (503 before, or when dead)
//   /metrics  Prometheus text format

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperatorMetrics } from './metrics.js';
import type { OperatorHandle } from './operator.js';

export interface OperatorHttpOptions {
  /** Default 127.0.0.1; the Helm chart passes 0.0.0.0 so the kubelet can probe. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  operator: Pick<OperatorHandle, 'status'> & Partial<Pick<OperatorHandle, 'metrics'>>;
  /** Default: the operator's own. */
  metrics?: OperatorMetrics;
}

export interface OperatorHttpServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  url: string;
  close(): Promise<void>;
}

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export async function startOperatorHttp(options: OperatorHttpOptions): Promise<OperatorHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const metrics = options.metrics ?? options.operator.metrics;
  const server = createServer((req, res) => respond(req, res, options.operator, metrics));
  // Probes must not hold the process open on shutdown.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function respond(req: IncomingMessage, res: ServerResponse, operator: Pick<OperatorHandle, 'status'>, metrics: OperatorMetrics | undefined): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  const path = (req.url ?? '/').split('?')[0];
  const status = operator.status();
  switch (path) {
    case '/healthz':
      if (status.alive) send(res, 200, 'ok\n');
      else send(res, 503, 'leader election loop is not running\n');
      return;
    case '/readyz':
      if (status.alive && status.ready) send(res, 200, status.leader ? 'ok: leading\n' : `ok: standing by${status.holder ? ` (leader: ${status.holder})` : ''}\n`);
      else send(res, 503, status.alive ? 'not ready: the Lease has not been read yet\n' : 'not ready: leader election loop is not running\n');
      return;
    case '/metrics':
      if (metrics) send(res, 200, metrics.render(), { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
      else send(res, 404, 'no metrics\n');
      return;
    default:
      send(res, 404, 'not found\n');
  }
}

function send(res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
