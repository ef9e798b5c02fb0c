import { describe, expect, it } from 'vitest';
import check from '../../../checks/api/api-crd-shared.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

const FIX = 'api/api-crd-shared';

describe('api-crd-shared', () => {
  it('fails a namespaced CRD whose resources live in namespaces of two tenants, naming them', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-shared.yaml`);
    expect(result.status).toBe('fail');
    expect(result.subject).toEqual({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' });
    expect(result.message).toBe('custom resources of widgets.example.com (Widget) live in namespaces of 2 tenants: acme (acme-dev, acme-prod), globex (globex)');
    expect(result.related).toEqual([
      { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'acme-prod', name: 'checkout' },
      { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'globex', name: 'reports' },
    ]);
    expect(result.severity).toBe('low');
  });

  it('passes CRDs of one tenant (with the platform), unused ones and cluster-scoped ones', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-not-shared.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name).sort()).toEqual([
      'gadgets.example.com',
      'servicemonitors.monitoring.coreos.com',
      'tenants.capsule.clastix.io',
      'unused.example.com',
    ]);
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
