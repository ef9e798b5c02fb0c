import { describe, expect, it } from 'vitest';
import check from '../../../checks/quota/quota-object-counts-missing.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'quota/quota-object-counts-missing';
const ALL = 'pods, services, services.nodeports, services.loadbalancers, persistentvolumeclaims, configmaps, secrets';

describe('quota-object-counts-missing', () => {
  it('fails each namespace once, naming every uncapped count', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-counts-missing.yaml`);
    expect(results.length).toBe(5);
    expect(
      failures(results)
        .map((r) => `${r.subject.name}: ${r.message}`)
        .sort(),
    ).toEqual([
      `compute-only: no ResourceQuota of namespace compute-only caps the number of ${ALL} (quotas: "compute")`,
      `no-quota: no ResourceQuota of namespace no-quota caps the number of ${ALL}`,
      'nodeports-not-services: no ResourceQuota of namespace nodeports-not-services caps the number of services (quotas: "objects")',
      'partial: no ResourceQuota of namespace partial caps the number of services.nodeports, services.loadbalancers, persistentvolumeclaims (quotas: "objects")',
      'scoped-pods: no ResourceQuota of namespace scoped-pods caps the number of pods (quotas: "high-priority-pods", "objects")',
    ]);
    expectEvery(results, (r) => r.severity === 'low');
  });

  it('passes legacy names, count/ forms, and pods capped by complementary scopes', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-counts-capped.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['count-forms', 'legacy-names', 'pods-by-lifetime']);
  });

  it('is severity medium under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-counts-missing.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(results, (r) => r.severity === 'medium');
  });

  it('is not-evaluated, never pass, when ResourceQuotas could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-counts-capped.yaml`, {
      access: [{ groupKind: 'ResourceQuota', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated']);
  });
});
