import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/sources/cluster-http.js';
import { MAX_LIST_RESTARTS, listAll } from '../../src/sources/cluster-list.js';

/**
 * A loopback server that pages a collection of 25 named items the way the API server does
 * (`limit`, an opaque `continue` token, `metadata.continue` empty on the last page), and answers a
 * continue request with 410 Expired when told to.
 */
const ITEMS = Array.from({ length: 25 }, (_, i) => ({ metadata: { name: `sa-${i}`, namespace: 'team-a' } }));
let server: http.Server | undefined;
const seen: string[] = [];

async function serve(expire: (token: string, n: number) => boolean): Promise<ApiClient> {
  seen.length = 0;
  let n = 0;
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url.search);
    const limit = Number(url.searchParams.get('limit'));
    const token = url.searchParams.get('continue');
    if (token && expire(token, ++n)) {
      res
        .writeHead(410, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old' }));
      return;
    }
    const start = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
    const next = start + limit < ITEMS.length ? Buffer.from(String(start + limit)).toString('base64') : '';
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ kind: 'ServiceAccountList', metadata: { continue: next }, items: ITEMS.slice(start, start + limit) }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return new ApiClient(kc, url, { concurrency: 2, timeoutMs: 10_000 });
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

const request = (progress: string[] = []) => ({
  path: '/api/v1/serviceaccounts',
  accept: 'application/json',
  what: 'serviceaccounts',
  pageSize: 10,
  convert: (item: { metadata: { name: string } }) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: item.metadata }),
  onProgress: (line: string) => progress.push(line),
});
const names = (result: Awaited<ReturnType<typeof listAll>>) => (result.ok ? result.items.map((o) => o.metadata.name) : []);

describe('listAll', () => {
  it('follows continue tokens until the last page and converts every item once', async () => {
    const progress: string[] = [];
    const result = await listAll(await serve(() => false), request(progress));
    expect(result).toMatchObject({ ok: true, pages: 3, restarts: 0 });
    expect(names(result)).toEqual(ITEMS.map((i) => i.metadata.name));
    expect(seen).toEqual([
      '?limit=10',
      `?limit=10&continue=${encodeURIComponent(Buffer.from('10').toString('base64'))}`,
      `?limit=10&continue=${encodeURIComponent(Buffer.from('20').toString('base64'))}`,
    ]);
    expect(progress).toEqual(['reading serviceaccounts (page 1)', 'reading serviceaccounts (page 2)', 'reading serviceaccounts (page 3)']);
  });

  it('starts over from the first page when a continue token expired (410), keeping nothing of the failed pass', async () => {
    const progress: string[] = [];
    const result = await listAll(await serve((_token, n) => n === 2), request(progress)); // the second continue request expires
    expect(result).toMatchObject({ ok: true, restarts: 1 });
    expect(names(result)).toEqual(ITEMS.map((i) => i.metadata.name)); // 25, not 25 + the 10 read before the restart
    expect(seen.filter((q) => q === '?limit=10')).toHaveLength(2);
    expect(progress).toContain('continue token of serviceaccounts expired (410 Gone): reading it again from the first page');
  });

  it(`gives up after ${MAX_LIST_RESTARTS} restarts with a 410 reason instead of returning a partial list`, async () => {
    const result = await listAll(await serve(() => true), request());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(410);
      expect(result.reason).toBe(
        `410 Gone: the continue token of serviceaccounts expired ${MAX_LIST_RESTARTS + 1} times; the list was started over each time and never finished`,
      );
    }
  });
});
