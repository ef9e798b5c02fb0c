import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import storageChecks from '../../../checks/storage/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../../src/config/defaults.js';
import type { Result } from '../../../src/engine/result.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { loadManifests } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';

/**
 * The bundled example (examples/shared-cluster) shows each storage check (but the reference
 * hostPath check, which has its own) failing and passing where the header comments of
 * cluster/storage-classes.yaml, cluster/persistent-volumes.yaml and the tenants' claims say.
 */
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-cluster');
const IDS = ['storage-class-reclaim-retain', 'storage-pv-reclaim-retain', 'storage-pv-node-local', 'storage-pvc-prebound'];

describe('the shared-cluster example, for the storage checks', () => {
  let results: Result[];
  beforeAll(async () => {
    const index = new ResourceIndex(await loadManifests([EXAMPLE]));
    const checks = storageChecks.filter((c) => IDS.includes(c.id));
    results = runChecks(checks, index, new TenantModel(index), {
      profile: 'multi-team',
      sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
      checkOptions: {},
    });
  });
  const lines = (id: string) =>
    results.filter((r) => r.checkId === id).map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace ?? ''}/${r.subject.name}`);

  it('storage-class-reclaim-retain: retained-ssd fails, standard and local-ssd (unset = Delete) pass', () => {
    expect(lines('storage-class-reclaim-retain')).toEqual(
      expect.arrayContaining(['fail StorageClass//retained-ssd', 'pass StorageClass//standard', 'pass StorageClass//local-ssd']),
    );
  });

  it("storage-pv-reclaim-retain: globex's Released archive and initech's defaulted local disk fail; the Delete PV and the platform's disk pass", () => {
    expect(lines('storage-pv-reclaim-retain')).toEqual(
      expect.arrayContaining([
        'fail PersistentVolume//reports-archive-2023',
        'fail PersistentVolume//local-node3-nvme',
        'pass PersistentVolume//pvc-3f9a2c1e-7b4d-4a8e-b6f0-9c2d1e0a7f35',
        'pass PersistentVolume//local-node1-nvme',
      ]),
    );
    const released = results.find((r) => r.checkId === 'storage-pv-reclaim-retain' && r.subject.name === 'reports-archive-2023');
    expect([released?.tenant, released?.message]).toEqual(['globex', expect.stringContaining('is Released')]);
  });

  it("storage-pv-node-local: the local disk reserved for initech fails; the platform's one passes", () => {
    expect(lines('storage-pv-node-local')).toEqual(
      expect.arrayContaining(['fail PersistentVolume//local-node3-nvme', 'pass PersistentVolume//local-node1-nvme']),
    );
  });

  it("storage-pvc-prebound: initech's claim on globex's Released volume fails; reserved and controller-bound claims pass", () => {
    expect(lines('storage-pvc-prebound')).toEqual(
      expect.arrayContaining([
        'fail PersistentVolumeClaim/initech/quarterly-reports',
        'pass PersistentVolumeClaim/initech/build-cache',
        'pass PersistentVolumeClaim/acme-prod/storefront-media',
      ]),
    );
  });
});
