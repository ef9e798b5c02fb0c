import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import quotaChecks from '../../../checks/quota/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../../src/config/defaults.js';
import type { Result } from '../../../src/engine/result.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { loadManifests } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';

/**
 * The bundled example (examples/shared-cluster) shows each quota check failing and passing where
 * the example's header comments say: acme has quotas and LimitRanges, globex caps requests only,
 * initech has no quota. Other files may add results: only the ones named here are asserted.
 */
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-cluster');

describe('the shared-cluster example, for the quota checks', () => {
  let results: Result[];
  beforeAll(async () => {
    const index = new ResourceIndex(await loadManifests([EXAMPLE]));
    results = runChecks(quotaChecks, index, new TenantModel(index), {
      profile: 'multi-team',
      sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
      checkOptions: {},
    });
  });
  const lines = (id: string) =>
    results.filter((r) => r.checkId === id).map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace ?? ''}/${r.subject.name}`);

  it('quota-missing: initech has no quota; acme and globex cap cpu, memory and ephemeral-storage', () => {
    expect(lines('quota-missing').sort()).toEqual([
      'fail Namespace//initech',
      'pass Namespace//acme-dev',
      'pass Namespace//acme-prod',
      'pass Namespace//globex',
    ]);
  });

  it("quota-limits-missing: globex's requests-only quota fails, acme's quotas pass", () => {
    expect(lines('quota-limits-missing')).toEqual(
      expect.arrayContaining([
        'fail ResourceQuota/globex/compute',
        'pass ResourceQuota/acme-prod/compute',
        'pass ResourceQuota/acme-dev/compute',
      ]),
    );
    expect(lines('quota-limits-missing').filter((l) => l.startsWith('fail'))).toEqual(['fail ResourceQuota/globex/compute']);
  });

  it('quota-limitrange-missing: globex has a compute quota and no LimitRange; acme has defaults; initech has no compute quota', () => {
    expect(lines('quota-limitrange-missing').sort()).toEqual([
      'fail Namespace//globex',
      'pass Namespace//acme-dev',
      'pass Namespace//acme-prod',
      'pass Namespace//initech',
    ]);
  });

  it('quota-object-counts-missing: acme counts objects, globex and initech do not', () => {
    expect(lines('quota-object-counts-missing').sort()).toEqual([
      'fail Namespace//globex',
      'fail Namespace//initech',
      'pass Namespace//acme-dev',
      'pass Namespace//acme-prod',
    ]);
  });

  it("workload-resources-missing: globex's egress proxy fails; acme's api-docs passes on its LimitRange defaults", () => {
    expect(lines('workload-resources-missing')).toEqual(
      expect.arrayContaining(['fail Deployment/globex/egress-proxy', 'pass Deployment/acme-dev/api-docs']),
    );
  });
});
