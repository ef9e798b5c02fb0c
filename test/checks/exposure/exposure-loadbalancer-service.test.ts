import { describe, expect, it } from 'vitest';
import check from '../../../checks/exposure/exposure-loadbalancer-service.js';
import { failures, passes, runCheckOnFixture } from '../../helpers/fixtures.js';
import { expectEvery } from '../../helpers/expect-every.js';

const FIX = 'exposure/exposure-loadbalancer-service';

describe('exposure-loadbalancer-service', () => {
  it('flags every tenant LoadBalancer, with its address, source ranges and any Capsule rule it escaped', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-loadbalancers.yaml`);
    const byName = Object.fromEntries(failures(results).map((r) => [r.subject.name, r]));
    expect(
      failures(results)
        .map((r) => `${r.subject.namespace}/${r.subject.name} ${r.path}`)
        .sort(),
    ).toEqual(['acme-prod/storefront /spec/type', 'team-a/partner-api /spec/type', 'team-a/shop /spec/type']);
    expect(byName.shop.message).toBe(
      'type LoadBalancer publishes 443/TCP on an address outside the cluster (203.0.113.10), reachable from anywhere the load balancer is (no spec.loadBalancerSourceRanges)',
    );
    expect(byName['partner-api'].message).toBe(
      'type LoadBalancer publishes 8443/TCP on an address outside the cluster, reachable from 10.20.0.0/16, 192.0.2.0/24 (spec.loadBalancerSourceRanges)',
    );
    expect(byName.storefront.message).toContain(
      '; Capsule Tenant "acme" forbids new LoadBalancer Services (serviceOptions.allowedServices.loadBalancer: false), which does not remove this one',
    );
    expect(byName.storefront.tenant).toBe('acme');
    expectEvery(failures(results), (r) => r.severity === 'low');
  });

  it('passes ClusterIP and NodePort Services and leaves the platform ingress LoadBalancer alone', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-no-loadbalancer.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['admin', 'web']);
  });

  it('is severity medium under multi-customer', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-loadbalancers.yaml`, { options: { profile: 'multi-customer' } });
    expect(new Set(failures(results).map((r) => r.severity))).toEqual(new Set(['medium']));
  });

  it('is not-evaluated when Services could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-loadbalancers.yaml`, {
      access: [{ groupKind: 'Service', status: 'none', reason: '403 Forbidden' }],
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
    expect(results).toHaveLength(3);
  });
});
