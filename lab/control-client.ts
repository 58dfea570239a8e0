// Test workers cannot call methods on the lab (it lives in vitest's main process, started by
// test/integration/globalSetup.ts), so the lab serves a tiny HTTP control channel on 127.0.0.1
// (lab/control-server.ts) and tests drive it with this client.
import type { LabUserName } from './cluster.js';

export interface LabControlInfo {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Bearer token: only this test run may drive the lab. */
  token: string;
}

/** Everything a test needs to know about the running lab; plain data, so it can be provided. */
export interface LabDescription {
  stateDir: string;
  clusters: {
    name: string;
    server: string;
    /** PEM file of the cluster CA. */
    caFile: string;
    kubeconfigs: Record<LabUserName, string>;
  }[];
  prometheus?: { url: string };
  control: LabControlInfo;
}

export class LabControlClient {
  constructor(private readonly info: LabControlInfo) {}

  stopApiServer(cluster: string): Promise<void> {
    return this.post(`/clusters/${encodeURIComponent(cluster)}/apiserver/stop`);
  }

  /** Resolves once the API server answers /readyz again. */
  startApiServer(cluster: string): Promise<void> {
    return this.post(`/clusters/${encodeURIComponent(cluster)}/apiserver/start`);
  }

  /** Resolves once Prometheus has scraped the target at least once. */
  addScrapeTarget(job: string, url: string): Promise<void> {
    return this.post('/prometheus/targets', { job, url });
  }

  stopPrometheus(): Promise<void> {
    return this.post('/prometheus/stop');
  }

  /** Resolves once Prometheus is ready again (same port, data and targets). */
  startPrometheus(): Promise<void> {
    return this.post('/prometheus/start');
  }

  private async post(path: string, body?: unknown): Promise<void> {
    const res = await fetch(new URL(path, this.info.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.info.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`lab control ${path}: HTTP ${res.status}: ${await res.text()}`);
  }
}
