import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenancy/tenancy-namespace-self-managed.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'tenancy/tenancy-namespace-self-managed';

describe('tenancy-namespace-self-managed', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-namespace-writers.yaml`));
  const of = (ns: string) => failed.find((r) => r.subject.name === ns)?.message;

  it('fails each tenant namespace whose own tenant may update or patch the Namespace', () => {
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.tenant}`).sort()).toEqual([
      'Namespace/acme-dev acme',
      'Namespace/acme-prod acme',
      'Namespace/globex globex',
      'Namespace/initech initech',
    ]);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('counts a RoleBinding in the namespace, since the Namespace itself is authorized there', () => {
    expect(of('globex')).toBe(
      'Group "globex-devs" (tenant globex) can patch Namespace globex itself through RoleBinding "globex/devs-label-namespace" to Role "globex/namespace-labeler" (/rules/0 of Role "globex/namespace-labeler"): ' +
        "it can change the namespace's pod-security.kubernetes.io labels and its tenant label",
    );
    expect(of('initech')).toContain(
      'ServiceAccount "initech/ci" (tenant initech) can update Namespace initech itself through RoleBinding "initech/ci-edits-namespace"',
    );
  });

  it('counts a ClusterRoleBinding in every namespace of the tenant', () => {
    expect(of('acme-dev')).toContain(
      'User "alice" (tenant acme) can update and patch Namespace acme-dev itself through ClusterRoleBinding "alice-namespace-admin"',
    );
    expect(of('acme-prod')).toContain('Namespace acme-prod itself');
  });

  it('passes reads, deletes, status writes, a neighbour named in the wrong namespace, and the platform', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-read-status-other.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['acme-prod', 'team-a', 'team-b']);
  });

  it('is critical for multi-customer, and not-evaluated when a bound role is not in the input', () => {
    expectEvery(
      failures(runCheckOnFixture(check, `${FIX}/fail-namespace-writers.yaml`, { options: { profile: 'multi-customer' } })),
      (r) => r.severity === 'critical',
    );
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci, namespace: team-a }
subjects: [{ kind: ServiceAccount, name: ci }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: gone }
`;
    expect(runCheckOnText(check, text).map((r) => [r.status, r.reason])).toEqual([
      [
        'not-evaluated',
        'Role "gone", bound to this tenant\'s subjects here, is not in the input: whether the Namespace can be changed is unknown',
      ],
    ]);
  });
  it("fails one of Kubernetes' own namespaces that a tenancy layer claims, on the label, and judges kube-acme as the tenant's", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-system-namespace-claimed.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.name} ${r.tenant} ${r.path ?? ''}`).sort()).toEqual([
      'fail kube-system acme /metadata/labels/capsule.clastix.io~1tenant',
      'pass kube-acme acme ',
    ]);
    expect(failures(results)[0].message).toBe(
      "Namespace kube-system is one of Kubernetes' own namespaces, yet label capsule.clastix.io/tenant=acme claims it for tenant acme: the tenant is handed the namespace the cluster itself runs on",
    );
  });
});
