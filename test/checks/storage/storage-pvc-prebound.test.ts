import { describe, expect, it } from 'vitest';
import check from '../../../checks/storage/storage-pvc-prebound.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'storage/storage-pvc-prebound';

describe('storage-pvc-prebound', () => {
  it('fails tenant claims that pre-bind a PV not set aside for them, saying why', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-prebound.yaml`);
    expect(failures(results).map((r) => `${r.subject.name} ${r.path}: ${r.message}`)).toEqual([
      'restore /spec/volumeName: claim names PersistentVolume "old-b-data", which is reserved for claim team-b/data of tenant team-b',
      'grab /spec/volumeName: claim names PersistentVolume "spare", which is not reserved for it (no claimRef, no capsule.clastix.io/tenant=team-a label): any tenant could claim that volume and the data on it (PV phase Available)',
      'took-it /spec/volumeName: claim names PersistentVolume "taken", whose claimRef the binding controller wrote when this claim took it (annotation pv.kubernetes.io/bound-by-controller): the volume was not reserved for this claim',
      'reused-name /spec/volumeName: claim names PersistentVolume "old-a-data", which is reserved for claim team-a/reused-name (an earlier claim of the same name, uid 0a0a0a0a-0000-4000-8000-000000000003)',
      'labelled /spec/volumeName: claim names PersistentVolume "labelled-for-b", which is labelled capsule.clastix.io/tenant=team-b: a volume of another tenant',
      'waiting /spec/volumeName: claim names PersistentVolume "not-created-yet" in spec.volumeName, which does not exist: the claim will bind whatever PV is created under that name',
    ]);
    expect(failures(results).find((r) => r.subject.name === 'restore')?.related).toEqual([
      { apiVersion: 'v1', kind: 'PersistentVolume', name: 'old-b-data' },
    ]);
    expectEvery(failures(results), (r) => r.tenant === 'team-a' && r.severity === 'medium');
    expect(passes(results)).toEqual([]);
  });

  it('passes claims whose PV was reserved or labelled for them, controller-bound claims, and claims without volumeName', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-provisioned-for-it.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['restore', 'archive', 'db-data', 'cache']);
  });

  it('is not-evaluated, never pass or "does not exist", when PersistentVolumes could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-prebound.yaml`, {
      access: [{ groupKind: 'PersistentVolume', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results[0].reason).toContain('PersistentVolume could not be read');
  });
});
