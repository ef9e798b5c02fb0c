import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import type { Result } from '../../src/engine/result.js';
import { type KubeClient, clientFor, listItems } from './helpers/kube.js';
import { kubeconfig } from './helpers/paths.js';
import { USERS, accessOf, resultsOf, scanReadOnly, subjectOf } from './helpers/scan.js';

const e2e = inject('e2e');

/** Seeded in examples/live-seed: Deployments and a Job whose ReplicaSets and Pods the controller manager created. */
const CONTROLLED = ['Deployment/globex/build-agent', 'Deployment/globex/orders-api', 'Job/initech/nightly-report'];
const RELEASED_PV = 'pvc-5b0e7c2a-3f1d-4c8e-9a6b-2d7f0e1c4b3a';
const AVAILABLE_PV = 'pvc-9c41d2e8-6a7b-4f30-b5c1-8e2d4a6f0b19';

describe.skipIf(!e2e.available)('live scan of the seeded cluster as cluster admin and as the read-only scanner', () => {
  let admin: Report;
  let scanner: Report;
  let kube: KubeClient;
  beforeAll(async () => {
    admin = (await scanReadOnly(kubeconfig('admin'), USERS.admin)).report;
    scanner = (await scanReadOnly(kubeconfig('scanner'), USERS.scanner)).report;
    kube = clientFor(kubeconfig('admin'));
  });
  afterAll(() => kube?.close());

  it('names the cluster, context and kubeconfig user it read', () => {
    expect(admin.source).toEqual({
      type: 'cluster',
      server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      context: 'admin',
      user: 'admin',
      inCluster: false,
    });
    expect(scanner.source).toMatchObject({ type: 'cluster', context: 'scanner', user: 'scanner', inCluster: false });
  });

  it('finds the tenants from live namespaces: acme through its Capsule label, globex and initech one namespace each; no platform namespace is a tenant', () => {
    for (const report of [admin, scanner]) {
      expect(report.tenants).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'acme', source: 'capsule', namespaces: ['acme-dev', 'acme-prod'] }),
          expect.objectContaining({ name: 'globex', source: 'namespace', namespaces: ['globex'] }),
          expect.objectContaining({ name: 'initech', source: 'namespace', namespaces: ['initech'] }),
        ]),
      );
      const tenantNamespaces = report.tenants.flatMap((t) => t.namespaces);
      for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'ingress-nginx', 'monitoring', 'capsule-system']) {
        expect(tenantNamespaces).not.toContain(ns);
      }
    }
  });

  it('reads every kind in full as admin, and every object: counts equal what the API server lists', async () => {
    for (const a of admin.access) {
      if (a.groupKind === 'Secret' || a.groupKind === 'ConfigMap') continue;
      expect([a.groupKind, a.status]).toEqual([a.groupKind, expect.stringMatching(/^(full|absent)$/)]);
    }
    const counts: Array<[string, string]> = [
      ['Pod', '/api/v1/pods'],
      ['ReplicaSet.apps', '/apis/apps/v1/replicasets'],
      ['RoleBinding.rbac.authorization.k8s.io', '/apis/rbac.authorization.k8s.io/v1/rolebindings'],
      ['PersistentVolume', '/api/v1/persistentvolumes'],
      ['Cluster.postgresql.cnpg.io', '/apis/postgresql.cnpg.io/v1/clusters'],
      ['KafkaTopic.kafka.strimzi.io', '/apis/kafka.strimzi.io/v1beta2/kafkatopics'],
    ];
    for (const [gk, path] of counts) {
      const live = (await listItems(kube, path)).length;
      expect(live, `${gk} seeded`).toBeGreaterThan(0);
      expect([gk, accessOf(admin, gk)?.count]).toEqual([gk, live]);
    }
    // Controllers did their part: the Deployments' ReplicaSets and Pods exist.
    expect((await listItems(kube, '/api/v1/namespaces/globex/pods')).map((p) => p.metadata.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^orders-api-/), expect.stringMatching(/^build-agent-/)]),
    );
  });

  it('records what it may not read or does not exist: Secrets never requested, KafkaTopics forbidden to the scanner, Cilium not served', () => {
    for (const report of [admin, scanner]) {
      expect(accessOf(report, 'Secret')).toEqual({
        groupKind: 'Secret',
        status: 'none',
        reason: 'never requested: tenantscan does not read Secrets',
      });
      expect(accessOf(report, 'CiliumNetworkPolicy.cilium.io')).toMatchObject({ status: 'absent' });
      expect(accessOf(report, 'Tenant.capsule.clastix.io')).toMatchObject({ status: 'full', count: 1 });
      expect(accessOf(report, 'Cluster.postgresql.cnpg.io')).toMatchObject({ status: 'full', count: 3 });
    }
    expect(accessOf(admin, 'KafkaTopic.kafka.strimzi.io')).toMatchObject({ status: 'full', count: 1 });
    expect(accessOf(scanner, 'KafkaTopic.kafka.strimzi.io')).toEqual({
      groupKind: 'KafkaTopic.kafka.strimzi.io',
      resource: 'kafkatopics',
      status: 'none',
      reason: expect.stringMatching(
        /^403 Forbidden: kafkatopics\.kafka\.strimzi\.io is forbidden: User "scanner" cannot list resource "kafkatopics"/,
      ),
    });
  });

  it('reports a workload once, on its Deployment or Job, never on the ReplicaSets and Pods its controllers created', () => {
    for (const report of [admin, scanner]) {
      const hostPath = resultsOf(report, 'storage-hostpath-volume').filter(
        (r) => r.subject.namespace === 'globex' || r.subject.namespace === 'initech',
      );
      expect(hostPath.filter((r) => r.status === 'fail').map((r) => `${subjectOf(r)} ${r.path}`)).toContain(
        'Deployment/globex/build-agent /spec/template/spec/volumes/0/hostPath',
      );
      expect(hostPath.filter((r) => subjectOf(r) === 'Deployment/globex/build-agent')).toHaveLength(1);
      for (const subject of ['Deployment/globex/orders-api', 'Job/initech/nightly-report']) {
        expect(hostPath.filter((r) => subjectOf(r) === subject).map((r) => r.status)).toEqual(['pass']);
      }
      const owned = report.results.filter(
        (r) => /^(ReplicaSet|Pod)$/.test(r.subject.kind) && /^(build-agent|orders-api|nightly-report)-/.test(r.subject.name),
      );
      expect(owned.map(subjectOf)).toEqual([]);
      for (const subject of CONTROLLED) expect(report.results.some((r) => subjectOf(r) === subject)).toBe(true);
    }
  });

  it('reads the phase the PV controller keeps: the Released PV with a globex claim fails, the Available one that deletes passes', () => {
    for (const report of [admin, scanner]) {
      const pv = resultsOf(report, 'storage-pv-reclaim-retain');
      const released = pv.filter((r) => r.subject.name === RELEASED_PV);
      expect(released.map((r) => [r.status, r.tenant])).toEqual([['fail', 'globex']]);
      expect(released[0].message).toContain('Released');
      expect(released[0].message).toContain('globex/data-orders-db-0');
      expect(pv.filter((r) => r.subject.name === AVAILABLE_PV).map((r) => r.status)).toEqual(['pass']);
    }
  });

  it('finds network-policy-missing on initech, which has no NetworkPolicy', () => {
    for (const report of [admin, scanner]) {
      expect(
        resultsOf(report, 'network-policy-missing')
          .filter((r) => subjectOf(r) === 'Namespace/initech')
          .map((r) => r.status),
      ).toEqual(['fail']);
    }
  });

  it('finds the CloudNativePG CRD shared by three tenants, passes the one-tenant Strimzi CRD, and cannot judge it as the scanner', () => {
    const of = (report: Report, crd: string) => resultsOf(report, 'api-crd-shared').filter((r) => r.subject.name === crd);
    const shared = of(admin, 'clusters.postgresql.cnpg.io');
    expect(shared.map((r) => r.status)).toEqual(['fail']);
    expect(shared[0].message).toContain('acme (acme-prod), globex (globex), initech (initech)');
    expect(of(admin, 'kafkatopics.kafka.strimzi.io').map((r) => r.status)).toEqual(['pass']);
    expect(of(scanner, 'clusters.postgresql.cnpg.io').map((r) => r.status)).toEqual(['fail']);
    const unknown = of(scanner, 'kafkatopics.kafka.strimzi.io');
    expect(unknown.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(unknown[0].reason).toContain('403 Forbidden');
  });

  it('finds the ClusterRoleBinding that gives a globex ServiceAccount edit in every namespace', () => {
    for (const report of [admin, scanner]) {
      const failed = resultsOf(report, 'rbac-cluster-scope-grant', 'fail').filter((r) => r.subject.name === 'globex-build-agent-deployer');
      expect(failed.map((r) => [r.path, r.tenant])).toEqual([['/subjects/0', 'globex']]);
      expect(failed[0].message).toMatch(
        /^ServiceAccount "globex\/build-agent" \(tenant globex\) is bound cluster-wide to ClusterRole "edit"/,
      );
      // The read-only in-cluster scanner of the platform (kube-system) is no tenant's grant.
      expect(
        resultsOf(report, 'rbac-cluster-scope-grant', 'fail').filter((r) => r.subject.name === 'tenantscan-e2e-incluster-reader'),
      ).toEqual([]);
    }
  });

  it('finds the acme-dev RoleBinding for a globex ServiceAccount; the RoleBindings Capsule made for acme owners pass', () => {
    for (const report of [admin, scanner]) {
      const cross = resultsOf(report, 'rbac-cross-tenant-grant');
      expect(cross.filter((r) => subjectOf(r) === 'RoleBinding/acme-dev/globex-orders-api-view').map((r) => [r.status, r.path])).toEqual([
        ['fail', '/subjects/0'],
      ]);
      for (const binding of [
        'RoleBinding/acme-prod/capsule-acme-0-admin',
        'RoleBinding/acme-dev/capsule-acme-0-admin',
        'RoleBinding/acme-prod/capsule-acme-1-admin',
      ]) {
        expect([binding, cross.filter((r) => subjectOf(r) === binding).map((r) => r.status)]).toEqual([binding, ['pass']]);
      }
    }
  });

  it('gives the read-only scanner the same verdicts as cluster admin wherever both could read the inputs', () => {
    const key = (r: Result) => `${r.checkId} ${subjectOf(r)} ${r.path ?? ''} ${r.message ?? ''}`;
    const verdicts = (report: Report) =>
      report.results
        .filter((r) => !(r.checkId === 'api-crd-shared' && r.subject.name === 'kafkatopics.kafka.strimzi.io'))
        .map((r) => `${key(r)} => ${r.status}`)
        .sort();
    expect(verdicts(scanner)).toEqual(verdicts(admin));
  });
});
