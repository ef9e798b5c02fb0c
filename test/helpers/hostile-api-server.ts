import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';

/**
 * An HTTPS server on 127.0.0.1 that plays a Kubernetes API server badly on purpose: it serves
 * aggregated discovery for a few core kinds and answers each LIST with what the test's handler
 * does (a real kube-apiserver cannot be made to trickle bytes or loop its continue tokens). It uses
 * a self-signed certificate made with openssl, and writes a kubeconfig that trusts it.
 */

/** Core kinds the fake server says it serves; every other kind is absent. */
export const SERVED = [
  { resource: 'namespaces', kind: 'Namespace', scope: 'Cluster' },
  { resource: 'pods', kind: 'Pod', scope: 'Namespaced' },
  { resource: 'serviceaccounts', kind: 'ServiceAccount', scope: 'Namespaced' },
  { resource: 'configmaps', kind: 'ConfigMap', scope: 'Namespaced' },
] as const;

/** Answers a LIST of `resource` (`pods`); `n` counts the requests for it, from 1. */
export type ListHandler = (req: http.IncomingMessage, res: http.ServerResponse, n: number, url: URL) => void;

export interface HostileServer {
  url: string;
  /** A kubeconfig file for the server: its CA, a token user, one context. */
  kubeconfig: string;
  /** Requests per path (without query). */
  requests: Map<string, number>;
  close(): Promise<void>;
}

let cert: { key: string; cert: string } | undefined;

/**
 * Start the server; `lists` maps a resource to its handler (the others answer an empty list, Namespaces
 * one `team-a`). With `token`, a request without `Authorization: Bearer <token>` is answered 401;
 * `discovery` replaces the answers to /api and /apis.
 */
export async function hostileApiServer(
  lists: Partial<Record<string, ListHandler>>,
  options: { token?: string; discovery?: { api: unknown; apis: unknown } } = {},
): Promise<HostileServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-hostile-'));
  cert ??= selfSignedCert(dir);
  const requests = new Map<string, number>();
  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const n = (requests.get(url.pathname) ?? 0) + 1;
    requests.set(url.pathname, n);
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`)
      return json(res, { kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' }, 401);
    if (url.pathname === '/api') return json(res, options.discovery?.api ?? discovery(SERVED));
    if (url.pathname === '/apis') return json(res, options.discovery?.apis ?? discovery([]));
    const resource = url.pathname.split('/').pop() ?? '';
    const handler = lists[resource];
    if (handler) return handler(req, res, n, url);
    if (resource === 'namespaces') return json(res, list([namespace('team-a')]));
    json(res, list([]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(url, cert.cert));
  return {
    url,
    kubeconfig,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A kubeconfig for `url` trusting `caPem`, with a token user; `user` replaces the user entry. */
export function kubeconfigFor(url: string, caPem: string, user: Record<string, unknown> = { token: 'hostile-test-token' }): string {
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'hostile',
    clusters: [{ name: 'hostile', cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'tester', user }],
    contexts: [{ name: 'hostile', context: { cluster: 'hostile', user: 'tester' } }],
  });
}

/** The certificate the servers of this process use (PEM), for kubeconfigs written by a test. */
export function serverCertificate(): string {
  if (!cert) throw new Error('start a hostileApiServer first');
  return cert.cert;
}

export function json(res: http.ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export function list(items: unknown, next = ''): object {
  return { kind: 'List', apiVersion: 'v1', metadata: { continue: next }, items };
}

export function namespace(name: string): object {
  return { metadata: { name, uid: `uid-${name}` } };
}

export function pod(name: string, ns = 'team-a'): object {
  return {
    metadata: { name, namespace: ns, uid: `uid-${ns}-${name}` },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  };
}

function discovery(resources: ReadonlyArray<{ resource: string; kind: string; scope: string }>): object {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    items: resources.length
      ? [
          {
            metadata: { name: '' },
            versions: [
              {
                version: 'v1',
                resources: resources.map((r) => ({ ...r, responseKind: { kind: r.kind }, verbs: ['get', 'list', 'watch'] })),
              },
            ],
          },
        ]
      : [],
  };
}

function selfSignedCert(dir: string): { key: string; cert: string } {
  const key = join(dir, 'server.key');
  const crt = join(dir, 'server.crt');
  const run = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-sha256',
    '-days',
    '1',
    '-keyout',
    key,
    '-out',
    crt,
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr.toString()}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(crt, 'utf8') };
}
