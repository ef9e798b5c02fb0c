import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/rbac/rbac-identity-takeover.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { expectEvery } from '../../helpers/expect-every.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'rbac-identity-takeover')));

const FIX = 'rbac/rbac-identity-takeover';
const line = (r: ReturnType<typeof failures>[number]) =>
  `${r.subject.kind} ${r.subject.namespace ?? ''}/${r.subject.name} ${r.path} ${r.tenant ?? '-'}`;

describe('rbac-identity-takeover', () => {
  it("finds tokens minted for the tenant's own service account that reads Secrets cluster-wide", () => {
    const reported = failures(runCheckOnFixture(check, `${FIX}/fail-own-namespace-token.yaml`));
    expect(reported.map((r) => [line(r), r.message])).toEqual([
      [
        'RoleBinding acme/alice-tokens /subjects/0 acme',
        'User "alice" (tenant acme) can create tokens for service accounts in acme, so act as ServiceAccount "acme/ci", which can read secrets in every namespace, through Role "acme/token-minter" (/rules/0 of Role "acme/token-minter")',
      ],
    ]);
    expect(reported[0].related?.map((r) => `${r.kind}/${r.name}`)).toEqual(['Role/token-minter', 'ClusterRoleBinding/acme-ci-secrets']);
    expectEvery(reported, (r) => r.severity === 'high');
    const strict = failures(runCheckOnFixture(check, `${FIX}/fail-own-namespace-token.yaml`, { options: { profile: 'multi-customer' } }));
    expect(strict.map((r) => r.severity)).toEqual(['critical']);
  });

  it('finds exec into kube-system and edit in a platform namespace, for a tenant user also bound there', () => {
    const reported = failures(runCheckOnFixture(check, `${FIX}/fail-exec-platform-namespace.yaml`));
    expect(reported.map((r) => `${line(r)} ${r.message?.split(', so act as')[0]}`)).toEqual([
      'RoleBinding kube-system/dave-debug /subjects/0 acme User "dave" (tenant acme) can exec into the pods in kube-system',
      'RoleBinding monitoring/acme-devs-monitoring /subjects/0 acme Group "acme-devs" (tenant acme) can create tokens for service accounts in monitoring',
      'RoleBinding monitoring/acme-devs-monitoring /subjects/0 acme Group "acme-devs" (tenant acme) can impersonate service accounts in monitoring',
      'RoleBinding monitoring/acme-devs-monitoring /subjects/0 acme Group "acme-devs" (tenant acme) can run pods in monitoring as any of its service accounts',
    ]);
    expect(reported[0].message).toBe(
      'User "dave" (tenant acme) can exec into the pods in kube-system, so act as ServiceAccount "kube-system/coredns", which can read pods, services in every namespace; can read namespaces cluster-wide, through Role "kube-system/pod-exec" (/rules/1 of Role "kube-system/pod-exec")',
    );
    expectEvery(reported.slice(1), (r) =>
      r.message!.includes('so act as ServiceAccount "monitoring/prometheus", which can read secrets in every namespace'),
    );
  });

  it('finds nodes/proxy cluster-wide and CSR approval for the Kubernetes client signers', () => {
    const reported = failures(runCheckOnFixture(check, `${FIX}/fail-node-proxy-and-certificates.yaml`));
    const onCluster = reported.filter((r) => r.subject.kind === 'ClusterRoleBinding');
    expect(onCluster.map((r) => [line(r), r.message])).toEqual([
      [
        'ClusterRoleBinding /acme-monitoring-kubelet /subjects/0 acme',
        'ServiceAccount "acme/monitoring" (tenant acme) can reach the kubelet API of every node (nodes/proxy), and so run commands in every pod there, every tenant\'s included, through ClusterRole "kubelet-metrics" (/rules/0 of ClusterRole "kubelet-metrics")',
      ],
      [
        'ClusterRoleBinding /acme-cert-bot /subjects/0 acme',
        'ServiceAccount "acme/cert-bot" (tenant acme) can create and approve CertificateSigningRequests for kubernetes.io/kube-apiserver-client, so mint a client certificate for any user or group (system:masters included); and for kubernetes.io/kube-apiserver-client-kubelet, so mint a client certificate for any node (system:node:<name> in group system:nodes), through ClusterRole "csr-approver" (/rules/0 of ClusterRole "csr-approver", /rules/1 of ClusterRole "csr-approver", /rules/2 of ClusterRole "csr-approver")',
      ],
    ]);
    expect(reported.find((r) => r.subject.name === 'acme-bots-edit' && r.path === '/subjects/0')?.message).toBe(
      'ServiceAccount "acme/monitoring" (tenant acme) can create tokens for service accounts in acme, so act as ServiceAccount "acme/cert-bot", which can read and create certificatesigningrequests.certificates.k8s.io cluster-wide; can update certificatesigningrequests.certificates.k8s.io/approval cluster-wide; can approve signers.certificates.k8s.io named kubernetes.io/* cluster-wide, through ClusterRole "edit" (Kubernetes default, not in the input: rules of the v1.36.3 bootstrap policy) (/rules/5 of ClusterRole "system:aggregate-to-edit")',
    );
    // each of the two accounts, with edit in acme, can also become the other one
    expect(reported.filter((r) => r.subject.name === 'acme-bots-edit').map((r) => r.path)).toEqual([
      '/subjects/0',
      '/subjects/0',
      '/subjects/0',
      '/subjects/1',
      '/subjects/1',
      '/subjects/1',
    ]);
  });

  it('judges named impersonation by the identity named, and system:masters as the superuser group', () => {
    const reported = failures(runCheckOnFixture(check, `${FIX}/fail-impersonate-users-and-groups.yaml`));
    expect(reported.map((r) => [line(r), r.message])).toEqual([
      [
        'ClusterRoleBinding /acme-deployer-impersonates /subjects/0 acme',
        'ServiceAccount "acme/deployer" (tenant acme) can impersonate users named ops-admin, so act as User "ops-admin", which can do anything with every resource in every namespace and cluster-wide, through ClusterRole "impersonate-ops-admin" (/rules/0 of ClusterRole "impersonate-ops-admin")',
      ],
      [
        'ClusterRoleBinding /globex-release-impersonates /subjects/0 globex',
        'ServiceAccount "globex/release" (tenant globex) can impersonate group system:masters, which RBAC never restricts (the superuser group), through ClusterRole "impersonate-release" (/rules/1 of ClusterRole "impersonate-release")',
      ],
    ]);
  });

  it('passes rights limited to the subject itself, exec into pods without a token, and paths that take no effect', () => {
    for (const [fixture, subjects] of [
      ['pass-token-limited-to-self', ['RoleBinding/alice-edit', 'RoleBinding/builder-configmaps', 'RoleBinding/ci-self-token']],
      [
        'pass-exec-without-tokens',
        ['ClusterRoleBinding/metrics-agent', 'RoleBinding/erin-debug', 'RoleBinding/erin-edit', 'RoleBinding/web-view'],
      ],
      [
        'pass-node-proxy-rolebinding-csr-without-approval',
        ['ClusterRoleBinding/acme-csr-requester', 'ClusterRoleBinding/acme-mtls-approver', 'RoleBinding/monitoring-kubelet'],
      ],
    ] as const) {
      const results = runCheckOnFixture(check, `${FIX}/${fixture}.yaml`);
      expect(failures(results)).toEqual([]);
      expect(
        passes(results)
          .map((r) => `${r.subject.kind}/${r.subject.name}`)
          .sort(),
      ).toEqual(subjects);
    }
  });

  it('impersonating groups needs a user to impersonate too', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: acme }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: group-impersonator }
rules: [{ apiGroups: [""], resources: [groups], verbs: [impersonate] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: acme-bot-groups }
subjects: [{ kind: ServiceAccount, name: bot, namespace: acme }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: group-impersonator }
`;
    expect(failures(runCheckOnText(check, text))).toEqual([]);
    const withUser = `${text}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bot-impersonates-deployer, namespace: acme }
subjects: [{ kind: ServiceAccount, name: bot }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: sa-impersonator }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: sa-impersonator }
rules: [{ apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [deployer] }]
`;
    expect(failures(runCheckOnText(check, withUser)).map((r) => r.message)).toEqual([
      expect.stringContaining('can impersonate group system:masters'),
    ]);
  });

  it('is not-evaluated when a judged subject is bound to a role that is not in the input', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: acme }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci, namespace: acme }
subjects: [{ kind: ServiceAccount, name: ci }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-role }
`;
    expect(runCheckOnText(check, text).map((r) => [r.status, r.reason])).toEqual([
      ['not-evaluated', 'ClusterRole "vendor-role" is not in the input, so what this binding grants ServiceAccount "ci" is unknown'],
    ]);
  });
});
