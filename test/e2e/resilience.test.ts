import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_PLAN } from './helpers/plan.js';
import type { AccessOutcome } from '../../src/model/access.js';
import type { ResourceIndexInput } from '../../src/model/index.js';
import { loadClusterWith } from '../../src/sources/cluster.js';
import { EXPIRED_CONTINUE_MESSAGE, type FaultPlan, type FaultProxy, startFaultProxy } from './fault-proxy.js';
import { assertReadOnly, auditEventsSince, auditOffset } from './helpers/audit.js';
import { scanJson } from './helpers/cli.js';
import { USERS } from './helpers/scan.js';

const e2e = inject('e2e');
/** Small pages, so that most kinds take several requests and continue tokens are in play. */
const PAGE_SIZE = 20;
/** Short backoffs for in-process runs; the CLI run below uses the production timing. */
const FAST = { baseBackoffMs: 5, maxBackoffMs: 50 };

const keys = (input: ResourceIndexInput) =>
  input.objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
const summary = (access: AccessOutcome[] | undefined) => (access ?? []).map((a) => `${a.groupKind} ${a.status} ${a.count ?? ''}`).sort();
const isList = (url: string) => url.includes('limit=');

describe.skipIf(!e2e.available)('resilience: faults injected by a proxy in front of the API server lose no object', () => {
  let proxy: FaultProxy;
  let clean: ResourceIndexInput;
  const load = (extra: { concurrency?: number; timeoutMs?: number; onProgress?: (line: string) => void } = {}) =>
    loadClusterWith({ plan: E2E_PLAN, kubeconfig: proxy.kubeconfig, pageSize: PAGE_SIZE, ...extra }, {}, FAST);

  beforeAll(async () => {
    proxy = await startFaultProxy();
    clean = await load();
    expect(proxy.requests.filter((r) => r.url.includes('continue=')).length).toBeGreaterThan(5);
  });
  afterAll(async () => proxy?.close());

  /** Run a scan under `plan`; it must read exactly what the clean scan read, and the plan must have injected faults. */
  async function expectSameUnder(plan: FaultPlan, fault: string, minimum: number): Promise<ResourceIndexInput> {
    proxy.reset(plan);
    const offset = auditOffset();
    const input = await load();
    assertReadOnly(auditEventsSince(offset), USERS.scanner);
    expect(proxy.requests.filter((r) => r.fault === fault).length).toBeGreaterThanOrEqual(minimum);
    expect(keys(input)).toEqual(keys(clean));
    expect(summary(input.access)).toEqual(summary(clean.access));
    return input;
  }

  it('a burst of 429s (the first 30 requests, Retry-After: 0; at most 8 in a row for one request) is retried', async () => {
    const perUrl = new Map<string, number>();
    await expectSameUnder(
      (r) => {
        const count = perUrl.get(r.url) ?? 0;
        if (r.n > 30 || count >= 8) return undefined;
        perUrl.set(r.url, count + 1);
        return { type: 'status', status: 429, reason: 'TooManyRequests', retryAfter: '0' };
      },
      'status',
      20,
    );
  });

  it('sustained throttling (every third request 429, Retry-After: 1) is retried, waiting as told', async () => {
    const started = Date.now();
    await expectSameUnder(
      (r) => (r.n % 3 === 0 && r.n < 60 ? { type: 'status', status: 429, reason: 'TooManyRequests', retryAfter: '1' } : undefined),
      'status',
      19,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('503 and 500 answers are retried', async () => {
    await expectSameUnder(
      (r) => (r.n % 4 === 0 ? { type: 'status', status: r.n % 8 === 0 ? 500 : 503, reason: 'ServiceUnavailable' } : undefined),
      'status',
      15,
    );
  });

  it('a connection dropped in the middle of a list page is retried, and the page is read once', async () => {
    const seen = new Set<string>();
    await expectSameUnder(
      (r) => {
        if (!isList(r.url) || seen.has(r.url)) return undefined;
        seen.add(r.url);
        return { type: 'drop-mid-body' };
      },
      'drop-mid-body',
      30,
    );
  });

  it('a connection reset before any answer is retried', async () => {
    await expectSameUnder((r) => (r.n % 5 === 0 ? { type: 'reset' } : undefined), 'reset', 10);
  });

  it('an expired continue token (410 Gone) restarts that list from its first page, without duplicates', async () => {
    const expired = new Set<string>();
    const progress: string[] = [];
    proxy.reset((r) => {
      const path = r.url.split('?')[0];
      if (!r.url.includes('continue=') || expired.has(path)) return undefined;
      expired.add(path);
      return { type: 'status', status: 410, reason: 'Expired', message: EXPIRED_CONTINUE_MESSAGE };
    });
    const input = await load({ onProgress: (line) => progress.push(line) });
    // Every collection longer than one page: ServiceAccounts, ClusterRoles, ClusterRoleBindings at least.
    expect([...expired]).toEqual(
      expect.arrayContaining([
        '/api/v1/serviceaccounts',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles',
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      ]),
    );
    expect(keys(input)).toEqual(keys(clean));
    expect(summary(input.access)).toEqual(summary(clean.access));
    // After each 410 the same collection was read again from the start (no continue token).
    for (const path of expired) {
      const after = proxy.requests.slice(proxy.requests.findIndex((r) => r.fault === 'status' && r.url.startsWith(`${path}?`)) + 1);
      expect(after.some((r) => r.url.startsWith(`${path}?`) && !r.url.includes('continue='))).toBe(true);
    }
    expect(
      progress.some((line) => /continue token of serviceaccounts expired \(410 Gone\): reading it again from the first page/.test(line)),
    ).toBe(true);
  });

  it('a list whose continue token keeps expiring is reported not read (none), never as complete', async () => {
    proxy.reset((r) =>
      r.url.includes('continue=') ? { type: 'status', status: 410, reason: 'Expired', message: EXPIRED_CONTINUE_MESSAGE } : undefined,
    );
    const input = await load();
    const sa = input.access?.find((a) => a.groupKind === 'ServiceAccount');
    expect(sa).toMatchObject({
      status: 'none',
      reason: expect.stringMatching(/^410 Gone: the continue token of serviceaccounts expired 4 times/),
    });
    expect(input.objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    // Kinds that fit on one page are unaffected.
    expect(input.access?.find((a) => a.groupKind === 'Tenant.capsule.clastix.io')).toMatchObject({ status: 'full', count: 1 });
  });

  it('never has more requests in flight than --concurrency', async () => {
    for (const concurrency of [1, 3]) {
      proxy.reset(() => ({ type: 'delay', ms: 30 }));
      const input = await load({ concurrency });
      expect(keys(input)).toEqual(keys(clean));
      expect([concurrency, proxy.maxInFlight]).toEqual([concurrency, concurrency]);
    }
  });

  it('stops at the overall time budget: what was read is returned, the kind it was reading is none, and timedOut names it', async () => {
    proxy.reset((r) => (r.url.startsWith('/api/v1/pods') ? { type: 'hang' } : undefined));
    const input = await load({ timeoutMs: 3000 });
    expect(input.timedOut).toMatch(/ran out of time: time budget of 3 s used up while reading pods \(page 1\)/);
    expect(input.access?.find((a) => a.groupKind === 'Pod')).toMatchObject({ status: 'none' });
    // the namespaces were read before the budget ran out: the report still has them
    expect(input.access?.find((a) => a.groupKind === 'Namespace')).toMatchObject({ status: 'full' });
    expect(keys(input).some((k) => k.startsWith('v1/Namespace/'))).toBe(true);
    expect(keys(input).some((k) => k.startsWith('v1/Pod/'))).toBe(false);
  });

  it('the CLI, with production retry timing, reports the same under a 429 burst and dropped connections', async () => {
    proxy.reset();
    const baseline = await scanJson(proxy.kubeconfig, ['--page-size', String(PAGE_SIZE)]);
    const seen = new Set<string>();
    proxy.reset((r) => {
      if (r.n <= 6) return { type: 'status', status: 429, reason: 'TooManyRequests', retryAfter: '1' };
      if (isList(r.url) && !seen.has(r.url) && seen.size < 10) {
        seen.add(r.url);
        return { type: 'drop-mid-body' };
      }
      return undefined;
    });
    const offset = auditOffset();
    const faulty = await scanJson(proxy.kubeconfig, ['--page-size', String(PAGE_SIZE)]);
    assertReadOnly(auditEventsSince(offset), USERS.scanner);
    expect(proxy.requests.filter((r) => r.fault).length).toBe(16);
    expect(faulty.run.code).toBe(baseline.run.code);
    expect(summary(faulty.report.access)).toEqual(summary(baseline.report.access));
    const verdicts = (results: typeof baseline.report.results) =>
      results.map((r) => `${r.checkId} ${r.subject.kind}/${r.subject.namespace}/${r.subject.name} ${r.status}`).sort();
    expect(verdicts(faulty.report.results)).toEqual(verdicts(baseline.report.results));
  });
});
