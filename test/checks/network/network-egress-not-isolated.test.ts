import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-egress-not-isolated.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'network/network-egress-not-isolated';

describe('network-egress-not-isolated', () => {
  it('applies the policyTypes default: Egress only when written or implied by egress rules', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-policy-types.yaml`);
    expect(
      failures(results)
        .map((r) => `${r.subject.kind}/${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual([
      'Deployment/api /spec/template/metadata/labels',
      'Deployment/web /spec/template/metadata/labels',
      'Deployment/worker /spec/template/metadata/labels',
    ]);
    expect(passes(results).map((r) => `${r.subject.kind}/${r.subject.name}`)).toEqual(['Job/batch']);
    expect(failures(results).find((r) => r.subject.name === 'web')?.message).toBe(
      'no NetworkPolicy with Egress in its policyTypes selects these pods (labels app=web; 4 NetworkPolicies in namespace team-a): these pods may connect to every pod of every namespace, other tenants included, and to any address',
    );
  });

  it('passes every pod under an egress default deny', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-default-deny-egress.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual(['DaemonSet/agent', 'StatefulSet/db']);
  });

  it('is severity low for multi-team and high for multi-customer', () => {
    expectEvery(failures(runCheckOnFixture(check, `${FIX}/fail-policy-types.yaml`)), (r) => r.severity === 'low');
    const strict = runCheckOnFixture(check, `${FIX}/fail-policy-types.yaml`, { options: { profile: 'multi-customer' } });
    expectEvery(failures(strict), (r) => r.severity === 'high');
  });

  it('is not-evaluated, not pass, for hostNetwork pods a policy selects; fails them when none does', () => {
    const results = runCheckOnFixture(check, `${FIX}/not-evaluated-host-network.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace}/${r.subject.name}`).sort()).toEqual([
      'fail DaemonSet/team-b/game-server',
      'not-evaluated DaemonSet/team-a/game-server',
      'pass Deployment/team-a/web',
    ]);
    const hostNetwork = results.find((r) => r.status === 'not-evaluated')!;
    expect(hostNetwork.reason).toBe(
      "these pods use hostNetwork: NetworkPolicy default-deny-egress selects them for Egress, but NetworkPolicy behaviour for hostNetwork pods is undefined, and most network plugins treat their traffic as the node's and ignore those policies",
    );
  });

  it('is not-evaluated, never pass, when the workloads could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-default-deny-egress.yaml`, {
      access: [{ groupKind: 'DaemonSet.apps', status: 'none', reason: 'timeout' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results[0].reason).toContain('DaemonSet.apps could not be read');
  });

  it("counts a Capsule Tenant's spec.networkPolicies items where their copies are not in the input, and says so", () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-via-capsule-tenant.yaml`);
    expect(results.map((r) => `${r.status} ${r.subject.namespace}/${r.subject.name}: ${r.message ?? ''}`)).toEqual([
      'pass solar-prod/api: isolated by capsule-solar-0 (from Capsule Tenant solar spec.networkPolicies.items[0]: its copy in this namespace is not in the input)',
      'pass solar-dev/api: ',
    ]);
  });
});
