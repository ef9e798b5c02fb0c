import type { GroupKind } from '../model/types.js';
import type { ApiClient, ApiResponse } from './cluster-http.js';

/** A resource the API server serves, as discovery describes it. */
export interface ServedResource {
  /** API group; `''` for the core group. */
  group: string;
  /** The version to read: the group's preferred version that serves the kind. */
  version: string;
  /** Plural resource name used in paths (`networkpolicies`). */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** What discovery learned: served kinds, and groups whose versions could not be discovered (so their kinds are unknown, not absent). */
export interface Discovery {
  resources: Map<GroupKind, ServedResource>;
  /** group -> why its resources are unknown (`503 Service Unavailable` of an aggregated API, a stale entry). */
  failedGroups: Map<string, string>;
}

/**
 * Accept header for aggregated discovery (apidiscovery.k8s.io v2, GA in Kubernetes 1.30; v2beta1 from
 * 1.26), falling back to the legacy documents on older servers.
 * Source: https://kubernetes.io/docs/concepts/overview/kubernetes-api/#aggregated-discovery
 */
export const AGGREGATED_DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** Discovery failed in a way that stops the scan (401, 403 on /api): the caller turns it into a ClusterSourceError. */
export class DiscoveryError extends Error {
  constructor(
    message: string,
    readonly response: ApiResponse,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/**
 * Learn every served resource from `/api` and `/apis`: aggregated discovery first, the legacy
 * per-group-version documents when the server does not offer it (or `aggregated` is false, to test
 * that path against a current server).
 */
export async function discover(client: ApiClient, options: { aggregated?: boolean } = {}): Promise<Discovery> {
  const discovery: Discovery = { resources: new Map(), failedGroups: new Map() };
  const accept = options.aggregated === false ? 'application/json' : AGGREGATED_DISCOVERY_ACCEPT;
  const [core, groups] = await Promise.all([
    client.get('/api', accept, 'API discovery (/api)'),
    client.get('/apis', accept, 'API discovery (/apis)'),
  ]);
  for (const [path, res] of [
    ['/api', core],
    ['/apis', groups],
  ] as const) {
    if (res.status !== 200) throw new DiscoveryError(`GET ${path}: ${statusReason(res)}`, res);
  }
  if (isAggregated(core.body) && isAggregated(groups.body)) {
    for (const item of [...core.body.items, ...groups.body.items]) addAggregatedGroup(discovery, item);
    return discovery;
  }
  await legacyDiscovery(client, core.body, groups.body, discovery);
  return discovery;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API server, untyped
function isAggregated(body: any): boolean {
  return body?.kind === 'APIGroupDiscoveryList' && Array.isArray(body.items);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API server, untyped
function addAggregatedGroup(discovery: Discovery, item: any): void {
  const group: string = item?.metadata?.name ?? '';
  // Versions are listed in preference order; the first version serving a kind is the one to read.
  for (const version of listOf(item?.versions)) {
    if (version?.freshness === 'Stale') {
      discovery.failedGroups.set(group, `discovery of ${group || 'core'}/${version.version} is stale (its API server is unavailable)`);
    }
    for (const r of listOf(version?.resources)) {
      const kind = r?.responseKind?.kind;
      if (typeof kind !== 'string' || typeof r?.resource !== 'string') continue;
      add(discovery, {
        group,
        version: version.version,
        resource: r.resource,
        kind,
        namespaced: r.scope === 'Namespaced',
        verbs: listOf(r.verbs).filter(isString),
      });
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API server, untyped
async function legacyDiscovery(client: ApiClient, core: any, groups: any, discovery: Discovery): Promise<void> {
  const groupVersions: Array<{ group: string; version: string; path: string }> = [];
  for (const v of Array.isArray(core?.versions) ? core.versions.filter(isString) : ['v1'])
    groupVersions.push({ group: '', version: v, path: `/api/${v}` });
  for (const g of listOf(groups?.groups)) {
    const preferred: string | undefined = g?.preferredVersion?.version;
    const versions: string[] = listOf(g?.versions)
      .map((v) => v?.version)
      .filter(isString);
    // Preferred version first, then the others in the server's order.
    for (const v of [...(preferred ? [preferred] : []), ...versions.filter((v) => v !== preferred)]) {
      groupVersions.push({ group: g.name, version: v, path: `/apis/${g.name}/${v}` });
    }
  }
  const documents = await Promise.all(
    groupVersions.map(async (gv) => ({ gv, res: await client.get(gv.path, 'application/json', `API discovery (${gv.path})`) })),
  );
  for (const { gv, res } of documents) {
    if (res.status !== 200) {
      discovery.failedGroups.set(gv.group, `discovery of ${gv.path} failed: ${statusReason(res)}`);
      continue;
    }
    for (const r of listOf(res.body?.resources)) {
      if (typeof r?.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string') continue; // subresources
      add(discovery, {
        group: gv.group,
        version: gv.version,
        resource: r.name,
        kind: r.kind,
        namespaced: Boolean(r.namespaced),
        verbs: listOf(r.verbs).filter(isString),
      });
    }
  }
}

/** A JSON value that should be a list, as one: anything else (a broken or hostile server) is taken as empty. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API server, untyped
function listOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function add(discovery: Discovery, served: ServedResource): void {
  const gk = served.group ? `${served.kind}.${served.group}` : served.kind;
  if (!discovery.resources.has(gk)) discovery.resources.set(gk, served);
}

/** `403 Forbidden: <the server's message>`, the form access outcomes and errors use. */
export function statusReason(res: ApiResponse): string {
  const text = STATUS_TEXT[res.status] ?? '';
  const message = typeof res.body?.message === 'string' ? res.body.message : '';
  return `${res.status}${text ? ` ${text}` : ''}${message ? `: ${message}` : ''}`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
