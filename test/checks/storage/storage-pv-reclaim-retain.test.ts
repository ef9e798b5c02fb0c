import { describe, expect, it } from 'vitest';
import check from '../../../checks/storage/storage-pv-reclaim-retain.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'storage/storage-pv-reclaim-retain';

describe('storage-pv-reclaim-retain', () => {
  it('fails Retain PVs (set or defaulted), worse when Released with a tenant claim', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-retain.yaml`);
    expect(failures(results).map((r) => `${r.subject.name} ${r.path} [${r.tenant ?? '-'}]: ${r.message}`)).toEqual([
      'released-data /spec/persistentVolumeReclaimPolicy [team-a]: PersistentVolume "released-data" is Released with reclaimPolicy Retain: the data of deleted claim team-a/data (tenant team-a) is still on it, and clearing its claimRef lets any claim bind it',
      'manual-nfs /spec [team-a]: PersistentVolume "manual-nfs" has reclaimPolicy Retain (the default for a PV created without one): when claim team-a/shared (tenant team-a) is deleted, its data stays on the volume',
      'spare /spec/persistentVolumeReclaimPolicy [-]: PersistentVolume "spare" has reclaimPolicy Retain and no claimRef: any tenant claim can bind it, and the data stays after that claim is deleted',
      'elsewhere /spec/persistentVolumeReclaimPolicy [-]: PersistentVolume "elsewhere" has reclaimPolicy Retain: when claim ghost/data (tenant ghost) is deleted, its data stays on the volume',
    ]);
    expectEvery(failures(results), (r) => r.severity === 'medium');
  });

  it('passes Delete PVs and Retain PVs of platform claims', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-delete-or-platform.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => `${r.subject.name} ${r.subject.namespace ?? 'cluster-scoped'}`)).toEqual([
      'pvc-5f0e4a2b-2d7c-4e1a-8a51-0c8f3e7b9d10 cluster-scoped',
      'prometheus-archive cluster-scoped',
    ]);
    expect(passes(results)[1].message).toBe('reclaimPolicy Retain, reserved for claim monitoring/prometheus-db of a platform namespace');
  });

  it('is not-evaluated, never pass, when PersistentVolumes could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-delete-or-platform.yaml`, {
      access: [{ groupKind: 'PersistentVolume', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
  });
});
