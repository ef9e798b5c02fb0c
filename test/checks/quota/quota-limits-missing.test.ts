import { describe, expect, it } from 'vitest';
import check from '../../../checks/quota/quota-limits-missing.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'quota/quota-limits-missing';

describe('quota-limits-missing', () => {
  it('fails a quota that caps requests but not limits, naming what is missing', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-requests-only.yaml`));
    expect(failed.map((r) => `${r.subject.namespace}/${r.subject.name} ${r.path}: ${r.message}`).sort()).toEqual([
      'bare-names/compute /spec/hard: quota caps requests (cpu, memory) but not limits.cpu, limits.memory, and no other quota of namespace bare-names caps them for the pods this quota applies to',
      'memory-limit-missing/compute /spec/hard: quota caps requests (requests.memory) but not limits.memory, and no other quota of namespace memory-limit-missing caps it for the pods this quota applies to',
      'requests-only/compute /spec/hard: quota caps requests (requests.cpu, requests.memory) but not limits.cpu, limits.memory, and no other quota of namespace requests-only caps them for the pods this quota applies to',
      'scoped-limits/compute /spec/hard: quota caps requests (requests.cpu) but not limits.cpu, and no other quota of namespace scoped-limits caps it for the pods this quota applies to (other quotas: "long-running-limits")',
    ]);
    expectEvery(failed, (r) => r.subject.kind === 'ResourceQuota' && r.severity === 'medium');
    expect(failed.find((r) => r.subject.namespace === 'scoped-limits')?.related).toEqual([
      { apiVersion: 'v1', kind: 'ResourceQuota', namespace: 'scoped-limits', name: 'long-running-limits' },
    ]);
    // The NotTerminating limits quota caps no request itself: it passes.
    const results = runCheckOnFixture(check, `${FIX}/fail-requests-only.yaml`);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['long-running-limits']);
  });

  it('judges a quota against the whole namespace: limits capped by another quota or a Tenant item pass', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-limits-capped.yaml`);
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => `${r.subject.namespace ?? ''}/${r.subject.name}`).sort()).toEqual([
      '/nova',
      'both/compute',
      'nova-a/capsule-nova-0',
      'others/limits-only',
      'others/storage',
      'same-scope/all-limits',
      'same-scope/long-running-requests',
      'split/limits',
      'split/requests',
    ]);
    const note = (ns: string, name: string) => results.find((r) => r.subject.namespace === ns && r.subject.name === name)?.message;
    expect(note('split', 'requests')).toBe('capped elsewhere in namespace split: limits.cpu by "limits"; limits.memory by "limits"');
    expect(note('nova-a', 'capsule-nova-0')).toBe(
      'capped elsewhere in namespace nova-a: limits.cpu by "capsule-nova-1" (from Capsule Tenant nova spec.resourceQuotas.items[1]: its per-namespace copy is not in the input); limits.memory by "capsule-nova-1" (from Capsule Tenant nova spec.resourceQuotas.items[1]: its per-namespace copy is not in the input)',
    );
  });

  it("judges a Capsule Tenant's spec.resourceQuotas items whose copies are not in the input, at their path in the Tenant", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-via-capsule-tenant.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.name} ${r.path ?? ''} [${r.tenant}]: ${r.message ?? ''}`)).toEqual(
      [
        'fail Tenant/nova /spec/resourceQuotas/items/0/hard [nova]: quota caps requests (requests.cpu, requests.memory) but not limits.cpu, limits.memory, and no other quota of namespace nova-a caps them for the pods this quota applies to (other quotas: "capsule-nova-1" (from Capsule Tenant nova spec.resourceQuotas.items[1]: its per-namespace copy is not in the input))',
      ],
    );
  });

  it('is severity high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-requests-only.yaml`, { options: { profile: 'multi-customer' } }));
    expect(failed.length).toBe(4);
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it('is not-evaluated, never pass, when ResourceQuotas could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-limits-capped.yaml`, {
      access: [{ groupKind: 'ResourceQuota', status: 'partial', forbiddenNamespaces: ['split'], reason: '403 Forbidden' }],
    });
    const split = results.filter((r) => r.subject.namespace === 'split');
    expect(split.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
    expect(split[0].reason).toContain('403 Forbidden');
  });
});
