import { describe, expect, it } from 'vitest';
import check from '../../../checks/storage/storage-pv-node-local.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'storage/storage-pv-node-local';

describe('storage-pv-node-local', () => {
  it('fails hostPath and local PVs whose claimRef names a tenant claim', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-bound-to-tenant.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path} [${r.tenant}]: ${r.message}`)).toEqual([
      'local-node1-ssd /spec/local [team-a]: local PersistentVolume "local-node1-ssd" (/mnt/disks/ssd1 on node node-1) is bound to claim team-a/scratch of tenant team-a: its pods reach node disk through a claim that every Pod Security level admits',
      'host-logs /spec/hostPath [team-b]: hostPath PersistentVolume "host-logs" (path /var/log on the node) is bound to claim team-b/logs of tenant team-b: its pods reach node disk through a claim that every Pod Security level admits',
    ]);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('passes node-local PVs of platform or no claims, and network PVs of tenants', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-not-tenant-local.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['local-node2-ssd', 'local-node3-ssd', 'pvc-0c9d8e7f', 'team-a-share']);
  });

  it('fails a node-local PV without claimRef that a tenant claim pre-binds by spec.volumeName', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-prebound-by-claim.yaml`);
    expect(failures(results).map((r) => `${r.subject.name} ${r.path} [${r.tenant}]: ${r.message}`)).toEqual([
      'build-cache-node-4 /spec/hostPath [team-a]: hostPath PersistentVolume "build-cache-node-4" (path /srv/build-cache on the node) has no claimRef, but claim team-a/build-cache of tenant team-a names it in spec.volumeName and so binds it: its pods reach node disk through a claim that every Pod Security level admits',
    ]);
    expect(failures(results)[0].related).toEqual([
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'team-a', name: 'build-cache' },
    ]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['prometheus-node-2', 'spare-node-3']);
  });

  it('reads binding from the claimRef alone when claims could not be read (a live PV without claimRef is unbound)', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-prebound-by-claim.yaml`, {
      access: [{ groupKind: 'PersistentVolumeClaim', status: 'none', reason: '403 Forbidden' }],
    });
    expect(failures(results)).toEqual([]);
  });

  it('is critical under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-bound-to-tenant.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed.map((r) => r.severity)).toEqual(['critical', 'critical']);
  });

  it('is not-evaluated, never pass, when PersistentVolumes could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-not-tenant-local.yaml`, {
      access: [{ groupKind: 'PersistentVolume', status: 'none', reason: 'timeout' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });
});
