import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-cross-tenant-ingress.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'network/network-cross-tenant-ingress';

describe('network-cross-tenant-ingress', () => {
  it('names every rule or peer that admits other tenants, and the tenants', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-other-tenants.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path}`).sort()).toEqual([
      'allow-all /spec/ingress/0',
      'empty-from /spec/ingress/0/from',
      'from-team-b /spec/ingress/0/from/1',
      'scrapers-anywhere /spec/ingress/0/from/0',
    ]);
    const byName = Object.fromEntries(failed.map((r) => [r.subject.name, r]));
    expect(byName['allow-all'].message).toBe(
      'ingress rule has no `from`: it admits traffic from every pod of every namespace on every port (other tenants today: acme, team-b, and any tenant added later)',
    );
    expect(byName['scrapers-anywhere'].message).toBe(
      'ingress peer with namespaceSelector {} admits traffic from pods of every namespace on every port (other tenants today: acme, team-b, and any tenant added later)',
    );
    expect(byName['from-team-b'].message).toBe(
      'ingress peer admits traffic from pods of other tenants on every port: team-b (namespaces team-b)',
    );
    expect(byName['empty-from'].message).toContain('every pod of every namespace on TCP/8080 (');
    expect(byName['from-team-b'].related).toEqual([{ apiVersion: 'v1', kind: 'Namespace', name: 'team-b' }]);
    expect(byName['allow-all'].related?.map((r) => r.name)).toEqual(['acme-dev', 'acme-prod', 'team-b']);
    expectEvery(failed, (r) => r.severity === 'high' && r.tenant === 'team-a');
  });

  it('passes rules that admit only the own tenant, the platform or external addresses', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-own-tenant.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['egress-only', 'tenant-and-ingress']);
  });

  it('is not-evaluated when only an ipBlock that may cover pod IPs could admit other tenants', () => {
    const results = runCheckOnFixture(check, `${FIX}/not-evaluated-ipblock.yaml`);
    expect(results.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(results[0].reason).toBe(
      'ipBlock peer /spec/ingress/0/from/0 (0.0.0.0/0) may cover pod IPs of other tenants, and the pod network is not known (no Node in the input and no network.podCIDRs in the configuration): give it as network.podCIDRs in the configuration',
    );
  });

  it("fails an ipBlock that covers all or part of the pod network known from the Nodes' spec.podCIDRs", () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-ipblock-covers-pod-network.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path}: ${r.message}`).sort()).toEqual([
      "from-anywhere /spec/ingress/0/from/0: ingress ipBlock 0.0.0.0/0 covers the whole pod network (10.244.0.0/24, 10.244.1.0/24, from Nodes' spec.podCIDRs): it admits traffic from every pod of every tenant on every port (other tenants today: team-b)",
      "from-node-2 /spec/ingress/0/from/0: ingress ipBlock 10.244.1.0/24 covers part of the pod network (10.244.0.0/24, 10.244.1.0/24, from Nodes' spec.podCIDRs): it admits traffic from the pods of any tenant that get those addresses on TCP/8080 (other tenants today: team-b)",
    ]);
  });

  it('passes an ipBlock whose excepts together remove the known pod network, and a private range outside it', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-ipblock-except-pod-network.yaml`);
    expect(results.map((r) => `${r.subject.name} ${r.status}`).sort()).toEqual(['from-office pass', 'from-outside-pods pass']);
  });

  it('leaves the same ipBlocks undecided, never passed, when the Nodes could not all be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-ipblock-except-pod-network.yaml`, {
      access: [{ groupKind: 'Node', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated']);
    expect(results[0].reason).toContain('the pod network is not known (the Nodes could not all be read)');
  });

  it('takes the pod network from network.podCIDRs over the Nodes', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-ipblock-except-pod-network.yaml`, { options: { podCIDRs: ['172.20.0.0/16'] } });
    expect(failures(results).map((r) => `${r.subject.name} ${r.path}`)).toEqual(['from-office /spec/ingress/0/from/0']);
    expect(failures(results)[0].message).toContain('covers the whole pod network (172.20.0.0/16, from configuration (network.podCIDRs))');
  });

  it('is critical under multi-customer', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-other-tenants.yaml`, { options: { profile: 'multi-customer' } }));
    expectEvery(failed, (r) => r.severity === 'critical');
  });

  it('is not-evaluated when Namespaces could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-other-tenants.yaml`, {
      access: [{ groupKind: 'Namespace', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });

  it("judges a Capsule Tenant's spec.networkPolicies items whose copies are not in the input, at their path in the Tenant", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-via-capsule-tenant.yaml`);
    expect(failures(results).map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} [${r.tenant}]`)).toEqual([
      'NetworkPolicy/capsule-solar-1 /spec/ingress/0/from/0 [solar]',
      'Tenant/solar /spec/networkPolicies/items/1/ingress/0/from/0 [solar]',
    ]);
    expect(failures(results)[1].message).toBe(
      'ingress peer with namespaceSelector {} admits traffic from pods of every namespace on TCP/9090 (other tenants today: lunar, and any tenant added later)',
    );
  });
});
