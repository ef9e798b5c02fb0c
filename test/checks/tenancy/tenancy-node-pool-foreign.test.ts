import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenancy/tenancy-node-pool-foreign.js';
import { CheckTester, fixtureCases } from '../../../src/testing/index.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'tenancy/tenancy-node-pool-foreign';

new CheckTester({ describe, it }).run(check, fixtureCases(join(import.meta.dirname, 'tenancy-node-pool-foreign')));

describe('tenancy-node-pool-foreign', () => {
  const failed = failures(runCheckOnFixture(check, `${FIX}/fail-pinned-foreign-pool.yaml`));

  it("fails each workload pinned onto another tenant's pool, by nodeSelector, by required affinity, or onto a Capsule Tenant's pool", () => {
    expect(failed.map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} [${r.tenant}]`)).toEqual([
      'Deployment/batch /spec/template/spec/nodeSelector [globex]',
      'Deployment/by-affinity /spec/template/spec/affinity/nodeAffinity [globex]',
      'Job/on-oil /spec/template/spec/nodeSelector [globex]',
    ]);
    expectEvery(failed, (r) => r.severity === 'medium');
  });

  it('names the constraint, the pool and the tenant it is dedicated to', () => {
    expect(failed.map((r) => r.message)).toEqual([
      'Deployment "batch" of tenant globex is pinned by its nodeSelector dedicated=acme onto Node node-a1 (taint and label dedicated=acme), dedicated to tenant acme: its pods run on the nodes kept for that tenant',
      'Deployment "by-affinity" of tenant globex is pinned by its required node affinity onto Node node-a1 (taint and label dedicated=acme), dedicated to tenant acme: its pods run on the nodes kept for that tenant',
      'Job "on-oil" of tenant globex is pinned by its nodeSelector pool=oil onto Capsule Tenant oil\'s nodeSelector pool=oil, dedicated to tenant oil: its pods run on the nodes kept for that tenant',
    ]);
    expect(failed[0].related).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-a1' }]);
  });

  it('passes tolerations alone, own pools, terms that admit shared nodes, exclusions, undedicated labels, and merged or refused selectors', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-own-or-shared-pools.yaml`);
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['acme', 'globex', 'oil-prod']);
  });

  it('is high for multi-customer', () => {
    expectEvery(
      failures(runCheckOnFixture(check, `${FIX}/fail-pinned-foreign-pool.yaml`, { options: { profile: 'multi-customer' } })),
      (r) => r.severity === 'high',
    );
  });
});
