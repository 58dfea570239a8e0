import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.js';
import { MemoryCluster } from '../../kube/memory/memory-cluster.js';
import type { ClusterPort } from '../../kube/port.js';
import { Resources } from '../../kube/resources.js';
import { FakeClock } from './clock.js';
import { startOperatorHttp, type OperatorHttpServer } from './http.js';
import { runOperator, type OperatorHandle } from './operator.js';

/** The port with `get` held back until `open()`: the operator has not reached the API server yet. */
function gatedPort(port: ClusterPort): { port: ClusterPort; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => { open = resolve; });
  const gated = new Proxy(port, {
    get(target, prop) {
      if (prop === 'get') return async (...args: Parameters<ClusterPort['get']>) => gate.then(() => target.get(...args));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { port: gated, open };
}

async function fetchText(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

let operator: OperatorHandle | undefined;
let server: OperatorHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  await operator?.stop();
  server = undefined;
  operator = undefined;
});

describe('startOperatorHttp', () => {
  it('answers /healthz, /readyz and /metrics as the probes and Prometheus expect', async () => {
    const clock = new FakeClock();
    const cluster = new MemoryCluster({ now: () => new Date(clock.now()) });
    cluster.registry.register(Resources.ControlPlane);
    const { port, open } = gatedPort(cluster.port());
    operator = runOperator({
      port, identity: 'op-1', namespace: 'default', clock,
      reconcile: async () => ({ status: 'Succeeded', changes: 1, components: {}, warnings: [] }),
    });
    server = await startOperatorHttp({ port: 0, operator });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect((await fetchText(`${server.url}/healthz`)).status).toBe(200);
    const before = await fetchText(`${server.url}/readyz`);
    expect(before.status).toBe(503);
    expect(before.body).toContain('Lease has not been read');

    open();
    await operator.ready;
    await clock.advance(0);
    await cluster.port().create({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'ControlPlane', metadata: { name: 'smm' }, spec: {} } as KubeObject);
    await clock.advance(0);

    const ready = await fetchText(`${server.url}/readyz`);
    expect(ready).toMatchObject({ status: 200, body: 'ok: leading\n' });
    const metrics = await fetchText(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = metrics.body.split('\n');
    expect(lines).toContain('smm_operator_leader 1');
    expect(lines).toContain('smm_operator_leader_transitions_total 1');
    expect(lines).toContain('smm_operator_reconcile_total{result="success"} 1');
    expect(lines).toContain('smm_operator_reconcile_total{result="error"} 0');
    expect(lines).toContain('smm_operator_reconcile_duration_seconds_bucket{le="+Inf"} 1');
    expect(lines).toContain('smm_operator_reconcile_duration_seconds_count 1');
    expect(lines).toContain('# TYPE smm_operator_reconcile_duration_seconds histogram');
    expect(lines).toContain(`smm_operator_last_reconcile_timestamp_seconds ${clock.now() / 1000}`);
    expect((await fetchText(`${server.url}/nope`)).status).toBe(404);

    // After shutdown the loop is gone: the kubelet would restart, Prometheus sees leader 0.
    await operator.stop();
    expect((await fetchText(`${server.url}/healthz`)).status).toBe(503);
    expect((await fetchText(`${server.url}/readyz`)).status).toBe(503);
    expect((await fetchText(`${server.url}/metrics`)).body.split('\n')).toContain('smm_operator_leader 0');
  });
});
