import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiConnectionError, DeadlineExceededError, retryAfterMs } from '../../src/sources/cluster-http.js';

/**
 * The transport's retry rules, exercised against a real HTTP server on loopback whose handler plays
 * the API server's part (the end-to-end suite does the same against kube-apiserver through a proxy).
 */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

let server: http.Server | undefined;
/** Requests the current server holds at once (per server: a closed server's late events must not count). */
let load = { inFlight: 0, max: 0 };

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  const counts = { inFlight: 0, max: 0 };
  load = counts;
  server = http.createServer((req, res) => {
    counts.inFlight++;
    counts.max = Math.max(counts.max, counts.inFlight);
    let open = true;
    const done = () => {
      if (open) counts.inFlight--;
      open = false;
    };
    res.on('finish', done);
    res.on('close', done);
    handler(req, res, ++n);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

function client(url: string, options: Partial<ConstructorParameters<typeof ApiClient>[2]> = {}) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }], // plain HTTP on loopback: client-node requires TLS verification off
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return new ApiClient(kc, url, { concurrency: 4, timeoutMs: 10_000, baseBackoffMs: 10, maxBackoffMs: 40, ...options });
}

const json = (res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('ApiClient', () => {
  it('sends the kubeconfig credentials and the Accept header, and parses the answer', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const url = await serve((req, res) => {
      seen = req.headers;
      json(res, 200, { kind: 'PodList', items: [] });
    });
    const res = await client(url).get('/api/v1/pods?limit=5', 'application/json;as=Table', 'pods');
    expect(res).toEqual({ status: 200, body: { kind: 'PodList', items: [] } });
    expect(seen.authorization).toBe('Bearer secret-token');
    expect(seen.accept).toBe('application/json;as=Table');
    expect(seen['user-agent']).toMatch(/^tenantscan\//);
  });

  it('retries 429 after the Retry-After the server asks for', async () => {
    const times: number[] = [];
    const url = await serve((_req, res, n) => {
      times.push(Date.now());
      if (n === 1) return json(res, 429, { message: 'slow down' }, { 'Retry-After': '1' });
      json(res, 200, { items: [1] });
    });
    expect((await client(url).get('/x', 'application/json', 'x')).body).toEqual({ items: [1] });
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
  });

  it('retries 500, 502, 503 and 504, and returns the last answer when they do not stop', async () => {
    const url = await serve((_req, res, n) => json(res, [500, 502, 503, 504][n - 1] ?? 200, { n }));
    expect(await client(url).get('/x', 'application/json', 'x')).toEqual({ status: 200, body: { n: 5 } });
    let count = 0;
    const always = await serve((_req, res) => {
      count++;
      json(res, 503, { message: 'unavailable' });
    });
    expect((await client(always, { maxAttempts: 4 }).get('/x', 'application/json', 'x')).status).toBe(503);
    expect(count).toBe(4);
  });

  it('does not retry answers that will not change: 401, 403, 404, 410', async () => {
    for (const status of [401, 403, 404, 410]) {
      let count = 0;
      const url = await serve((_req, res) => {
        count++;
        json(res, status, { message: 'no' });
      });
      expect((await client(url).get('/x', 'application/json', 'x')).status).toBe(status);
      expect([status, count]).toEqual([status, 1]);
      server?.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
      server = undefined;
    }
  });

  it('retries a body cut off mid-answer, and a 200 that is not JSON', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"items":[{"a"');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      if (n === 2) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"items":[');
      json(res, 200, { items: ['whole'] });
    });
    expect((await client(url).get('/x', 'application/json', 'x')).body).toEqual({ items: ['whole'] });
  });

  it('gives up quickly when nothing listens (connection refused), with the code', async () => {
    const url = await serve(() => {});
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const err = await client(url)
      .get('/x', 'application/json', 'x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect((err as ApiConnectionError).code).toBe('ECONNREFUSED');
    expect((err as ApiConnectionError).tls).toBe(false);
  });

  it('stops at the overall time budget and names what it was reading', async () => {
    const url = await serve(() => {}); // never answers
    const err = await client(url, { timeoutMs: 300 })
      .get('/api/v1/pods', 'application/json', 'pods (page 3)')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect((err as Error).message).toBe('time budget of 0.3 s used up while reading pods (page 3)');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const url = await serve((_req, res) => setTimeout(() => json(res, 200, {}), 50));
    const api = client(url, { concurrency: 2 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => api.get(`/x${i}`, 'application/json', 'x')));
    expect(load.max).toBe(2);
    api.close();
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates (RFC 9110 section 10.2.3)', () => {
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(['2', '9'])).toBe(2000);
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs(inFive)).toBeGreaterThan(3000);
    expect(retryAfterMs(new Date(Date.now() - 5000).toUTCString())).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
