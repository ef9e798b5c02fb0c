import { describe, expect, it } from 'vitest';
import { RbacAnalysis } from '../../../src/k8s/rbac/access.js';
import { platformSubjectMatcher } from '../../../src/k8s/rbac/attribution.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { indexFromText } from '../../helpers/fixtures.js';

const TEXT = `
apiVersion: v1
kind: Namespace
metadata: { name: acme-prod, labels: { capsule.clastix.io/tenant: acme } }
---
apiVersion: v1
kind: Namespace
metadata: { name: acme-dev, labels: { capsule.clastix.io/tenant: acme } }
---
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: { name: acme }
spec:
  owners:
    - { kind: User, name: alice }
    - { kind: ServiceAccount, name: "system:serviceaccount:ci-system:acme-bot" }
---
apiVersion: v1
kind: Namespace
metadata: { name: globex }
---
apiVersion: v1
kind: Namespace
metadata: { name: initech }
---
apiVersion: v1
kind: Namespace
metadata: { name: monitoring }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: globex }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs, namespace: globex }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: globex-devs }
  - { apiGroup: rbac.authorization.k8s.io, kind: User, name: bob }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bob, namespace: initech }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: bob }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: carol, namespace: monitoring }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: carol }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: globex-devs-view }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: globex-devs }
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: platform-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
`;

function analysis(options = {}) {
  const index = indexFromText(TEXT);
  const tenants = new TenantModel(index);
  return { tenants, rbac: new RbacAnalysis(index, tenants, options) };
}

describe('subject attribution', () => {
  const { rbac, tenants } = analysis();
  const owner = (kind: 'User' | 'Group' | 'ServiceAccount', name: string, namespace?: string) => rbac.ownerOf({ kind, name, namespace });

  it("takes the tenancy source's owners as the tenant's, a ServiceAccount owner included wherever it lives", () => {
    expect(owner('User', 'alice')).toEqual({ kind: 'tenant', tenants: ['acme'], reason: 'tenancy-source' });
    expect(owner('ServiceAccount', 'acme-bot', 'ci-system')).toEqual({ kind: 'tenant', tenants: ['acme'], reason: 'tenancy-source' });
    expect(owner('User', 'system:serviceaccount:ci-system:acme-bot')).toEqual({
      kind: 'tenant',
      tenants: ['acme'],
      reason: 'tenancy-source',
    });
  });

  it("gives service accounts, and the group of a namespace's service accounts, to the namespace's tenant", () => {
    expect(owner('ServiceAccount', 'anything', 'acme-dev')).toEqual({ kind: 'tenant', tenants: ['acme'], reason: 'namespace' });
    expect(owner('Group', 'system:serviceaccounts:globex')).toEqual({ kind: 'tenant', tenants: ['globex'], reason: 'namespace' });
    expect(owner('ServiceAccount', 'prometheus', 'monitoring')).toEqual({ kind: 'platform', reason: 'platform-namespace' });
  });

  it('gives a user or group bound only inside one tenant to that tenant; ClusterRoleBindings do not count against it', () => {
    expect(owner('Group', 'globex-devs')).toEqual({ kind: 'tenant', tenants: ['globex'], reason: 'bound-only-in-tenant' });
  });

  it('keeps a user bound in one tenant its subject when it is also bound in platform and system namespaces', () => {
    const text = `${TEXT}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: dave, namespace: globex }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: dave }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: dave-monitoring, namespace: monitoring }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: dave }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: dave-exec, namespace: kube-system }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: dave }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
`;
    const index = indexFromText(text);
    const rbac = new RbacAnalysis(index, new TenantModel(index));
    expect(rbac.ownerOf({ kind: 'User', name: 'dave' })).toEqual({ kind: 'tenant', tenants: ['globex'], reason: 'bound-only-in-tenant' });
  });

  it('leaves unattributed a user bound in two tenants, or in a platform namespace, or only cluster-wide', () => {
    expect(owner('User', 'bob')).toEqual({ kind: 'unattributed' });
    expect(owner('User', 'carol')).toEqual({ kind: 'unattributed' });
    expect(owner('Group', 'platform-admins')).toEqual({ kind: 'unattributed' });
  });

  it("knows Kubernetes' own users and groups as the platform's, and the groups of everyone as everyone", () => {
    expect(owner('Group', 'system:masters')).toEqual({ kind: 'platform', reason: 'platform-subjects' });
    expect(owner('User', 'system:kube-scheduler')).toEqual({ kind: 'platform', reason: 'platform-subjects' });
    for (const g of ['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts'])
      expect(owner('Group', g)).toEqual({ kind: 'everyone', group: g });
  });

  it("lists a tenant's subjects from every source", () => {
    const globex = tenants.tenants.find((t) => t.name === 'globex')!;
    expect(rbac.attribution.subjectsOfTenant(globex)).toEqual([
      { kind: 'Group', name: 'globex-devs' },
      { kind: 'Group', name: 'system:serviceaccounts:globex' },
      { kind: 'ServiceAccount', namespace: 'globex', name: 'api' },
    ]);
  });

  it('takes configured platform subjects, after the tenant model has had its say', () => {
    const configured = analysis({ platformSubjects: ['group:platform-*', 'user:bob', 'serviceaccount:acme-dev:*'] }).rbac;
    expect(configured.ownerOf({ kind: 'Group', name: 'platform-admins' })).toEqual({ kind: 'platform', reason: 'platform-subjects' });
    expect(configured.ownerOf({ kind: 'User', name: 'bob' })).toEqual({ kind: 'platform', reason: 'platform-subjects' });
    expect(configured.ownerOf({ kind: 'ServiceAccount', namespace: 'acme-dev', name: 'x' }).kind).toBe('tenant');
    const entries = analysis({
      platformSubjects: [
        { kind: 'Group', name: 'platform-*' },
        { kind: 'User', name: 'bob' },
        { kind: 'ServiceAccount', namespace: 'flux-*', name: '*' },
      ],
    }).rbac;
    expect(entries.ownerOf({ kind: 'Group', name: 'platform-admins' })).toEqual({ kind: 'platform', reason: 'platform-subjects' });
    expect(entries.ownerOf({ kind: 'User', name: 'platform-admins' }).kind).not.toBe('platform');
    expect(entries.ownerOf({ kind: 'User', name: 'bob' })).toEqual({ kind: 'platform', reason: 'platform-subjects' });
    expect(entries.ownerOf({ kind: 'ServiceAccount', namespace: 'flux-apps', name: 'kustomize' })).toEqual({
      kind: 'platform',
      reason: 'platform-subjects',
    });
    const replaced = analysis({ replacePlatformSubjects: true, platformSubjects: [] }).rbac;
    expect(replaced.ownerOf({ kind: 'Group', name: 'system:masters' })).toEqual({ kind: 'unattributed' });
  });
});

describe('platform subject globs', () => {
  const match = platformSubjectMatcher(['user:ops-*', 'group:sre', 'serviceaccount:flux-*:*', 'system:kube-*']);

  it('match by kind prefix, or by name for a bare glob (a service account by its username)', () => {
    expect(match({ kind: 'User', name: 'ops-jane' })).toBe(true);
    expect(match({ kind: 'Group', name: 'ops-jane' })).toBe(false);
    expect(match({ kind: 'Group', name: 'sre' })).toBe(true);
    expect(match({ kind: 'ServiceAccount', namespace: 'flux-system', name: 'kustomize-controller' })).toBe(true);
    expect(match({ kind: 'ServiceAccount', namespace: 'kube-system', name: 'x' })).toBe(false);
    expect(match({ kind: 'User', name: 'system:kube-proxy' })).toBe(true);
    expect(match({ kind: 'ServiceAccount', namespace: 'team', name: 'kube-x' })).toBe(false);
  });
});
