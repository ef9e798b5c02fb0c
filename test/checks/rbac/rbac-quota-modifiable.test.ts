import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-quota-modifiable.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'rbac/rbac-quota-modifiable';

describe('rbac-quota-modifiable', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-quota-writers.yaml`));
  const inNs = (ns: string) => failed.filter((r) => r.subject.name === ns);

  it('fails each namespace whose own tenant can write its quota or limits, once per binding subject', () => {
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.tenant}`).sort()).toEqual([
      'Namespace/acme-prod acme',
      'Namespace/globex globex',
      'Namespace/initech initech',
    ]);
    expectEvery(failed, (r) => r.severity === 'high' && r.path === undefined);
  });

  it('reports a namespace-wide cluster-admin binding in its namespace', () => {
    expect(inNs('acme-prod')[0].message).toBe(
      'Group "acme-devs" (tenant acme) can create, update, patch, delete and deletecollection resourcequotas and limitranges in acme-prod ' +
        'through RoleBinding "acme-prod/acme-devs-cluster-admin" to ClusterRole "cluster-admin" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy) (/rules/0 of ClusterRole "cluster-admin")',
    );
    expect(inNs('acme-prod')[0].related?.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'RoleBinding/acme-devs-cluster-admin',
      'ClusterRole/cluster-admin',
    ]);
  });

  it('counts a rule limited to one quota by name', () => {
    expect(inNs('globex')[0].message).toBe(
      'ServiceAccount "globex/ci" (tenant globex) can update and patch resourcequotas named compute in globex through RoleBinding "globex/ci-quota-tuner" to Role "globex/quota-tuner" (/rules/0 of Role "globex/quota-tuner")',
    );
  });

  it('finds write access that a custom role adds to the Kubernetes admin role by aggregation', () => {
    expect(inNs('initech')[0].message).toContain(
      'Group "initech-admins" (tenant initech) can create, update, patch and delete limitranges in initech',
    );
    expect(inNs('initech')[0].message).toContain('(/rules/0 of ClusterRole "limits-admin")');
  });

  it('passes admin and edit, the platform, Kubernetes defaults, and leaves other tenants to rbac-cross-tenant-grant', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-admin-edit-platform.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['acme-prod', 'team-a', 'team-b']);
  });

  it('fails every tenant namespace when a group of everyone may write quotas', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: limits }
rules: [{ apiGroups: [""], resources: [limitranges], verbs: [delete] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-sas-limits }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts" }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: limits }
`;
    const results = runCheckOnText(check, text);
    expect(failures(results).map((r) => `${r.subject.name}: ${r.message}`)).toEqual([
      'team-a: Group "system:serviceaccounts" (everyone) can delete limitranges in team-a through ClusterRoleBinding "all-sas-limits" to ClusterRole "limits" (/rules/0 of ClusterRole "limits")',
      'team-b: Group "system:serviceaccounts" (everyone) can delete limitranges in team-b through ClusterRoleBinding "all-sas-limits" to ClusterRole "limits" (/rules/0 of ClusterRole "limits")',
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
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-operator }
`;
    expect(runCheckOnText(check, text).map((r) => [r.status, r.reason])).toEqual([
      [
        'not-evaluated',
        'ClusterRole "vendor-operator", bound to this tenant\'s subjects here, is not in the input: whether ResourceQuotas and LimitRanges can be written is unknown',
      ],
    ]);
  });
});
