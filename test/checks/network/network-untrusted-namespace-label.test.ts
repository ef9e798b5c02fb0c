import { describe, expect, it } from 'vitest';
import check from '../../../checks/network/network-untrusted-namespace-label.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'network/network-untrusted-namespace-label';

describe('network-untrusted-namespace-label', () => {
  it('flags namespaceSelectors on tenant-set labels, in matchLabels and matchExpressions, ingress and egress', () => {
    const failed = failures(runCheckOnFixture(check, `${FIX}/fail-tenant-set-labels.yaml`));
    expect(failed.map((r) => `${r.subject.name} ${r.path}`).sort()).toEqual([
      'from-team-b /spec/ingress/0/from/1/namespaceSelector',
      'prod-scrapers /spec/egress/0/to/0/namespaceSelector',
      'prod-scrapers /spec/ingress/0/from/0/namespaceSelector',
    ]);
    const messages = Object.fromEntries(failed.map((r) => [r.path, r.message]));
    expect(messages['/spec/ingress/0/from/1/namespaceSelector']).toBe(
      'ingress rule selects namespaces by "team", which tenants can set on their own namespaces: any tenant can add or remove it to change which namespaces this rule matches',
    );
    // The trusted key is named too only when it does not confine the match: here only "env" is untrusted.
    expect(messages['/spec/ingress/0/from/0/namespaceSelector']).toContain('by "env",');
    expect(messages['/spec/egress/0/to/0/namespaceSelector']).toMatch(/^egress rule selects namespaces by "purpose"/);
    expectEvery(failed, (r) => r.severity === 'medium' && r.tenant === 'team-a');
  });

  it('passes trusted labels, pinned selectors, {} and rules of a direction the policy does not apply to', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-trusted-labels.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['ingress-only', 'trusted-selectors']);
  });

  it('takes the trusted list from the trustedLabels option, which replaces the default', () => {
    const trustTeam = runCheckOnFixture(check, `${FIX}/fail-tenant-set-labels.yaml`, {
      options: { checkOptions: { 'network-untrusted-namespace-label': { trustedLabels: ['team', 'env'] } } },
    });
    expect(failures(trustTeam).map((r) => r.path)).toEqual(['/spec/egress/0/to/0/namespaceSelector']);
    // Without the Capsule label in the list, a selector on it is no longer trusted; metadata.name always is.
    const noControllers = runCheckOnFixture(check, `${FIX}/pass-trusted-labels.yaml`, {
      options: { checkOptions: { 'network-untrusted-namespace-label': { trustedLabels: [] } } },
    });
    expect(failures(noControllers).map((r) => r.path)).toEqual([
      '/spec/ingress/0/from/1/namespaceSelector',
      '/spec/ingress/0/from/2/namespaceSelector',
      '/spec/ingress/0/from/3/namespaceSelector',
    ]);
  });

  it('is not-evaluated when NetworkPolicies could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-tenant-set-labels.yaml`, {
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['team-a'] }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });

  it("judges a Capsule Tenant's spec.networkPolicies items whose copies are not in the input, at their path in the Tenant", () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-via-capsule-tenant.yaml`);
    expect(failures(results).map((r) => `${r.subject.kind}/${r.subject.name} ${r.path} [${r.tenant}]`)).toEqual([
      'Tenant/solar /spec/networkPolicies/items/2/egress/0/to/0/namespaceSelector [solar]',
    ]);
  });
});
