import type { AccessOutcome } from '../model/access.js';
import { K } from '../model/kinds.js';
import { NEVER_READ, type PlannedRead } from '../model/read-plan.js';
import type { GroupKind, KubeObject } from '../model/types.js';
import { type Discovery, type ServedResource, discover } from './cluster-discovery.js';
import { UnauthorizedError, nothingReadable, ranOutOfTime, toClusterSourceError } from './cluster-errors.js';
import {
  ApiClient,
  type ApiClientOptions,
  ApiConnectionError,
  DeadlineExceededError,
  ResponseTooLargeError,
  seconds,
} from './cluster-http.js';
import { type KubeConfigEnvironment, type ResolvedKubeConfig, resolveKubeConfig } from './cluster-kubeconfig.js';
import { METADATA_ONLY_ACCEPT, UnusableListError, listAll } from './cluster-list.js';
import { slimMetadataOnly, slimObject } from './cluster-slim.js';
import type { ClusterInput, ClusterOptions } from './cluster-types.js';

export { ClusterSourceError, type ClusterInput, type ClusterOptions } from './cluster-types.js';

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 300_000;

const FULL: PlannedRead = { part: 'full' };
const METADATA: PlannedRead = { part: 'metadata' };

/** JSON media type for a full read. */
const JSON_ACCEPT = 'application/json';

/** Groups that Kubernetes itself serves; in the fallback without CRDs, kinds of other groups are taken as custom resources. */
function isBuiltinGroup(group: string): boolean {
  return group === '' || ['apps', 'batch', 'autoscaling', 'policy'].includes(group) || group.endsWith('.k8s.io');
}

/** Which namespaces exist, as far as the identity can tell. */
interface KnownNamespaces {
  names: string[];
  /** True when the Namespace list was read in full, so per-namespace reads cover every namespace. */
  complete: boolean;
}

interface KindRead {
  objects: KubeObject[];
  outcome: AccessOutcome;
}

/**
 * Read a live cluster into a ResourceIndexInput (ClusterInput): kubeconfig (or in-cluster) credentials, API
 * discovery, then paged LISTs of the kinds `options.plan` names (what the active checks, the tenancy
 * stage and the analyses read: src/engine/read-plan.ts), in full or as metadata only, with the status
 * fields it lists, and, when it says so, the custom resources of every CRD as metadata only. Secrets
 * are never requested (NEVER_READ), and only GET requests are sent.
 *
 * Per kind, `access` records `full`, `partial` (cluster-wide LIST forbidden, read namespace by
 * namespace: `forbiddenNamespaces`), `none` (with the reason, e.g. `403 Forbidden: ...`) or `absent`
 * (not served). When the Namespace list itself is forbidden, the namespaces named by the kubeconfig's
 * contexts for the same cluster and user are read one by one (GET), so a namespace-scoped identity still
 * gets a scan of what it may read.
 *
 * A list that fails on its own (no usable answer after the retries, a body cut off, garbage items, an
 * endless `continue` token, an answer too large) is `none` with the reason, and the others are still
 * read. When the time budget runs out, what was read is returned, the kinds not read are `none`, and
 * `timedOut` says so (the CLI writes the report and exits 3).
 *
 * @throws ClusterSourceError exit 2: kubeconfig missing or invalid, unknown context. Exit 3: server
 *   unreachable, TLS failure, credentials rejected (401), time budget used up before anything was
 *   read, nothing readable.
 */
export async function loadCluster(options: ClusterOptions): Promise<ClusterInput> {
  return loadClusterWith(options);
}

/**
 * `loadCluster` with seams for tests: the kubeconfig environment (the in-cluster path) and the retry
 * timing (so fault-injection tests need not wait out production backoffs).
 */
export async function loadClusterWith(
  options: ClusterOptions,
  environment: KubeConfigEnvironment = {},
  tuning: Pick<ApiClientOptions, 'baseBackoffMs' | 'maxBackoffMs' | 'requestTimeoutMs' | 'maxResponseBytes'> = {},
): Promise<ClusterInput> {
  const config = resolveKubeConfig(options, environment);
  const progress = options.onProgress ?? (() => {});
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new ApiClient(config.kc, config.server, {
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    timeoutMs,
    onRetry: (what, reason, delay) => progress(`retrying ${what} in ${(delay / 1000).toFixed(1)} s (${reason})`),
    ...tuning,
  });
  const reader = new KindReader(client, options.pageSize ?? DEFAULT_PAGE_SIZE, progress, config);
  try {
    progress(`discovering the API of ${config.server}`);
    const discovery = await discover(client);
    reader.discovery = discovery;

    const plan = options.plan;
    const namespaces = await reader.readNamespaces(plan.kinds.get(K.Namespace) ?? FULL);
    const readsCrds = plan.customResources || plan.kinds.has(K.CustomResourceDefinition);
    const crds = readsCrds
      ? [await reader.readKind(K.CustomResourceDefinition, plan.kinds.get(K.CustomResourceDefinition) ?? FULL, namespaces)]
      : [];
    const kinds: Array<[GroupKind, PlannedRead]> = [
      ...[...plan.kinds].filter(([gk]) => gk !== K.Namespace && gk !== K.CustomResourceDefinition),
      ...(plan.customResources && crds.length
        ? customKinds(crds[0], discovery)
            .filter((gk) => !plan.kinds.has(gk))
            .map((gk): [GroupKind, PlannedRead] => [gk, METADATA])
        : []),
    ];
    const reads = await Promise.all(kinds.map(([gk, read]) => reader.readKind(gk, read, namespaces)));

    const all = [namespaces.read, ...crds, ...reads];
    const notRead: AccessOutcome[] = Object.entries(NEVER_READ).map(([groupKind, reason]) => ({ groupKind, status: 'none', reason }));
    const access = [...all.map((r) => r.outcome), ...notRead];
    if (!all.some((r) => r.outcome.status === 'full' || r.outcome.status === 'partial')) {
      throw reader.timedOut ?? nothingReadable(config, all);
    }
    return {
      ...(reader.timedOut ? { timedOut: ranOutOfTime(reader.timedOut, config).message } : {}),
      objects: all.flatMap((r) => r.objects),
      access,
      source: {
        type: 'cluster',
        server: config.server,
        ...(config.context ? { context: config.context } : {}),
        ...(config.user ? { user: config.user } : {}),
        inCluster: config.inCluster,
      },
    };
  } catch (err) {
    throw toClusterSourceError(err, config);
  } finally {
    client.close();
  }
}

/**
 * An API client for the kubeconfig's cluster and identity, for requests other than the scan's reads
 * (the probes: src/probe/run.ts). Close it when done.
 * @throws ClusterSourceError as `loadCluster` for a missing kubeconfig or unknown context.
 */
export function openApiClient(options: Omit<ClusterOptions, 'plan'>, environment: KubeConfigEnvironment = {}): ApiClient {
  const config = resolveKubeConfig(options, environment);
  return new ApiClient(config.kc, config.server, {
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

/** Kinds of custom resources to read as metadata only: from the CRDs when they could be read, else from discovery. */
function customKinds(crds: KindRead, discovery: Discovery): GroupKind[] {
  const kinds = new Set<GroupKind>();
  if (crds.outcome.status === 'full') {
    for (const crd of crds.objects) {
      const group = crd.spec?.group;
      const kind = crd.spec?.names?.kind;
      if (typeof group === 'string' && typeof kind === 'string') kinds.add(`${kind}.${group}`);
    }
  } else {
    for (const [gk, served] of discovery.resources) if (!isBuiltinGroup(served.group)) kinds.add(gk);
  }
  return [...kinds].sort();
}

/** Reads kinds with the fallbacks that access outcomes describe. */
class KindReader {
  discovery!: Discovery;
  /** Set when the time budget ran out during a read: the reads after it fail at once. */
  timedOut?: DeadlineExceededError;

  constructor(
    private readonly client: ApiClient,
    private readonly pageSize: number,
    private readonly progress: (message: string) => void,
    private readonly config: ResolvedKubeConfig,
  ) {}

  /** List Namespaces; when that is forbidden, GET the namespaces the kubeconfig's contexts name. */
  async readNamespaces(plan: PlannedRead): Promise<KnownNamespaces & { read: KindRead }> {
    const served = this.discovery.resources.get(K.Namespace);
    const read = await this.readKind(K.Namespace, plan, { names: [], complete: false });
    if (read.outcome.status === 'full') {
      return { names: read.objects.map((ns) => ns.metadata.name), complete: true, read };
    }
    const candidates = this.config.contextNamespaces;
    const firstReason = read.outcome.reason ?? read.outcome.status;
    if (!served || candidates.length === 0) {
      read.outcome.reason = `${firstReason}; the kubeconfig context names no namespace to read instead`;
      return { names: [], complete: false, read };
    }
    const objects: KubeObject[] = [];
    const forbidden: string[] = [];
    const names: string[] = [];
    await Promise.all(
      candidates.map(async (name) => {
        let res;
        try {
          res = await this.client.get(`/api/v1/namespaces/${encodeURIComponent(name)}`, JSON_ACCEPT, `namespace ${name}`);
        } catch (err) {
          this.perListFailure(err);
          names.push(name);
          forbidden.push(name);
          return;
        }
        if (res.status === 404) return; // named in the kubeconfig, but gone
        names.push(name);
        if (res.status === 200 && res.body && typeof res.body === 'object')
          objects.push(slimObject(res.body, served.version, served.kind, plan.status));
        else forbidden.push(name);
      }),
    );
    names.sort();
    forbidden.sort();
    objects.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const outcome: AccessOutcome = {
      groupKind: K.Namespace,
      resource: served.resource,
      status: objects.length > 0 ? 'partial' : 'none',
      reason: `${firstReason}; read only the namespaces named in the kubeconfig (${candidates.join(', ')})`,
      count: objects.length,
    };
    if (forbidden.length) outcome.forbiddenNamespaces = forbidden;
    return { names, complete: false, read: { objects, outcome } };
  }

  /** Read one kind: cluster-wide, else (namespaced kinds on 403) namespace by namespace. */
  async readKind(gk: GroupKind, read: PlannedRead, namespaces: KnownNamespaces): Promise<KindRead> {
    const served = this.discovery.resources.get(gk);
    if (!served) {
      const group = gk.includes('.') ? gk.slice(gk.indexOf('.') + 1) : '';
      const failed = this.discovery.failedGroups.get(group);
      return {
        objects: [],
        outcome: failed
          ? { groupKind: gk, status: 'none', reason: failed }
          : { groupKind: gk, status: 'absent', reason: 'not served by this API server (API discovery)' },
      };
    }
    const base = { groupKind: gk, resource: served.resource };
    if (!served.verbs.includes('list')) {
      return { objects: [], outcome: { ...base, status: 'none', reason: `the API server does not allow listing ${served.resource}` } };
    }
    const whole = await this.list(served, read, undefined);
    if (whole.ok) return { objects: whole.items, outcome: { ...base, status: 'full', count: whole.items.length } };
    if (whole.status === 404) return { objects: [], outcome: { ...base, status: 'absent', reason: whole.reason } };
    if (whole.status !== 403 || !served.namespaced) return { objects: [], outcome: { ...base, status: 'none', reason: whole.reason } };

    // Forbidden cluster-wide: a namespace-scoped identity may still list its own namespaces.
    if (namespaces.names.length === 0) {
      return { objects: [], outcome: { ...base, status: 'none', reason: `${whole.reason}; no namespace is known to read one by one` } };
    }
    const perNamespace = await Promise.all(namespaces.names.map((ns) => this.list(served, read, ns)));
    const objects: KubeObject[] = [];
    const forbidden: string[] = [];
    perNamespace.forEach((result, i) => {
      if (result.ok) objects.push(...result.items);
      else if (result.status !== 404) forbidden.push(namespaces.names[i]);
    });
    if (forbidden.length === namespaces.names.length) {
      return {
        objects: [],
        outcome: { ...base, status: 'none', reason: `${whole.reason}; also forbidden in each of the ${forbidden.length} known namespaces` },
      };
    }
    if (namespaces.complete && forbidden.length === 0) {
      return { objects, outcome: { ...base, status: 'full', count: objects.length } };
    }
    const outcome: AccessOutcome = {
      ...base,
      status: 'partial',
      reason: `${whole.reason}; read namespace by namespace${namespaces.complete ? '' : ' in the namespaces known (the Namespace list is not readable)'}`,
      count: objects.length,
    };
    if (forbidden.length) outcome.forbiddenNamespaces = forbidden.sort();
    return { objects, outcome };
  }

  private async list(served: ServedResource, read: PlannedRead, namespace: string | undefined) {
    const apiVersion = served.group ? `${served.group}/${served.version}` : served.version;
    const prefix = served.group ? `/apis/${apiVersion}` : `/api/${served.version}`;
    const path = namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${served.resource}` : `${prefix}/${served.resource}`;
    const name = served.group ? `${served.resource}.${served.group}` : served.resource;
    let result;
    try {
      result = await listAll(this.client, {
        path,
        accept: read.part === 'metadata' ? METADATA_ONLY_ACCEPT : JSON_ACCEPT,
        what: namespace ? `${name} in ${namespace}` : name,
        pageSize: this.pageSize,
        convert:
          read.part === 'metadata'
            ? (item) => slimMetadataOnly(item, apiVersion, served.kind)
            : (item) => slimObject(item, apiVersion, served.kind, read.status),
        onProgress: this.progress,
      });
    } catch (err) {
      return { ok: false as const, status: 0, reason: this.perListFailure(err) };
    }
    if (result.ok) return { ok: true as const, items: result.items };
    if (result.response.status === 401) throw new UnauthorizedError(result.reason);
    return { ok: false as const, status: result.response.status, reason: result.reason };
  }

  /**
   * The reason to record for a read that failed on its own (the scan goes on without it); rethrows
   * what ends the scan: rejected or missing credentials, TLS failures, bugs.
   */
  private perListFailure(err: unknown): string {
    if (err instanceof DeadlineExceededError) {
      this.timedOut ??= err;
      return `not read: the time budget of ${seconds(err.budgetMs)} (--timeout) ran out`;
    }
    if (err instanceof UnusableListError || err instanceof ResponseTooLargeError) return err.message;
    if (err instanceof ApiConnectionError && !err.tls) return `no usable answer from the API server: ${err.message}`;
    throw err;
  }
}
