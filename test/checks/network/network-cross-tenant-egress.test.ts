import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-cross-tenant-egress.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'network/network-cross-tenant-egress';

describe('network-cross-tenant-egress', () => {
  it('names every egress rule or peer that reaches other tenants', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-other-tenants.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path}`).sort()).toEqual([
      'allow-all-egress /spec/egress/0',
      'dns-and-team-b /spec/egress/0/to/0',
      'implied-egress /spec/egress/0/to',
    ]);
    const byName = Object.fromEntries(failed.map((r) => [r.subject.name, r]));
    expect(byName['dns-and-team-b'].message).toBe(
      'egress peer allows traffic to pods of other tenants on every port: team-b (namespaces team-b)',
    );
    expect(byName['dns-and-team-b'].related).toEqual([{ apiVersion: 'v1', kind: 'Namespace', name: 'team-b' }]);
    expect(byName['allow-all-egress'].message).toBe(
      'egress rule has no `to`: it allows traffic to every pod of every namespace on every port (other tenants today: team-b, and any tenant added later)',
    );
    expect(byName['implied-egress'].message).toBe(
      'egress rule has no `to`: it allows traffic to every pod of every namespace on TCP/5432 (other tenants today: team-b, and any tenant added later)',
    );
    expectEvery(failed, (r) => r.severity === 'medium');
  });

  it('names a namespaceSelector {} peer: it reaches every namespace, whatever podSelector it is ANDed with', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-peer-every-namespace.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path}: ${r.message}`)).toEqual([
      'to-any-metrics-exporter /spec/egress/0/to/0: egress peer with namespaceSelector {} allows traffic to pods of every namespace on TCP/9100 (other tenants today: team-b, and any tenant added later)',
    ]);
  });

  it('passes DNS, own-namespace and internet egress that excepts the pod ranges', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-dns-internet.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['egress-baseline', 'ingress-only']);
  });

  it('is not-evaluated for an ipBlock over a private range', () => {
    const results = runCheckOnFixture(check, `${FIX}/not-evaluated-private-ipblock.yaml`);
    expect(results.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(results[0].reason).toContain('/spec/egress/0/to/0 (10.0.0.0/8)');
  });

  it('fails an ipBlock over the pod network given as network.podCIDRs (dual-stack: one family covered is every pod)', () => {
    const failed = failures(
      runCheckOnFixture(check, `${FIX}/fail-ipblock-covers-pod-network.yaml`, {
        options: { podCIDRs: ['10.244.0.0/16', 'fd00:10:244::/56'] },
      }),
    );
    expect(failed.map((r) => `${r.subject.name} ${r.path}: ${r.message}`).sort()).toEqual([
      'internet-but-one-node /spec/egress/0/to/0: egress ipBlock 0.0.0.0/0 except 10.244.0.0/24 covers part of the pod network (10.244.0.0/16, fd00:10:244::/56, from configuration (network.podCIDRs)): it allows traffic to the pods of any tenant that get those addresses on every port (other tenants today: team-b)',
      'internet-v6 /spec/egress/0/to/0: egress ipBlock ::/0 covers the whole pod network (10.244.0.0/16, fd00:10:244::/56, from configuration (network.podCIDRs)): it allows traffic to every pod of every tenant on every port (other tenants today: team-b)',
    ]);
    expectEvery(failed, (r) => r.severity === 'medium' && r.tenant === 'team-a');
  });

  it('passes an egress ipBlock whose except covers the whole pod network', () => {
    const results = runCheckOnFixture(check, `${FIX}/not-evaluated-private-ipblock.yaml`, { options: { podCIDRs: ['10.96.0.0/16'] } });
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });

  it('is severity high under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-other-tenants.yaml`, { options: { profile: 'multi-customer' } }));
    expectEvery(failed, (r) => r.severity === 'high');
  });

  it("judges a Capsule Tenant's spec.networkPolicies items whose copies are not in the input, at their path in the Tenant", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-via-capsule-tenant.yaml`);
    expect(failures(results).map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} [${r.tenant}]: ${r.message}`)).toEqual([
      'Tenant/solar /spec/networkPolicies/items/2/egress/0/to/0 [solar]: egress peer allows traffic to pods of other tenants on every port: lunar (namespaces lunar)',
    ]);
    expect(passes(results).map((r) => `${r.subject.kind}/${r.subject.name}`)).toEqual(['NetworkPolicy/capsule-solar-1']);
  });
});
