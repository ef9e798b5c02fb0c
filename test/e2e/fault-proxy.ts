import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { CLUSTER_DIR, E2E_DIR, clusterEnv, kubeconfig } from './helpers/paths.js';

/** What the proxy does to one request instead of (or on the way to) forwarding it. */
export type Fault =
  /** Answer with this status and a Kubernetes Status body (429 with Retry-After, 503, 410 Expired). */
  | { type: 'status'; status: number; retryAfter?: string; reason?: string; message?: string }
  /** Forward, send the headers and about half of the body, then drop the connection. */
  | { type: 'drop-mid-body' }
  /** Drop the connection before any answer. */
  | { type: 'reset' }
  /** Forward after a delay (ms): keeps requests in flight, to observe the concurrency bound. */
  | { type: 'delay'; ms: number }
  /** Never answer. */
  | { type: 'hang' };

export interface ProxiedRequest {
  /** 1-based arrival number. */
  n: number;
  method: string;
  /** Path and query, e.g. `/api/v1/serviceaccounts?limit=20&continue=...`. */
  url: string;
  fault?: Fault['type'];
}

/** Decides the fault for each request (undefined: forward it untouched). */
export type FaultPlan = (request: ProxiedRequest, history: readonly ProxiedRequest[]) => Fault | undefined;

export interface FaultProxy {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** A kubeconfig for the scanner's bearer token pointing at this proxy. */
  kubeconfig: string;
  requests: ProxiedRequest[];
  /** Most requests the proxy held at once since the last `reset()`. */
  maxInFlight: number;
  /** Forget the history, set a new plan. */
  reset(plan?: FaultPlan): void;
  close(): Promise<void>;
}

/** The Kubernetes Status message of an expired continue token (k8s.io/apiserver storage errors). */
export const EXPIRED_CONTINUE_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * A loopback HTTPS proxy in front of the test cluster's API server that injects faults. It presents
 * the API server's own certificate (signed by the cluster CA, valid for 127.0.0.1), so a kubeconfig
 * with the cluster CA trusts it unchanged. TLS ends at the proxy, so client certificates cannot pass
 * through: it is used with the scanner's static bearer token (scanner-token.kubeconfig), which the
 * proxy forwards in the Authorization header.
 */
export async function startFaultProxy(initialPlan: FaultPlan = () => undefined): Promise<FaultProxy> {
  const pki = join(CLUSTER_DIR, 'pki');
  const upstream = new URL(clusterEnv().APISERVER_URL);
  const agent = new https.Agent({ ca: readFileSync(join(pki, 'ca.crt')), keepAlive: true });
  let plan = initialPlan;
  let inFlight = 0;
  const state = { requests: [] as ProxiedRequest[], maxInFlight: 0 };

  const server = https.createServer(
    { cert: readFileSync(join(pki, 'apiserver.crt')), key: readFileSync(join(pki, 'apiserver.key')) },
    (req, res) => {
      const request: ProxiedRequest = { n: state.requests.length + 1, method: req.method ?? 'GET', url: req.url ?? '/' };
      const fault = plan(request, state.requests);
      if (fault) request.fault = fault.type;
      state.requests.push(request);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      let done = false;
      const finish = () => {
        if (!done) inFlight--;
        done = true;
      };
      res.on('close', finish);

      if (fault?.type === 'hang') return;
      if (fault?.type === 'reset') return void req.socket.destroy();
      if (fault?.type === 'status') {
        const body = JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: fault.message ?? `injected ${fault.status}`,
          reason: fault.reason ?? 'InternalError',
          code: fault.status,
        });
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
        res.writeHead(fault.status, headers).end(body);
        return;
      }
      const forward = () => {
        const headers = { ...req.headers, host: upstream.host };
        const up = https.request(
          { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
          (upRes) => {
            if (fault?.type !== 'drop-mid-body') {
              res.writeHead(upRes.statusCode ?? 502, upRes.headers);
              upRes.pipe(res);
              return;
            }
            const chunks: Buffer[] = [];
            upRes.on('data', (c: Buffer) => chunks.push(c));
            upRes.on('end', () => {
              const body = Buffer.concat(chunks);
              const headers = { ...upRes.headers };
              delete headers['content-length']; // chunked: the client cannot tell the body is short until the connection drops
              res.writeHead(upRes.statusCode ?? 502, headers);
              res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
            });
          },
        );
        up.on('error', () => res.socket?.destroy());
        req.pipe(up);
      };
      if (fault?.type === 'delay') setTimeout(forward, fault.ms);
      else forward();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The scanner's token kubeconfig, pointed at the proxy.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a kubeconfig read as plain YAML
  const config = yaml.load(readFileSync(kubeconfig('scanner-token'), 'utf8')) as any;
  for (const c of config.clusters) c.cluster.server = url;
  mkdirSync(E2E_DIR, { recursive: true });
  const file = join(E2E_DIR, `fault-proxy-${(server.address() as AddressInfo).port}.kubeconfig`);
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });

  return {
    url,
    kubeconfig: file,
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    reset(next) {
      state.requests = [];
      state.maxInFlight = inFlight;
      plan = next ?? (() => undefined);
    },
    close: () =>
      new Promise<void>((resolve) => {
        rmSync(file, { force: true });
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
