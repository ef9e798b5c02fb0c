import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_PLAN, SERVICE_ACCOUNT_CHECKS } from './helpers/plan.js';
import { loadCluster } from '../../src/sources/cluster.js';
import { assertReadOnly, auditEventsSince, auditOffset, eventsBy } from './helpers/audit.js';
import { type KubeClient, clientFor, listItems } from './helpers/kube.js';
import { kubeconfig } from './helpers/paths.js';
import { USERS, accessOf, scanReadOnly } from './helpers/scan.js';
import { expectEvery } from '../helpers/expect-every.js';

const e2e = inject('e2e');

describe.skipIf(!e2e.available)('pagination: a namespace with more objects than one page is read completely', () => {
  let admin: KubeClient;
  beforeAll(() => {
    admin = clientFor(kubeconfig('admin'));
  });
  afterAll(() => admin?.close());

  it('the CLI with --page-size 50 counts every ServiceAccount (read for a custom check), following continue tokens', async () => {
    const { paginationNamespace: namespace, paginationServiceAccounts: seeded } = e2e.seed!;
    const inNamespace = await listItems(admin, `/api/v1/namespaces/${namespace}/serviceaccounts`);
    expect(inNamespace.filter((sa) => /^ci-pipeline-\d{3}$/.test(sa.metadata.name))).toHaveLength(seeded);
    expect(inNamespace.length).toBeGreaterThan(2 * 50); // more than two pages in this namespace alone
    const all = await listItems(admin, '/api/v1/serviceaccounts');

    const offset = auditOffset();
    const { report } = await scanReadOnly(kubeconfig('scanner'), USERS.scanner, [
      '--page-size',
      '50',
      '--checks-dir',
      SERVICE_ACCOUNT_CHECKS,
    ]);
    expect(accessOf(report, 'ServiceAccount')).toMatchObject({ status: 'full', count: all.length });

    const lists = eventsBy(auditEventsSince(offset), USERS.scanner).filter(
      (e) => e.objectRef?.resource === 'serviceaccounts' && e.verb === 'list',
    );
    expectEvery(lists, (e) => /[?&]limit=50(&|$)/.test(e.requestURI));
    expect(lists.filter((e) => e.requestURI.includes('continue=')).length).toBe(Math.ceil(all.length / 50) - 1);
  });

  it('loadCluster returns each object once, at any page size', async () => {
    const { paginationNamespace: namespace } = e2e.seed!;
    const expected = (await listItems(admin, `/api/v1/namespaces/${namespace}/serviceaccounts`)).map((sa) => sa.metadata.name).sort();
    for (const pageSize of [7, 50, 500]) {
      const offset = auditOffset();
      const input = await loadCluster({ plan: E2E_PLAN, kubeconfig: kubeconfig('scanner'), pageSize });
      assertReadOnly(auditEventsSince(offset), USERS.scanner);
      const names = input.objects
        .filter((o) => o.kind === 'ServiceAccount' && o.metadata.namespace === namespace)
        .map((o) => o.metadata.name)
        .sort();
      expect([pageSize, names]).toEqual([pageSize, expected]);
    }
  });
});
