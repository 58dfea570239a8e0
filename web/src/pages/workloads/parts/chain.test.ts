import { describe, expect, it } from 'vitest';
import { chainCrumbs, controllerOfPod, nodePath } from './chain';

describe('drill-down chain', () => {
  const chain = [{ kind: 'Deployment', name: 'web' }, { kind: 'ReplicaSet', name: 'web-5d9f' }];

  it('finds the ReplicaSet that owns a pod, else the top controller', () => {
    expect(controllerOfPod(chain, 'web-5d9f-x2k4p')).toEqual({ kind: 'ReplicaSet', name: 'web-5d9f' });
    // A pod of an older ReplicaSet the model does not list belongs to the Deployment.
    expect(controllerOfPod(chain, 'web-77aa-q1')).toEqual({ kind: 'Deployment', name: 'web' });
    expect(controllerOfPod([{ kind: 'StatefulSet', name: 'db' }], 'db-0')).toEqual({ kind: 'StatefulSet', name: 'db' });
    expect(controllerOfPod([], 'lonely')).toBeUndefined();
  });

  it('builds breadcrumbs back up the chain, keeping the cluster', () => {
    const crumbs = chainCrumbs({ namespace: 'smm-demo', cluster: 'c1', workload: 'web', controller: chain[1], pod: 'web-5d9f-x2k4p' });
    expect(crumbs.map((c) => c.to)).toEqual([
      '/workloads?ns=smm-demo',
      '/workloads/smm-demo/web?cluster=c1',
      '/controllers/smm-demo/ReplicaSet/web-5d9f?cluster=c1',
      '/pods/smm-demo/web-5d9f-x2k4p?cluster=c1',
    ]);
  });

  it('links a node with the pod it was reached from', () => {
    expect(nodePath('node-1', 'c1', { namespace: 'smm-demo', pod: 'web-1' })).toBe('/nodes/node-1?cluster=c1&pod=smm-demo%2Fweb-1');
    expect(nodePath('node-1')).toBe('/nodes/node-1');
  });
});
