// The lab side of the control channel (see control-client.ts): loopback only, bearer token,
// a few POST routes.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LabDescription } from './control-client.js';
import type { Lab } from './lab.js';

export interface ControlServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

export function describeLab(lab: Lab, control: { url: string; token: string }): LabDescription {
  const description: LabDescription = {
    stateDir: lab.stateDir,
    clusters: lab.clusters.map((c) => ({ name: c.name, server: c.server, caFile: c.caFile, kubeconfigs: { ...c.kubeconfigs } })),
    control: { url: control.url, token: control.token },
  };
  if (lab.prometheus) description.prometheus = { url: lab.prometheus.url };
  return description;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'body must be JSON');
  }
}

function authorized(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

async function route(lab: Lab, req: IncomingMessage): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://control').pathname;
  if (req.method !== 'POST') throw new HttpError(405, 'POST only');

  const apiserver = /^\/clusters\/([^/]+)\/apiserver\/(stop|start)$/.exec(path);
  if (apiserver) {
    const name = decodeURIComponent(apiserver[1] ?? '');
    const cluster = lab.clusters.find((c) => c.name === name);
    if (!cluster) throw new HttpError(404, `no cluster ${name}`);
    await (apiserver[2] === 'stop' ? cluster.stopApiServer() : cluster.startApiServer());
    return;
  }
  if (path === '/prometheus/targets') {
    if (!lab.prometheus) throw new HttpError(404, 'this lab has no Prometheus');
    const body = (await readJson(req)) as { job?: unknown; url?: unknown };
    if (typeof body.job !== 'string' || typeof body.url !== 'string') throw new HttpError(400, 'need {"job": string, "url": string}');
    await lab.prometheus.addScrapeTarget(body.job, body.url);
    return;
  }
  const prometheus = /^\/prometheus\/(stop|start)$/.exec(path);
  if (prometheus) {
    if (!lab.prometheus) throw new HttpError(404, 'this lab has no Prometheus');
    await (prometheus[1] === 'stop' ? lab.prometheus.stop() : lab.prometheus.start());
    return;
  }
  throw new HttpError(404, `no route ${path}`);
}

export async function serveControl(lab: Lab): Promise<ControlServer> {
  const token = randomBytes(24).toString('hex');
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!authorized(req, token)) return reply(401, { error: 'missing or wrong bearer token' });
    route(lab, req).then(
      () => reply(200, { ok: true }),
      (err: unknown) => reply(err instanceof HttpError ? err.status : 500, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('control server has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
