// The mesh's gateways as the GATEWAYS pages show them: smm's IstioMeshGateways and any other
// gateway deployment (found by Istio's gateway labels), each with its Service, the Istio
// Gateway servers that select it (Ports & Hosts), the VirtualServices bound to those Gateways
// (routes), and its upstream traffic. Pure: built from the model, the cached objects and edges.

import type { ClusterSnapshot, KubeObject, MeshModel, Service, Workload } from '../../core/model/index.js';
import type { EdgeTraffic } from '../../core/traffic/types.js';

export type GatewayType = 'ingress' | 'egress' | 'unknown';

export interface ObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** One server of an Istio Gateway: a port with its protocol, hosts and TLS. */
export interface GatewayServer {
  gateway: ObjectRef;
  port: number;
  portName?: string;
  protocol: string;
  hosts: string[];
  tlsMode?: string;
  credentialName?: string;
  httpsRedirect: boolean;
  object: KubeObject;
}

export interface RouteDestination {
  host: string;
  port?: number;
  subset?: string;
  weight?: number;
}

/** One rule of a VirtualService bound to the gateway (a row of the VIRTUAL SERVICES tab). */
export interface GatewayRoute {
  virtualService: ObjectRef;
  /** Gateways (and `mesh` for sidecars) the VirtualService applies to. */
  gateways: string[];
  hosts: string[];
  protocol: 'HTTP' | 'TLS' | 'TCP';
  /** Alternatives (OR); conditions inside one are ANDed. Empty: every request. */
  match: string[];
  destinations: RouteDestination[];
  /** Redirect, rewrite, timeout, retries, fault, mirror, header changes. */
  actions: string[];
  object: KubeObject;
}

export interface GatewayTraffic {
  requestsPerSecond: number;
  /** 0..1 of requests; undefined without requests. */
  errorRate?: number;
}

export interface MeshGatewayView extends ObjectRef {
  type: GatewayType;
  /** `IstioMeshGateway`: smm manages it; `Workload`: a gateway deployment found by its labels. */
  source: 'IstioMeshGateway' | 'Workload';
  meshGateway?: KubeObject;
  workload?: Workload;
  service?: Service;
  serviceType?: string;
  addresses: string[];
  status: string;
  error?: string;
  /** `namespace/name` of the control plane (IstioMeshGateway spec.istioControlPlane). */
  controlPlane?: string;
  servers: GatewayServer[];
  /** Distinct hosts over the servers. */
  hosts: string[];
  routes: GatewayRoute[];
  /** VirtualServices bound to the gateway. */
  virtualServices: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const specOf = (o: KubeObject): Obj => (isObj(o['spec']) ? o['spec'] : {});
const ref = (cluster: string, o: KubeObject): ObjectRef => ({ cluster, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' });

const GATEWAY_ISTIO_LABELS: Record<string, GatewayType> = { ingressgateway: 'ingress', egressgateway: 'egress' };

/** Pod labels of a workload (what Gateway selectors match), falling back to its own labels. */
const podLabels = (w: Workload): Record<string, string> => w.pods[0]?.labels ?? w.labels;

function typeFromLabels(labels: Record<string, string>): GatewayType {
  const t = labels['gateway-type'];
  if (t === 'ingress' || t === 'egress') return t;
  return GATEWAY_ISTIO_LABELS[labels['istio'] ?? ''] ?? 'unknown';
}

/** A gateway deployment not managed through an IstioMeshGateway: Istio's labels say so. */
export function isGatewayWorkload(w: Workload): boolean {
  const l = podLabels(w);
  return l['gateway-name'] !== undefined || l['istio'] === 'ingressgateway' || l['istio'] === 'egressgateway';
}

const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

// --- Gateway servers and VirtualService rules -------------------------------------------------

export function gatewayServers(cluster: string, gw: KubeObject): GatewayServer[] {
  return arr(specOf(gw)['servers']).filter(isObj).map((s) => {
    const port = isObj(s['port']) ? s['port'] : {};
    const tls = isObj(s['tls']) ? s['tls'] : undefined;
    const tlsMode = str(tls?.['mode']);
    const credentialName = str(tls?.['credentialName']);
    return {
      gateway: ref(cluster, gw),
      port: num(port['number']) ?? 0,
      ...(str(port['name']) ? { portName: str(port['name']) } : {}),
      protocol: (str(port['protocol']) ?? 'HTTP').toUpperCase(),
      hosts: strings(s['hosts']),
      ...(tlsMode ? { tlsMode } : {}),
      ...(credentialName ? { credentialName } : {}),
      httpsRedirect: tls?.['httpsRedirect'] === true,
      object: gw,
    };
  });
}

/** `uri prefix /a`, `header end-user exact jason`: one condition of a match, in words. */
function describeStringMatch(field: string, m: unknown): string | undefined {
  if (!isObj(m)) return undefined;
  for (const how of ['exact', 'prefix', 'regex']) {
    const v = str(m[how]);
    if (v !== undefined) return `${field} ${how} ${v}`;
  }
  return undefined;
}

/** One HTTP match entry as a sentence of ANDed conditions. */
export function describeHttpMatch(m: Obj): string {
  const parts: string[] = [];
  for (const f of ['uri', 'scheme', 'method', 'authority']) {
    const d = describeStringMatch(f, m[f]);
    if (d) parts.push(d);
  }
  for (const [bag, label] of [['headers', 'header'], ['queryParams', 'query']] as const) {
    if (isObj(m[bag])) for (const [k, v] of Object.entries(m[bag])) parts.push(describeStringMatch(`${label} ${k}`, v) ?? `${label} ${k}`);
  }
  const port = num(m['port']);
  if (port !== undefined) parts.push(`port ${port}`);
  const gws = strings(m['gateways']);
  if (gws.length > 0) parts.push(`gateways ${gws.join(', ')}`);
  return parts.length > 0 ? parts.join(' AND ') : 'any request';
}

function destinations(routes: unknown): RouteDestination[] {
  return arr(routes).filter(isObj).flatMap((r) => {
    const d = isObj(r['destination']) ? r['destination'] : undefined;
    const host = str(d?.['host']);
    if (!host) return [];
    const port = isObj(d?.['port']) ? num((d['port'] as Obj)['number']) : undefined;
    const subset = str(d?.['subset']);
    const weight = num(r['weight']);
    return [{ host, ...(port !== undefined ? { port } : {}), ...(subset ? { subset } : {}), ...(weight !== undefined ? { weight } : {}) }];
  });
}

/** What an HTTP rule does besides routing. */
export function httpActions(rule: Obj): string[] {
  const out: string[] = [];
  const redirect = isObj(rule['redirect']) ? rule['redirect'] : undefined;
  if (redirect) out.push(`redirect ${[str(redirect['authority']), str(redirect['uri'])].filter(Boolean).join('') || ''}${num(redirect['redirectCode']) ? ` (${num(redirect['redirectCode'])})` : ''}`.trim());
  const rewrite = isObj(rule['rewrite']) ? rule['rewrite'] : undefined;
  if (rewrite) out.push(`rewrite ${[str(rewrite['uri']) ? `uri ${str(rewrite['uri'])}` : '', str(rewrite['authority']) ? `authority ${str(rewrite['authority'])}` : ''].filter(Boolean).join(', ')}`.trim());
  const timeout = str(rule['timeout']);
  if (timeout) out.push(`timeout ${timeout}`);
  const retries = isObj(rule['retries']) ? rule['retries'] : undefined;
  if (retries) out.push(`retries ${num(retries['attempts']) ?? '?'}${str(retries['perTryTimeout']) ? ` (${str(retries['perTryTimeout'])} per try)` : ''}`);
  const fault = isObj(rule['fault']) ? rule['fault'] : undefined;
  if (fault && isObj(fault['delay'])) out.push(`fault: delay ${str(fault['delay']['fixedDelay']) ?? ''}`.trim());
  if (fault && isObj(fault['abort'])) out.push(`fault: abort ${num(fault['abort']['httpStatus']) ?? ''}`.trim());
  const mirror = isObj(rule['mirror']) ? str(rule['mirror']['host']) : undefined;
  if (mirror) out.push(`mirror to ${mirror}`);
  if (isObj(rule['headers'])) out.push('set headers');
  if (isObj(rule['corsPolicy'])) out.push('CORS policy');
  return out;
}

/** The rules of a VirtualService as rows. */
export function virtualServiceRoutes(cluster: string, vs: KubeObject): GatewayRoute[] {
  const spec = specOf(vs);
  const base = { virtualService: ref(cluster, vs), gateways: strings(spec['gateways']), hosts: strings(spec['hosts']), object: vs };
  const rows: GatewayRoute[] = [];
  for (const rule of arr(spec['http']).filter(isObj)) {
    rows.push({ ...base, protocol: 'HTTP', match: arr(rule['match']).filter(isObj).map(describeHttpMatch), destinations: destinations(rule['route']), actions: httpActions(rule) });
  }
  for (const [key, protocol] of [['tls', 'TLS'], ['tcp', 'TCP']] as const) {
    for (const rule of arr(spec[key]).filter(isObj)) {
      const match = arr(rule['match']).filter(isObj).map((m) => {
        const parts = [strings(m['sniHosts']).length ? `SNI ${strings(m['sniHosts']).join(', ')}` : '', num(m['port']) !== undefined ? `port ${num(m['port'])}` : ''].filter(Boolean);
        return parts.length > 0 ? parts.join(' AND ') : 'any connection';
      });
      rows.push({ ...base, protocol, match, destinations: destinations(rule['route']), actions: [] });
    }
  }
  return rows;
}

/** `ns/name` references a VirtualService makes to Gateways (`mesh` excluded), at any level. */
export function boundGateways(vs: KubeObject): Set<string> {
  const ns = vs.metadata.namespace ?? '';
  const spec = specOf(vs);
  const names = [...strings(spec['gateways'])];
  for (const key of ['http', 'tls', 'tcp']) {
    for (const rule of arr(spec[key]).filter(isObj)) for (const m of arr(rule['match']).filter(isObj)) names.push(...strings(m['gateways']));
  }
  return new Set(names.filter((n) => n !== 'mesh').map((n) => (n.includes('/') ? n : `${ns}/${n}`)));
}

// --- the gateways -----------------------------------------------------------------------------

function statusOf(meshGateway: KubeObject | undefined, workload: Workload | undefined): { status: string; error?: string } {
  const st = isObj(meshGateway?.['status']) ? meshGateway['status'] : undefined;
  const declared = str(st?.['Status']) ?? str(st?.['status']);
  const error = str(st?.['ErrorMessage']) || undefined;
  if (declared) return { status: declared, ...(error ? { error } : {}) };
  if (!workload) return { status: meshGateway ? 'Reconciling' : 'Unknown' };
  const r = workload.replicas;
  if (r.desired === 0) return { status: 'Scaled to zero' };
  return { status: r.available >= r.desired ? 'Available' : r.ready > 0 ? 'Degraded' : 'Unavailable' };
}

function loadBalancerAddresses(objects: readonly KubeObject[], service: Service | undefined): string[] {
  if (!service) return [];
  const o = objects.find((x) => x.kind === 'Service' && x.metadata.name === service.name && x.metadata.namespace === service.namespace);
  const status = isObj(o?.['status']) ? o['status'] : {};
  const lb = isObj(status['loadBalancer']) ? status['loadBalancer'] : {};
  return arr(lb['ingress']).filter(isObj).map((i) => str(i['ip']) ?? str(i['hostname'])).filter((x): x is string => !!x);
}

/** Every gateway of the mesh, sorted by cluster, namespace and name. */
export function buildGateways(model: MeshModel, snapshots: readonly ClusterSnapshot[]): MeshGatewayView[] {
  const out: MeshGatewayView[] = [];
  for (const snap of snapshots) {
    const cluster = snap.cluster;
    const of = (kind: string) => snap.objects.filter((o) => o.kind === kind);
    const workloads = model.workloads.filter((w) => w.cluster === cluster);
    const services = model.services.filter((s) => s.cluster === cluster);
    const gatewayCRs = of('Gateway');
    const virtualServices = of('VirtualService');
    const claimed = new Set<Workload>();

    const make = (namespace: string, name: string, meshGateway: KubeObject | undefined, workload: Workload | undefined): MeshGatewayView => {
      if (workload) claimed.add(workload);
      const labels = workload ? podLabels(workload) : {};
      const spec = meshGateway ? specOf(meshGateway) : {};
      const declaredType = str(spec['type']);
      const type: GatewayType = declaredType === 'ingress' || declaredType === 'egress' ? declaredType : typeFromLabels(labels);
      const service = services.find((s) => s.namespace === namespace && s.name === name)
        ?? (workload ? services.find((s) => s.namespace === namespace && s.workloads.some((w) => w.name === workload.name && w.kind === workload.kind)) : undefined);
      const servers = workload ? gatewayCRs.filter((g) => selects(isObj(specOf(g)['selector']) ? specOf(g)['selector'] as Record<string, string> : {}, labels)).flatMap((g) => gatewayServers(cluster, g)) : [];
      const gatewayKeys = new Set(servers.map((s) => `${s.gateway.namespace}/${s.gateway.name}`));
      const bound = virtualServices.filter((vs) => [...boundGateways(vs)].some((k) => gatewayKeys.has(k)));
      const st = isObj(meshGateway?.['status']) ? meshGateway['status'] : {};
      const cp = isObj(spec['istioControlPlane']) ? spec['istioControlPlane'] : undefined;
      const svcSpec = isObj(spec['service']) ? spec['service'] : {};
      const addresses = strings(st['GatewayAddress']);
      return {
        cluster, namespace, name, type,
        source: meshGateway ? 'IstioMeshGateway' : 'Workload',
        ...(meshGateway ? { meshGateway } : {}),
        ...(workload ? { workload } : {}),
        ...(service ? { service } : {}),
        ...(service?.type ?? str(svcSpec['type']) ? { serviceType: service?.type ?? str(svcSpec['type']) } : {}),
        addresses: addresses.length > 0 ? addresses : loadBalancerAddresses(snap.objects, service),
        ...statusOf(meshGateway, workload),
        ...(cp && str(cp['name']) ? { controlPlane: `${str(cp['namespace']) ?? ''}/${str(cp['name'])}` } : {}),
        servers,
        hosts: [...new Set(servers.flatMap((s) => s.hosts))].sort(),
        routes: bound.flatMap((vs) => virtualServiceRoutes(cluster, vs)),
        virtualServices: bound.length,
      };
    };

    for (const mgw of of('IstioMeshGateway')) {
      const ns = mgw.metadata.namespace ?? '';
      const name = mgw.metadata.name ?? '';
      // The operator labels the deployment's pods gateway-name=<name>.
      const workload = workloads.find((w) => w.namespace === ns && podLabels(w)['gateway-name'] === name) ?? workloads.find((w) => w.namespace === ns && w.name === name);
      out.push(make(ns, name, mgw, workload));
    }
    for (const w of workloads) {
      if (claimed.has(w) || !isGatewayWorkload(w)) continue;
      out.push(make(w.namespace, podLabels(w)['gateway-name'] ?? w.name, undefined, w));
    }
  }
  return out.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** The gateway's upstream traffic: what its proxy sends (to the mesh or outside). */
export function gatewayTraffic(gw: MeshGatewayView, edges: readonly EdgeTraffic[]): GatewayTraffic {
  const w = gw.workload;
  if (!w) return { requestsPerSecond: 0 };
  const mine = edges.filter((e) => e.source.cluster === w.cluster && e.source.namespace === w.namespace && e.source.workload === w.name);
  const rps = mine.reduce((s, e) => s + e.requestsPerSecond, 0);
  const errors = mine.reduce((s, e) => s + e.requestsPerSecond * e.errorRate, 0);
  return { requestsPerSecond: rps, ...(rps > 0 ? { errorRate: errors / rps } : {}) };
}
