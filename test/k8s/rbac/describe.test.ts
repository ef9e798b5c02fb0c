import { describe, expect, it } from 'vitest';
import { type Permission, describeAccess } from '../../../src/k8s/rbac/permissions.js';
import { ResourceScopes } from '../../../src/k8s/rbac/resources.js';
import { indexFromText } from '../../helpers/fixtures.js';

const scopes = new ResourceScopes(
  indexFromText(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: tenants.capsule.clastix.io }
spec: { group: capsule.clastix.io, scope: Cluster, names: { kind: Tenant, plural: tenants }, versions: [{ name: v1, served: true, storage: true }] }
`),
);
const source = { rule: {}, role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'r' }, rulePath: '/rules/0' };
const perm = (verb: string, group: string, resource: string, names: string[] = []): Permission => ({
  verb,
  group,
  resource,
  names,
  source,
});

describe('describing access', () => {
  it('says where access takes effect: every namespace, cluster-wide, or both for a wildcard', () => {
    expect(
      describeAccess([perm('get', '', 'secrets'), perm('list', '', 'nodes'), perm('update', 'capsule.clastix.io', 'tenants')], {}, scopes),
    ).toBe('can update tenants.capsule.clastix.io cluster-wide; can read secrets in every namespace; can read nodes cluster-wide');
    expect(describeAccess([perm('*', '*', '*')], {}, scopes)).toBe(
      'can do anything with every resource in every namespace and cluster-wide',
    );
  });

  it('drops what a RoleBinding cannot grant, but keeps its own Namespace object and binding ClusterRoles there', () => {
    expect(
      describeAccess(
        [
          perm('get', '', 'nodes'),
          perm('patch', '', 'namespaces'),
          perm('bind', 'rbac.authorization.k8s.io', 'clusterroles', ['cluster-admin']),
        ],
        { namespace: 'team-a' },
        scopes,
      ),
    ).toBe('can bind clusterroles.rbac.authorization.k8s.io named cluster-admin in team-a; can patch Namespace team-a itself');
    expect(describeAccess([perm('get', '', 'nodes')], { namespace: 'team-a' }, scopes)).toBe('');
  });

  it('puts sensitive resources first, keeps sensitive subresources, folds the others into their resource, and shortens long lists', () => {
    const text = describeAccess(
      ['pods', 'pods/exec', 'pods/status', 'configmaps', 'secrets', 'services', 'endpoints', 'events', 'limitranges'].map((r) =>
        perm('get', '', r),
      ),
      { namespace: 'team-a' },
      scopes,
    );
    expect(text).toBe('can read secrets, pods/exec, configmaps, endpoints, events, limitranges (+2 more) in team-a');
  });

  it('reads "write" for all five write verbs, and lists fewer as they are', () => {
    const write = ['create', 'update', 'patch', 'delete', 'deletecollection'].map((v) => perm(v, 'apps', 'deployments'));
    expect(describeAccess([...write, perm('get', 'apps', 'deployments')], {}, scopes)).toBe(
      'can read and write deployments.apps in every namespace',
    );
    expect(describeAccess([perm('create', 'apps', 'deployments'), perm('delete', 'apps', 'deployments')], {}, scopes)).toBe(
      'can create and delete deployments.apps in every namespace',
    );
  });
});
