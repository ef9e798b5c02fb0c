import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import type { Report } from '../../src/engine/report.js';
import type { Result } from '../../src/engine/result.js';
import { isReadable } from '../../src/model/access.js';
import { assertReadOnly, auditEventsSince, auditOffset } from './helpers/audit.js';
import { runCli } from './helpers/cli.js';
import { type KubeClient, clientFor, listItems, waitFor } from './helpers/kube.js';
import { kubeconfig } from './helpers/paths.js';
import { USERS, accessOf, scanReadOnly, subjectOf, tenantKubeconfig } from './helpers/scan.js';
import { SEED_MARKER } from './helpers/seed.js';

const e2e = inject('e2e');
const needsOf = new Map(builtinChecks.map((c) => [c.id, c.needs]));
const ACME = ['acme-dev', 'acme-prod'];
const CLUSTER_SCOPED = [
  'PersistentVolume',
  'StorageClass.storage.k8s.io',
  'RuntimeClass.node.k8s.io',
  'ClusterRole.rbac.authorization.k8s.io',
  'ClusterRoleBinding.rbac.authorization.k8s.io',
  'CustomResourceDefinition.apiextensions.k8s.io',
  'Tenant.capsule.clastix.io',
];
const NAMESPACED = [
  'Pod',
  'Deployment.apps',
  'NetworkPolicy.networking.k8s.io',
  'ResourceQuota',
  'RoleBinding.rbac.authorization.k8s.io',
  'Cluster.postgresql.cnpg.io',
];

/** The runner judges readability in the subject's namespace: a Namespace subject's own name. */
const namespaceOf = (r: Result) => (r.subject.kind === 'Namespace' ? r.subject.name : r.subject.namespace);

/** No pass or fail rests on a kind that was not readable where the subject lives. */
function expectNothingJudgedBlind(report: Report): void {
  const unreadable = (r: Result) => (needsOf.get(r.checkId) ?? []).filter((gk) => !isReadable(accessOf(report, gk), namespaceOf(r)));
  const judged = report.results.filter((r) => r.status === 'pass' || r.status === 'fail');
  expect(judged.length).toBeGreaterThan(0);
  expect(
    judged.filter((r) => unreadable(r).length > 0).map((r) => `${r.checkId} ${subjectOf(r)} ${r.status} despite ${unreadable(r)}`),
  ).toEqual([]);
  const runtime = report.results.filter((r) => r.checkId === 'runtime-sandbox-missing');
  expect(runtime.length).toBeGreaterThan(0);
  expect(runtime.map((r) => r.status)).toEqual(runtime.map(() => 'not-evaluated'));
  expect(runtime[0].reason).toContain('RuntimeClass.node.k8s.io could not be read');
}

/** What alice judged, she judged as cluster admin does (messages may carry less context, e.g. without the Tenant). */
function expectSameVerdictsAs(report: Report, admin: Report): void {
  const key = (r: Result) => `${r.checkId} ${subjectOf(r)} ${r.path ?? ''} => ${r.status}`;
  const adminKeys = new Set(admin.results.map(key));
  expect(
    report.results
      .filter((r) => r.status === 'pass' || r.status === 'fail')
      .map(key)
      .filter((k) => !adminKeys.has(k)),
  ).toEqual([]);
}

/**
 * alice owns the Capsule tenant acme: RoleBindings to `admin` in acme-prod and acme-dev, nothing
 * else of her own. Her kubeconfig names acme-prod, acme-dev and globex (no access there).
 */
describe.skipIf(!e2e.available)('live scan as a namespace-scoped tenant admin (alice)', () => {
  let file: string;
  let admin: Report;
  let kube: KubeClient;
  let allNamespaces: string[];
  beforeAll(async () => {
    file = tenantKubeconfig();
    admin = (await scanReadOnly(kubeconfig('admin'), USERS.admin)).report;
    kube = clientFor(kubeconfig('admin'));
    allNamespaces = (await listItems(kube, '/api/v1/namespaces')).map((ns) => ns.metadata.name).sort();
  });
  afterAll(() => kube?.close());

  describe('in the cluster as seeded, where every authenticated user may list namespaces (the console-namespace-lister gap of examples/shared-cluster/platform/rbac.yaml)', () => {
    let tenant: Report;
    beforeAll(async () => {
      tenant = (await scanReadOnly(file, USERS.alice)).report;
    });

    it('still runs, as alice in context acme-prod', () => {
      expect(tenant.source).toMatchObject({ type: 'cluster', context: 'acme-prod', user: 'alice' });
      expect(accessOf(tenant, 'Namespace')).toMatchObject({ status: 'full', count: allNamespaces.length });
      expect(tenant.tenants.find((t) => t.name === 'acme')).toMatchObject({ source: 'capsule', namespaces: ACME });
    });

    it('lists each namespaced kind namespace by namespace and names every namespace it could not read', async () => {
      const others = allNamespaces.filter((ns) => !ACME.includes(ns));
      for (const gk of NAMESPACED) {
        expect([gk, accessOf(tenant, gk)]).toEqual([
          gk,
          expect.objectContaining({ status: 'partial', forbiddenNamespaces: others, reason: expect.stringContaining('403 Forbidden') }),
        ]);
      }
      const pods = [
        ...(await listItems(kube, '/api/v1/namespaces/acme-prod/pods')),
        ...(await listItems(kube, '/api/v1/namespaces/acme-dev/pods')),
      ];
      expect(accessOf(tenant, 'Pod')?.count).toBe(pods.length);
      // Operators aggregate their kinds into `admin`: CloudNativePG does (one cluster in acme-prod), Strimzi does not.
      expect(accessOf(tenant, 'Cluster.postgresql.cnpg.io')?.count).toBe(1);
      expect(accessOf(tenant, 'KafkaTopic.kafka.strimzi.io')).toMatchObject({
        status: 'none',
        reason: expect.stringContaining(`also forbidden in each of the ${allNamespaces.length} known namespaces`),
      });
    });

    it('records every other cluster-scoped kind as not readable (403), never as absent or empty', () => {
      for (const gk of CLUSTER_SCOPED)
        expect([gk, accessOf(tenant, gk)]).toEqual([
          gk,
          expect.objectContaining({ status: 'none', reason: expect.stringMatching(/^403 Forbidden: .* User "alice" cannot list/) }),
        ]);
    });

    it("never passes or fails a subject whose inputs it could not read, in other tenants' namespaces included", () => {
      expectNothingJudgedBlind(tenant);
      // It sees that globex and initech exist (their labels are judged, as admin judges them), but not their policies.
      const policy = tenant.results.filter((r) => r.checkId === 'network-policy-missing' && !ACME.includes(namespaceOf(r)!));
      expect(policy.map(subjectOf)).toEqual(expect.arrayContaining(['Namespace/globex', 'Namespace/initech']));
      expect(policy.map((r) => r.status)).toEqual(policy.map(() => 'not-evaluated'));
      expect(policy[0].reason).toContain('NetworkPolicy.networking.k8s.io could not be read in namespace');
    });

    it('judges what it could read exactly as cluster admin does', () => expectSameVerdictsAs(tenant, admin));

    it('shows the gaps in the score coverage and in the table', async () => {
      expect(tenant.score.coverage).toBeLessThan(1);
      expect(tenant.tenants.find((t) => t.name === 'acme')?.coverage).toBeLessThan(1);
      const offset = auditOffset();
      const table = await runCli(['scan', '--kubeconfig', file, '--format', 'table']);
      assertReadOnly(auditEventsSince(offset), USERS.alice);
      expect([0, 1]).toContain(table.code);
      expect(table.stdout).toContain('Coverage gaps (never counted as passes)');
      // what was not read: Pods in the namespaces alice may not list, PersistentVolumes anywhere
      expect(table.stdout).toMatch(/- Pod: not read in namespaces? [^\n]*globex[^\n]* \(403 Forbidden/);
      expect(table.stdout).toMatch(/- PersistentVolume: not read \(403 Forbidden/);
      // RuntimeClasses are cluster-scoped: not read at all, never "in namespace X"
      expect(table.stdout).toMatch(
        /- runtime-sandbox-missing: \d+ subject\(s\) not evaluated in [^:\n]+: RuntimeClass\.node\.k8s\.io could not be read: /,
      );
    });
  });

  describe('in a cluster where tenants may not list namespaces (the bindings to system:authenticated removed for these tests)', () => {
    let tenant: Report;
    const removed: Array<Record<string, unknown>> = [];
    let marker: string | undefined;
    const alice = () => clientFor(file);
    const aliceListsNamespaces = async () => {
      const c = alice();
      try {
        return (await c.request('GET', '/api/v1/namespaces?limit=1')).status;
      } finally {
        c.close();
      }
    };

    beforeAll(async () => {
      // If this run dies before the restore, the next one re-seeds the cluster.
      marker = existsSync(SEED_MARKER) ? readFileSync(SEED_MARKER, 'utf8') : undefined;
      rmSync(SEED_MARKER, { force: true });
      const bindings = await listItems(kube, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings');
      for (const b of bindings) {
        if (b.metadata.name.startsWith('system:')) continue; // Kubernetes' own discovery bindings
        if (!b.subjects?.some((s: { kind: string; name: string }) => s.kind === 'Group' && s.name === 'system:authenticated')) continue;
        expect((await kube.request('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${b.metadata.name}`)).status).toBe(
          200,
        );
        removed.push({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: b.metadata.name, labels: b.metadata.labels },
          roleRef: b.roleRef,
          subjects: b.subjects,
        });
      }
      await waitFor('alice to lose the namespace list', async () => (await aliceListsNamespaces()) === 403, 30_000);
      tenant = (await scanReadOnly(file, USERS.alice)).report;
    });

    afterAll(async () => {
      for (const binding of removed) await kube.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding);
      if (removed.length) await waitFor('alice to get the namespace list back', async () => (await aliceListsNamespaces()) === 200, 30_000);
      if (marker) writeFileSync(SEED_MARKER, marker);
    });

    it('reads the namespaces her kubeconfig names one by one and reports the one it could not read', () => {
      expect(accessOf(tenant, 'Namespace')).toEqual({
        groupKind: 'Namespace',
        resource: 'namespaces',
        status: 'partial',
        reason: expect.stringMatching(
          /^403 Forbidden: namespaces is forbidden: User "alice" cannot list resource "namespaces" .*; read only the namespaces named in the kubeconfig \(acme-prod, acme-dev, globex\)$/,
        ),
        forbiddenNamespaces: ['globex'],
        count: 2,
      });
      expect(tenant.tenants.map((t) => [t.name, t.source, t.namespaces])).toEqual([['acme', 'capsule', ACME]]);
      for (const gk of NAMESPACED) {
        expect([gk, accessOf(tenant, gk)]).toEqual([
          gk,
          expect.objectContaining({
            status: 'partial',
            forbiddenNamespaces: ['globex'],
            reason: expect.stringContaining('in the namespaces known (the Namespace list is not readable)'),
          }),
        ]);
      }
      for (const gk of CLUSTER_SCOPED) expect([gk, accessOf(tenant, gk)?.status]).toEqual([gk, 'none']);
    });

    it('never passes or fails what it could not read, and judges the rest as cluster admin does', () => {
      expectNothingJudgedBlind(tenant);
      expectSameVerdictsAs(tenant, admin);
      expect(tenant.score.coverage).toBeLessThan(1);
    });

    it('without any namespace in the kubeconfig there is nothing to read: exit 3, and how to fix it', async () => {
      const run = await runCli(['scan', '--kubeconfig', kubeconfig('multi'), '--context', 'tenant-a', '--format', 'json']);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('user "alice" (context "tenant-a") may not read any of the kinds tenantscan needs');
      expect(run.stderr).toContain('403 Forbidden: namespaces is forbidden: User "alice" cannot list resource "namespaces"');
      expect(run.stderr).toContain('kubectl config set-context --current --namespace NS');
    });
  });
});
