import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { resolveKubeConfig } from '../sources/cluster-kubeconfig.js';
import type { ClusterOptions } from '../sources/cluster-types.js';
import { TOOL_VERSION } from '../version.js';

/** An object to publish: a namespaced or cluster-scoped report of the kinds in ReportKinds. */
export interface PublishedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
}

/** The report kinds one publication writes, with their REST resource names, and the labels that mark tenantscan's own reports. */
export interface ReportKinds {
  /** `group/version`, e.g. `wgpolicyk8s.io/v1alpha2`. */
  apiVersion: string;
  namespaced: { kind: string; plural: string };
  cluster: { kind: string; plural: string };
  /** Labels every published report carries; earlier reports are found by them (`key=value,...`). */
  labels: Readonly<Record<string, string>>;
}

/** What a publication did, as `Kind namespace/name` (or `Kind name`). */
export interface PublishOutcome {
  created: string[];
  updated: string[];
  deleted: string[];
}

/** The publication failed: the kinds are not served, the identity lacks the grant, or the server refused an object. */
export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

/** The field manager of tenantscan's server-side applies (https://kubernetes.io/docs/reference/using-api/server-side-apply/). */
export const FIELD_MANAGER = 'tenantscan';

/**
 * Publish a scan's reports to the cluster it scanned: the one write tenantscan ever makes, only
 * with `--publish`. Each object is applied with server-side apply (`PATCH` with
 * `application/apply-patch+yaml`, field manager `tenantscan`, `force=true`), so a second run updates
 * the same objects rather than adding new ones, and its results list replaces the last run's
 * whole. Then every earlier report of these kinds that carries `kinds.labels` and is not among
 * `objects` (a namespace that no longer has results) is deleted.
 *
 * The identity needs get, list, create, patch and delete on the two kinds and nothing else
 * (scripts/cluster/rbac/tenantscan-publisher.yaml).
 *
 * @throws PublishError when the kinds are not served (CRDs not installed), a request is forbidden
 *   or the server refuses an object; objects applied before the failure stay applied.
 */
export async function publishReports(
  options: Pick<ClusterOptions, 'kubeconfig' | 'context'>,
  objects: readonly PublishedObject[],
  kinds: ReportKinds,
): Promise<PublishOutcome> {
  const config = resolveKubeConfig(options);
  const client = new WriteClient(config.kc, config.server);
  try {
    const selector = Object.entries(kinds.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const earlier: PublishedObject[] = [];
    for (const { kind, plural } of [kinds.namespaced, kinds.cluster]) {
      const path = `/apis/${kinds.apiVersion}/${plural}?labelSelector=${encodeURIComponent(selector)}`;
      const res = await client.request('GET', path);
      if (res.status === 404)
        throw new PublishError(
          `the cluster does not serve ${kind} (${kinds.apiVersion}): install its CustomResourceDefinition first (scripts/cluster/crds/)`,
        );
      if (res.status !== 200) throw new PublishError(`cannot list earlier ${kind} objects: ${describe(res)}${grantHint(res)}`);
      earlier.push(...((res.body?.items ?? []) as PublishedObject[]).map((o) => ({ ...o, kind })));
    }

    const outcome: PublishOutcome = { created: [], updated: [], deleted: [] };
    const failures: string[] = [];
    const kept = new Set<string>();
    for (const o of objects) {
      kept.add(nameOf(o));
      const path = `${objectPath(o, kinds)}?fieldManager=${FIELD_MANAGER}&force=true`;
      const res = await client.request('PATCH', path, o, 'application/apply-patch+yaml');
      if (res.status === 201) outcome.created.push(nameOf(o));
      else if (res.status === 200) outcome.updated.push(nameOf(o));
      else failures.push(`${nameOf(o)}: ${describe(res)}${grantHint(res)}`);
    }
    for (const o of earlier) {
      if (kept.has(nameOf(o))) continue;
      const res = await client.request('DELETE', objectPath(o, kinds));
      if (res.status === 200 || res.status === 202 || res.status === 404) outcome.deleted.push(nameOf(o));
      else failures.push(`deleting ${nameOf(o)}: ${describe(res)}${grantHint(res)}`);
    }
    if (failures.length) throw new PublishError(`the API server refused ${failures.length} report write(s):\n  ${failures.join('\n  ')}`);
    return outcome;
  } finally {
    client.close();
  }
}

function objectPath(o: PublishedObject, kinds: ReportKinds): string {
  const name = encodeURIComponent(o.metadata.name);
  return o.metadata.namespace
    ? `/apis/${kinds.apiVersion}/namespaces/${encodeURIComponent(o.metadata.namespace)}/${kinds.namespaced.plural}/${name}`
    : `/apis/${kinds.apiVersion}/${kinds.cluster.plural}/${name}`;
}

const nameOf = (o: PublishedObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

interface WriteResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON of an API server answer
  body: any;
}

function describe(res: WriteResponse): string {
  const message = typeof res.body?.message === 'string' ? res.body.message : '';
  return `HTTP ${res.status}${message ? `: ${message}` : ''}`;
}

function grantHint(res: WriteResponse): string {
  return res.status === 403
    ? ' (the identity needs the tenantscan-publisher role: scripts/cluster/rbac/tenantscan-publisher.yaml)'
    : res.status === 401
      ? ' (the credentials were rejected)'
      : '';
}

/** Requests with the kubeconfig's TLS and credentials, one at a time, no retries: a publication is a handful of writes. */
class WriteClient {
  private agent?: http.Agent;
  private readonly base: URL;

  constructor(
    private readonly kc: KubeConfig,
    server: string,
  ) {
    this.base = new URL(server.endsWith('/') ? server : `${server}/`);
  }

  async request(method: 'GET' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<WriteResponse> {
    const opts: https.RequestOptions = { headers: {} };
    await this.kc.applyToHTTPSOptions(opts);
    const url = new URL(path.replace(/^\//, ''), this.base);
    const isHttps = url.protocol === 'https:';
    this.agent ??= isHttps
      ? new https.Agent({
          keepAlive: true,
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          pfx: opts.pfx,
          passphrase: opts.passphrase,
          servername: opts.servername,
          rejectUnauthorized: opts.rejectUnauthorized ?? true,
        })
      : new http.Agent({ keepAlive: true });
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      Accept: 'application/json',
      'User-Agent': `tenantscan/${TOOL_VERSION}`,
      ...(payload === undefined ? {} : { 'Content-Type': contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
    };
    return new Promise<WriteResponse>((resolve, reject) => {
      const req = (isHttps ? https : http).request(url, { method, headers, agent: this.agent, auth: opts.auth }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = { message: text.slice(0, 300) };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${method} ${url.pathname} within 30 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent?.destroy();
  }
}
