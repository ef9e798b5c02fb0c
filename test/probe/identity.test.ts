import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/model/index.js';
import type { KubeObject } from '../../src/model/types.js';
import { identityFor, impersonationHeaders } from '../../src/probe/identity.js';
import type { Tenant } from '../../src/tenancy/types.js';

const binding = (namespace: string, subjects: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'admins', namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
  subjects,
});
const index = (...objects: KubeObject[]) => new ResourceIndex({ objects, source: { type: 'manifests', files: [] } });
const tenant = (over: Partial<Tenant> = {}): Tenant => ({ name: 't1', source: 'namespace', namespaces: ['t1'], subjects: [], ...over });

describe('identityFor: whom a probe acts as', () => {
  it('impersonates a Capsule owner User together with the tenant Group subjects', () => {
    const id = identityFor(
      tenant({
        source: 'capsule',
        subjects: [
          { kind: 'Group', name: 'team-a' },
          { kind: 'User', name: 'alice' },
        ],
      }),
      index(),
    );
    expect(id).toEqual({ user: 'alice', groups: ['team-a', 'system:authenticated'], origin: 'tenant subject User alice' });
    expect(impersonationHeaders(id!)).toEqual({ 'Impersonate-User': 'alice', 'Impersonate-Group': ['team-a', 'system:authenticated'] });
  });

  it('acts as a synthetic user in the groups of a group-only tenant, from its RoleBindings', () => {
    const id = identityFor(tenant(), index(binding('t1', [{ kind: 'Group', name: 'team-b', apiGroup: 'rbac.authorization.k8s.io' }])));
    expect(id).toEqual({
      user: 'tenantscan-probe:t1',
      groups: ['team-b', 'system:authenticated'],
      origin: 'RoleBinding t1/admins Group team-b',
    });
  });

  it('impersonates a ServiceAccount with its groups, skips system: subjects, and --as overrides everything', () => {
    const idx = index(
      binding('t1', [
        { kind: 'Group', name: 'system:serviceaccounts:t1' },
        { kind: 'ServiceAccount', name: 'deployer' },
      ]),
    );
    expect(identityFor(tenant(), idx)).toMatchObject({
      user: 'system:serviceaccount:t1:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:t1', 'system:authenticated'],
    });
    expect(identityFor(tenant(), idx, { as: 'bob', asGroups: ['g'] })).toMatchObject({
      user: 'bob',
      groups: ['g', 'system:authenticated'],
    });
    expect(identityFor(tenant(), index())).toBeUndefined();
  });
});
