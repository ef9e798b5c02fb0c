import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-cluster-scope-grant.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'rbac/rbac-cluster-scope-grant';

describe('rbac-cluster-scope-grant', () => {
  const results = runCheckOnFixture(check, `${FIX}/fail-tenant-subjects.yaml`);
  const failed = failures(results);
  const byKey = (binding: string, path: string) => failed.find((r) => r.subject.name === binding && r.path === path);

  it('reports each tenant or unattributed subject bound cluster-wide, on the binding subject', () => {
    expect(failed.map((r) => `${r.subject.name} ${r.path} ${r.tenant ?? '-'}`).sort()).toEqual([
      'acme-owners-observe /subjects/0 acme',
      'acme-owners-observe /subjects/1 -',
      'globex-deployer /subjects/0 globex',
      'globex-devs-view /subjects/0 globex',
    ]);
    expectEvery(failed, (r) => r.severity === 'critical');
  });

  it('says that a tenant group bound to view can read every namespace', () => {
    const r = byKey('globex-devs-view', '/subjects/0');
    expect(r?.message).toBe(
      'Group "globex-devs" (tenant globex) is bound cluster-wide to ClusterRole "view" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy): ' +
        'can read bindings, configmaps, controllerrevisions.apps, cronjobs.batch, daemonsets.apps, daemonsets.extensions (+26 more) in every namespace; can read namespaces cluster-wide',
    );
    expect(r?.message).not.toContain('secrets');
    expect(r?.related?.map((x) => x.name)).toEqual(['view', 'system:aggregate-to-view']);
  });

  it('names cluster-admin power as it is', () => {
    expect(byKey('globex-deployer', '/subjects/0')?.message).toBe(
      'ServiceAccount "globex/deployer" (tenant globex) is bound cluster-wide to ClusterRole "cluster-admin" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy): can do anything with every resource in every namespace and cluster-wide',
    );
  });

  it('resolves an aggregated ClusterRole through the roles it selects, and names a subject of no tenant unattributed', () => {
    const owner = byKey('acme-owners-observe', '/subjects/0');
    expect(owner?.message).toBe(
      'User "alice" (tenant acme) is bound cluster-wide to ClusterRole "tenant-observer": can read nodes cluster-wide',
    );
    expect(owner?.related?.map((x) => x.name)).toEqual(['tenant-observer', 'tenant-observer-nodes']);
    expect(byKey('acme-owners-observe', '/subjects/1')?.message).toContain(
      'User "contractor" (unattributed: no tenant or platform subject)',
    );
  });

  it("passes Kubernetes' defaults, platform subjects, discovery-only roles, and never reports a RoleBinding", () => {
    const ok = runCheckOnFixture(check, `${FIX}/pass-defaults-platform-discovery.yaml`);
    expect(failures(ok)).toEqual([]);
    expect(
      passes(ok)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['break-glass-admins', 'cluster-admin', 'ingress-nginx', 'system:discovery', 'team-a-discovery']);
    expect(ok.some((r) => r.subject.kind === 'RoleBinding')).toBe(false);
  });

  it('takes configured platform subjects out of the report', () => {
    const opts = { options: { checkOptions: { rbac: { platformSubjects: ['user:contractor', 'serviceaccount:globex:*'] } } } };
    const names = failures(runCheckOnFixture(check, `${FIX}/fail-tenant-subjects.yaml`, opts)).map((r) => `${r.subject.name} ${r.path}`);
    // globex's service account stays globex's: a tenant's namespace decides before the platform globs
    expect(names.sort()).toEqual(['acme-owners-observe /subjects/0', 'globex-deployer /subjects/0', 'globex-devs-view /subjects/0']);
  });

  it('is not-evaluated when the bound ClusterRole is unknown or RBAC objects could not all be read', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: custom }
subjects: [{ kind: ServiceAccount, name: ci, namespace: team-a }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: made-elsewhere }
`;
    const missing = runCheckOnText(check, text);
    expect(missing.map((r) => [r.status, r.reason])).toEqual([
      ['not-evaluated', 'ClusterRole "made-elsewhere" is not in the input, so what this binding grants is unknown'],
    ]);
    const partial = runCheckOnFixture(check, `${FIX}/fail-tenant-subjects.yaml`, {
      access: [
        { groupKind: 'RoleBinding.rbac.authorization.k8s.io', status: 'partial', forbiddenNamespaces: ['globex'], reason: '403 Forbidden' },
      ],
    });
    expect(new Set(partial.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(partial[0].reason).toContain('403 Forbidden');
  });
});
