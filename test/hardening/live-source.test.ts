import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessOutcome } from '../../src/model/access.js';
import type { Report } from '../../src/engine/report.js';
import { loadClusterWith } from '../../src/sources/cluster.js';
import type { ClusterInput } from '../../src/sources/cluster-types.js';
import { scanInProcess } from '../helpers/cli.js';
import { type HostileServer, type ListHandler, hostileApiServer, json, list, pod } from '../helpers/hostile-api-server.js';

/**
 * A live scan against an API server that misbehaves (test/helpers/hostile-api-server.ts): each
 * broken list is a coverage gap of its own kind, the other kinds are read, and nothing crashes,
 * hangs past --timeout or reads without bound. Pods are the broken list; Namespaces and
 * ServiceAccounts stay healthy.
 */

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PLAN = {
  kinds: new Map([
    ['Namespace', { part: 'full' as const }],
    ['Pod', { part: 'full' as const }],
    ['ServiceAccount', { part: 'full' as const }],
  ]),
  customResources: false,
};
const FAST = { baseBackoffMs: 5, maxBackoffMs: 10 };

async function read(pods: ListHandler, options: { timeoutMs?: number; maxResponseBytes?: number } = {}): Promise<ClusterInput> {
  server = await hostileApiServer({ pods });
  return loadClusterWith(
    { plan: PLAN, kubeconfig: server.kubeconfig, timeoutMs: options.timeoutMs ?? 20_000, pageSize: 10 },
    {},
    { ...FAST, ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}) },
  );
}

const outcome = (input: ClusterInput, gk: string): AccessOutcome | undefined => input.access?.find((a) => a.groupKind === gk);

/** Pods is a gap with a reason matching `reason`; Namespaces are still read. */
function expectPodsGap(input: ClusterInput, reason: RegExp): void {
  expect(outcome(input, 'Pod')).toMatchObject({ status: 'none', reason: expect.stringMatching(reason) });
  expect(outcome(input, 'Namespace')).toMatchObject({ status: 'full', count: 1 });
  expect(outcome(input, 'ServiceAccount')).toMatchObject({ status: 'full' });
  expect(input.objects.map((o) => o.metadata.name)).toEqual(['team-a']);
}

describe('a broken list is a coverage gap of its own, never an abort', () => {
  it.each([
    ['[null, 5, "x"]', [null, 5, 'x', pod('ok')], /holds 3 item\(s\) that are not objects \(null, 5, "x"\)/],
    ['items: 5', 5, /its items are 5/],
    ['items: "x"', 'x', /its items are "x"/],
  ])('garbage items %s', async (_name, items, reason) => {
    expectPodsGap(await read((_req, res) => json(res, list(items))), reason);
  });

  it('an item whose metadata is not a mapping is skipped by the index, with its identity', async () => {
    server = await hostileApiServer({
      pods: (_req, res) => json(res, list([pod('ok'), { metadata: 'x' }, { metadata: { name: 'n', annotations: 'x' } }])),
    });
    const { code, stdout, stderr } = await scanInProcess({ kubeconfig: server.kubeconfig, timeout: 20 });
    expect(stderr).not.toContain('internal error');
    const report = JSON.parse(stdout) as Report;
    expect(report.loadErrors.map((e) => e.message)).toEqual([
      'metadata is not a mapping ("x"): object skipped',
      'metadata.annotations is not a mapping ("x"): object skipped',
    ]);
    expect(code).toBe(2);
  });

  it('a body cut off mid-JSON every time (connection closed) is a gap like a 500', async () => {
    const input = await read((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"kind":"PodList","items":[{"metadata":');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    expectPodsGap(input, /^no usable answer from the API server: connection closed before the whole answer/);
    expect(server!.requests.get('/api/v1/pods')).toBe(6); // retried, then given up
  });

  it('a server that hands out the same continue token for ever', async () => {
    const input = await read((_req, res, n) => json(res, list([pod(`p-${n}`)], 'same-token')));
    expectPodsGap(input, /sent the same continue token twice for pods \(page 2\)/);
    expect(server!.requests.get('/api/v1/pods')).toBe(2);
  });

  it('a server that hands out a new continue token for ever stops at the page bound', async () => {
    server = await hostileApiServer({ pods: (_req, res, n) => json(res, list([], `token-${n}`)) });
    const { listAll } = await import('../../src/sources/cluster-list.js');
    const { openApiClient } = await import('../../src/sources/cluster.js');
    const client = openApiClient({ kubeconfig: server.kubeconfig, timeoutMs: 20_000 });
    const run = listAll(client, {
      path: '/api/v1/pods',
      accept: 'application/json',
      what: 'pods',
      pageSize: 10,
      convert: (i) => i,
      maxPages: 50,
    });
    await expect(run).rejects.toThrow('the API server answered 50 pages of pods and still sent a continue token');
    client.close();
    expect(server.requests.get('/api/v1/pods')).toBe(50);
  });

  it('an answer larger than the bound is read again with a smaller limit', async () => {
    const limits: string[] = [];
    const input = await read(
      (req, res, _n, url) => {
        const limit = Number(url.searchParams.get('limit'));
        limits.push(String(limit));
        json(res, list(Array.from({ length: limit }, (_, i) => ({ ...pod(`p-${i}`), pad: 'x'.repeat(1000) }))));
      },
      { maxResponseBytes: 4000 },
    );
    expect(limits).toEqual(['10', '5', '2']);
    expect(outcome(input, 'Pod')).toMatchObject({ status: 'full', count: 2 });
  });

  it('an answer larger than the bound with one object per page is a gap, without reading it all', async () => {
    let written = 0;
    const input = await read(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const more = () => {
          while (!res.destroyed && written < 64 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
          if (!res.destroyed && written < 64 * 1024 * 1024) res.once('drain', more);
        };
        more();
      },
      { maxResponseBytes: 256 * 1024 },
    );
    expectPodsGap(input, /^the answer to pods \(page 1\) is larger than 0.25 MB with a single object per page \(limit=1\)/);
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('a Content-Length over the bound is refused before the body is read', async () => {
    const input = await read(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(600 * 1024 * 1024) });
        res.write('{"items":[');
      },
      { maxResponseBytes: 1024 },
    );
    expectPodsGap(input, /is larger than 0 MB with a single object per page/);
  });
});

describe('--timeout holds against a server that trickles, and the report is still written', () => {
  /** Sends one byte every 50 ms for ever: the idle timeout never fires. */
  const trickle: ListHandler = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
    res.on('close', () => clearInterval(timer));
  };

  it('stops at the budget, reads the other kinds, and says the Pods were not read', async () => {
    const started = Date.now();
    const input = await read(trickle, { timeoutMs: 1500 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expectPodsGap(input, /^not read: the time budget of 1.5 s \(--timeout\) ran out$/);
    expect(input.timedOut).toMatch(/ran out of time: time budget of 1.5 s used up while reading pods \(page 1\)/);
  });

  it('the CLI writes the report of what was read, with Pods not read, and exits 3', async () => {
    server = await hostileApiServer({ pods: trickle });
    const { code, stdout, stderr } = await scanInProcess({ kubeconfig: server.kubeconfig, timeout: 1.5 });
    expect(code).toBe(3);
    expect(stderr).toMatch(/ran out of time.*The report covers what was read; checks that needed the kinds not read are not evaluated/s);
    const report = JSON.parse(stdout) as Report;
    expect(report.access.find((a) => a.groupKind === 'Pod')).toMatchObject({
      status: 'none',
      reason: expect.stringContaining('time budget'),
    });
    expect(report.results.some((r) => r.status === 'not-evaluated')).toBe(true);
  });
});

describe('a discovery answer that is garbage or too large is a clear error, not an internal one', () => {
  it.each([
    ['lists that are numbers', { kind: 'APIVersions', versions: 5 }, { kind: 'APIGroupList', groups: 5 }],
    ['entries that are null', { kind: 'APIVersions', versions: [null, 5] }, { kind: 'APIGroupList', groups: [null, { versions: 7 }] }],
  ])('%s', async (_name, api, apis) => {
    server = await hostileApiServer({}, { discovery: { api, apis } });
    await expect(scanInProcess({ kubeconfig: server.kubeconfig, timeout: 20 })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('may not read any of the kinds tenantscan needs'),
    });
  });

  it('an answer to /api over the bound', async () => {
    server = await hostileApiServer(
      {},
      { discovery: { api: { kind: 'APIVersions', versions: ['v1'], pad: 'x'.repeat(10_000) }, apis: {} } },
    );
    const run = loadClusterWith({ plan: PLAN, kubeconfig: server.kubeconfig, timeoutMs: 20_000 }, {}, { ...FAST, maxResponseBytes: 4096 });
    await expect(run).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/sent an answer too large to read: the answer to API discovery \(\/api\) is larger than/),
    });
  });
});
