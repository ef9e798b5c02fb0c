import { describe, expect, it } from 'vitest';
import check from '../../../checks/api/api-cluster-scoped-resource-writable.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'api/api-cluster-scoped-resource-writable';

describe('api-cluster-scoped-resource-writable', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-cluster-writes.yaml`));
  const of = (name: string) => failed.find((r) => r.subject.name === name)?.message;

  it('reports each tenant or unattributed subject that may write cluster-scoped resources', () => {
    expect(failed.map((r) => `${r.subject.name} ${r.path} ${r.tenant ?? '-'}`).sort()).toEqual([
      'alice-creates-namespaces /subjects/0 acme',
      'contractor-edits-tenants /subjects/0 -',
      'globex-ci-storage-admin /subjects/0 globex',
      'initech-ops-cluster-admin /subjects/0 initech',
    ]);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('names only the writes, resource by resource', () => {
    expect(of('globex-ci-storage-admin')).toBe(
      'ServiceAccount "globex/ci" (tenant globex) is bound cluster-wide to ClusterRole "storage-admin": ' +
        'can do anything with persistentvolumes cluster-wide; can create and delete storageclasses.storage.k8s.io cluster-wide (/rules/0 of ClusterRole "storage-admin", /rules/1 of ClusterRole "storage-admin")',
    );
    expect(of('alice-creates-namespaces')).toContain(
      'User "alice" (tenant acme) is bound cluster-wide to ClusterRole "namespace-creator": can create namespaces cluster-wide',
    );
  });

  it('knows custom cluster-scoped kinds from their CRD in the input', () => {
    expect(of('contractor-edits-tenants')).toContain('can update and patch tenants.capsule.clastix.io cluster-wide');
  });

  it('expands cluster-admin to the cluster-scoped resources it reaches, without CRDs or access reviews', () => {
    const message = of('initech-ops-cluster-admin') ?? '';
    expect(message).toBe(
      'Group "initech-ops" (tenant initech) is bound cluster-wide to ClusterRole "cluster-admin" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy): ' +
        'can do anything with clusterroles.rbac.authorization.k8s.io, clusterrolebindings.rbac.authorization.k8s.io, mutatingwebhookconfigurations.admissionregistration.k8s.io, ' +
        'validatingwebhookconfigurations.admissionregistration.k8s.io, namespaces, nodes (+25 more) cluster-wide (/rules/0 of ClusterRole "cluster-admin")',
    );
    expect(message).not.toContain('customresourcedefinitions');
    expect(message).not.toContain('tokenreviews');
  });

  it('passes reads, reviews, CSR creation, CRDs, namespaced kinds, unknown groups, the platform, and skips RoleBindings', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-reads-reviews-namespaced.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['platform-admins', 'team-a-cluster-tools']);
  });

  it('is critical for multi-customer, and not-evaluated for an unknown ClusterRole', () => {
    expectEvery(
      failures(runCheckOnFixture(check, `${FIX}/fail-cluster-writes.yaml`, { options: { profile: 'multi-customer' } })),
      (r) => r.severity === 'critical',
    );
    const text = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: x }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: someone }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gone }
`;
    expect(runCheckOnText(check, text).map((r) => r.status)).toEqual(['not-evaluated']);
  });
});
