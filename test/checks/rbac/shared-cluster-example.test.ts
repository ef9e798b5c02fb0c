import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import apiChecks from '../../../checks/api/index.js';
import rbacChecks from '../../../checks/rbac/index.js';
import tenancyChecks from '../../../checks/tenancy/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../../src/config/defaults.js';
import type { Result } from '../../../src/engine/result.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { loadManifests } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';

/**
 * The bundled example (examples/shared-cluster) shows each RBAC-based check failing and passing
 * where the header comments of tenants/acme/owner-bindings.yaml, tenants/globex/team-access.yaml,
 * tenants/initech/ci-rbac.yaml and platform/rbac.yaml say.
 */
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-cluster');
const IDS = [
  'rbac-cluster-scope-grant',
  'rbac-cross-tenant-grant',
  'rbac-privilege-escalation',
  'rbac-quota-modifiable',
  'rbac-wildcard-rule',
  'rbac-system-group-binding',
  'rbac-identity-takeover',
  'tenancy-namespace-self-managed',
  'api-cluster-scoped-resource-writable',
  'api-crd-writable',
];

describe('the shared-cluster example, for the RBAC checks', () => {
  let results: Result[];
  beforeAll(async () => {
    const index = new ResourceIndex(await loadManifests([EXAMPLE]));
    const checks = [...rbacChecks, ...apiChecks, ...tenancyChecks].filter((c) => IDS.includes(c.id));
    results = runChecks(checks, index, new TenantModel(index), {
      profile: 'multi-team',
      sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
      checkOptions: {},
    });
  });
  const lines = (id: string, status: string) =>
    results
      .filter((r) => r.checkId === id && r.status === status)
      .map((r) => `${r.subject.kind}/${r.subject.namespace ?? ''}/${r.subject.name}`)
      .sort();

  it('evaluates every RBAC check without not-evaluated or error results', () => {
    expect(results.filter((r) => r.status !== 'pass' && r.status !== 'fail')).toEqual([]);
  });

  it("rbac-cluster-scope-grant: globex-devs' cluster-wide view and initech's autoscaler fail; the platform's bindings pass", () => {
    expect(lines('rbac-cluster-scope-grant', 'fail')).toEqual([
      'ClusterRoleBinding//globex-devs-view-all',
      'ClusterRoleBinding//initech-runner-autoscaler',
    ]);
    expect(lines('rbac-cluster-scope-grant', 'pass')).toEqual(
      expect.arrayContaining(['ClusterRoleBinding//capsule-manager-rolebinding', 'ClusterRoleBinding//ingress-nginx']),
    );
    const view = results.find((r) => r.checkId === 'rbac-cluster-scope-grant' && r.subject.name === 'globex-devs-view-all');
    expect([view?.tenant, view?.message]).toEqual(['globex', expect.stringContaining('in every namespace')]);
  });

  it("rbac-cross-tenant-grant: initech's CI account with edit in globex fails; Capsule's owner bindings pass", () => {
    expect(lines('rbac-cross-tenant-grant', 'fail')).toEqual(['RoleBinding/globex/initech-deploys-report-export']);
    expect(lines('rbac-cross-tenant-grant', 'pass')).toEqual(
      expect.arrayContaining(['RoleBinding/acme-prod/capsule-acme-0-admin', 'RoleBinding/globex/globex-devs-edit']),
    );
  });

  it("rbac-privilege-escalation: initech's deployer role (bind, escalate) and the cross-tenant edit binding fail; admin bindings pass", () => {
    expect(
      results
        .filter((r) => r.checkId === 'rbac-privilege-escalation' && r.status === 'fail')
        .map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual([
      'ClusterRole/initech-ci-deployer /rules/2',
      'ClusterRole/initech-ci-deployer /rules/3',
      'RoleBinding/initech-deploys-report-export /subjects/0',
      'RoleBinding/initech-deploys-report-export /subjects/0',
    ]);
    expect(lines('rbac-privilege-escalation', 'pass')).toEqual(
      expect.arrayContaining(['RoleBinding/acme-dev/capsule-acme-1-admin', 'RoleBinding/globex/globex-devs-edit']),
    );
  });

  it('rbac-quota-modifiable: initech fails; acme (admin) and globex (edit) pass', () => {
    expect(lines('rbac-quota-modifiable', 'fail')).toEqual(['Namespace//initech']);
    expect(lines('rbac-quota-modifiable', 'pass')).toEqual(['Namespace//acme-dev', 'Namespace//acme-prod', 'Namespace//globex']);
  });

  it("rbac-wildcard-rule: initech's deployer role fails; the platform's explicit roles pass", () => {
    expect(
      results.filter((r) => r.checkId === 'rbac-wildcard-rule' && r.status === 'fail').map((r) => `${r.subject.name} ${r.path}`),
    ).toEqual(['initech-ci-deployer /rules/0']);
    expect(lines('rbac-wildcard-rule', 'pass')).toEqual(
      expect.arrayContaining(['ClusterRole//ingress-nginx', 'ClusterRole//runner-autoscaler']),
    );
  });

  it("rbac-identity-takeover: initech's deployer, which may run pods as the cluster-wide autoscaler, fails; globex's edit and Capsule's owners pass", () => {
    expect(lines('rbac-identity-takeover', 'fail')).toEqual(['RoleBinding/initech/ci-deployer']);
    expect(lines('rbac-identity-takeover', 'pass')).toEqual(
      expect.arrayContaining(['RoleBinding/globex/globex-devs-edit', 'RoleBinding/acme-prod/capsule-acme-0-admin']),
    );
    const takeover = results.find((r) => r.checkId === 'rbac-identity-takeover' && r.status === 'fail');
    expect(takeover?.message).toMatch(
      /^ServiceAccount "initech\/ci-deployer" \(tenant initech\) can run pods in initech as any of its service accounts, so act as ServiceAccount "initech\/runner-autoscaler", which can read, create and update customresourcedefinitions/,
    );
  });

  it('rbac-system-group-binding: the console namespace lister for system:authenticated fails; every other binding passes', () => {
    expect(lines('rbac-system-group-binding', 'fail')).toEqual(['ClusterRoleBinding//console-namespace-lister']);
    expect(lines('rbac-system-group-binding', 'pass').length).toBeGreaterThan(5);
  });

  it('tenancy-namespace-self-managed: globex (patch on its Namespace) fails; acme and initech pass', () => {
    expect(lines('tenancy-namespace-self-managed', 'fail')).toEqual(['Namespace//globex']);
    expect(lines('tenancy-namespace-self-managed', 'pass')).toEqual(['Namespace//acme-dev', 'Namespace//acme-prod', 'Namespace//initech']);
  });

  it("api-cluster-scoped-resource-writable and api-crd-writable: initech's autoscaler fails; the platform and globex's read-only view pass", () => {
    for (const id of ['api-cluster-scoped-resource-writable', 'api-crd-writable']) {
      expect(lines(id, 'fail')).toEqual(['ClusterRoleBinding//initech-runner-autoscaler']);
      expect(lines(id, 'pass')).toEqual(
        expect.arrayContaining(['ClusterRoleBinding//capsule-manager-rolebinding', 'ClusterRoleBinding//globex-devs-view-all']),
      );
    }
  });
});
