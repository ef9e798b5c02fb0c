import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-wildcard-rule.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'rbac/rbac-wildcard-rule';

describe('rbac-wildcard-rule', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-wildcards-in-use.yaml`));
  const at = (name: string, path: string) => failed.find((r) => r.subject.name === name && r.path === path);

  it('reports each wildcard rule of each role in use by tenants, and no other rule', () => {
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} ${r.tenant ?? '-'}`).sort()).toEqual([
      'ClusterRole/pod-janitor /rules/0 -',
      'ClusterRole/widgets-edit /rules/0 initech',
      'Role/deployer /rules/0 globex',
      'Role/deployer /rules/2 globex',
    ]);
    expectEvery(failed, (r) => r.severity === 'medium');
  });

  it('says which fields hold the wildcard, including */subresource', () => {
    expect(at('deployer', '/rules/0')?.message).toBe(
      'rule uses "*" in resources (verbs [get, list, create, update] on resources [*] of apiGroups [apps]), and Role "globex/deployer" is bound to ServiceAccount "globex/ci" (tenant globex) through RoleBinding "globex/ci-deployer"',
    );
    expect(at('deployer', '/rules/2')?.message).toMatch(
      /^rule uses "\*" in verbs and resources and apiGroups \(verbs \[\*\] on resources \[\*\/scale\] of apiGroups \[\*\]\)/,
    );
  });

  it("counts a role in use through Kubernetes' edit role that aggregates it", () => {
    const r = at('widgets-edit', '/rules/0');
    expect(r?.message).toContain('is bound to Group "initech-devs" (tenant initech) through RoleBinding "initech/initech-devs-edit"');
    expect(r?.related).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: 'initech', name: 'initech-devs-edit' },
    ]);
  });

  it('counts a subject of no tenant bound cluster-wide', () => {
    expect(at('pod-janitor', '/rules/0')?.message).toContain(
      'User "contractor" (unattributed: no tenant or platform subject) through ClusterRoleBinding "contractor-pod-janitor"',
    );
  });

  it("passes explicit rules, Kubernetes' roles, roles only the platform or nobody uses, and aggregated roles' own rules", () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-explicit-platform-defaults.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['app-deployer', 'backup-operator', 'cluster-admin', 'team-observer', 'team-observer-pods', 'unused-wildcards']);
  });

  it('is high for multi-customer, and not-evaluated when bindings could not all be read', () => {
    expectEvery(
      failures(runCheckOnFixture(check, `${FIX}/fail-wildcards-in-use.yaml`, { options: { profile: 'multi-customer' } })),
      (r) => r.severity === 'high',
    );
    const partial = runCheckOnFixture(check, `${FIX}/fail-wildcards-in-use.yaml`, {
      access: [{ groupKind: 'ClusterRoleBinding.rbac.authorization.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(partial.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });
});
