import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import type { Report } from '../../src/engine/report.js';
import type { Result } from '../../src/engine/result.js';
import { isReadable } from '../../src/model/access.js';
import { assertReadOnly, auditEventsSince, auditOffset } from './helpers/audit.js';
import { runCli } from './helpers/cli.js';
import { type KubeClient, clientFor, listItems } from './helpers/kube.js';
import { kubeconfig } from './helpers/paths.js';
import { USERS, accessOf, scanReadOnly, subjectOf, tenantKubeconfig } from './helpers/scan.js';

const e2e = inject('e2e');
const needsOf = new Map(builtinChecks.map((c) => [c.id, c.needs]));

/**
 * alice owns the Capsule tenant acme: RoleBindings to `admin` in acme-prod and acme-dev
 * (examples/live-seed/tenants/acme-owners.yaml), nothing cluster-wide. Her kubeconfig names
 * acme-prod, acme-dev and globex (no access there).
 */
describe.skipIf(!e2e.available)('live scan as a namespace-scoped tenant admin (alice)', () => {
  let file: string;
  let tenant: Report;
  let admin: Report;
  let kube: KubeClient;
  beforeAll(async () => {
    file = tenantKubeconfig();
    tenant = (await scanReadOnly(file, USERS.alice)).report;
    admin = (await scanReadOnly(kubeconfig('admin'), USERS.admin)).report;
    kube = clientFor(kubeconfig('admin'));
  });
  afterAll(() => kube?.close());

  it('still runs, as alice in context acme-prod, and finds her tenant from the namespaces she may get', () => {
    expect(tenant.source).toMatchObject({ type: 'cluster', context: 'acme-prod', user: 'alice' });
    expect(tenant.tenants.map((t) => [t.name, t.source, t.namespaces])).toEqual([['acme', 'capsule', ['acme-dev', 'acme-prod']]]);
  });

  it('reads her namespaces one by one and reports the namespace it could not read', async () => {
    expect(accessOf(tenant, 'Namespace')).toEqual({
      groupKind: 'Namespace',
      resource: 'namespaces',
      status: 'partial',
      reason: expect.stringMatching(/^403 Forbidden: namespaces is forbidden: User "alice" cannot list resource "namespaces" .*; read only the namespaces named in the kubeconfig \(acme-prod, acme-dev, globex\)$/),
      forbiddenNamespaces: ['globex'],
      count: 2,
    });
    const pods = [...(await listItems(kube, '/api/v1/namespaces/acme-prod/pods')), ...(await listItems(kube, '/api/v1/namespaces/acme-dev/pods'))];
    for (const gk of ['Pod', 'Deployment.apps', 'NetworkPolicy.networking.k8s.io', 'ResourceQuota', 'RoleBinding.rbac.authorization.k8s.io', 'Cluster.postgresql.cnpg.io']) {
      expect(accessOf(tenant, gk)).toMatchObject({ status: 'partial', forbiddenNamespaces: ['globex'], reason: expect.stringContaining('403 Forbidden') });
    }
    expect(accessOf(tenant, 'Pod')?.count).toBe(pods.length);
    // Operators aggregate their kinds into `admin`: CloudNativePG does (one cluster in acme-prod), Strimzi does not.
    expect(accessOf(tenant, 'Cluster.postgresql.cnpg.io')?.count).toBe(1);
    expect(accessOf(tenant, 'KafkaTopic.kafka.strimzi.io')).toMatchObject({ status: 'none', reason: expect.stringContaining('also forbidden in each of the 3 known namespaces') });
  });

  it('records every cluster-scoped kind as not readable (403), never as absent or empty', () => {
    for (const gk of ['PersistentVolume', 'StorageClass.storage.k8s.io', 'RuntimeClass.node.k8s.io', 'ClusterRole.rbac.authorization.k8s.io', 'ClusterRoleBinding.rbac.authorization.k8s.io', 'CustomResourceDefinition.apiextensions.k8s.io', 'Node', 'Tenant.capsule.clastix.io']) {
      expect(accessOf(tenant, gk)).toMatchObject({ status: 'none', reason: expect.stringMatching(/^403 Forbidden: .* User "alice" cannot list/) });
    }
  });

  it('marks every check whose inputs were not readable not-evaluated, never pass or fail', () => {
    // The runner judges readability in the subject's namespace: a Namespace subject's own name.
    const namespaceOf = (r: Result) => (r.subject.kind === 'Namespace' ? r.subject.name : r.subject.namespace);
    const unjudgeable = (r: Result) => (needsOf.get(r.checkId) ?? []).filter((gk) => !isReadable(accessOf(tenant, gk), namespaceOf(r)));
    const judged = tenant.results.filter((r) => r.status === 'pass' || r.status === 'fail');
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.filter((r) => unjudgeable(r).length > 0).map((r) => `${r.checkId} ${subjectOf(r)} ${r.status} despite ${unjudgeable(r)}`)).toEqual([]);
    const pvResults = tenant.results.filter((r) => r.checkId === 'storage-pv-reclaim-retain');
    expect(pvResults.every((r) => r.status === 'not-evaluated')).toBe(true);
    const runtime = tenant.results.filter((r) => r.checkId === 'runtime-sandbox-missing');
    expect(runtime.length).toBeGreaterThan(0);
    expect(runtime.map((r) => r.status)).toEqual(runtime.map(() => 'not-evaluated'));
    expect(runtime[0].reason).toContain('RuntimeClass.node.k8s.io could not be read');
  });

  it('judges what it could read exactly as cluster admin does (messages may hold less context)', () => {
    const key = (r: Result) => `${r.checkId} ${subjectOf(r)} ${r.path ?? ''} => ${r.status}`;
    const judged = tenant.results.filter((r) => r.status === 'pass' || r.status === 'fail').map(key).sort();
    const adminKeys = new Set(admin.results.map(key));
    expect(judged.filter((k) => !adminKeys.has(k))).toEqual([]);
  });

  it('shows the gap in the score coverage and in the table', async () => {
    expect(tenant.score.coverage).toBeLessThan(1);
    expect(tenant.tenants.find((t) => t.name === 'acme')?.coverage).toBeLessThan(1);
    const offset = auditOffset();
    const table = await runCli(['scan', '--kubeconfig', file, '--format', 'table']);
    assertReadOnly(auditEventsSince(offset), USERS.alice);
    expect([0, 1]).toContain(table.code);
    expect(table.stdout).toContain('Coverage gaps (not counted as passes)');
    expect(table.stdout).toMatch(/- Namespace: partly read in globex \(403 Forbidden/);
    expect(table.stdout).toMatch(/- PersistentVolume: not read \(403 Forbidden/);
    expect(table.stdout).toMatch(/- runtime-sandbox-missing: \d+ subject\(s\) not evaluated: RuntimeClass\.node\.k8s\.io could not be read/);
  });
});
