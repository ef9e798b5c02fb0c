import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-system-group-binding.js';
import clusterScopeGrant from '../../../checks/rbac/rbac-cluster-scope-grant.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'rbac/rbac-system-group-binding';

describe('rbac-system-group-binding', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-everyone-granted.yaml`));

  it('finds grants to each group of everyone, in tenant and platform namespaces and cluster-wide', () => {
    expect(
      failed.map((r) => `${r.subject.kind}/${r.subject.namespace ?? ''}/${r.subject.name} ${r.path} ${r.tenant ?? '-'}`).sort(),
    ).toEqual([
      'ClusterRoleBinding//authenticated-read-secrets /subjects/0 -',
      'RoleBinding/globex/all-service-accounts-view /subjects/0 globex',
      'RoleBinding/kube-system/anonymous-cluster-info /subjects/0 -',
    ]);
    expectEvery(failed, (r) => r.severity === 'critical');
  });

  it('says who the group is and what it can do', () => {
    const messages = Object.fromEntries(failed.map((r) => [r.subject.name, r.message]));
    expect(messages['authenticated-read-secrets']).toBe(
      'Group "system:authenticated" (every authenticated user: every tenant\'s users and service accounts) is granted ClusterRole "secret-reader" cluster-wide: can read secrets in every namespace',
    );
    expect(messages['all-service-accounts-view']).toMatch(
      /^Group "system:serviceaccounts" \(every service account of every namespace\) is granted ClusterRole "view" .* in globex: can read .* in globex/,
    );
    expect(messages['anonymous-cluster-info']).toBe(
      'Group "system:unauthenticated" (anonymous requests: anyone who can reach the API server) is granted Role "kube-system/cluster-info" in kube-system: can read configmaps in kube-system',
    );
  });

  it('passes Kubernetes defaults, discovery-only grants and system:serviceaccounts:<ns>', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-defaults-and-own-namespace.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual([
      'everyone-self-review',
      'own-service-accounts-edit',
      'system:basic-user',
      'system:discovery',
      'system:public-info-viewer',
      'system:service-account-issuer-discovery',
      'team-a-service-accounts-view',
    ]);
  });

  it("leaves system:serviceaccounts:<ns> bound cluster-wide to rbac-cluster-scope-grant, as that namespace's tenant", () => {
    const reported = failures(runCheckOnFixture(clusterScopeGrant, `${FIX}/pass-defaults-and-own-namespace.yaml`));
    expect(reported.map((r) => `${r.subject.name} ${r.tenant}`)).toEqual(['team-a-service-accounts-view team-a']);
    expect(reported[0].message).toMatch(
      /^Group "system:serviceaccounts:team-a" \(tenant team-a\) is bound cluster-wide to ClusterRole "view"/,
    );
  });

  it("reports anonymous grants beyond system:public-info-viewer, in Kubernetes' own bindings and through system: roles", () => {
    const reported = failures(runCheckOnFixture(check, `${FIX}/fail-anonymous-beyond-defaults.yaml`));
    expect(reported.map((r) => [r.subject.name, r.path, r.message])).toEqual([
      [
        'system:discovery',
        '/subjects/1',
        'Group "system:unauthenticated" (anonymous requests: anyone who can reach the API server) is granted ClusterRole "system:discovery" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy) cluster-wide: can get non-resource URLs /openapi, /openapi/*, /api, /api/*, /apis, /apis/*',
      ],
      [
        'anonymous-basic-user',
        '/subjects/0',
        'Group "system:unauthenticated" (anonymous requests: anyone who can reach the API server) is granted ClusterRole "system:basic-user" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy) cluster-wide: can create selfsubjectaccessreviews.authorization.k8s.io, selfsubjectreviews.authentication.k8s.io, selfsubjectrulesreviews.authorization.k8s.io cluster-wide',
      ],
    ]);
  });

  it('passes what Kubernetes grants anonymous users by default, whoever wrote the binding', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-anonymous-public-info.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['anonymous-health', 'anonymous-status-pages', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']);
  });

  it('is not-evaluated when the role granted to everyone is not in the input', () => {
    const text = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-vendor }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated" }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-role }
`;
    expect(runCheckOnText(check, text).map((r) => [r.status, r.reason])).toEqual([
      ['not-evaluated', 'ClusterRole "vendor-role" is not in the input, so what this binding grants system:authenticated is unknown'],
    ]);
  });
});
