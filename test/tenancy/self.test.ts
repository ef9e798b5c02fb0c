import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RbacAnalysis } from '../../src/k8s/rbac/index.js';
import { ResourceIndex } from '../../src/model/index.js';
import type { SourceInfo } from '../../src/model/index.js';
import { TENANCY_READS } from '../../src/tenancy/reads.js';
import { TenantModel } from '../../src/tenancy/model.js';
import { indexFromText } from '../helpers/fixtures.js';

const text = readFileSync(join(import.meta.dirname, 'self.yaml'), 'utf8');

/** The same objects as if read from a live cluster by `source`. */
function liveIndex(source: SourceInfo): ResourceIndex {
  return new ResourceIndex({ objects: [...indexFromText(text).all()].filter((o) => !indexFromText(text).isSynthesized(o)), source });
}

describe("tenantscan's own identity", () => {
  it("is the ServiceAccounts that the chart's labelled ClusterRoleBinding binds to its labelled ClusterRole, and their namespaces", () => {
    const model = new TenantModel(indexFromText(text));
    expect(model.self).toEqual({
      serviceAccounts: ['acme-prod/tenantscan', 'audit-tools/tenantscan'],
      namespaces: ['acme-prod', 'audit-tools'],
      clusterRoles: ['tenantscan-scanner', 'tenantscan-scanner-core'],
    });
  });

  it('makes its namespace a platform namespace, unless a tenancy layer claims it; labels on a Namespace or ServiceAccount alone prove nothing', () => {
    const model = new TenantModel(indexFromText(text));
    expect(model.isPlatformNamespace('audit-tools')).toBe(true);
    expect(model.isTenantNamespace('audit-tools')).toBe(false);
    expect(model.tenantOfNamespace('acme-prod')?.name).toBe('acme');
    expect(model.tenantOfNamespace('sneaky')?.name).toBe('sneaky');
    expect(model.tenants.map((t) => t.name)).toEqual(['acme', 'ops-readers', 'sneaky', 'team-x']);
  });

  it("makes its ServiceAccount the platform's; one in a tenant's namespace stays the tenant's", () => {
    const index = indexFromText(text);
    const rbac = new RbacAnalysis(index, new TenantModel(index));
    expect(rbac.ownerOf({ kind: 'ServiceAccount', namespace: 'audit-tools', name: 'tenantscan' })).toEqual({
      kind: 'platform',
      reason: 'platform-namespace',
    });
    expect(rbac.ownerOf({ kind: 'ServiceAccount', namespace: 'acme-prod', name: 'tenantscan' })).toMatchObject({
      kind: 'tenant',
      tenants: ['acme'],
    });
    expect(rbac.ownerOf({ kind: 'ServiceAccount', namespace: 'sneaky', name: 'tenantscan' })).toMatchObject({
      kind: 'tenant',
      tenants: ['sneaky'],
    });
  });

  it('counts the identity of an in-cluster scan when a ClusterRoleBinding names it, not a tenant scanning with its own RoleBindings', () => {
    const ops = new TenantModel(
      liveIndex({ type: 'cluster', server: 'https://10.0.0.1', user: 'system:serviceaccount:ops-readers:audit', inCluster: true }),
    );
    expect(ops.self.serviceAccounts).toContain('ops-readers/audit');
    expect(ops.isPlatformNamespace('ops-readers')).toBe(true);
    const tenant = new TenantModel(
      liveIndex({ type: 'cluster', server: 'https://10.0.0.1', user: 'system:serviceaccount:team-x:scanner', inCluster: true }),
    );
    expect(tenant.self.serviceAccounts).not.toContain('team-x/scanner');
    expect(tenant.tenantOfNamespace('team-x')?.name).toBe('team-x');
    // A kubeconfig user of that name, outside the cluster, is no in-cluster identity.
    const outside = new TenantModel(
      liveIndex({ type: 'cluster', server: 'https://10.0.0.1', user: 'system:serviceaccount:ops-readers:audit' }),
    );
    expect(outside.isTenantNamespace('ops-readers')).toBe(true);
  });

  it('is read by the tenancy stage in a live scan (ClusterRoleBindings in full, ClusterRoles as metadata)', () => {
    expect(TENANCY_READS.kinds).toContain('ClusterRoleBinding.rbac.authorization.k8s.io');
    expect(TENANCY_READS.metadata).toContain('ClusterRole.rbac.authorization.k8s.io');
  });
});
