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
