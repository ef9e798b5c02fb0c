import { describe, expect, it } from 'vitest';
import check from '../../../checks/storage/storage-class-reclaim-retain.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';

const FIX = 'storage/storage-class-reclaim-retain';

describe('storage-class-reclaim-retain', () => {
  it('fails a Retain class tenants may use; an unset reclaimPolicy means Delete', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-retain.yaml`);
    expect(failures(results).map((r) => `${r.subject.name} ${r.path}: ${r.message}`)).toEqual([
      'retained-ssd /reclaimPolicy: StorageClass "retained-ssd" has reclaimPolicy Retain and tenants team-a, team-b may use it: the volumes of their deleted claims keep their data and can be bound again',
    ]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['fast', 'standard']);
    expect(failures(results)[0].severity).toBe('medium');
    expect(failures(results)[0].tenant).toBeUndefined(); // a cluster-scoped class belongs to no tenant
  });

  it('passes a Retain class that every Capsule tenant is restricted away from', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-restricted-by-capsule.yaml`);
    expect(failures(results)).toEqual([]);
    expect(results.find((r) => r.subject.name === 'archive')?.message).toBe(
      'reclaimPolicy Retain, but no tenant may use the class (Capsule spec.storageClasses)',
    );
  });

  it('names the Capsule tenants whose allowedRegex, selector or unset storageClasses allow the class', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-capsule-allows.yaml`));
    expect(failed.map((r) => `${r.subject.name}: ${r.message?.match(/tenants (.*) may use/)?.[1]}`).sort()).toEqual([
      'retained-gold: alpha, beta',
      'tenant-retain: beta, gamma',
    ]);
  });

  it('is severity high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-retain.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed.map((r) => r.severity)).toEqual(['high']);
  });

  it('is not-evaluated when the answer depends on Capsule Tenants that could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-restricted-by-capsule.yaml`, {
      access: [{ groupKind: 'Tenant.capsule.clastix.io', status: 'none', reason: '403 Forbidden' }],
    });
    const archive = results.find((r) => r.subject.name === 'archive');
    expect(archive?.status).toBe('not-evaluated');
    expect(archive?.reason).toContain('403 Forbidden');
    expect(results.find((r) => r.subject.name === 'standard')?.status).toBe('pass');
  });

  it('is not-evaluated, never pass, when StorageClasses could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-retain.yaml`, {
      access: [{ groupKind: 'StorageClass.storage.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated']);
  });
});
