import { describe, expect, it } from 'vitest';
import { TenantModel } from '../../../src/tenancy/model.js';
import {
  RbacAnalysis,
  canPatchServiceStatus,
  clusterResourceWriters,
  rbacInputsUnreadable,
  serviceStatusWriters,
} from '../../../src/k8s/rbac/index.js';
import { indexFromText } from '../../helpers/fixtures.js';
import type { AccessOutcome } from '../../../src/model/access.js';

function analysisOf(text: string, access?: AccessOutcome[]) {
  const index = indexFromText(text, 'rbac.yaml', access);
  const tenants = new TenantModel(index);
  return { index, tenants, analysis: new RbacAnalysis(index, tenants) };
}

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`;

const sa = (namespace: string, name: string) => ({ kind: 'ServiceAccount' as const, namespace, name });
const user = (name: string) => ({ kind: 'User' as const, name });
const group = (name: string) => ({ kind: 'Group' as const, name });

describe('RBAC access: bindings and scope', () => {
  const text = `${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: read-secrets, namespace: team-a }
subjects:
  - { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }
  - { kind: ServiceAccount, name: builder }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: auditors-read-secrets }
subjects:
  - { kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io }
  - { kind: ServiceAccount, name: no-namespace }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
`;
  const { analysis } = analysisOf(text);
  const get = (namespace?: string) => ({ verb: 'get', group: '', resource: 'secrets', namespace, name: 'db' });

  it('grants a ClusterRole through a RoleBinding only in the binding namespace', () => {
    expect(analysis.can(user('alice'), get('team-a')).allowed).toBe(true);
    expect(analysis.can(user('alice'), get('team-b')).allowed).toBe(false);
  });

  it('names the binding, the role and the rule that allow a request', () => {
    const decision = analysis.can(user('alice'), get('team-a'));
    expect(decision.grants).toHaveLength(1);
    const [grant] = decision.grants;
    expect(grant.binding).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      namespace: 'team-a',
      name: 'read-secrets',
    });
    expect(grant.role.name).toBe('secret-reader');
    expect(grant.rule.rulePath).toBe('/rules/0');
    expect(grant.subjectIndex).toBe(0);
    expect(grant.namespace).toBe('team-a');
  });

  it('grants a ClusterRoleBinding in every namespace', () => {
    expect(analysis.can(group('auditors'), get('team-a')).allowed).toBe(true);
    expect(analysis.can(group('auditors'), get('team-b')).allowed).toBe(true);
  });

  it('defaults a ServiceAccount subject to the RoleBinding namespace; matches nobody in a ClusterRoleBinding without one', () => {
    expect(analysis.can(sa('team-a', 'builder'), get('team-a')).allowed).toBe(true);
    expect(analysis.can(sa('team-b', 'builder'), get('team-a')).allowed).toBe(false);
    expect(analysis.can(sa('team-a', 'no-namespace'), get('team-a')).allowed).toBe(false);
  });

  it('treats the User system:serviceaccount:<ns>:<name> as that service account', () => {
    expect(analysis.can(user('system:serviceaccount:team-a:builder'), get('team-a')).allowed).toBe(true);
  });

  it('honours the verb', () => {
    expect(analysis.can(user('alice'), { ...get('team-a'), verb: 'delete' }).allowed).toBe(false);
  });
});

describe('RBAC access: rule matching', () => {
  const text = `${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: shapes, namespace: team-a }
rules:
  - apiGroups: ["*"]
    resources: ["*/scale"]
    verbs: [update]
  - apiGroups: [""]
    resources: ["pods/*"]
    verbs: [create]
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [app-config]
    verbs: [get, update]
  - apiGroups: [apps]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: shapes, namespace: team-a }
subjects: [{ kind: User, name: bob, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: shapes }
`;
  const { analysis } = analysisOf(text);
  const bob = user('bob');
  const can = (req: Parameters<RbacAnalysis['can']>[1]) => analysis.can(bob, { namespace: 'team-a', ...req }).allowed;

  it('matches */scale against the scale subresource of any resource, not the resource itself', () => {
    expect(can({ verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale' })).toBe(true);
    expect(can({ verb: 'update', group: '', resource: 'replicationcontrollers', subresource: 'scale' })).toBe(true);
    expect(can({ verb: 'update', group: '', resource: 'replicationcontrollers' })).toBe(false);
  });

  it('compares pods/* literally (it is not a wildcard)', () => {
    expect(can({ verb: 'create', group: '', resource: 'pods', subresource: 'exec' })).toBe(false);
  });

  it('limits resourceNames rules to requests naming them; anyName counts them', () => {
    expect(can({ verb: 'get', group: '', resource: 'configmaps', name: 'app-config' })).toBe(true);
    expect(can({ verb: 'get', group: '', resource: 'configmaps', name: 'other' })).toBe(false);
    expect(can({ verb: 'get', group: '', resource: 'configmaps' })).toBe(false);
    expect(can({ verb: 'update', group: '', resource: 'configmaps', anyName: true })).toBe(true);
  });

  it('matches * resources with subresources and * verbs with any verb, only in the named group', () => {
    expect(can({ verb: 'escalate', group: 'apps', resource: 'deployments', subresource: 'status' })).toBe(true);
    expect(can({ verb: 'get', group: 'batch', resource: 'jobs' })).toBe(false);
  });

  it('never lets a RoleBinding grant a cluster-scoped request', () => {
    expect(analysis.can(bob, { verb: 'get', group: 'apps', resource: 'deployments' }).allowed).toBe(false);
  });
});

describe('RBAC access: the own Namespace object', () => {
  const text = `${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: namespace-editor }
rules: [{ apiGroups: [""], resources: [namespaces], verbs: [get, update, patch, create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: edit-ns, namespace: team-a }
subjects: [{ kind: User, name: carol, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-editor }
`;
  const { analysis } = analysisOf(text);

  it('authorizes a request on Namespace N in namespace N (requestinfo), so a RoleBinding in N reaches it', () => {
    expect(analysis.can(user('carol'), { verb: 'patch', group: '', resource: 'namespaces', name: 'team-a' }).allowed).toBe(true);
    expect(analysis.can(user('carol'), { verb: 'patch', group: '', resource: 'namespaces', name: 'team-b' }).allowed).toBe(false);
  });

  it('does not let it create namespaces (a cluster-scoped request without a name)', () => {
    expect(analysis.can(user('carol'), { verb: 'create', group: '', resource: 'namespaces' }).allowed).toBe(false);
  });
});

describe('RBAC access: aggregated ClusterRoles', () => {
  const text = `${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { rbac.example.com/aggregate-to-monitoring: "true" }
    - matchExpressions: [{ key: tier, operator: In, values: [metrics] }]
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-endpoints
  labels: { rbac.example.com/aggregate-to-monitoring: "true" }
rules: [{ apiGroups: [""], resources: [endpoints], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-metrics
  labels: { tier: metrics }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { tier: metrics-leaf } }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metrics-leaf
  labels: { tier: metrics-leaf }
rules: [{ apiGroups: [metrics.k8s.io], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: quota-editor
  labels: { rbac.authorization.k8s.io/aggregate-to-admin: "true" }
rules: [{ apiGroups: [""], resources: [resourcequotas], verbs: [update] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: monitoring }
subjects: [{ kind: Group, name: monitors, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: owners, namespace: team-a }
subjects: [{ kind: User, name: owner, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: editors, namespace: team-a }
subjects: [{ kind: User, name: editor, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
`;
  const { analysis } = analysisOf(text);
  const monitors = group('monitors');

  it('unions the rules of the selected roles (matchLabels or matchExpressions), transitively', () => {
    expect(analysis.can(monitors, { verb: 'list', group: '', resource: 'endpoints', namespace: 'team-a' }).allowed).toBe(true);
    const leaf = analysis.can(monitors, { verb: 'get', group: 'metrics.k8s.io', resource: 'pods', namespace: 'team-b' });
    expect(leaf.allowed).toBe(true);
    expect(leaf.grants[0].role.name).toBe('monitoring');
    expect(leaf.grants[0].rule.role.name).toBe('metrics-leaf');
    expect(leaf.grants[0].rule.rulePath).toBe('/rules/0');
  });

  it("replaces the aggregated role's inline rules", () => {
    expect(analysis.can(monitors, { verb: 'get', group: '', resource: 'secrets', namespace: 'team-a', name: 'x' }).allowed).toBe(false);
  });

  it('resolves admin and edit from the Kubernetes bootstrap policy when absent: admin may read but not write quotas', () => {
    const owner = user('owner');
    const read = analysis.can(owner, { verb: 'list', group: '', resource: 'limitranges', namespace: 'team-a' });
    expect(read.allowed).toBe(true);
    expect(read.grants[0].roleFound).toBe('builtin');
    expect(read.grants[0].rule.role.name).toBe('system:aggregate-to-view');
    expect(analysis.can(owner, { verb: 'create', group: '', resource: 'limitranges', namespace: 'team-a' }).allowed).toBe(false);
    expect(
      analysis.can(owner, { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: 'team-a' }).allowed,
    ).toBe(true);
  });

  it('adds input ClusterRoles labelled aggregate-to-admin to the built-in admin, and only to admin', () => {
    const decision = analysis.can(user('owner'), { verb: 'update', group: '', resource: 'resourcequotas', namespace: 'team-a', name: 'q' });
    expect(decision.grants.map((g) => g.rule.role.name)).toEqual(['quota-editor']);
    expect(
      analysis.can(user('editor'), { verb: 'update', group: '', resource: 'resourcequotas', namespace: 'team-a', name: 'q' }).allowed,
    ).toBe(false);
    expect(
      analysis.can(user('editor'), {
        verb: 'create',
        group: '',
        resource: 'serviceaccounts',
        subresource: 'token',
        namespace: 'team-a',
        name: 'x',
      }).allowed,
    ).toBe(true);
  });

  it('survives an aggregation cycle', () => {
    const cyclic = analysisOf(`${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: a, labels: { ring: "true" } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ring: "true" } }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: b, labels: { ring: "true" } }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ring: "true" } }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: c, labels: { ring: "true" } }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
`).analysis;
    expect(cyclic.roles.clusterRole('a').rules.map((r) => r.role.name)).toEqual(['c']);
    expect(cyclic.roles.clusterRole('b').rules.map((r) => r.role.name)).toEqual(['c']);
  });

  it('reports a role that is neither in the input nor built in as missing, with no rules', () => {
    const missing = analysis.roles.clusterRole('does-not-exist');
    expect(missing.found).toBe('missing');
    expect(missing.rules).toEqual([]);
  });
});

describe('RBAC access: implicit groups of service accounts and users', () => {
  const text = `${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pod-reader }
rules: [{ apiGroups: [""], resources: [pods], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: all-sas-of-b, namespace: team-a }
subjects: [{ kind: Group, name: "system:serviceaccounts:team-b", apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-reads-pods }
subjects: [{ kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader }
`;
  const { analysis } = analysisOf(text);
  const list = (namespace: string) => ({ verb: 'list', group: '', resource: 'pods', namespace });

  it('lets a service account use bindings of system:serviceaccounts:<its namespace>', () => {
    const decision = analysis.can(sa('team-b', 'ci'), list('team-a'));
    expect(decision.grants.map((g) => [g.binding.name, g.via])).toEqual([
      ['all-sas-of-b', 'system:serviceaccounts:team-b'],
      ['everyone-reads-pods', 'system:authenticated'],
    ]);
  });

  it('lets every authenticated user use bindings of system:authenticated, unless implicit groups are off', () => {
    expect(analysis.can(user('dave'), list('team-b')).allowed).toBe(true);
    expect(analysis.can(user('dave'), list('team-b'), { implicitGroups: false }).allowed).toBe(false);
    expect(analysis.can(user('system:anonymous'), list('team-b')).allowed).toBe(false);
  });
});

describe('RBAC access: beyond the tenant, services/status, unreadable input', () => {
  const text = `${NAMESPACES}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: lb-status }
rules: [{ apiGroups: [""], resources: [services/status], verbs: [patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: own, namespace: team-a }
subjects: [{ kind: ServiceAccount, name: ci }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: into-b, namespace: team-b }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-a }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: lb-status }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-discovery }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-a }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: classes }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: classes }
rules:
  - { apiGroups: [storage.k8s.io], resources: [storageclasses], verbs: [get, list] }
  - { apiGroups: [authorization.k8s.io], resources: [selfsubjectaccessreviews], verbs: [create] }
`;
  const ctx = () => analysisOf(text).analysis;

  it('lists only what reaches beyond the tenant: not its own namespace, not read-only discovery', () => {
    const { analysis } = analysisOf(text);
    const beyond = analysis.beyondTenant(sa('team-a', 'ci'));
    expect(beyond.map((b) => [b.bound.binding.metadata.name, b.description])).toEqual([['into-b', 'can patch services/status in team-b']]);
  });

  it('tells who may patch services/status in a namespace (CVE-2020-8554)', () => {
    expect(canPatchServiceStatus(ctx(), sa('team-a', 'ci'), 'team-b').allowed).toBe(true);
    expect(canPatchServiceStatus(ctx(), sa('team-a', 'ci'), 'team-a').allowed).toBe(false);
    const writers = serviceStatusWriters(ctx(), 'team-b');
    expect(writers.map((w) => [w.subject, w.owner, w.grants.map((g) => g.binding.name)])).toEqual([
      [sa('team-a', 'ci'), { kind: 'tenant', tenants: ['team-a'], reason: 'namespace' }, ['into-b']],
    ]);
    expect(serviceStatusWriters(ctx(), 'team-a')).toEqual([]);
  });

  it('refuses to analyse when some namespaces hid their RoleBindings', () => {
    const { index } = analysisOf(text, [
      { groupKind: 'RoleBinding.rbac.authorization.k8s.io', status: 'partial', forbiddenNamespaces: ['team-b'], reason: '403' },
    ]);
    expect(rbacInputsUnreadable(index)).toContain('forbidden in team-b');
    expect(rbacInputsUnreadable(analysisOf(text).index)).toBeUndefined();
  });
});

describe('clusterResourceWriters', () => {
  const text = `${NAMESPACES}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: runnerclasses.ci.example.com }
spec: { group: ci.example.com, scope: Cluster, names: { kind: RunnerClass, plural: runnerclasses }, versions: [{ name: v1, served: true, storage: true }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ci-all }
rules: [{ apiGroups: [ci.example.com], resources: ["*"], verbs: [get, create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ci-read }
rules: [{ apiGroups: [ci.example.com], resources: [runnerclasses], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: team-a-ci }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ci-all }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-a }, { kind: ServiceAccount, name: ci, namespace: kube-system }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: team-b-ci }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ci-read }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-b }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-b-ci-all, namespace: team-b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ci-all }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-b }]
`;

  it('lists tenant subjects that may write the cluster-scoped resource through a ClusterRoleBinding, wildcards expanded; not the platform, readers or RoleBindings', () => {
    const { analysis } = analysisOf(text);
    const { writers, missing } = clusterResourceWriters(analysis, 'ci.example.com', 'runnerclasses');
    expect(missing).toEqual([]);
    expect(writers.map((w) => [w.bound.binding.metadata.name, w.bound.subject, w.writes.map((p) => `${p.verb} ${p.resource}`)])).toEqual([
      ['team-a-ci', sa('team-a', 'ci'), ['create runnerclasses']],
    ]);
  });
});
