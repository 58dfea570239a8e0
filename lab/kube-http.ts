// The few Kubernetes API calls the lab needs to bootstrap a cluster, over plain HTTPS with the
// cluster CA and a bearer token. Kept separate from src/kube (the product's adapter, under test)
// so the lab does not depend on the code it is used to test.
import { request } from 'node:https';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface KubeResponse {
  status: number;
  body: string;
}

/** Resource paths of the kinds the lab creates. */
const RESOURCES: Record<string, { plural: string; namespaced: boolean }> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  Node: { plural: 'nodes', namespaced: false },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  Role: { plural: 'roles', namespaced: true },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  CustomResourceDefinition: { plural: 'customresourcedefinitions', namespaced: false },
};

export function objectPath(obj: KubeObject): string {
  const resource = RESOURCES[obj.kind];
  if (!resource) throw new Error(`lab bootstrap does not know kind ${obj.kind}`);
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = resource.namespaced ? `/namespaces/${obj.metadata.namespace ?? 'default'}` : '';
  return `${base}${ns}/${resource.plural}/${obj.metadata.name}`;
}

export class KubeHttp {
  constructor(
    readonly server: string,
    private readonly ca: string,
    private readonly token: string,
  ) {}

  call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<KubeResponse> {
    const url = new URL(path, this.server);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.ca,
          // No keep-alive: the lab stops and restarts API servers, and a pooled socket to a
          // stopped server would only produce confusing errors.
          agent: false,
          timeout: 10_000,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': contentType }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.href}: timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async json<T>(path: string): Promise<T> {
    const res = await this.call('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }

  /** Server-side apply: creates or updates, so a bootstrap step can simply be repeated. */
  async apply(obj: KubeObject): Promise<void> {
    const path = `${objectPath(obj)}?fieldManager=smm-lab&force=true`;
    const res = await this.call('PATCH', path, JSON.stringify(obj), 'application/apply-patch+yaml');
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`apply ${obj.kind} ${obj.metadata.name}: HTTP ${res.status}: ${res.body.slice(0, 500)}`);
    }
  }

  /** True when /readyz answers "ok"; false on any error, as during start-up. */
  async ready(): Promise<boolean> {
    try {
      const res = await this.call('GET', '/readyz');
      return res.status === 200 && res.body.trim() === 'ok';
    } catch {
      return false;
    }
  }
}
