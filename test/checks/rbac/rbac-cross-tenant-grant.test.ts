import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-cross-tenant-grant.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'rbac/rbac-cross-tenant-grant';

describe('rbac-cross-tenant-grant', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-other-tenant-subjects.yaml`));
  const find = (name: string, path: string) => failed.find((r) => r.subject.name === name && r.path === path);

  it('reports every binding subject of another tenant, in whichever form it is named', () => {
    expect(failed.map((r) => `${r.subject.namespace}/${r.subject.name} ${r.path} ${r.tenant}`).sort()).toEqual([
      'globex/initech-ci-edit /subjects/0 globex',
      'globex/initech-read-config /subjects/0 globex',
      'globex/initech-read-config /subjects/1 globex',
      'initech/alice-view /subjects/0 initech',
    ]);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('says what the other tenant can do in the namespace (edit: pods/exec and Secrets)', () => {
    const message = find('initech-ci-edit', '/subjects/0')?.message ?? '';
    expect(message).toMatch(
      /^ServiceAccount "initech\/ci" \(tenant initech\) is granted ClusterRole "edit" \(Kubernetes default, .*\) in globex, a namespace of tenant globex: /,
    );
    expect(message).toContain('pods/exec');
    expect(message).toContain('can read and write secrets');
    expect(message).toContain('in globex');
    expect(message).not.toContain('every namespace');
  });

  it('names the service account behind a User subject and the group of all of its service accounts', () => {
    expect(find('initech-read-config', '/subjects/0')?.message).toBe(
      'ServiceAccount "initech/deployer" (tenant initech) is granted Role "globex/config-reader" in globex, a namespace of tenant globex: can read configmaps in globex',
    );
    expect(find('initech-read-config', '/subjects/1')?.message).toContain('Group "system:serviceaccounts:initech" (tenant initech)');
    expect(find('initech-read-config', '/subjects/1')?.related).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespace: 'globex', name: 'config-reader' },
    ]);
  });

  it("knows a Capsule owner as its tenant's", () => {
    expect(find('alice-view', '/subjects/0')?.message).toMatch(/^User "alice" \(tenant acme\) is granted ClusterRole "view"/);
  });

  it('passes own, platform and ambiguous subjects and roles that grant nothing in a namespace; skips platform namespaces', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-own-platform-ambiguous.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.namespace}/${r.subject.name}`)
        .sort(),
    ).toEqual([
      'acme-prod/capsule-acme-0-admin',
      'globex/bob-view',
      'globex/initech-node-reader',
      'globex/own-service-accounts',
      'initech/bob-view',
    ]);
  });

  it('is critical for multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-other-tenant-subjects.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(failures(results), (r) => r.severity === 'critical');
  });

  it('is not-evaluated when the bound role is not in the input, or RoleBindings were not all readable', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: globex }
---
apiVersion: v1
kind: Namespace
metadata: { name: initech }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: to-missing, namespace: globex }
subjects: [{ kind: ServiceAccount, name: ci, namespace: initech }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: not-here }
`;
    expect(runCheckOnText(check, text).map((r) => [r.status, r.reason])).toEqual([
      ['not-evaluated', 'Role "not-here" is not in the input, so what this binding grants ServiceAccount "ci" is unknown'],
    ]);
    const partial = runCheckOnFixture(check, `${FIX}/fail-other-tenant-subjects.yaml`, {
      access: [
        {
          groupKind: 'RoleBinding.rbac.authorization.k8s.io',
          status: 'partial',
          forbiddenNamespaces: ['acme-prod'],
          reason: '403 Forbidden',
        },
      ],
    });
    expect(new Set(partial.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(partial[0].reason).toContain('forbidden in acme-prod');
  });
});
