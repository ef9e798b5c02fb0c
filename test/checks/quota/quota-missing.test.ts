import { describe, expect, it } from 'vitest';
import check from '../../../checks/quota/quota-missing.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'quota/quota-missing';
const bySubject = (results: ReturnType<typeof runCheckOnFixture>) => Object.fromEntries(results.map((r) => [r.subject.name, r]));

describe('quota-missing', () => {
  it('passes namespaces whose quotas together cap cpu, memory and ephemeral-storage for every pod', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-quotas-together.yaml`);
    expect(failures(results)).toEqual([]);
    // monitoring is a platform namespace: not a subject.
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['by-lifetime', 'no-besteffort', 'one-quota', 'split-quotas']);
  });

  it('fails a namespace without quota and names only the resources left uncapped', () => {
    const results = bySubject(runCheckOnFixture(check, `${FIX}/fail-uncapped.yaml`));
    expect(results['no-quota'].status).toBe('fail');
    expect(results['no-quota'].message).toBe('namespace no-quota has no ResourceQuota: cpu, memory and ephemeral-storage are not capped');
    expect(results['no-ephemeral'].status).toBe('fail');
    expect(results['no-ephemeral'].message).toBe('the ResourceQuotas of namespace no-ephemeral ("compute") do not cap ephemeral-storage');
    expect(results['no-ephemeral'].related).toEqual([
      { apiVersion: 'v1', kind: 'ResourceQuota', namespace: 'no-ephemeral', name: 'compute' },
    ]);
    // requests.storage, count/pods and hugepages are other resources, not a substring match.
    expect(results['lookalikes'].message).toBe(
      'the ResourceQuotas of namespace lookalikes ("other-things") do not cap cpu, memory, ephemeral-storage',
    );
    expectEvery(Object.values(results), (r) => r.severity === 'high' && r.subject.kind === 'Namespace');
  });

  it('does not count a scoped quota as covering every pod', () => {
    const results = bySubject(runCheckOnFixture(check, `${FIX}/fail-scoped.yaml`));
    expect(results['not-besteffort-only'].status).toBe('fail');
    expect(results['not-besteffort-only'].message).toBe(
      'the ResourceQuotas of namespace not-besteffort-only ("compute", "ephemeral") do not cap cpu, memory: ' +
        'cpu is capped only by scoped quota "compute" (NotBestEffort), not for BestEffort pods; ' +
        'memory is capped only by scoped quota "compute" (NotBestEffort), not for BestEffort pods',
    );
    expect(results['high-priority-only'].status).toBe('fail');
    expect(results['high-priority-only'].message).toContain(
      'cpu is capped only by scoped quota "high" (PriorityClass In [high]), not for pods without a PriorityClass',
    );
  });

  it('counts Capsule and HNC quota copies, and a Capsule Tenant item whose copy is absent (saying so)', () => {
    const results = bySubject(runCheckOnFixture(check, `${FIX}/pass-tenancy-layers.yaml`));
    expect(
      Object.values(results)
        .map((r) => `${r.subject.name} ${r.status}`)
        .sort(),
    ).toEqual(['lunar pass', 'lunar-team pass', 'solar-dev pass', 'solar-prod pass']);
    expect(results['solar-prod'].message).toBe(
      'capped by "capsule-solar-0" (from Capsule Tenant solar spec.resourceQuotas.items[0]: its per-namespace copy is not in the input)',
    );
    expect(results['solar-prod'].related).toEqual([{ apiVersion: 'capsule.clastix.io/v1beta2', kind: 'Tenant', name: 'solar' }]);
    // The copy is in solar-dev: counted as the namespace's own quota, not again from the Tenant.
    expect(results['solar-dev'].message).toBeUndefined();
  });

  it('fails a Capsule tenant whose Tenant items leave a resource uncapped, naming the item', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-tenant-items.yaml`);
    expect(result.status).toBe('fail');
    expect(result.tenant).toBe('comet');
    expect(result.message).toBe(
      'the ResourceQuotas of namespace comet-tail ("capsule-comet-0" (from Capsule Tenant comet spec.resourceQuotas.items[0]: its per-namespace copy is not in the input)) do not cap ephemeral-storage',
    );
  });

  it('counts an HNC HierarchicalResourceQuota for its namespace and descendants when the manifest holds only the HRQ', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-via-hnc-hierarchical-quota.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.name}: ${r.message}`)).toEqual([
      'pass lunar: capped by "hrq.hnc.x-k8s.io" (from HierarchicalResourceQuota lunar/lunar-compute: its per-namespace copy is not in the input)',
      'pass lunar-team: capped by "hrq.hnc.x-k8s.io" (from HierarchicalResourceQuota lunar/lunar-compute: its per-namespace copy is not in the input)',
    ]);
    expect(results[1].related).toEqual([
      { apiVersion: 'hnc.x-k8s.io/v1alpha2', kind: 'HierarchicalResourceQuota', namespace: 'lunar', name: 'lunar-compute' },
    ]);
  });

  it('does not count an HRQ for a namespace outside its tree', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-via-hnc-sibling-tree.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.name}`)).toEqual(['pass lunar', 'fail solar']);
  });

  it('is not-evaluated, never pass, when ResourceQuotas could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-quotas-together.yaml`, {
      access: [{ groupKind: 'ResourceQuota', status: 'partial', forbiddenNamespaces: ['one-quota'], reason: '403 Forbidden' }],
    });
    const one = results.find((r) => r.subject.name === 'one-quota');
    expect(one?.status).toBe('not-evaluated');
    expect(one?.reason).toContain('403 Forbidden');
    expectEvery(
      results.filter((r) => r.subject.name !== 'one-quota'),
      (r) => r.status === 'pass',
    );
  });

  it('is not-evaluated, not fail, for a Capsule namespace without quotas when Tenants could not be read', () => {
    const [result] = runCheckOnFixture(check, `${FIX}/fail-tenant-items.yaml`, {
      access: [{ groupKind: 'Tenant.capsule.clastix.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(result.status).toBe('not-evaluated');
    expect(result.reason).toContain('Capsule Tenants could not be read (403 Forbidden)');
  });
});
