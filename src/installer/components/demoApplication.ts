// `smm demoapp install`: the product's demo application on a real cluster, derived from the
// same DEMO_APP the in-memory demo runs: the `smm-demo` namespace (labelled with the Istio
// revision, so the injector adds the proxies), the DemoApplication CR recording what was asked
// for, and per component its Deployments and Services (plain application containers), plus the
// `bombardier` load generator in front of frontpage.

import type { KubeObject } from '../../core/model/k8s.js';
import { DEMO_APP, DEMO_APP_VERSION, DEMO_COMPONENTS, workloadLabels, type DemoWorkload } from '../../demo/app.js';
import type { ResourceRequirements } from '../api/types.js';
import type { DesiredObject } from './component.js';
import { deployment, namespaceObject, service, serviceAccount, type Container, type EnvVar, type Labels } from './k8s.js';

export interface DemoLoadOptions {
  enabled?: boolean;
  minRPS?: number;
  maxRPS?: number;
  /** A Go duration in nanoseconds, as the DemoApplication CR spells it. */
  swingPeriodNs?: number;
}

export interface DemoApplicationOptions {
  namespace?: string;
  /** The `istio.io/rev` the namespace is labelled with. */
  revision: string;
  /** Components to run (`-s`); all of DEMO_COMPONENTS when absent. */
  components?: string[];
  load?: DemoLoadOptions;
}

export const DEMO_APPLICATION_NAME = 'smm-demo';
const LOAD_GENERATOR = 'bombardier';
const ENTRY_SERVICE = 'frontpage';
const DATABASES = new Set(['postgresql', 'mysql']);

// As the product's DemoApplication; the databases get room to start.
const APP_RESOURCES: ResourceRequirements = { limits: { cpu: '2', memory: '192Mi' }, requests: { cpu: '40m', memory: '64Mi' } };
const DATABASE_RESOURCES: ResourceRequirements = { limits: { cpu: '2', memory: '512Mi' }, requests: { cpu: '40m', memory: '128Mi' } };

type Component = (typeof DEMO_COMPONENTS)[number];

/** The requested components, checked: an unknown name is an error naming the valid ones. */
export function demoComponents(requested: string[] | undefined): Component[] {
  if (requested === undefined) return [...DEMO_COMPONENTS];
  if (requested.length === 0) throw new Error(`no demo components given; choose from ${DEMO_COMPONENTS.join(', ')}`);
  const known = new Set<string>(DEMO_COMPONENTS);
  const unknown = requested.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new Error(`unknown demo component(s) ${unknown.join(', ')}; choose from ${DEMO_COMPONENTS.join(', ')}`);
  return DEMO_COMPONENTS.filter((c) => requested.includes(c));
}

// --- what each workload calls ----------------------------------------------------------------

/** allspark's `REQUESTS` (`url#count`, space separated) and its SQL client settings. */
function callEnv(w: DemoWorkload, running: Set<string>): EnvVar[] {
  const urls: string[] = [];
  const env: EnvVar[] = [];
  for (const call of DEMO_APP.calls.filter((c) => c.from === w.name && running.has(c.service))) {
    const svc = DEMO_APP.services.find((s) => s.name === call.service);
    const port = svc?.ports.find((p) => p.name === call.port);
    if (!svc || !port) continue;
    const count = Math.max(1, Math.round(call.ratio));
    if (port.protocol === 'http') urls.push(`http://${svc.name}:${port.port}/#${count}`);
    else if (port.protocol === 'grpc') urls.push(`grpc://${svc.name}:${port.port}#${count}`);
    else if (svc.name === 'postgresql') env.push({ name: 'SQL_DSN', value: `postgresql://postgres@postgresql:${port.port}/postgres?sslmode=disable` }, { name: 'SQL_QUERY', value: 'SELECT 1' }, { name: 'SQL_QUERY_REPEAT_COUNT', value: String(count) });
    else if (svc.name === 'mysql') env.push({ name: 'SQL_DSN', value: `mysql://root@tcp(mysql:${port.port})/mysql` }, { name: 'SQL_QUERY', value: 'SELECT 1' }, { name: 'SQL_QUERY_REPEAT_COUNT', value: String(count) });
  }
  return urls.length > 0 ? [{ name: 'REQUESTS', value: urls.join(' ') }, ...env] : env;
}

// The database images refuse to start without a password setting; the demo runs without one.
const DATABASE_ENV: Record<string, EnvVar[]> = {
  postgresql: [{ name: 'ALLOW_EMPTY_PASSWORD', value: 'yes' }],
  mysql: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' }],
};

interface Load { enabled: boolean; minRPS: number; maxRPS: number; swingPeriodNs: number }

function container(w: DemoWorkload, running: Set<string>, load: Load): Container {
  if (w.app === LOAD_GENERATOR) {
    const entry = DEMO_APP.services.find((s) => s.name === ENTRY_SERVICE)?.ports.find((p) => p.protocol === 'http');
    // bombardier has one rate: the middle of the swing the DemoApplication describes.
    const rps = Math.round((load.minRPS + load.maxRPS) / 2);
    return {
      name: w.containerName, image: w.image, imagePullPolicy: 'IfNotPresent',
      args: ['-c', '2', '-d', '87600h', '-r', String(rps), '-p', 'r', `http://${ENTRY_SERVICE}:${entry?.port ?? 8080}/`],
      resources: APP_RESOURCES,
    };
  }
  const env = [...(DATABASE_ENV[w.app] ?? []), ...callEnv(w, running)];
  return {
    name: w.containerName, image: w.image, imagePullPolicy: 'IfNotPresent',
    ports: w.ports.map((p) => ({ name: p.name, containerPort: p.targetPort })),
    ...(env.length > 0 ? { env } : {}),
    resources: DATABASES.has(w.app) ? DATABASE_RESOURCES : APP_RESOURCES,
  };
}

// --- objects ---------------------------------------------------------------------------------

function demoApplicationCr(namespace: string, revision: string, components: Component[], load: Load, labels: Labels): KubeObject {
  return {
    apiVersion: 'smm.cisco.com/v1alpha1', kind: 'DemoApplication',
    metadata: { name: DEMO_APPLICATION_NAME, namespace, labels },
    spec: {
      controlPlaneRef: { name: 'smm' },
      enabled: true,
      enabledComponents: components,
      replicas: 1,
      autoscaling: { enabled: false },
      // smm renders the workloads itself and adds no Istio or SLO resources (yet).
      deployIstioResources: false,
      deploySLOResources: false,
      istio: { revision },
      load: { enabled: load.enabled, minRPS: load.minRPS, maxRPS: load.maxRPS, swingPeriod: load.swingPeriodNs },
      resources: APP_RESOURCES,
    },
  };
}

export function buildDemoApplication(options: DemoApplicationOptions): DesiredObject[] {
  const ns = options.namespace ?? DEMO_APP.namespace;
  const components = demoComponents(options.components);
  const load: Load = {
    enabled: options.load?.enabled ?? true,
    minRPS: options.load?.minRPS ?? DEMO_APP.load.minRPS,
    maxRPS: options.load?.maxRPS ?? DEMO_APP.load.maxRPS,
    swingPeriodNs: options.load?.swingPeriodNs ?? DEMO_APP.load.swingPeriodNs,
  };
  if (load.minRPS < 0 || load.maxRPS < load.minRPS) throw new Error(`demo load: need 0 <= minRPS <= maxRPS, got ${load.minRPS}..${load.maxRPS}`);
  const running = new Set<string>(components);
  const partOf: Labels = { 'app.kubernetes.io/part-of': DEMO_APPLICATION_NAME };
  // The load generator has nothing to call without the entry service (a peer cluster's half).
  const apps = new Set<string>([...components, ...(running.has(ENTRY_SERVICE) ? [LOAD_GENERATOR] : [])]);
  const workloads = DEMO_APP.workloads.filter((w) => w.namespace === DEMO_APP.namespace && apps.has(w.app));
  const services = DEMO_APP.services.filter((s) => s.namespace === DEMO_APP.namespace && running.has(s.name));

  const objects: KubeObject[] = [
    namespaceObject(ns, {
      'istio.io/rev': options.revision,
      'app.kubernetes.io/instance': DEMO_APPLICATION_NAME,
      'app.kubernetes.io/name': DEMO_APPLICATION_NAME,
      'app.kubernetes.io/version': DEMO_APP_VERSION,
      ...partOf,
    }),
    demoApplicationCr(ns, options.revision, components, load, partOf),
  ];
  const accounts = new Set<string>();
  for (const w of workloads) {
    if (!accounts.has(w.serviceAccount)) {
      accounts.add(w.serviceAccount);
      objects.push(serviceAccount({ name: w.serviceAccount, namespace: ns, labels: { app: w.app, ...partOf } }));
    }
    const labels = { ...workloadLabels(w), ...partOf };
    const replicas = w.app === LOAD_GENERATOR && !load.enabled ? 0 : w.replicas;
    objects.push(deployment({
      name: w.name, namespace: ns, labels, replicas, selector: workloadLabels(w),
      pod: { serviceAccountName: w.serviceAccount, containers: [container(w, running, load)] },
    }));
  }
  for (const s of services) {
    objects.push(service({
      name: s.name, namespace: ns, labels: { app: s.name, ...partOf }, selector: s.selector, type: s.type,
      ports: s.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
    }));
  }
  return objects.map((object) => ({ object, state: 'present' }));
}
