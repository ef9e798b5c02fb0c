import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/storage/storage-volume-source-shared.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'storage/storage-volume-source-shared';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'storage-volume-source-shared')));

describe('storage-volume-source-shared', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-shared-exports.yaml`));

  it('fails each tenant PV once per PV of another tenant that shares its export or node directory', () => {
    expect(failed.map((r) => `${r.subject.name} ${r.path} [${r.tenant}] ${r.related?.[0]?.name}`)).toEqual([
      'nfs-a /spec/nfs [team-a] nfs-b',
      'nfs-a /spec/nfs [team-a] nfs-c-sub',
      'nfs-b /spec/nfs [team-b] nfs-a',
      'nfs-b /spec/nfs [team-b] nfs-c-sub',
      'nfs-c-sub /spec/csi/volumeAttributes [team-c] nfs-a',
      'nfs-c-sub /spec/csi/volumeAttributes [team-c] nfs-b',
      'host-a /spec/hostPath [team-a] local-b',
      'local-b /spec/local [team-b] host-a',
    ]);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('names both sources, both claims, and says which path lies under which', () => {
    const of = (name: string, other: string) => failed.find((r) => r.subject.name === name && r.related?.[0]?.name === other)?.message;
    expect(of('nfs-a', 'nfs-b')).toBe(
      'PersistentVolume "nfs-a" (NFS export nfs.example.com:/exports/shared, claim team-a/data of tenant team-a) is the same directory as PersistentVolume "nfs-b" (NFS export nfs.example.com:/exports/shared), bound to claim team-b/data of tenant team-b: both tenants read and write the same files',
    );
    expect(of('nfs-c-sub', 'nfs-a')).toBe(
      'PersistentVolume "nfs-c-sub" (NFS export nfs.example.com:/exports/shared/c, claim team-c/reports of tenant team-c) lies under PersistentVolume "nfs-a" (NFS export nfs.example.com:/exports/shared), bound to claim team-a/data of tenant team-a: both tenants read and write the same files',
    );
    expect(of('local-b', 'host-a')).toBe(
      'PersistentVolume "local-b" (local /srv on node node-1, node-2, claim team-b/scratch of tenant team-b) contains PersistentVolume "host-a" (hostPath /srv/cache on node node-1), bound to claim team-a/cache of tenant team-a: both tenants read and write the same files',
    );
    expect(failed.find((r) => r.subject.name === 'nfs-c-sub')?.related).toContainEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: 'team-c',
      name: 'reports',
    });
  });

  it('passes separate exports and directories, one tenant sharing with itself or the platform, and unbound PVs', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-separate-sources.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results)).toHaveLength(8);
  });

  it('is critical for multi-customer', () => {
    expectEvery(
      failures(runCheckOnFixture(check, `${FIX}/fail-shared-exports.yaml`, { options: { profile: 'multi-customer' } })),
      (r) => r.severity === 'critical',
    );
  });
});
