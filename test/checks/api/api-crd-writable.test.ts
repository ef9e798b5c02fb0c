import { describe, expect, it } from 'vitest';
import check from '../../../checks/api/api-crd-writable.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'api/api-crd-writable';

describe('api-crd-writable', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-crd-writers.yaml`));
  const of = (name: string) => failed.find((r) => r.subject.name === name)?.message;

  it('reports each tenant subject that may write CRDs, whatever form the rule takes', () => {
    expect(failed.map((r) => `${r.subject.name} ${r.path} ${r.tenant}`).sort()).toEqual([
      'globex-operator-crds /subjects/0 globex',
      'initech-admins /subjects/0 initech',
      'initech-ci-crd-cleaner /subjects/0 initech',
    ]);
    expectEvery(failed, (r) => r.severity === 'critical');
  });

  it('names the writes and the rule', () => {
    expect(of('globex-operator-crds')).toBe(
      'ServiceAccount "globex/operator" (tenant globex) is bound cluster-wide to ClusterRole "crd-installer": can create and update customresourcedefinitions.apiextensions.k8s.io cluster-wide (/rules/0 of ClusterRole "crd-installer")',
    );
    expect(of('initech-ci-crd-cleaner')).toContain('can delete customresourcedefinitions.apiextensions.k8s.io cluster-wide');
    expect(of('initech-admins')).toMatch(
      /^Group "system:serviceaccounts:initech" \(tenant initech\) is bound cluster-wide to ClusterRole "cluster-admin" .*: can do anything with customresourcedefinitions\.apiextensions\.k8s\.io cluster-wide/,
    );
  });

  it('passes CRD reads and the platform, and never judges a RoleBinding', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-crd-readers.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['cert-manager-crds', 'team-a-reads-crds']);
  });

  it('is not-evaluated when ClusterRoleBindings could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-crd-writers.yaml`, {
      access: [{ groupKind: 'ClusterRoleBinding.rbac.authorization.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated']);
    expect(runCheckOnText(check, 'apiVersion: v1\nkind: Namespace\nmetadata: { name: team-a }\n')).toEqual([]);
  });
});
