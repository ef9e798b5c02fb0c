import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-privilege-escalation.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'rbac/rbac-privilege-escalation';

describe('rbac-privilege-escalation', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-escalation-paths.yaml`));
  const on = (kind: string, name: string, path: string) =>
    failed.find((r) => r.subject.kind === kind && r.subject.name === name && r.path === path);

  it('reports each rule that opens a path, on the custom role in use, or on the binding for a Kubernetes role', () => {
    expect(
      failed.map((r) => `${r.subject.kind} ${r.subject.namespace ?? ''}/${r.subject.name} ${r.path} ${r.tenant ?? '-'}`).sort(),
    ).toEqual([
      'ClusterRole /ci-impersonator /rules/0 globex',
      'ClusterRole /ci-impersonator /rules/1 globex',
      'ClusterRole /support-tools /aggregationRule -',
      'ClusterRole /token-minter /rules/0 globex',
      'Role globex/rbac-manager /rules/1 globex',
      'Role globex/rbac-manager /rules/2 globex',
      'RoleBinding acme-prod/acme-devs-cluster-admin /subjects/0 acme',
    ]);
  });

  it('reports a namespace-wide cluster-admin binding for what it allows in that namespace only', () => {
    const r = on('RoleBinding', 'acme-devs-cluster-admin', '/subjects/0');
    expect(r?.message).toBe(
      'Group "acme-devs" (tenant acme) can escalate Roles in acme-prod (grant itself permissions it does not hold); can bind any Role or ClusterRole (cluster-admin included) in acme-prod ' +
        'through ClusterRole "cluster-admin" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy) (/rules/0 of ClusterRole "cluster-admin")',
    );
    // impersonating and minting tokens for acme-prod's own service accounts stays inside the tenant
    expect(r?.message).not.toContain('impersonate');
    expect(r?.message).not.toContain('every namespace');
  });

  it('names the binding and the rule on a custom Role', () => {
    expect(on('Role', 'rbac-manager', '/rules/1')?.message).toBe(
      'through RoleBinding "globex/ci-rbac-manager", ServiceAccount "globex/ci" (tenant globex) can bind ClusterRole cluster-admin in globex (/rules/1 of Role "globex/rbac-manager")',
    );
    expect(on('Role', 'rbac-manager', '/rules/1')?.related).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: 'globex', name: 'ci-rbac-manager' },
    ]);
    // each rule is judged alone: the Role bind of rule 2 does not make rule 1 say more than cluster-admin
    expect(on('Role', 'rbac-manager', '/rules/2')?.message).toBe(
      'through RoleBinding "globex/ci-rbac-manager", ServiceAccount "globex/ci" (tenant globex) can escalate Roles in globex (grant itself permissions it does not hold); can bind any Role in globex (/rules/2 of Role "globex/rbac-manager")',
    );
  });

  it('finds impersonation of users and groups and token minting granted cluster-wide', () => {
    expect(on('ClusterRole', 'ci-impersonator', '/rules/0')?.message).toContain('can impersonate any user; can impersonate any group');
    expect(on('ClusterRole', 'ci-impersonator', '/rules/1')?.message).toContain(
      'can create tokens for every service account in every namespace (kube-system included)',
    );
  });

  it('finds token minting granted in a platform namespace, limited to one name', () => {
    expect(on('ClusterRole', 'token-minter', '/rules/0')?.message).toBe(
      'through RoleBinding "kube-system/globex-token-minter", ServiceAccount "globex/ci" (tenant globex) can create tokens for service accounts of kube-system named kube-proxy (/rules/0 of ClusterRole "token-minter")',
    );
  });

  it('follows aggregation to the role that holds the rule, for an unattributed subject bound cluster-wide', () => {
    const r = on('ClusterRole', 'support-tools', '/aggregationRule');
    expect(r?.message).toBe(
      'through ClusterRoleBinding "contractor-support", User "contractor" (unattributed: no tenant or platform subject) can impersonate every service account in every namespace (kube-system included) (/rules/0 of ClusterRole "support-impersonate")',
    );
    expect(r?.related?.map((x) => x.name)).toEqual(['contractor-support', 'support-impersonate']);
  });

  it('passes access that stays in the tenant, platform power and Kubernetes defaults', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-within-tenant.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual([
      'ClusterRole/impersonator',
      'ClusterRole/system:kube-controller-manager',
      'ClusterRoleBinding/platform-impersonators',
      'ClusterRoleBinding/system:kube-controller-manager',
      'Role/delegate-view',
      'RoleBinding/capsule-acme-0-admin',
      'RoleBinding/ci-delegate-view',
      'RoleBinding/ci-edit',
    ]);
  });

  it("judges a tenant's user also bound in a platform namespace as the tenant's", () => {
    const reported = failures(runCheckOnFixture(check, `${FIX}/fail-tenant-user-also-platform.yaml`));
    expect(reported.map((r) => [`${r.subject.kind} ${r.subject.namespace}/${r.subject.name} ${r.path}`, r.tenant, r.message])).toEqual([
      [
        'Role kube-system/debug-tokens /rules/0',
        'acme',
        'through RoleBinding "kube-system/dave-debug-tokens", User "dave" (tenant acme) can create tokens for every service account of kube-system (/rules/0 of Role "kube-system/debug-tokens")',
      ],
    ]);
  });

  it('is not-evaluated when a tenant is bound to a role that is not in the input', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci, namespace: team-a }
subjects: [{ kind: ServiceAccount, name: ci }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-role }
`;
    expect(runCheckOnText(check, text).map((r) => [r.status, r.reason])).toEqual([
      ['not-evaluated', 'ClusterRole "vendor-role" is not in the input, so what RoleBinding "team-a/ci" grants is unknown'],
    ]);
  });
});
