import { describe, expect, it } from 'vitest';
import check from '../../../checks/api/api-crd-shared.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'api/api-crd-shared';

describe('api-crd-shared', () => {
  it('fails a namespaced CRD whose resources live in namespaces of two tenants, naming them', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-shared.yaml`);
    expect(result.status).toBe('fail');
    expect(result.subject).toEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: 'widgets.example.com',
    });
    expect(result.message).toBe(
      'custom resources of widgets.example.com (Widget) live in namespaces of 2 tenants: acme (acme-dev, acme-prod), globex (globex)',
    );
    expect(result.related).toEqual([
      { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'acme-prod', name: 'checkout' },
      { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'globex', name: 'reports' },
    ]);
    expect(result.severity).toBe('low');
  });

  it('passes CRDs of one tenant (with the platform), unused ones and cluster-scoped ones', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-not-shared.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual([
      'ciliumendpoints.cilium.io',
      'gadgets.example.com',
      'servicemonitors.monitoring.coreos.com',
      'tenants.capsule.clastix.io',
      'unused.example.com',
    ]);
  });

  it("still counts custom resources owned by another custom resource (a tenant's Certificate owns its CertificateRequest)", () => {
    const text = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: certificaterequests.cert-manager.io }
spec: { group: cert-manager.io, scope: Namespaced, names: { kind: CertificateRequest, plural: certificaterequests }, versions: [{ name: v1, served: true, storage: true }] }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: cert-manager.io/v1
kind: CertificateRequest
metadata: { name: web-tls-1, namespace: team-a, ownerReferences: [{ apiVersion: cert-manager.io/v1, kind: Certificate, name: web-tls, controller: true }] }
---
apiVersion: cert-manager.io/v1
kind: CertificateRequest
metadata: { name: api-tls-1, namespace: team-b, ownerReferences: [{ apiVersion: cert-manager.io/v1, kind: Certificate, name: api-tls, controller: true }] }
`;
    expect(runCheckOnText(check, text).map((r) => r.status)).toEqual(['fail']);
  });

  it('fails a cluster-scoped CRD whose custom resources a tenant may write, naming the subject, binding and rule', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-writable-cluster-scoped.yaml`);
    expect(result.status).toBe('fail');
    expect(result.subject.name).toBe('runnerclasses.ci.example.com');
    expect(result.path).toBe('/spec/scope');
    expect(result.message).toBe(
      'runnerclasses.ci.example.com is cluster-scoped, so every tenant shares its RunnerClass objects: ServiceAccount "initech/runner-autoscaler" (tenant initech) may create, update them (ClusterRoleBinding "initech-runner-autoscaler", /rules/0 of ClusterRole "runner-autoscaler")',
    );
    expect(result.related).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'initech-runner-autoscaler' },
    ]);
  });

  it('fails a cluster-scoped CRD whose custom resources namespaced objects of two tenants refer to', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-used-by-two-tenants-cluster-scoped.yaml`);
    const issuers = results.find((r) => r.subject.name === 'clusterissuers.cert-manager.io')!;
    expect(issuers.status).toBe('fail');
    expect(issuers.message).toBe(
      'clusterissuers.cert-manager.io is cluster-scoped, so every tenant shares its ClusterIssuer objects: 2 tenants refer to them: acme (Certificate acme/shop-tls -> ClusterIssuer letsencrypt-prod), globex (Certificate globex/reports-tls -> ClusterIssuer letsencrypt-prod)',
    );
    expect(issuers.related).toEqual([
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', namespace: 'acme', name: 'shop-tls' },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', namespace: 'globex', name: 'reports-tls' },
    ]);
    expect(results.find((r) => r.subject.name === 'certificates.cert-manager.io')?.status).toBe('fail');
  });

  it('passes a cluster-scoped CRD written only by the platform, read by a tenant, granted through a RoleBinding, used by one tenant', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-platform-written-cluster-scoped.yaml`);
    expect(results.map((r) => [r.subject.name, r.status])).toEqual([['clusterissuers.cert-manager.io', 'pass']]);
  });

  const clusterIssuers = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: clusterissuers.cert-manager.io }
spec: { group: cert-manager.io, scope: Cluster, names: { kind: ClusterIssuer, plural: clusterissuers }, versions: [{ name: v1, served: true, storage: true }] }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
`;

  it('fails when an everyone group may create the custom resources: every tenant may', () => {
    const text = `${clusterIssuers}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: issuer-self-service }
rules: [{ apiGroups: ["*"], resources: [clusterissuers], verbs: ["*"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: issuer-self-service }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: issuer-self-service }
subjects: [{ kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io }]
`;
    const [result] = runCheckOnText(check, text);
    expect(result.status).toBe('fail');
    expect(result.message).toContain('every tenant, through Group "system:authenticated" may * them');
  });

  it('counts a reference without a group only when the input holds the object it names', () => {
    const refs = (name: string) => `${clusterIssuers}
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: { name: internal-ca }
spec: { ca: { secretName: internal-ca } }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: a, namespace: team-a }
spec: { secretName: a, issuerRef: { kind: ClusterIssuer, name: ${name} } }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: b, namespace: team-b }
spec: { secretName: b, issuerRef: { kind: ClusterIssuer, name: ${name} } }
`;
    expect(runCheckOnText(check, refs('internal-ca')).map((r) => r.status)).toEqual(['fail']);
    expect(runCheckOnText(check, refs('vault')).map((r) => r.status)).toEqual(['pass']);
  });

  it('is not-evaluated for a cluster-scoped CRD when RBAC could not be read, or the role a tenant is bound to is missing', () => {
    const [unread] = runCheckOnFixture(check, `${FIX}/pass-platform-written-cluster-scoped.yaml`, {
      access: [{ groupKind: 'ClusterRoleBinding.rbac.authorization.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(unread.status).toBe('not-evaluated');
    expect(unread.reason).toContain('ClusterRoleBinding.rbac.authorization.k8s.io could not be read');
    const text = `${clusterIssuers}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: team-a-issuers }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: issuer-admin }
subjects: [{ kind: ServiceAccount, name: default, namespace: team-a }]
`;
    const [missing] = runCheckOnText(check, text);
    expect(missing.status).toBe('not-evaluated');
    expect(missing.reason).toBe(
      'ClusterRole "issuer-admin" is not in the input, so whether tenants may write clusterissuers.cert-manager.io is unknown',
    );
  });

  it('is severity medium under multi-customer', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-shared.yaml`, { options: { profile: 'multi-customer' } });
    expect(result.severity).toBe('medium');
  });

  it('is not-evaluated when the custom kind could not be read', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-shared.yaml`, {
      access: [{ groupKind: 'Widget.example.com', status: 'none', reason: '403 Forbidden' }],
    });
    expect(result.status).toBe('not-evaluated');
    expect(result.reason).toBe('Widget.example.com could not be read: 403 Forbidden');
  });

  it('is not-evaluated when CRDs could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-not-shared.yaml`, {
      access: [{ groupKind: 'CustomResourceDefinition.apiextensions.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });
});
